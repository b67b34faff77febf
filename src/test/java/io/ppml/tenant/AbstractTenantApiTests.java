package io.ppml.tenant;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.ppml.budget.BudgetService;
import io.ppml.budget.core.PrivacyCost;
import io.ppml.support.ApiTestBase;
import io.ppml.support.Api.Response;
import io.ppml.support.Concurrently;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static io.ppml.support.ProblemAssertions.errorFields;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation's HTTP contract, over real HTTP against a running instance: tenants, keys, roles, errors,
 * idempotency, and what changing a tenant's budget does to its spend. Runs once per database (see the subclasses),
 * so both behave the same. The service's clock is a {@link MutableClock} that only the budget-window tests move,
 * and only forwards (one rewinds and restores it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(MutableClock.Configuration.class)
abstract class AbstractTenantApiTests extends ApiTestBase {

    private static final double EPS = 1e-12;

    @Autowired
    MutableClock clock;

    @Autowired
    BudgetService budgets;

    @Autowired
    JsonMapper json;

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

    // --- budget totals and windows: a change never lowers what the tenant has spent ---

    record Budgeted(String id, String owner) {
    }

    Budgeted budgetedTenant(double epsilon, @Nullable String window) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "b-" + UUID.randomUUID(), "epsilonBudget", epsilon,
                "deltaBudget", 0));
        if (window != null) {
            body.put("budgetWindow", window);
        }
        Response created = api.post("/v1/admin/tenants", adminToken, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Budgeted(created.json().get("id").asString(), created.json().at("/apiKey/secret").asString());
    }

    /** A Laplace release of one value: charges exactly {@code epsilon}. */
    Response spend(Budgeted tenant, double epsilon) {
        return api.post("/v1/dp/noise", tenant.owner(), Map.of("values", List.of(1.0), "sensitivity", 1.0,
                "epsilon", epsilon, "mechanism", "LAPLACE"));
    }

    void spendOk(Budgeted tenant, double epsilon) {
        Response response = spend(tenant, epsilon);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    JsonNode budget(Budgeted tenant) {
        Response response = api.get("/v1/budget", tenant.owner());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static double spent(JsonNode budget) {
        return budget.at("/epsilon/spent").asDouble();
    }

    static @Nullable Instant resetsAt(JsonNode budget) {
        JsonNode at = budget.at("/window/resetsAt");
        return at.isNull() ? null : Instant.parse(at.asString());
    }

    /** PATCHes the tenant's window ({@code null} removes it); returns the moment of the change, its updatedAt. */
    Instant patchWindow(Budgeted tenant, @Nullable String window) {
        Response patched = api.request("PATCH", "/v1/admin/tenants/" + tenant.id()).bearer(adminToken)
                .json("{\"budgetWindow\": " + (window == null ? "null" : "\"" + window + "\"") + "}").send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        return Instant.parse(patched.json().get("updatedAt").asString());
    }

    static Instant plus(Instant instant, String period) {
        return instant.atOffset(ZoneOffset.UTC).plus(Period.parse(period)).toInstant();
    }

    List<JsonNode> ledger(Budgeted tenant) {
        List<JsonNode> entries = new ArrayList<>();
        api.get("/v1/budget/ledger?limit=500", tenant.owner()).json().get("items").forEach(entries::add);
        java.util.Collections.reverse(entries);
        return entries;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {"P30D, P1D", "P30D, P7D", "P30D, none", "none, P1D", "P1D, P30D"})
    void shouldKeepTheSpendOfTheWindowInProgressWhenAnOldTenantsWindowChanges(@Nullable String from,
            @Nullable String to) {
        Budgeted tenant = budgetedTenant(2.0, from);
        clock.shift(Duration.ofDays(40)); // an old tenant: with P30D, in its second window
        for (int i = 0; i < 3; i++) {
            spendOk(tenant, 0.5);
        }
        clock.shift(Duration.ofHours(5));
        JsonNode before = budget(tenant);
        assertThat(spent(before)).isEqualTo(1.5);
        Instant oldStart = Instant.parse(ledger(tenant).get(0).get("windowStart").asString());

        Instant changedAt = patchWindow(tenant, to);

        JsonNode after = budget(tenant);
        assertThat(spent(after)).as("the change never lowers current spend").isEqualTo(1.5);
        assertThat(after.at("/epsilon/remaining").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(EPS));
        assertThat(after.at("/lifetime/epsilon").asDouble()).isEqualTo(1.5);
        assertThat(after.at("/window/period").isNull()).isEqualTo(to == null);
        assertThat(resetsAt(after)).isEqualTo(to == null ? null : plus(changedAt, to));
        assertThat(budgets.affordable(UUID.fromString(tenant.id()), PrivacyCost.pure(0.1))).isEqualTo(5);
        assertProblem(spend(tenant, 0.6), 403, "budget-exhausted");
        spendOk(tenant, 0.5);
        assertThat(spent(budget(tenant))).isEqualTo(2.0);
        assertProblem(spend(tenant, 0.1), 403, "budget-exhausted");

        List<JsonNode> entries = ledger(tenant);
        assertThat(entries).hasSize(4);
        assertThat(entries.subList(0, 3)).allSatisfy(e ->
                assertThat(Instant.parse(e.get("windowStart").asString())).isEqualTo(oldStart));
        assertThat(Instant.parse(entries.get(3).get("windowStart").asString()))
                .as("charges after the change belong to the window that starts at it").isEqualTo(changedAt);
        assertThat(entries.get(3).get("epsilonSpent").asDouble()).isEqualTo(2.0);

        if (to == null) {
            clock.shift(Duration.ofDays(400));
            assertThat(spent(budget(tenant))).as("without a window the spend never resets").isEqualTo(2.0);
            return;
        }
        Instant resetsAt = plus(changedAt, to);
        clock.shift(Duration.between(clock.instant(), resetsAt).minusMinutes(1));
        assertThat(spent(budget(tenant))).as("a minute before the new period has passed").isEqualTo(2.0);
        clock.shift(Duration.ofMinutes(2));
        JsonNode reset = budget(tenant);
        assertThat(spent(reset)).as("the window that started at the change has ended").isZero();
        assertThat(reset.at("/epsilon/remaining").asDouble()).isEqualTo(2.0);
        assertThat(reset.at("/lifetime/epsilon").asDouble()).isEqualTo(2.0);
        assertThat(resetsAt(reset)).isEqualTo(plus(resetsAt, to));
        spendOk(tenant, 2.0);
    }

    @Test
    void shouldNotCarrySpendFromAWindowThatHadAlreadyEnded() {
        Budgeted tenant = budgetedTenant(2.0, "P30D");
        spendOk(tenant, 1.5);
        clock.shift(Duration.ofDays(40));
        assertThat(spent(budget(tenant))).as("the first window has ended").isZero();

        Instant changedAt = patchWindow(tenant, "P1D");

        JsonNode after = budget(tenant);
        assertThat(spent(after)).isZero();
        assertThat(after.at("/lifetime/epsilon").asDouble()).isEqualTo(1.5);
        assertThat(resetsAt(after)).isEqualTo(plus(changedAt, "P1D"));
        spendOk(tenant, 2.0);
        assertThat(ledger(tenant).get(1).get("epsilonSpent").asDouble()).isEqualTo(2.0);
        assertThat(budget(tenant).at("/lifetime/epsilon").asDouble()).isEqualTo(3.5);
    }

    @Test
    void shouldNotMoveTheWindowWhenAPatchKeepsItsPeriod() {
        Budgeted tenant = budgetedTenant(2.0, "P30D");
        clock.shift(Duration.ofDays(40));
        spendOk(tenant, 0.5);
        Instant resetsAt = resetsAt(budget(tenant));

        patchWindow(tenant, "P30D");
        assertThat(api.request("PATCH", "/v1/admin/tenants/" + tenant.id()).bearer(adminToken)
                .json(Map.of("epsilonBudget", 3)).send().status()).isEqualTo(200);
        assertThat(api.request("PATCH", "/v1/admin/tenants/" + tenant.id()).bearer(adminToken)
                .json(Map.of("budgetWindow", " P30D ", "deltaBudget", 1e-6)).send().status()).isEqualTo(200);

        JsonNode after = budget(tenant);
        assertThat(resetsAt(after)).as("a retried or totals-only PATCH does not restart the window")
                .isEqualTo(resetsAt);
        assertThat(spent(after)).isEqualTo(0.5);
        assertThat(after.at("/epsilon/total").asDouble()).isEqualTo(3.0);
    }

    @Test
    void shouldNeverLowerSpendWhenTotalsChange() {
        Budgeted tenant = budgetedTenant(2.0, "P30D");
        spendOk(tenant, 1.5);
        String path = "/v1/admin/tenants/" + tenant.id();

        assertThat(api.request("PATCH", path).bearer(adminToken).json(Map.of("epsilonBudget", 1)).send().status())
                .isEqualTo(200);
        JsonNode lowered = budget(tenant);
        assertThat(spent(lowered)).as("spend above the new total is still shown").isEqualTo(1.5);
        assertThat(lowered.at("/epsilon/remaining").asDouble()).isZero();
        assertThat(budgets.affordable(UUID.fromString(tenant.id()), PrivacyCost.pure(0.1))).isZero();
        assertProblem(spend(tenant, 0.1), 403, "budget-exhausted");

        assertThat(api.request("PATCH", path).bearer(adminToken).json(Map.of("epsilonBudget", 0, "deltaBudget", 0))
                .send().status()).isEqualTo(200);
        assertThat(spent(budget(tenant))).isEqualTo(1.5);

        assertThat(api.request("PATCH", path).bearer(adminToken).json(Map.of("epsilonBudget", 2)).send().status())
                .isEqualTo(200);
        assertThat(budget(tenant).at("/epsilon/remaining").asDouble()).isCloseTo(0.5,
                org.assertj.core.data.Offset.offset(EPS));
        assertProblem(spend(tenant, 0.6), 403, "budget-exhausted");
        spendOk(tenant, 0.5);
        assertThat(spent(budget(tenant))).isEqualTo(2.0);
    }

    @Test
    void shouldNeverMoveTheWindowBackWhenTheClockReadsEarlier() {
        Budgeted tenant = budgetedTenant(2.0, "P30D");
        clock.shift(Duration.ofDays(40));
        spendOk(tenant, 1.0);
        Instant changedAt = patchWindow(tenant, "P1D");
        clock.shift(Duration.ofHours(-2)); // another instance whose clock lags
        try {
            JsonNode lagging = budget(tenant);
            assertThat(spent(lagging)).isEqualTo(1.0);
            assertThat(resetsAt(lagging)).isEqualTo(plus(changedAt, "P1D"));
            spendOk(tenant, 0.5);
            assertThat(Instant.parse(ledger(tenant).get(1).get("windowStart").asString())).isEqualTo(changedAt);

            patchWindow(tenant, "P7D");
            JsonNode changedWhileLagging = budget(tenant);
            assertThat(spent(changedWhileLagging)).isEqualTo(1.5);
            assertThat(resetsAt(changedWhileLagging)).as("the window starts no earlier than the one it replaces")
                    .isEqualTo(plus(changedAt, "P7D"));
        } finally {
            clock.shift(Duration.ofHours(2));
        }
        assertProblem(spend(tenant, 0.6), 403, "budget-exhausted");
        assertThat(spent(budget(tenant))).isEqualTo(1.5);
    }

    @Test
    void shouldOpenAMissingBudgetAccountWhenTheWindowChanges() {
        Budgeted tenant = budgetedTenant(2.0, null);
        // a tenant whose account was never opened (as if from before the ledger existed)
        jdbc.sql("delete from budget_accounts where tenant_id = ?").param(UUID.fromString(tenant.id())).update();
        clock.shift(Duration.ofDays(3));

        Instant changedAt = patchWindow(tenant, "P1D");

        JsonNode after = budget(tenant);
        assertThat(spent(after)).isZero();
        assertThat(resetsAt(after)).isEqualTo(plus(changedAt, "P1D"));
        spendOk(tenant, 0.5);
        assertThat(Instant.parse(ledger(tenant).get(0).get("windowStart").asString())).isEqualTo(changedAt);
        assertProblem(spend(tenant, 1.6), 403, "budget-exhausted");
    }

    @Test
    void shouldNeverLowerSpendWhileWindowChangesRaceWithCharges() throws Exception {
        Budgeted tenant = budgetedTenant(2.0, "P30D");
        clock.shift(Duration.ofDays(40));
        spendOk(tenant, 0.1);
        List<String> windows = java.util.Arrays.asList("P1D", "P7D", null, "P1D", "P30D", null, "P2D", "P1M");
        List<Response> responses = Concurrently.run(24, i -> () -> i % 3 == 0
                ? api.request("PATCH", "/v1/admin/tenants/" + tenant.id()).bearer(adminToken)
                        .json("{\"budgetWindow\": " + (windows.get(i / 3) == null ? "null"
                                : "\"" + windows.get(i / 3) + "\"") + "}").send()
                : spend(tenant, 0.1));
        for (int i = 0; i < responses.size(); i++) {
            Response response = responses.get(i);
            if (i % 3 == 0) {
                assertThat(response.status()).as(response.toString()).isIn(200, 409);
                if (response.status() == 409) {
                    assertProblem(response, 409, "conflict");
                }
            } else {
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
            }
        }
        List<JsonNode> entries = ledger(tenant);
        assertThat(entries).hasSize(17);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).get("epsilonSpent").asDouble()).as("after charge " + (i + 1))
                    .isCloseTo(0.1 * (i + 1), org.assertj.core.data.Offset.offset(EPS));
        }
        assertThat(spent(budget(tenant))).isCloseTo(1.7, org.assertj.core.data.Offset.offset(EPS));
        assertProblem(spend(tenant, 0.4), 403, "budget-exhausted");
    }

    @Test
    void shouldPageTenantsAndKeysWithCursorsEachItemOnceInCreationOrder() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(newTenant().id());
        }
        List<JsonNode> tenants = walk("/v1/admin/tenants", adminToken, 2);
        List<String> ids = tenants.stream().map(t -> t.get("id").asString()).toList();
        assertThat(ids).doesNotHaveDuplicates().containsSubsequence(created);
        assertThat(tenants.stream().map(t -> Instant.parse(t.get("createdAt").asString())).toList())
                .isSortedAccordingTo(java.util.Comparator.naturalOrder());

        Tenant tenant = newTenant();
        List<String> keys = new ArrayList<>(List.of(tenant.ownerKeyId()));
        for (int i = 0; i < 4; i++) {
            keys.add(api.post("/v1/keys", tenant.ownerSecret(), Map.of("name", "k" + i, "role", "ANALYST")).json()
                    .get("id").asString());
        }
        Tenant other = newTenant();
        assertThat(walk("/v1/keys", tenant.ownerSecret(), 2)).map(k -> k.get("id").asString())
                .containsExactlyElementsOf(keys);
        assertThat(walk("/v1/keys", other.ownerSecret(), 1)).map(k -> k.get("id").asString())
                .as("another tenant's keys never appear").containsExactly(other.ownerKeyId());
        assertThat(walk("/v1/keys", tenant.ownerSecret(), 500)).hasSize(5);

        // keys created in the same microsecond: the id decides, and the cursor still neither repeats nor skips one
        jdbc.sql("update api_keys set created_at = (select min(created_at) from api_keys where tenant_id = ?) "
                + "where tenant_id = ?").param(UUID.fromString(tenant.id())).param(UUID.fromString(tenant.id()))
                .update();
        for (int limit = 1; limit <= 5; limit++) {
            assertThat(walk("/v1/keys", tenant.ownerSecret(), limit)).map(k -> k.get("id").asString())
                    .as("limit %d", limit).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(keys);
        }
    }

    @Test
    void shouldRefuseALimitOutOfRangeAndACursorThatIsNotThisLists() {
        Tenant tenant = newTenant();
        for (String limit : List.of("0", "501", "-1", "abc", "2.5")) {
            Response refused = api.get("/v1/keys?limit=" + limit, tenant.ownerSecret());
            assertProblem(refused, 400, "validation-failed");
            assertThat(errorFields(refused)).as(limit).containsExactly("limit");
            assertThat(refused.json().get("detail").asString()).startsWith("limit: must be");
        }
        api.post("/v1/keys", tenant.ownerSecret(), Map.of("name", "second", "role", "ANALYST"));
        String keysCursor = api.get("/v1/keys?limit=1", tenant.ownerSecret()).json().get("nextCursor").asString();
        String tenantsCursor = api.get("/v1/admin/tenants?limit=1", adminToken).json().get("nextCursor").asString();
        for (String after : List.of("garbage", "AAAA", tenantsCursor, keysCursor.substring(0, keysCursor.length() - 2),
                keysCursor + "AA", "x".repeat(2000))) {
            Response refused = api.get("/v1/keys?after=" + after, tenant.ownerSecret());
            assertProblem(refused, 400, "validation-failed");
            assertThat(errorFields(refused)).as(after).containsExactly("after");
        }
        assertThat(api.get("/v1/keys?after=" + keysCursor, tenant.ownerSecret()).json().get("items")).hasSize(1);
    }

    @Test
    void shouldDocumentThePagingOfEveryList() {
        JsonNode spec = api.get("/v3/api-docs", null).json();
        for (String path : List.of("/v1/admin/tenants", "/v1/keys", "/v1/he/keys", "/v1/dp/datasets", "/v1/fl/tasks",
                "/v1/budget/ledger")) {
            JsonNode get = spec.at("/paths/" + path.replace("/", "~1") + "/get");
            List<String> query = new ArrayList<>();
            get.get("parameters").forEach(p -> {
                if (p.get("in").asString().equals("query")) {
                    query.add(p.get("name").asString());
                    assertThat(p.get("description").asString()).as(path + " " + p).isNotBlank();
                }
            });
            assertThat(query).as(path).containsExactlyInAnyOrder("limit", "after");
            assertThat(get.at("/responses/400").isMissingNode()).as(path + " documents 400").isFalse();
            String page = get.at("/responses/200/content/application~1json/schema/$ref").asString();
            JsonNode schema = spec.at("/components/schemas/" + page.substring(page.lastIndexOf('/') + 1));
            assertThat(schema.get("properties").propertyNames()).as(path).containsExactlyInAnyOrder("items",
                    "nextCursor");
        }
    }

    @Test
    void shouldRefuseUnknownFieldsInRequestBodiesNamingThem() {
        Response misspelt = api.post("/v1/admin/tenants", adminToken, Map.of("name", "typo-" + UUID.randomUUID(),
                "epsilonBudget", 1, "deltaBudget", 0, "budgetWindw", "P1D"));
        assertProblem(misspelt, 400, "validation-failed");
        assertThat(errorFields(misspelt)).containsExactly("budgetWindw");
        assertThat(misspelt.json().get("detail").asString()).startsWith("budgetWindw: is not a known field")
                .contains("budgetWindow");

        Tenant tenant = newTenant();
        Response key = api.post("/v1/keys", tenant.ownerSecret(), Map.of("name", "x", "role", "ANALYST",
                "roles", List.of("OWNER")));
        assertProblem(key, 400, "validation-failed");
        assertThat(errorFields(key)).containsExactly("roles");
        assertThat(walk("/v1/keys", tenant.ownerSecret(), 10)).as("nothing was created").hasSize(1);
        // a field the service keeps to itself is as unknown to a client as a typo
        Response internal = api.request("PATCH", "/v1/admin/tenants/" + tenant.id()).bearer(adminToken)
                .json(Map.of("budgetWindowPresent", true)).send();
        assertProblem(internal, 400, "validation-failed");
        assertThat(errorFields(internal)).containsExactly("budgetWindowPresent");
    }

    @Test
    void shouldReadStoredJsonLenientlyWhileRequestBodiesAreStrict() {
        // what the service reads back from its own storage (replayed responses, journal records) may hold a field
        // an earlier version wrote and this one dropped: only HTTP request bodies refuse unknown fields
        TenantDtos.CreateKeyRequest stored = json.readValue("{\"name\": \"k\", \"role\": \"OWNER\", "
                + "\"droppedSince\": 1}", TenantDtos.CreateKeyRequest.class);
        assertThat(stored.name()).isEqualTo("k");
        Tenant tenant = newTenant();
        Response sent = api.post("/v1/keys", tenant.ownerSecret(), Map.of("name", "k", "role", "OWNER",
                "droppedSince", 1));
        assertProblem(sent, 400, "validation-failed");
        assertThat(errorFields(sent)).containsExactly("droppedSince");
    }

    @Test
    void shouldSendNoCorsHeadersWhenNoOriginIsAllowed() {
        Tenant tenant = newTenant();
        Response preflight = api.request("OPTIONS", "/v1/keys").header("Origin", "https://notebook.example.org")
                .header("Access-Control-Request-Method", "POST").send();
        assertThat(corsHeaders(preflight)).isEmpty();
        Response get = api.request("GET", "/v1/keys").bearer(tenant.ownerSecret())
                .header("Origin", "https://notebook.example.org").send();
        assertThat(get.status()).isEqualTo(200);
        assertThat(corsHeaders(get)).isEmpty();
    }

    private static List<String> corsHeaders(Response response) {
        return response.raw().headers().map().keySet().stream()
                .filter(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-")).toList();
    }
}
