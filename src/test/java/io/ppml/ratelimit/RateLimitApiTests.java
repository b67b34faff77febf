package io.ppml.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits over real HTTP, with tiny quotas and a clock that moves only when a test moves it: the fields on
 * every counted answer, the 429 problem with Retry-After, nothing done or spent by a refused request, one tenant's
 * keys sharing its quota while other tenants are untouched, the quota restored when the window ends, and the
 * separate, tighter quota of expensive operations.
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ppml.rate-limit.per-key.requests=3", "ppml.rate-limit.per-key.window=60s",
        "ppml.rate-limit.per-tenant.requests=5", "ppml.rate-limit.per-tenant.window=60s",
        "ppml.rate-limit.expensive.requests=1", "ppml.rate-limit.expensive.window=30s",
        "ppml.rate-limit.expensive.large-body=2KB"})
@Import(RateLimitApiTests.Time.class)
class RateLimitApiTests extends ApiTestBase {

    private static final String POLICIES = "\"key\";q=3;w=60, \"tenant\";q=5;w=60";

    /** The buckets' clock, moved by hand: no test waits for real time to pass. */
    static final class ManualTime implements TimeMeter {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

        void advance(Duration amount) {
            nanos.addAndGet(amount.toNanos());
        }

        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Time {
        @Bean
        @Primary
        ManualTime manualRateLimitTime() {
            return new ManualTime();
        }
    }

    @Autowired
    ManualTime time;

    String owner;

    @BeforeEach
    void newTenant() {
        owner = createTenant("rate", 10.0, 1e-5).ownerSecret();
    }

    @Test
    void shouldCountDownOnEveryAnswerAndRefuseWithRetryAfterWhenTheKeysQuotaIsUsed() {
        Response first = api.get("/v1/tenant", owner);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.header("RateLimit-Policy")).isEqualTo(POLICIES);
        assertThat(first.header("RateLimit")).isEqualTo("\"key\";r=2;t=60");
        time.advance(Duration.ofSeconds(15));
        assertThat(api.get("/v1/tenant", owner).header("RateLimit")).isEqualTo("\"key\";r=1;t=45");
        time.advance(Duration.ofMillis(2_500));
        // an error answer of an endpoint is counted and carries the fields too
        Response notFound = api.get("/v1/dp/receipts/" + UUID.randomUUID(), owner);
        assertProblem(notFound, 404, "not-found");
        assertThat(notFound.header("RateLimit")).isEqualTo("\"key\";r=0;t=43");

        Response refused = api.get("/v1/tenant", owner);
        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.header("Retry-After")).isEqualTo("43");
        assertThat(refused.header("RateLimit-Policy")).isEqualTo(POLICIES);
        assertThat(refused.header("RateLimit")).isEqualTo("\"key\";r=0;t=43");
        assertThat(refused.json().get("detail").asString()).contains("API key", "3 requests per 60 s",
                "Retry after 43 s");
        assertThat(refused.json().get("instance").asString()).isEqualTo("/v1/tenant");
        assertThat(refused.body()).doesNotContain(owner);
        assertThat(api.get(refused.json().get("type").asString(), null).status()).as("the problem's page")
                .isEqualTo(200);

        // the admin endpoints are not limited
        Response admin = api.get("/v1/admin/tenants?limit=1", adminToken);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.header("RateLimit")).isNull();
        assertThat(admin.header("RateLimit-Policy")).isNull();
    }

    @Test
    void shouldRestoreTheWholeQuotaWhenTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/v1/budget", owner).status()).isEqualTo(200);
        }
        time.advance(Duration.ofSeconds(59));
        Response refused = api.get("/v1/budget", owner);
        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.header("Retry-After")).isEqualTo("1");

        time.advance(Duration.ofSeconds(1));
        Response restored = api.get("/v1/budget", owner);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.header("RateLimit")).isEqualTo("\"key\";r=2;t=60");
    }

    @Test
    void shouldSpendNoBudgetAndStoreNothingForARefusedRequest() {
        Map<String, Object> count = Map.of("statistic", "COUNT", "values", List.of(1, 2, 3), "epsilon", 0.5);
        for (int i = 0; i < 3; i++) {
            Response answered = api.request("POST", "/v1/dp/statistics").bearer(owner)
                    .header("Idempotency-Key", "count-" + i).json(count).send();
            assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        }
        Response refused = api.request("POST", "/v1/dp/statistics").bearer(owner)
                .header("Idempotency-Key", "count-3").json(count).send();
        assertProblem(refused, 429, "rate-limited");

        time.advance(Duration.ofSeconds(60));
        JsonNode budget = api.get("/v1/budget", owner).json();
        assertThat(budget.at("/epsilon/spent").asDouble()).isEqualTo(1.5);
        assertThat(api.get("/v1/budget/ledger", owner).json().get("items")).hasSize(3);
        // the refused request's Idempotency-Key was never recorded: sent again, it is answered and charged afresh
        Response retried = api.request("POST", "/v1/dp/statistics").bearer(owner)
                .header("Idempotency-Key", "count-3").json(count).send();
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(retried.json().at("/budget/epsilonRemaining").asDouble()).isEqualTo(8.0);
    }

    @Test
    void shouldShareTheTenantsQuotaBetweenItsKeysAndLeaveOtherTenantsAlone() {
        String analyst = newKey(owner, "ANALYST");
        assertThat(api.get("/v1/tenant", owner).status()).isEqualTo(200);
        assertThat(api.get("/v1/tenant", owner).header("RateLimit")).isEqualTo("\"key\";r=0;t=60");
        assertThat(api.get("/v1/tenant", analyst).header("RateLimit")).isEqualTo("\"tenant\";r=1;t=60");
        assertThat(api.get("/v1/tenant", analyst).header("RateLimit")).isEqualTo("\"tenant\";r=0;t=60");

        Response refused = api.get("/v1/tenant", analyst);
        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.header("RateLimit")).isEqualTo("\"tenant\";r=0;t=60");
        assertThat(refused.json().get("detail").asString()).contains("tenant's API keys together",
                "5 requests per 60 s");

        String other = createTenant("rate-other", 1.0, 0).ownerSecret();
        Response untouched = api.get("/v1/tenant", other);
        assertThat(untouched.status()).isEqualTo(200);
        assertThat(untouched.header("RateLimit")).isEqualTo("\"key\";r=2;t=60");
    }

    @Test
    void shouldCountKeyGenerationAndLargeBodiesAgainstTheTighterExpensiveQuota() {
        // refused by validation, but counted first: the quota is decided before the body is read
        Response first = api.post("/v1/he/keys", owner, Map.of("name", "k", "scheme", "PAILLIER",
                "modulusBits", 1024));
        assertProblem(first, 400, "validation-failed");
        assertThat(first.header("RateLimit-Policy")).isEqualTo(POLICIES + ", \"expensive\";q=1;w=30");
        assertThat(first.header("RateLimit")).isEqualTo("\"expensive\";r=0;t=30");

        time.advance(Duration.ofSeconds(10));
        Response rotate = api.post("/v1/he/keys/k/rotate", owner, Map.of());
        assertProblem(rotate, 429, "rate-limited");
        assertThat(rotate.header("Retry-After")).isEqualTo("20");
        assertThat(rotate.json().get("detail").asString()).contains("1 expensive request per 30 s", "key generation");

        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            values.add(i + 0.5);
        }
        Response large = api.post("/v1/dp/statistics", owner, Map.of("statistic", "COUNT", "values", values,
                "epsilon", 0.5));
        assertProblem(large, 429, "rate-limited");
        assertThat(large.header("RateLimit")).startsWith("\"expensive\"");

        // ordinary requests are not held back, and the refused ones took nothing from the key's quota
        Response small = api.post("/v1/dp/statistics", owner, Map.of("statistic", "COUNT", "values", List.of(1, 2),
                "epsilon", 0.5));
        assertThat(small.status()).as(small.toString()).isEqualTo(200);
        assertThat(small.header("RateLimit-Policy")).isEqualTo(POLICIES);
        assertThat(small.header("RateLimit")).isEqualTo("\"key\";r=1;t=50");

        time.advance(Duration.ofSeconds(20));
        Response restored = api.post("/v1/dp/statistics", owner, Map.of("statistic", "COUNT", "values", values,
                "epsilon", 0.5));
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.header("RateLimit")).isEqualTo("\"key\";r=0;t=30");
        assertThat(restored.header("RateLimit-Policy")).endsWith("\"expensive\";q=1;w=30");
    }
}
