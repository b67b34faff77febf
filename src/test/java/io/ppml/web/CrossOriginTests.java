package io.ppml.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.ppml.support.Api;
import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CORS switched on ({@code ppml.web.cors.allowed-origins}): browsers on an allowed origin get their preflights
 * answered before authentication and can read every answer; other origins are refused. (Off, the default, sends no
 * CORS header at all: {@code AbstractTenantApiTests}.)
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ppml.web.cors.allowed-origins= https://notebook.example.org/ , http://localhost:[*]")
class CrossOriginTests extends ApiTestBase {

    private static final String NOTEBOOK = "https://notebook.example.org";

    private String owner;

    @BeforeEach
    void tenant() {
        owner = createTenant("cors", 1, 0).ownerSecret();
    }

    private Response preflight(String path, String origin, String method, String headers) {
        Api.Request request = api.request("OPTIONS", path).header("Origin", origin)
                .header("Access-Control-Request-Method", method);
        if (headers != null) {
            request.header("Access-Control-Request-Headers", headers);
        }
        return request.send();
    }

    @Test
    void shouldAnswerAPreflightFromAnAllowedOriginWithoutAuthentication() {
        for (String path : List.of("/v1/keys", "/v1/admin/tenants", "/v1/fl/tasks/00000000-0000-0000-0000-000000000000"
                + "/updates", "/v1/no-such-endpoint")) {
            Response response = preflight(path, NOTEBOOK, "POST",
                    "authorization, content-type, idempotency-key, ppml-client-id, Ppml-Round");
            assertThat(response.status()).as(path + ": " + response).isEqualTo(200);
            assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo(NOTEBOOK);
            assertThat(response.header("Access-Control-Allow-Methods")).contains("POST", "PATCH", "DELETE");
            assertThat(response.header("Access-Control-Allow-Headers").toLowerCase(Locale.ROOT))
                    .contains("authorization", "content-type", "idempotency-key", "ppml-client-id", "ppml-round");
            assertThat(response.header("Access-Control-Max-Age")).isEqualTo("3600");
            assertThat(response.header("Access-Control-Allow-Credentials")).isNull();
            assertThat(response.header("WWW-Authenticate")).isNull();
        }
        Response localhost = preflight("/v1/budget", "http://localhost:5173", "GET", "authorization");
        assertThat(localhost.status()).isEqualTo(200);
        assertThat(localhost.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:5173");
    }

    @Test
    void shouldRefuseAPreflightFromAnotherOriginOrForAnotherHeaderWithAProblemNot401() {
        Response evil = preflight("/v1/keys", "https://evil.example.com", "POST", "authorization");
        assertProblem(evil, 403, "origin-not-allowed");
        assertThat(evil.json().get("detail").asString()).contains("https://evil.example.com");
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();

        Response header = preflight("/v1/keys", NOTEBOOK, "POST", "authorization, x-custom");
        assertProblem(header, 403, "origin-not-allowed");
        assertThat(header.json().get("detail").asString()).contains("x-custom");
        Response method = preflight("/v1/keys", NOTEBOOK, "TRACE", null);
        assertProblem(method, 403, "origin-not-allowed");
        assertThat(method.json().get("detail").asString()).contains("TRACE");
    }

    @Test
    void shouldLetAnAllowedPageReadEveryAnswerAndItsHeaders() {
        Response created = api.request("POST", "/v1/keys").bearer(owner).header("Origin", NOTEBOOK)
                .header("Idempotency-Key", "cors-" + System.nanoTime())
                .json(Map.of("name", "browser", "role", "ANALYST")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(NOTEBOOK);
        assertThat(created.header("Access-Control-Expose-Headers")).contains("Location", "ETag",
                "Idempotent-Replayed", "Ppml-Model-Version", "Ppml-Model-Round", "RateLimit-Policy", "RateLimit",
                "Retry-After");
        assertThat(created.header("RateLimit")).as("the rate-limit fields come with it").startsWith("\"key\";r=");
        assertThat(created.header("Vary")).contains("Origin");

        // problems too, so that the page can show what went wrong
        Response unauthorized = api.request("GET", "/v1/keys").header("Origin", NOTEBOOK).send();
        assertProblem(unauthorized, 401, "unauthorized");
        assertThat(unauthorized.header("Access-Control-Allow-Origin")).isEqualTo(NOTEBOOK);
        Response invalid = api.request("POST", "/v1/keys").bearer(owner).header("Origin", NOTEBOOK)
                .json(Map.of("name", "x", "rol", "ANALYST")).send();
        assertProblem(invalid, 400, "validation-failed");
        assertThat(invalid.header("Access-Control-Allow-Origin")).isEqualTo(NOTEBOOK);
    }

    @Test
    void shouldRefuseARequestFromAnotherOriginButNotOneWithoutAnOrigin() {
        Response evil = api.request("GET", "/v1/keys").bearer(owner).header("Origin", "https://evil.example.com")
                .send();
        assertProblem(evil, 403, "origin-not-allowed");
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();

        Response server = api.get("/v1/keys", owner);
        assertThat(server.status()).isEqualTo(200);
        assertThat(server.header("Access-Control-Allow-Origin")).isNull();
        // CORS covers the API only, not the documentation or the probes
        Response docs = api.request("GET", "/v3/api-docs").header("Origin", NOTEBOOK).send();
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void shouldRefuseAnAllowedOriginThatIsNotAnOrigin() {
        assertThatThrownBy(() -> new WebProperties.Cors(List.of("notebook.example.org")))
                .hasMessageContaining("'notebook.example.org' is not an origin");
        assertThatThrownBy(() -> new WebProperties.Cors(List.of("https://example.org/app")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new WebProperties.Cors(List.of(" ", "")).enabled()).isFalse();
        assertThat(new WebProperties.Cors(List.of(" https://a.example/ ")).allowedOrigins())
                .containsExactly("https://a.example");
    }
}
