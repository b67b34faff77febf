package io.ppml.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.ppml.support.ApiTestBase;
import io.ppml.support.FuzzCases;
import io.ppml.support.FuzzCases.Caller;
import io.ppml.support.FuzzCases.Case;
import io.ppml.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors never escape the problem format (issue 9): every operation that {@code /v3/api-docs} describes, sent
 * malformed in every way {@link FuzzCases} knows, with and without a valid key, answers a 4xx
 * {@code application/problem+json} (or a JSON 2xx), never a 5xx, HTML or a stack trace, and the service is healthy
 * afterwards. Then, at the socket level, what Tomcat itself refuses before Spring sees the request.
 *
 * <p>The seed is fixed ({@code -Dppml.fuzz.seed=...} picks another), so a failure reproduces; each failure names
 * the case. The read timeout is short so that a body that stops arriving is answered within the test.
 *
 * <p>The fuzz sends thousands of requests in a few minutes, hundreds of them to HE key generation or with chunked
 * bodies — what the quota of expensive operations is there to stop; it is raised here so that every case reaches the
 * validation it is meant to probe (the rate limits have their own tests, {@code io.ppml.ratelimit}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.tomcat.connection-timeout=3s", "ppml.rate-limit.expensive.requests=1000000"})
abstract class AbstractApiFuzzTests extends ApiTestBase {

    private static final long SEED = Long.getLong("ppml.fuzz.seed", 9_2026_11_30L);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> LEAKS = List.of("at io.", "at org.", "at java.", "exception",
            "org.springframework", "org.apache", "<html", "<!doctype", "caused by");

    private RawHttp http;
    private String owner;
    private String analyst;
    private String tenantId;

    @BeforeEach
    void tenant() {
        http = new RawHttp(port);
        Map<String, Object> created = json(send("POST", "/v1/admin/tenants", adminToken, Map.of("name", "fuzz-"
                + UUID.randomUUID(), "epsilonBudget", 1_000_000, "deltaBudget", 0.5)), 201);
        owner = (String) ((Map<?, ?>) created.get("apiKey")).get("secret");
        tenantId = (String) created.get("id");
        analyst = (String) json(send("POST", "/v1/keys", owner, Map.of("name", "analyst", "role", "ANALYST")), 201)
                .get("secret");
    }

    @Test
    void shouldAnswerEveryMalformedRequestToEveryOperationWithA4xxProblemAndStayHealthy() {
        RawHttp.Response docs = http.send("GET", "/v3/api-docs", Map.of(), new byte[0]);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode spec = JSON.readTree(docs.body());

        // real resources and known-good bodies, so that the fuzz reaches the services, not only their validation
        Map<String, Object> heKey = json(send("POST", "/v1/he/keys", owner, Map.of("name", "fuzz-he", "scheme",
                "PAILLIER", "modulusBits", 2048)), 201);
        String ciphertexts = JSON.writeValueAsString(json(send("POST", "/v1/he/keys/fuzz-he/encrypt", owner,
                Map.of("values", List.of(3, -1.5))), 200).get("ciphertexts"));
        String datasetId = (String) json(http.send("POST", "/v1/dp/datasets/csv?name=fuzz-people"
                        + "&columns=age:NUMERIC:0:120,sex:CATEGORICAL:F|M", Map.of("Authorization", "Bearer " + owner,
                        "Content-Type", "text/csv"), "age,sex\n34,F\n51,M\n".getBytes(StandardCharsets.UTF_8)), 201)
                .get("id");
        String receiptId = (String) json(send("POST", "/v1/dp/noise", owner, Map.of("values", List.of(1, 2),
                "sensitivity", 1, "epsilon", 0.5)), 200).get("receiptId");
        json(send("PUT", "/v1/smpc/sessions/fuzz-session", owner, Map.of("scheme", "ADDITIVE", "parties", 2,
                "partyIndex", 1, "vectorLength", 2, "fractionBits", 16, "minContributors", 1,
                "deadline", "2100-01-01T00:00:00Z", "verification", "NONE")), 200, 201);
        String otherTenant = (String) json(send("POST", "/v1/admin/tenants", adminToken, Map.of("name", "fuzz-other-"
                + UUID.randomUUID(), "epsilonBudget", 1, "deltaBudget", 0)), 201).get("id");
        String spareKey = (String) json(send("POST", "/v1/keys", owner, Map.of("name", "spare", "role",
                "CONTRIBUTOR")), 201).get("id");

        // written out as JSON text, so that their fields keep one order from run to run (Map.of's does not)
        Map<String, JsonNode> seeds = new java.util.LinkedHashMap<>();
        seeds.put("POST /v1/he/keys/import", tree("""
                {"name": "fuzz-imported", "publicKey": %s}"""
                .formatted(JSON.writeValueAsString(heKey.get("publicKey")))));
        seeds.put("POST /v1/he/compute", tree("""
                {"key": "fuzz-he", "version": 1, "operation": "SUM", "ciphertexts": %s}""".formatted(ciphertexts)));
        seeds.put("POST /v1/he/keys/{name}/decrypt", tree("""
                {"version": 1, "ciphertexts": %s}""".formatted(ciphertexts)));
        seeds.put("POST /v1/dp/plan", tree("""
                {"statistic": "MEAN", "epsilon": 0.5, "lower": 0, "upper": 100}"""));
        seeds.put("POST /v1/dp/datasets", tree("""
                {"name": "fuzz-json", "columns": [{"name": "age", "type": "NUMERIC", "lower": 0, "upper": 120},
                 {"name": "sex", "type": "CATEGORICAL", "categories": ["F", "M"]}],
                 "rows": [[34, "F"], [51, "M"]]}"""));
        seeds.put("POST /v1/dp/datasets/{id}/query", tree("""
                {"statistic": "MEAN", "column": "age", "groupBy": "sex", "epsilon": 0.5}"""));
        seeds.put("POST /v1/smpc/sessions/{sessionId}/shares", tree("""
                {"contributorId": "fuzz-bank", "submissionId": "fuzz-submission", "share": ["1", "2"]}"""));
        seeds.put("POST /v1/smpc/reconstruct", tree("""
                {"scheme": "ADDITIVE", "fractionBits": 16, "parts": [
                 {"partyIndex": 1, "aggregateShare": ["1", "2"], "checksum": "00"},
                 {"partyIndex": 2, "aggregateShare": ["3", "4"], "checksum": "00"}]}"""));
        Map<String, String> pathValues = Map.of(
                "name", "fuzz-he",
                "sessionId", "fuzz-session",
                "/v1/dp/datasets/{id} id", datasetId,
                "/v1/dp/datasets/{id}/query id", datasetId,
                "/v1/dp/receipts/{id} id", receiptId,
                "/v1/admin/tenants/{id} id", otherTenant,
                "/v1/keys/{id} id", spareKey);

        List<Case> cases = new FuzzCases(spec, SEED, pathValues,
                // each success generates a Paillier key pair, seconds apiece
                List.of("/v1/he/keys/{name}/rotate"), seeds,
                new Caller("OWNER", owner), new Caller("ANALYST", analyst), new Caller("admin", adminToken)).all();

        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long started = System.nanoTime();
        java.util.PriorityQueue<Map.Entry<Long, String>> slowest =
                new java.util.PriorityQueue<>(Map.Entry.comparingByKey());
        for (Case c : cases) {
            RawHttp.Response response;
            long sent = System.nanoTime();
            try {
                response = http.send(c.bytes());
            } catch (RuntimeException e) {
                failures.add(c + "\n    -> no answer: " + e.getMessage());
                continue;
            }
            slowest.add(Map.entry((System.nanoTime() - sent) / 1_000_000, c + " -> " + response.status()));
            if (slowest.size() > 5) {
                slowest.poll();
            }
            statuses.merge(response.status(), 1, Integer::sum);
            String wrong = whatIsWrong(response);
            if (wrong != null) {
                failures.add(c + "\n    -> " + wrong + ": " + response);
            }
        }
        System.out.printf("API fuzz (seed %d): %d requests in %.1f s, statuses %s; slowest:%n", SEED, cases.size(),
                (System.nanoTime() - started) / 1e9, statuses);
        slowest.stream().sorted(Map.Entry.<Long, String>comparingByKey().reversed())
                .forEach(slow -> System.out.printf("  %d ms %s%n", slow.getKey(), slow.getValue().length() > 250
                        ? slow.getValue().substring(0, 250) + "..." : slow.getValue()));

        assertThat(failures).as("seed %d: %d of %d requests were not answered as a 4xx problem or a JSON 2xx:%n%s",
                SEED, failures.size(), cases.size(), String.join("\n", failures.subList(0,
                        Math.min(failures.size(), 60)))).isEmpty();
        assertHealthy();
    }

    @Test
    void shouldAcceptTheReadmeCsvUploadWithItsRawPipe() {
        RawHttp.Response created = http.send("POST",
                "/v1/dp/datasets/csv?name=people&columns=age:NUMERIC:0:120,sex:CATEGORICAL:F|M",
                Map.of("Authorization", "Bearer " + owner, "Content-Type", "text/csv"),
                "age,sex\n34,F\n51,M\n29,F\n".getBytes(StandardCharsets.UTF_8));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text()).contains("\"sex\"", "\"F\"", "\"M\"");
    }

    @Test
    void shouldNameTheQueryParameterWhosePercentEncodingIsBroken() {
        for (String after : List.of("%ZZ", "%", "%4", "%FF", "%C3%28")) {
            RawHttp.Response response = http.send("GET", "/v1/budget/ledger?limit=5&after=" + after,
                    Map.of("Authorization", "Bearer " + owner), new byte[0]);

            assertProblem(response, 400, "validation-failed");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.at("/errors/0/field").asString()).as(response.toString()).isEqualTo("after");
            assertThat(problem.get("detail").asString()).contains("'after'");
        }
        // also before authentication: the request is malformed whoever sends it
        assertProblem(http.send("GET", "/v1/budget/ledger?after=%ZZ", Map.of(), new byte[0]), 400,
                "validation-failed");
        // a well-formed escape of '%' itself decodes: its value, "%25", reaches the service, and is no cursor
        RawHttp.Response escaped = http.send("GET", "/v1/budget/ledger?after=%2525",
                Map.of("Authorization", "Bearer " + owner), new byte[0]);
        assertProblem(escaped, 400, "validation-failed");
        assertThat(JSON.readTree(escaped.body()).get("detail").asString()).startsWith("after: is not a cursor");
    }

    @Test
    void shouldAnswerWhatTomcatRefusesItselfAsAProblem() {
        Map<String, byte[]> refused = new java.util.LinkedHashMap<>();
        refused.put("bad percent-encoding in the path", raw("GET /v1/he/keys/%ZZ HTTP/1.1\r\nHost: x\r\n"));
        refused.put("invalid UTF-8 in the path", raw("GET /v1/he/keys/%FF%FE HTTP/1.1\r\nHost: x\r\n"));
        refused.put("an unencoded quote in the query", raw("GET /v1/budget/ledger?a=\"<> HTTP/1.1\r\nHost: x\r\n"));
        refused.put("a control character in the target", raw("GET /v1/tenant?a=\u0001 HTTP/1.1\r\nHost: x\r\n"));
        refused.put("a header over the size limit", raw("GET /v1/tenant HTTP/1.1\r\nHost: x\r\nX-A: "
                + "a".repeat(20_000) + "\r\n"));
        refused.put("a control character in a header", raw("GET /v1/tenant HTTP/1.1\r\nHost: x\r\n"
                + "Idempotency-Key: a\u007fb\r\n"));
        refused.put("an invalid Host", raw("GET /v1/tenant HTTP/1.1\r\nHost: a b\r\n"));
        refused.put("two Content-Lengths", raw("POST /v1/keys HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                + "Content-Length: 3\r\n"));
        refused.put("an unknown HTTP version", raw("GET /v1/tenant HTTP/9.9\r\nHost: x\r\n"));
        refused.put("an unknown transfer coding", raw("POST /v1/keys HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: gzip\r\n"));
        refused.put("not HTTP at all", "\u0016\u0003\u0001\u0000\u00a5\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

        refused.forEach((what, request) -> {
            RawHttp.Response response = http.send(request);
            assertThat(response.status()).as(what + ": " + response).isEqualTo(400);
            assertProblem(response, 400, "validation-failed");
        });
        // and for Spring Security's firewall, with the reason
        RawHttp.Response firewall = http.send("GET", "/v1/he/keys/a;b", Map.of(), new byte[0]);
        assertProblem(firewall, 400, "validation-failed");
        assertThat(JSON.readTree(firewall.body()).get("detail").asString()).contains("\";\"");
    }

    @Test
    void shouldEchoASaneRequestIdAndReplaceAnyOther() {
        RawHttp.Response ok = http.send("GET", "/v1/tenant", Map.of("Authorization", "Bearer " + owner,
                "X-Request-Id", "client.Id_42-x"), new byte[0]);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("X-Request-Id")).isEqualTo("client.Id_42-x");
        RawHttp.Response generated = http.send("GET", "/v1/tenant", Map.of("Authorization", "Bearer " + owner),
                new byte[0]);
        assertThat(java.util.UUID.fromString(generated.header("X-Request-Id"))).isNotNull();

        for (String insane : List.of("a b", "<script>", "x".repeat(65), "é", "a\tb")) {
            RawHttp.Response refused = http.send("GET", "/v1/tenant", Map.of("X-Request-Id", insane), new byte[0]);
            assertProblem(refused, 401, "unauthorized");
            assertThat(refused.header("X-Request-Id")).as(insane).isNotEqualTo(insane).matches("[0-9a-f-]{36}");
        }
        // what Tomcat refuses before any filter runs carries the client's id too
        RawHttp.Response malformed = http.send(raw("GET /v1/tenant HTTP/1.1\r\nHost: a b\r\n"
                + "X-Request-Id: tomcat-refused-1\r\n", ""));
        assertProblem(malformed, 400, "validation-failed");
        assertThat(malformed.header("X-Request-Id")).isEqualTo("tomcat-refused-1");
    }

    @Test
    void shouldAnswerMalformedRequestsOutsideTheApiAsProblemsToo() {
        for (String target : List.of("/actuator/health?probe=%ZZ", "/v3/api-docs?group=%FF", "/v3/api-docs/%ZZ",
                "/problems/%ZZ", "/problems/no-such-problem", "/swagger-ui/..%2F..%2Fx", "/nowhere", "/")) {
            RawHttp.Response response = http.send("GET", target, Map.of(), new byte[0]);

            assertThat(response.status()).as(target + ": " + response).isBetween(400, 499);
            assertThat(whatIsWrong(response)).as(target + ": " + response).isNull();
        }
    }

    @Test
    void shouldAnswerABodyThatStopsArrivingWith408() {
        RawHttp.Response response = http.send(raw("POST /v1/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + owner + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n", "{\"name\":"));

        assertProblem(response, 408, "request-timeout");
        assertHealthy();
    }

    @Test
    void shouldRefuseAFormBodyWith415WithoutParsingIt() {
        RawHttp.Response response = http.send("PATCH", "/v1/he/keys/anything", Map.of("Authorization", "Bearer "
                + owner, "Content-Type", "application/x-www-form-urlencoded"), "a=%ZZ".getBytes(
                StandardCharsets.ISO_8859_1));

        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void shouldAnswerAMultipartBodyWithoutBoundaryWith400() {
        RawHttp.Response response = http.send("POST", "/v1/keys", Map.of("Authorization", "Bearer " + owner,
                "Content-Type", "multipart/form-data"), "{}".getBytes(StandardCharsets.ISO_8859_1));

        assertProblem(response, 400, "validation-failed");
    }

    private static byte[] raw(String head) {
        return raw(head, "");
    }

    private static byte[] raw(String head, String body) {
        return (head + "Connection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Why {@code response} breaks the contract, or null when it keeps it. */
    private static String whatIsWrong(RawHttp.Response response) {
        int status = response.status();
        String lower = response.text().toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            if (lower.contains(leak)) {
                return "the body shows '" + leak + "'";
            }
        }
        if (status == 0) {
            return "no HTTP response";
        }
        if (status >= 500) {
            return "a server error";
        }
        if (status >= 400) {
            if (!response.contentType().startsWith("application/problem+json")) {
                return "a 4xx that is not application/problem+json";
            }
            JsonNode problem;
            try {
                problem = JSON.readTree(response.body());
            } catch (RuntimeException e) {
                return "a problem that is not JSON";
            }
            String code = problem.path("code").asString();
            if (code.isEmpty() || !problem.path("type").asString().equals("/problems/" + code)
                    || problem.path("status").asInt() != status || problem.path("detail").asString().isBlank()
                    || problem.path("title").asString().isBlank() || !problem.path("instance").asString()
                    .startsWith("/")) {
                return "a problem without the members of DESIGN.md §3";
            }
            String requestId = response.header("X-Request-Id");
            if (requestId == null || !requestId.equals(problem.path("requestId").asString(null))) {
                return "a problem whose requestId is not its X-Request-Id";
            }
            return null;
        }
        if (status >= 200 && status < 300 && status != 204 && !response.contentType().startsWith("application/json")) {
            return "a 2xx that is not JSON";
        }
        return null;
    }

    private void assertHealthy() {
        RawHttp.Response health = http.send("GET", "/actuator/health", Map.of(), new byte[0]);
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.text()).contains("\"UP\"");
        RawHttp.Response tenant = http.send("GET", "/v1/tenant", Map.of("Authorization", "Bearer " + owner),
                new byte[0]);
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(200);
    }

    private static void assertProblem(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(whatIsWrong(response)).as(response.toString()).isNull();
        assertThat(JSON.readTree(response.body()).get("code").asString()).isEqualTo(code);
    }

    private RawHttp.Response send(String method, String path, String secret, Object body) {
        return http.send(method, path, Map.of("Authorization", "Bearer " + secret, "Content-Type", "application/json"),
                JSON.writeValueAsBytes(body));
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(RawHttp.Response response, int... expected) {
        assertThat(response.status()).as(response.toString()).isIn(java.util.Arrays.stream(expected).boxed().toList());
        return JSON.readValue(response.body(), Map.class);
    }
}
