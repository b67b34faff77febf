package io.ppml.ratelimit;

import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code ppml.rate-limit.enabled=false} nothing is counted: no request is refused and no field is sent. */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ppml.rate-limit.enabled=false", "ppml.rate-limit.per-key.requests=1"})
class RateLimitsOffTests extends ApiTestBase {

    @Test
    void shouldNeitherCountNorRefuseWhenDisabled() {
        String owner = createTenant("rate-off", 1.0, 0).ownerSecret();
        for (int i = 0; i < 5; i++) {
            Response answered = api.get("/v1/tenant", owner);
            assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
            assertThat(answered.header("RateLimit")).isNull();
            assertThat(answered.header("RateLimit-Policy")).isNull();
        }
    }
}
