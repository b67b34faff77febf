package io.ppml.tenant;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.ppml.support.ApiTestBase;
import io.ppml.support.Api.Response;
import io.ppml.support.Concurrently;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static io.ppml.support.ProblemAssertions.errorFields;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's HTTP contract, over real HTTP against a running instance: tenants, keys, roles, errors and
 * idempotency. Runs once per database (see the subclasses), so both behave the same.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractTenantApiTests extends ApiTestBase {

    record Tenant(String id, String ownerKeyId, String ownerSecret) {
    }

    Tenant newTenant() {
        NewTenant t = createTenant("t", 2.0, 1e-6);
        return new Tenant(t.id(), t.ownerKeyId(), t.ownerSecret());
    }

    String newKey(Tenant tenant, String role) {
        return newKey(tenant.ownerSecret(), role);
    }

    @Test
    void shouldCreateTenantWithOwnerKeyThatCanCallTheApi() {
        Response created = api.post("/v1/admin/tenants", adminToken, Map.of("name", "hospital-" + UUID.randomUUID(),
                "epsilonBudget", 10, "deltaBudget", 1e-5, "budgetWindow", "P30D"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(created.header("Location")).isEqualTo("/v1/admin/tenants/" + body.get("id").asString());
        assertThat(body.at("/budget/epsilon").asDouble()).isEqualTo(10.0);
        assertThat(body.at("/budget/delta").asDouble()).isEqualTo(1e-5);
        assertThat(body.at("/budget/window").asString()).isEqualTo("P30D");
        assertThat(body.at("/apiKey/role").asString()).isEqualTo("OWNER");
        String secret = body.at("/apiKey/secret").asString();
        assertThat(secret).matches("ppml_[0-9A-Za-z]{43}");

        Response me = api.get("/v1/tenant", secret);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().at("/tenant/id").asString()).isEqualTo(body.get("id").asString());
        assertThat(me.json().get("role").asString()).isEqualTo("OWNER");
        assertThat(me.json().get("keyId").asString()).isEqualTo(body.at("/apiKey/id").asString());

        Response read = api.get("/v1/admin/tenants/" + body.get("id").asString(), adminToken);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("name").asString()).isEqualTo(body.get("name").asString());
    }

    @Test
    void shouldNeverShowASecretAfterItWasIssued() {
        Tenant tenant = newTenant();
        String analyst = newKey(tenant, "ANALYST");

        List<Response> later = List.of(api.get("/v1/keys", tenant.ownerSecret()), api.get("/v1/tenant", analyst),
                api.get("/v1/admin/tenants", adminToken), api.get("/v1/admin/tenants/" + tenant.id(), adminToken));
        for (Response response : later) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).doesNotContain(tenant.ownerSecret(), analyst, adminToken, "secret");
        }
        JsonNode keys = api.get("/v1/keys", tenant.ownerSecret()).json().get("items");
        assertThat(keys).hasSize(2);
        keys.forEach(k -> assertThat(k.get("prefix").asString()).startsWith("ppml_").hasSize(11));
    }

    @Test
    void shouldStoreOnlyKeyedHashesOfSecrets() {
        Tenant tenant = newTenant();
        List<String> stored = jdbc.sql("select secret_hash || ' ' || secret_prefix from api_keys where tenant_id = ?")
                .param(UUID.fromString(tenant.id())).query(String.class).list();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).doesNotContain(tenant.ownerSecret()).matches("[0-9a-f]{64} ppml_\\w{6}");
        String adminHash = jdbc.sql("select secret_hash from platform_credentials").query(String.class).single();
        assertThat(adminHash).doesNotContain(adminToken).matches("[0-9a-f]{64}");
        String responses = String.join("", jdbc.sql("select coalesce(response_body, '') from idempotency_records")
                .query(String.class).list());
        assertThat(responses).doesNotContain("ppml_");
    }

    @Test
    void shouldAnswer401WithoutAValidKey() {
        assertProblem(api.get("/v1/tenant", null), 401, "unauthorized");
        assertProblem(api.get("/v1/tenant", "ppml_" + "x".repeat(43)), 401, "unauthorized");
        assertProblem(api.get("/v1/tenant", "not-a-key"), 401, "unauthorized");
        assertProblem(api.request("GET", "/v1/tenant").header("Authorization", "Basic dXNlcjpwYXNz").send(), 401,
                "unauthorized");
        assertProblem(api.get("/v1/admin/tenants", null), 401, "unauthorized");
        assertThat(api.get("/v1/tenant", null).header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void shouldRevokeKeysImmediately() {
        Tenant tenant = newTenant();
        Response created = api.post("/v1/keys", tenant.ownerSecret(), Map.of("name", "temp", "role", "CONTRIBUTOR"));
        String secret = created.json().get("secret").asString();
        String id = created.json().get("id").asString();
        assertThat(api.get("/v1/tenant", secret).status()).isEqualTo(200);

        Response revoked = api.request("DELETE", "/v1/keys/" + id).bearer(tenant.ownerSecret()).send();
        assertThat(revoked.status()).isEqualTo(204);

        assertProblem(api.get("/v1/tenant", secret), 401, "unauthorized");
        JsonNode listed = api.get("/v1/keys", tenant.ownerSecret()).json().get("items");
        JsonNode entry = null;
        for (JsonNode k : listed) {
            if (k.get("id").asString().equals(id)) {
                entry = k;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("revokedAt").isNull()).isFalse();
        assertThat(entry.get("lastUsedAt").isNull()).as("the key was used once").isFalse();
    }

    @Test
    void shouldForbidWhatARoleMayNotDo() {
        Tenant tenant = newTenant();
        String analyst = newKey(tenant, "ANALYST");
        String contributor = newKey(tenant, "CONTRIBUTOR");

        assertProblem(api.post("/v1/keys", analyst, Map.of("name", "x", "role", "OWNER")), 403, "forbidden");
        assertProblem(api.post("/v1/keys", contributor, Map.of("name", "x", "role", "ANALYST")), 403, "forbidden");
        assertProblem(api.get("/v1/keys", analyst), 403, "forbidden");
        assertProblem(api.get("/v1/admin/tenants", tenant.ownerSecret()), 403, "forbidden");
        assertProblem(api.get("/v1/tenant", adminToken), 403, "forbidden");
        assertThat(api.get("/v1/tenant", analyst).json().get("role").asString()).isEqualTo("ANALYST");
    }

    @Test
    void shouldAnswer404ForAnotherTenantsKey() {
        Tenant mine = newTenant();
        Tenant theirs = newTenant();
        Response otherKey = api.request("DELETE", "/v1/keys/" + theirs.ownerKeyId()).bearer(mine.ownerSecret()).send();
        assertProblem(otherKey, 404, "not-found");
        Response missing = api.request("DELETE", "/v1/keys/" + UUID.randomUUID()).bearer(mine.ownerSecret()).send();
        assertProblem(missing, 404, "not-found");
        assertThat(otherKey.json().get("detail").asString().replace(theirs.ownerKeyId(), "ID"))
                .isEqualTo(missing.json().get("detail").asString().replaceAll("[0-9a-f-]{36}", "ID"));
        assertThat(api.get("/v1/tenant", theirs.ownerSecret()).status()).as("their key still works").isEqualTo(200);
        assertProblem(api.get("/v1/admin/tenants/" + UUID.randomUUID(), adminToken), 404, "not-found");
    }

    @Test
    void shouldAnswerProblemsForWhatSpringRejects() {
        Tenant tenant = newTenant();
        assertProblem(api.get("/no/such/path", null), 404, "not-found");
        assertProblem(api.get("/v1/no-such-endpoint", tenant.ownerSecret()), 404, "not-found");
        Response wrongMethod = api.request("PUT", "/v1/tenant").bearer(tenant.ownerSecret()).json("{}").send();
        assertProblem(wrongMethod, 405, "method-not-allowed");
        assertThat(wrongMethod.header("Allow")).contains("GET");
        assertProblem(api.request("POST", "/v1/keys").bearer(tenant.ownerSecret())
                .bytes("name=x".getBytes(), "application/x-www-form-urlencoded").send(), 415,
                "unsupported-media-type");
        assertProblem(api.request("DELETE", "/v1/keys/not-a-uuid").bearer(tenant.ownerSecret()).send(), 400,
                "validation-failed");
        assertProblem(api.request("POST", "/v1/keys").bearer(tenant.ownerSecret()).send(), 400,
                "validation-failed");
    }

    @Test
    void shouldRejectInvalidTenantsWithFieldErrors() {
        Response malformed = api.post("/v1/admin/tenants", adminToken, "{\"name\": \"x\", ");
        assertProblem(malformed, 400, "validation-failed");
        assertThat(malformed.json().get("detail").asString()).contains("not valid JSON");

        Response negative = api.post("/v1/admin/tenants", adminToken,
                Map.of("name", "neg", "epsilonBudget", -1, "deltaBudget", 1.5));
        assertProblem(negative, 400, "validation-failed");
        assertThat(errorFields(negative)).containsExactlyInAnyOrder("epsilonBudget", "deltaBudget");

        Response missing = api.post("/v1/admin/tenants", adminToken, Map.of("epsilonBudget", 1));
        assertProblem(missing, 400, "validation-failed");
        assertThat(errorFields(missing)).containsExactlyInAnyOrder("name", "deltaBudget");

        Response wrongType = api.post("/v1/admin/tenants", adminToken,
                "{\"name\": \"x\", \"epsilonBudget\": \"lots\", \"deltaBudget\": 0}");
        assertProblem(wrongType, 400, "validation-failed");
        assertThat(errorFields(wrongType)).containsExactly("epsilonBudget");

        Response badWindow = api.post("/v1/admin/tenants", adminToken,
                Map.of("name", "w-" + UUID.randomUUID(), "epsilonBudget", 1, "deltaBudget", 0, "budgetWindow", "PT1H"));
        assertProblem(badWindow, 400, "validation-failed");
        assertThat(errorFields(badWindow)).containsExactly("budgetWindow");

        Response badName = api.post("/v1/admin/tenants", adminToken,
                Map.of("name", "<script>", "epsilonBudget", 1, "deltaBudget", 0));
        assertThat(errorFields(badName)).containsExactly("name");

        assertThat(api.get("/v1/admin/tenants", adminToken).body()).doesNotContain("\"neg\"", "<script>");
    }

    @Test
    void shouldRejectUnknownRoleAndDuplicateTenantName() {
        Tenant tenant = newTenant();
        Response unknownRole = api.post("/v1/keys", tenant.ownerSecret(), Map.of("name", "x", "role", "ROOT"));
        assertProblem(unknownRole, 400, "validation-failed");
        assertThat(unknownRole.json().at("/errors/0/field").asString()).isEqualTo("role");
        assertThat(unknownRole.json().at("/errors/0/message").asString()).contains("OWNER", "ANALYST", "CONTRIBUTOR");

        String name = "dup-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("name", name, "epsilonBudget", 1, "deltaBudget", 0);
        assertThat(api.post("/v1/admin/tenants", adminToken, body).status()).isEqualTo(201);
        assertProblem(api.post("/v1/admin/tenants", adminToken, body), 409, "conflict");
    }

    @Test
    void shouldRefuseBodiesOverTheLimitWith413() {
        Tenant tenant = newTenant();
        byte[] twelveMiB = ("{\"name\": \"" + "a".repeat(12 * 1024 * 1024) + "\", \"role\": \"ANALYST\"}").getBytes();
        assertProblem(api.request("POST", "/v1/keys").bearer(tenant.ownerSecret())
                .bytes(twelveMiB, "application/json").send(), 413, "payload-too-large");

        // without Content-Length (chunked), the limit is enforced while reading
        var chunked = java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(twelveMiB));
        assertProblem(api.request("POST", "/v1/keys").bearer(tenant.ownerSecret())
                .publisher(chunked, "application/json").send(), 413, "payload-too-large");
        assertThat(api.get("/v1/keys", tenant.ownerSecret()).json().get("items")).hasSize(1);
    }

    @Test
    void shouldReplayTheSameResponseForTheSameIdempotencyKey() {
        Tenant tenant = newTenant();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "retry", "role", "ANALYST");

        Response first = api.request("POST", "/v1/keys").bearer(tenant.ownerSecret())
                .header("Idempotency-Key", key).json(body).send();
        Response retry = api.request("POST", "/v1/keys").bearer(tenant.ownerSecret())
                .header("Idempotency-Key", key).json(body).send();

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/v1/keys", tenant.ownerSecret()).json().get("items")).hasSize(2);

        Response other = api.request("POST", "/v1/keys").bearer(tenant.ownerSecret())
                .header("Idempotency-Key", key).json(Map.of("name", "other", "role", "ANALYST")).send();
        assertProblem(other, 422, "idempotency-key-reused");

        // keys are scoped per tenant: another tenant may use the same key for its own request
        Tenant another = newTenant();
        Response theirs = api.request("POST", "/v1/keys").bearer(another.ownerSecret())
                .header("Idempotency-Key", key).json(body).send();
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().get("id")).isNotEqualTo(first.json().get("id"));
    }

    @Test
    void shouldReplayTenantCreationAndExpireKeysAfterTheirLifetime() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "idem-" + UUID.randomUUID(), "epsilonBudget", 1, "deltaBudget", 0);
        Response first = api.request("POST", "/v1/admin/tenants").bearer(adminToken).header("Idempotency-Key", key)
                .json(body).send();
        Response retry = api.request("POST", "/v1/admin/tenants").bearer(adminToken).header("Idempotency-Key", key)
                .json(body).send();
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.json().at("/apiKey/id")).isEqualTo(first.json().at("/apiKey/id"));

        jdbc.sql("update idempotency_records set expires_at = created_at - interval '1' second where idem_key = ?")
                .param(key).update();
        Response afterExpiry = api.request("POST", "/v1/admin/tenants").bearer(adminToken)
                .header("Idempotency-Key", key).json(body).send();
        assertProblem(afterExpiry, 409, "conflict"); // executed again: the name is now taken
    }

    @Test
    void shouldRejectMalformedIdempotencyKeys() {
        Tenant tenant = newTenant();
        Response tooLong = api.request("POST", "/v1/keys").bearer(tenant.ownerSecret())
                .header("Idempotency-Key", "k".repeat(256)).json(Map.of("name", "x", "role", "ANALYST")).send();
        assertProblem(tooLong, 400, "validation-failed");
        assertThat(errorFields(tooLong)).containsExactly("Idempotency-Key");
    }

    @Test
    void shouldCreateOnceWhenIdenticalRequestsRace() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "race-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("name", name, "epsilonBudget", 1, "deltaBudget", 0);
        List<Response> responses = Concurrently.run(8, i -> () -> api.request("POST", "/v1/admin/tenants")
                .bearer(adminToken).header("Idempotency-Key", key).json(body).send());
        Set<String> ids = new java.util.HashSet<>();
        for (Response response : responses) {
            assertThat(response.status()).as(response.toString()).isIn(201, 409);
            if (response.status() == 201) {
                ids.add(response.json().get("id").asString());
            } else {
                assertProblem(response, 409, "conflict");
            }
        }
        assertThat(ids).hasSize(1);
        long created = jdbc.sql("select count(*) from tenants where name = ?").param(name).query(Long.class).single();
        assertThat(created).isEqualTo(1);
    }

    @Test
    void shouldChangeBudgetWithPatch() {
        Tenant tenant = newTenant();
        String path = "/v1/admin/tenants/" + tenant.id();
        Response patched = api.request("PATCH", path).bearer(adminToken)
                .json(Map.of("epsilonBudget", 5, "budgetWindow", "P7D")).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().at("/budget/epsilon").asDouble()).isEqualTo(5.0);
        assertThat(patched.json().at("/budget/delta").asDouble()).isEqualTo(1e-6);
        assertThat(patched.json().at("/budget/window").asString()).isEqualTo("P7D");

        Response cleared = api.request("PATCH", path).bearer(adminToken).json("{\"budgetWindow\": null}").send();
        assertThat(cleared.json().at("/budget/window").isNull()).isTrue();
        assertThat(cleared.json().at("/budget/epsilon").asDouble()).isEqualTo(5.0);

        assertProblem(api.request("PATCH", path).bearer(adminToken).json(Map.of("deltaBudget", 1)).send(), 400,
                "validation-failed");
    }

    @Test
    void shouldServeProblemPagesDocsAndProbesWithoutAKey() {
        for (String code : List.of("validation-failed", "unauthorized", "forbidden", "not-found", "conflict",
                "idempotency-key-reused", "payload-too-large")) {
            Response page = api.get("/problems/" + code, null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
        }
        Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode spec = docs.json();
        assertThat(spec.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        JsonNode createTenant = spec.at("/paths/~1v1~1admin~1tenants/post");
        assertThat(createTenant.get("summary").asString()).isNotBlank();
        assertThat(createTenant.at("/responses/422/content/application~1problem+json")).isNotNull();
        assertThat(createTenant.at("/responses/401").isMissingNode()).isFalse();
        spec.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                assertThat(operation.getValue().get("summary")).as(path.getKey()).isNotNull()));
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).json().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).json().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
    }
}
