package io.ppml.web;

import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS open to every origin ({@code *}): any page may call the API with a key in {@code Authorization}, never with
 * cookies, and the key still decides — a preflight is answered, the real request without a valid key is a 401 the
 * page can read.
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ppml.web.cors.allowed-origins=*")
class CrossOriginAnyTests extends ApiTestBase {

    private static final String ANYWHERE = "https://anywhere.example.net";

    @Test
    void shouldLetAnyOriginSendAKeyButNeverCredentials() {
        Response preflight = api.request("OPTIONS", "/v1/budget").header("Origin", ANYWHERE)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").send();
        assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isIn(ANYWHERE, "*");
        assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();

        Response anonymous = api.request("GET", "/v1/budget").header("Origin", ANYWHERE).send();
        assertProblem(anonymous, 401, "unauthorized");
        assertThat(anonymous.header("Access-Control-Allow-Origin")).isIn(ANYWHERE, "*");
        assertThat(anonymous.header("Access-Control-Allow-Credentials")).isNull();

        String owner = createTenant("cors-any", 1, 0).ownerSecret();
        Response budget = api.request("GET", "/v1/budget").bearer(owner).header("Origin", ANYWHERE).send();
        assertThat(budget.status()).isEqualTo(200);
        assertThat(budget.header("Access-Control-Allow-Origin")).isIn(ANYWHERE, "*");
    }
}
