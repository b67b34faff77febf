package io.ppml.dp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ppml.support.ApiTestBase;
import io.ppml.support.Api.Response;
import io.ppml.support.Concurrently;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static io.ppml.support.ProblemAssertions.errorFields;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential privacy and the privacy budget over real HTTP, once per database (see the subclasses): the budget
 * is never overspent under concurrency, bad input spends nothing, retries are charged once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ppml.dp.max-values=1000")
abstract class AbstractDpApiTests extends ApiTestBase {

    String owner;
    String tenantId;

    @BeforeEach
    void newTenant() {
        NewTenant tenant = createTenant("dp", 2.0, 1e-5);
        owner = tenant.ownerSecret();
        tenantId = tenant.id();
    }

    String key(String role) {
        return newKey(owner, role);
    }

    static Map<String, Object> count(double epsilon) {
        return Map.of("statistic", "COUNT", "values", List.of(1, 2, 3, 4, 5), "epsilon", epsilon);
    }

    JsonNode budget() {
        Response response = api.get("/v1/budget", owner);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    JsonNode ledger() {
        Response response = api.get("/v1/budget/ledger?limit=500", owner);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items");
    }

    @Test
    void shouldAnswerExactlyWhatTheBudgetAllowsUnderConcurrency() throws Exception {
        List<Response> responses = Concurrently.run(60, i -> () -> api.post("/v1/dp/statistics", owner, count(0.1)));
        long answered = responses.stream().filter(r -> r.status() == 200).count();
        List<Response> refused = responses.stream().filter(r -> r.status() != 200).toList();
        assertThat(answered).isEqualTo(20);
        assertThat(refused).hasSize(40).allSatisfy(r -> assertProblem(r, 403, "budget-exhausted"));

        JsonNode budget = budget();
        assertThat(budget.at("/epsilon/spent").asDouble()).isEqualTo(2.0);
        assertThat(budget.at("/epsilon/remaining").asDouble()).isEqualTo(0.0);
        assertThat(ledger()).hasSize(20);
        assertThat(jdbc.sql("select count(*) from budget_ledger where tenant_id = ?")
                .param(UUID.fromString(tenantId)).query(Long.class).single()).isEqualTo(20);
    }

    @Test
    void shouldReleaseTheSeedExampleWithNoiseCostAndReceipt() {
        Response response = api.post("/v1/dp/noise", owner,
                Map.of("values", List.of(10, 15, 20), "sensitivity", 5, "epsilon", 0.1));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("noisyValues")).hasSize(3);
        assertThat(body.get("scale").asDouble()).isBetween(50.0, 50.0 * (1 + 1e-9));
        // Laplace(b): P(|X| > h) = exp(−h/b); for all 3 values at once at 95 %, each at 1 − 0.05/3: b·ln 60 ≈ 204.7
        assertThat(body.at("/confidenceInterval/halfWidth").asDouble()).isCloseTo(50 * Math.log(60),
                org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(body.at("/privacy/epsilon").asDouble()).isEqualTo(0.1);
        assertThat(body.at("/privacy/mechanism").asString()).isEqualTo("LAPLACE");
        assertThat(body.at("/budget/epsilonRemaining").asDouble()).isCloseTo(1.9, org.assertj.core.data.Offset.offset(1e-12));

        Response receipt = api.get("/v1/dp/receipts/" + body.get("receiptId").asString(), key("ANALYST"));
        assertThat(receipt.status()).as(receipt.toString()).isEqualTo(200);
        assertThat(receipt.json().get("released")).isEqualTo(body.get("noisyValues"));
        assertThat(receipt.json().get("sensitivity").asDouble()).isEqualTo(5.0);
        assertThat(receipt.json().at("/privacy/epsilon").asDouble()).isEqualTo(0.1);
        assertThat(receipt.json().at("/ledger/sequence").asLong()).isEqualTo(1);

        String entryId = api.get("/v1/budget/ledger", owner).json().at("/items/0/id").asString();
        assertThat(entryId).isEqualTo(receipt.json().at("/ledger/entryId").asString());
        Response byEntry = api.get("/v1/dp/receipts/by-ledger-entry/" + entryId, key("ANALYST"));
        assertThat(byEntry.status()).as(byEntry.toString()).isEqualTo(200);
        assertThat(byEntry.json()).isEqualTo(receipt.json());
    }

    @Test
    void shouldAnswerEveryStatistic() {
        List<Double> ages = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ages.add(20.0 + (i % 61));
        }
        Map<String, Object> common = Map.of("values", ages, "lower", 0, "upper", 100, "epsilon", 0.2);
        Map<String, Double> expected = Map.of("COUNT", 1000.0, "SUM", ages.stream().mapToDouble(d -> d).sum(),
                "MEAN", 49.94);
        for (String statistic : List.of("COUNT", "SUM", "MEAN", "VARIANCE", "STDDEV")) {
            Map<String, Object> request = new HashMap<>(common);
            request.put("statistic", statistic);
            if (statistic.equals("COUNT")) {
                // COUNT counts every value: bounds would change nothing, and are refused
                request.remove("lower");
                request.remove("upper");
            }
            Response response = api.post("/v1/dp/statistics", owner, request);
            assertThat(response.status()).as(statistic + ": " + response).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.get("statistic").asString()).isEqualTo(statistic);
            double result = body.get("result").asDouble();
            JsonNode ci = body.get("confidenceInterval");
            assertThat(ci.get("halfWidth").asDouble()).isPositive();
            assertThat(ci.get("level").asDouble()).isEqualTo(0.95);
            if (expected.containsKey(statistic)) {
                // a 95 % interval is allowed to miss; 6 half-widths would miss with negligible probability
                assertThat(Math.abs(result - expected.get(statistic))).as(statistic)
                        .isLessThan(6 * ci.get("halfWidth").asDouble());
            }
        }
        Response quantiles = api.post("/v1/dp/statistics", owner, Map.of("statistic", "QUANTILES", "values", ages,
                "lower", 0, "upper", 100, "quantiles", List.of(0.5), "epsilon", 0.2));
        assertThat(quantiles.status()).as(quantiles.toString()).isEqualTo(200);
        assertThat(quantiles.json().get("result")).hasSize(1);

        Response histogram = api.post("/v1/dp/statistics", owner, Map.of("statistic", "HISTOGRAM",
                "values", List.of("A", "B", "A", "C"), "categories", List.of("A", "B", "C"), "epsilon", 0.2));
        assertThat(histogram.status()).as(histogram.toString()).isEqualTo(200);
        assertThat(histogram.json().get("result").propertyNames()).containsExactly("A", "B", "C");
        assertThat(ledger()).hasSize(7);
        assertThat(budget().at("/epsilon/spent").asDouble()).isCloseTo(1.4, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldRefuseBadInputAndSpendNothing() {
        List<Map<String, Object>> bad = List.of(
                Map.of("statistic", "SUM", "values", List.of(1, 2), "lower", 0, "upper", 10, "epsilon", 0),
                Map.of("statistic", "SUM", "values", List.of(1, 2), "lower", 0, "upper", 10, "epsilon", -1),
                Map.of("statistic", "SUM", "values", List.of(1, 2), "lower", 0, "upper", 10, "epsilon", 11),
                Map.of("statistic", "SUM", "values", List.of(1, 2), "lower", 0, "upper", 10, "epsilon", 0.5,
                        "delta", 0.1),
                Map.of("statistic", "SUM", "values", List.of(1, 2), "lower", 0, "upper", 10, "epsilon", 0.5,
                        "delta", 1, "mechanism", "GAUSSIAN"),
                Map.of("statistic", "SUM", "values", List.of(1, 2), "lower", 10, "upper", 0, "epsilon", 0.5),
                Map.of("statistic", "SUM", "values", List.of(1, 2), "epsilon", 0.5),
                Map.of("statistic", "MEAN", "values", List.of(), "lower", 0, "upper", 10, "epsilon", 0.5),
                Map.of("statistic", "SUM", "values", List.of(1, "two"), "lower", 0, "upper", 10, "epsilon", 0.5),
                Map.of("statistic", "SUM", "values", java.util.Collections.nCopies(1001, 1), "lower", 0, "upper", 10,
                        "epsilon", 0.5));
        for (Map<String, Object> request : bad) {
            Response response = api.post("/v1/dp/statistics", owner, request);
            assertProblem(response, 400, "validation-failed");
            assertThat(response.json().get("errors")).as(request.toString()).isNotEmpty();
        }
        String[] raw = {
            "{\"statistic\": \"SUM\", \"values\": [1, 1e400], \"lower\": 0, \"upper\": 10, \"epsilon\": 0.5}",
            "{\"statistic\": \"SUM\", \"values\": [1, 2], \"lower\": 0, \"upper\": 1e400, \"epsilon\": 0.5}",
            "{\"statistic\": \"SUM\", \"values\": [1, NaN], \"lower\": 0, \"upper\": 10, \"epsilon\": 0.5}",
            "{\"statistic\": \"MEDIAN\", \"values\": [1, 2], \"epsilon\": 0.5}",
            "{\"statistic\": \"SUM\", \"values\": [1, 2], \"lower\": 0, \"upper\": 10}",
            "{\"values\": [1, 1e400], \"sensitivity\": 1, \"epsilon\": 0.5}"};
        for (String body : raw) {
            String path = body.contains("sensitivity") ? "/v1/dp/noise" : "/v1/dp/statistics";
            assertProblem(api.post(path, owner, body), 400, "validation-failed");
        }
        assertProblem(api.post("/v1/dp/noise", owner, Map.of("values", List.of(1), "sensitivity", -1,
                "epsilon", 0.5)), 400, "validation-failed");
        assertThat(ledger()).isEmpty();
        assertThat(budget().at("/epsilon/spent").asDouble()).isZero();
    }

    @Test
    void shouldRefuseReleasesToAnalystsAndContributors() {
        String analyst = key("ANALYST");
        String contributor = key("CONTRIBUTOR");
        assertProblem(api.post("/v1/dp/statistics", analyst, count(0.1)), 403, "forbidden");
        assertProblem(api.post("/v1/dp/noise", analyst, Map.of("values", List.of(1), "sensitivity", 1,
                "epsilon", 0.1)), 403, "forbidden");
        assertProblem(api.post("/v1/dp/statistics", contributor, count(0.1)), 403, "forbidden");
        assertThat(api.get("/v1/budget", analyst).status()).isEqualTo(200);
        assertThat(api.get("/v1/budget/ledger", analyst).status()).isEqualTo(200);
        assertProblem(api.get("/v1/budget/ledger", contributor), 403, "forbidden");
        assertThat(ledger()).isEmpty();
    }

    @Test
    void shouldChargeARetryOnceAndReturnTheSameNoisyAnswer() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = Map.of("statistic", "SUM", "values", List.of(3, 4, 5), "lower", 0,
                "upper", 10, "epsilon", 0.5);
        Response first = api.request("POST", "/v1/dp/statistics").bearer(owner).header("Idempotency-Key", key)
                .json(request).send();
        Response retry = api.request("POST", "/v1/dp/statistics").bearer(owner).header("Idempotency-Key", key)
                .json(request).send();
        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(ledger()).hasSize(1);
        assertThat(ledger().get(0).get("idempotencyKey").asString()).isEqualTo(key);
        assertThat(budget().at("/epsilon/spent").asDouble()).isEqualTo(0.5);
        Response other = api.post("/v1/dp/statistics", owner, request);
        assertThat(other.json().get("result")).as("without a key, a new release with fresh noise")
                .isNotEqualTo(first.json().get("result"));
    }

    @Test
    void shouldPageTheLedgerNewestFirstAndResetWithTheWindow() {
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/v1/dp/statistics", owner, count(0.1)).status()).isEqualTo(200);
        }
        Response page1 = api.get("/v1/budget/ledger?limit=2", owner);
        assertThat(page1.json().get("items")).hasSize(2);
        assertThat(page1.json().at("/items/0/sequence").asLong()).isEqualTo(5);
        String cursor = page1.json().get("nextCursor").asString();
        Response page2 = api.get("/v1/budget/ledger?limit=2&after=" + cursor, owner);
        assertThat(page2.json().at("/items/0/sequence").asLong()).isEqualTo(3);
        Response page3 = api.get("/v1/budget/ledger?limit=2&after=" + page2.json().get("nextCursor").asString(),
                owner);
        assertThat(page3.json().get("items")).hasSize(1);
        assertThat(page3.json().get("nextCursor").isNull()).isTrue();
        assertProblem(api.get("/v1/budget/ledger?limit=0", owner), 400, "validation-failed");
        assertProblem(api.get("/v1/budget/ledger?limit=abc", owner), 400, "validation-failed");

        assertThat(api.request("PATCH", "/v1/admin/tenants/" + tenantId).bearer(adminToken)
                .json(Map.of("budgetWindow", "P1D")).send().status()).isEqualTo(200);
        JsonNode before = budget();
        assertThat(before.at("/epsilon/spent").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(before.at("/window/period").asString()).isEqualTo("P1D");
        // pretend the tenant was created (and the window began) two days ago
        jdbc.sql("update tenants set created_at = created_at - interval '2' day where id = ?")
                .param(UUID.fromString(tenantId)).update();
        jdbc.sql("update budget_accounts set window_start = window_start - interval '2' day where tenant_id = ?")
                .param(UUID.fromString(tenantId)).update();
        JsonNode after = budget();
        assertThat(after.at("/epsilon/spent").asDouble()).isZero();
        assertThat(after.at("/epsilon/remaining").asDouble()).isEqualTo(2.0);
        assertThat(after.at("/lifetime/epsilon").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(api.post("/v1/dp/statistics", owner, count(0.1)).status()).isEqualTo(200);
        assertThat(budget().at("/epsilon/spent").asDouble()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldAccountGaussianReleasesInZcdp() {
        Response gaussian = api.post("/v1/dp/statistics", owner, Map.of("statistic", "COUNT",
                "values", List.of(1, 2, 3), "epsilon", 1.0, "delta", 1e-6, "mechanism", "GAUSSIAN"));
        assertThat(gaussian.status()).as(gaussian.toString()).isEqualTo(200);
        JsonNode privacy = gaussian.json().get("privacy");
        assertThat(privacy.get("mechanism").asString()).isEqualTo("GAUSSIAN");
        assertThat(privacy.get("rho").asDouble()).isPositive();
        assertThat(privacy.get("delta").asDouble()).isEqualTo(1e-6);
        JsonNode budget = budget();
        // one Gaussian release calibrated for (1, 1e-6) converts back to ε ≤ 1 (plus rounding up)
        assertThat(budget.at("/epsilon/spent").asDouble()).isBetween(0.99, 1.0 + 1e-9);
        assertThat(budget.at("/delta/spent").asDouble()).isEqualTo(1e-6);
    }

    @Test
    void shouldHideOtherTenantsReceipts() {
        Response mine = api.post("/v1/dp/statistics", owner, count(0.1));
        String receipt = mine.json().get("receiptId").asString();
        Response other = api.post("/v1/admin/tenants", adminToken, Map.of("name", "other-" + UUID.randomUUID(),
                "epsilonBudget", 1, "deltaBudget", 0));
        String theirs = other.json().at("/apiKey/secret").asString();
        assertProblem(api.get("/v1/dp/receipts/" + receipt, theirs), 404, "not-found");
        assertProblem(api.get("/v1/dp/receipts/" + UUID.randomUUID(), owner), 404, "not-found");
        String entry = api.get("/v1/budget/ledger", owner).json().at("/items/0/id").asString();
        assertThat(api.get("/v1/dp/receipts/by-ledger-entry/" + entry, owner).status()).isEqualTo(200);
        assertProblem(api.get("/v1/dp/receipts/by-ledger-entry/" + entry, theirs), 404, "not-found");
        assertProblem(api.get("/v1/dp/receipts/by-ledger-entry/" + UUID.randomUUID(), owner), 404, "not-found");
    }

    static Map<String, Object> patients(Double epsilonCap) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "patients-" + UUID.randomUUID());
        body.put("columns", List.of(
                Map.of("name", "age", "type", "NUMERIC", "lower", 0, "upper", 120),
                Map.of("name", "sex", "type", "CATEGORICAL", "categories", List.of("F", "M", "X")),
                Map.of("name", "patient", "type", "CATEGORICAL")));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            rows.add(List.of(30 + (i % 41), i % 2 == 0 ? "F" : "M", "p" + (i / 3)));
        }
        body.put("rows", rows);
        body.put("privacyUnit", "patient");
        body.put("maxContributions", 1);
        if (epsilonCap != null) {
            body.put("epsilonCap", epsilonCap);
        }
        return body;
    }

    @Test
    void shouldStoreDatasetsSealedAndAnswerAnalystsQueriesWithoutEverReturningRows() {
        Response uploaded = api.post("/v1/dp/datasets", owner, patients(null));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String id = uploaded.json().get("id").asString();
        assertThat(uploaded.json().get("rowCount").asInt()).isEqualTo(600);
        assertThat(uploaded.body()).doesNotContain("p17");
        String analyst = key("ANALYST");
        assertThat(api.get("/v1/dp/datasets", analyst).body()).contains(id).doesNotContain("p17");
        assertThat(api.get("/v1/dp/datasets/" + id, analyst).json().get("privacyUnit").asString())
                .isEqualTo("patient");
        // the exact size is private: analysts see it only when the owner declared it public
        assertThat(api.get("/v1/dp/datasets/" + id, analyst).json().has("rowCount")).isFalse();
        assertThat(api.get("/v1/dp/datasets", analyst).json().at("/items/0").has("rowCount")).isFalse();
        assertThat(api.get("/v1/dp/datasets/" + id, owner).json().get("rowCount").asInt()).isEqualTo(600);
        Map<String, Object> declared = new HashMap<>(patients(null));
        declared.put("rowCountPublic", true);
        String publicId = api.post("/v1/dp/datasets", owner, declared).json().get("id").asString();
        Response publicView = api.get("/v1/dp/datasets/" + publicId, analyst);
        assertThat(publicView.json().get("rowCount").asInt()).isEqualTo(600);
        assertThat(publicView.json().get("rowCountPublic").asBoolean()).isTrue();
        assertThat(api.request("DELETE", "/v1/dp/datasets/" + publicId).bearer(owner).send().status()).isEqualTo(204);
        String sealed = jdbc.sql("select sealed_rows from dp_datasets where id = ?").param(UUID.fromString(id))
                .query(String.class).single();
        // base64 of AES-GCM output: neither the column nor its decoded bytes hold the JSON of any row
        String opened = new String(java.util.Base64.getDecoder().decode(sealed),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(sealed + opened).doesNotContain("\"p17\"", "\"F\"");

        // 200 patients with 3 rows each; maxContributions = 1 keeps one row per patient
        Response count = api.post("/v1/dp/datasets/" + id + "/query", analyst,
                Map.of("statistic", "COUNT", "column", "age", "epsilon", 0.5));
        assertThat(count.status()).as(count.toString()).isEqualTo(200);
        assertThat(count.json().get("result").asDouble()).isCloseTo(200, org.assertj.core.data.Offset.offset(
                6 * count.json().at("/confidenceInterval/halfWidth").asDouble()));

        Response bySex = api.post("/v1/dp/datasets/" + id + "/query", analyst,
                Map.of("statistic", "MEAN", "column", "age", "groupBy", "sex", "epsilon", 0.5));
        assertThat(bySex.status()).as(bySex.toString()).isEqualTo(200);
        assertThat(bySex.json().get("result").propertyNames()).containsExactly("F", "M", "X");
        assertThat(bySex.json().at("/privacy/epsilon").asDouble()).isEqualTo(0.5);

        assertProblem(api.post("/v1/dp/datasets/" + id + "/query", analyst,
                Map.of("statistic", "MEAN", "column", "weight", "epsilon", 0.5)), 400, "validation-failed");
        assertProblem(api.post("/v1/dp/datasets/" + id + "/query", analyst,
                Map.of("statistic", "MEAN", "column", "age", "groupBy", "patient", "epsilon", 0.5)), 400,
                "validation-failed");
        assertThat(ledger()).hasSize(2);

        assertProblem(api.request("DELETE", "/v1/dp/datasets/" + id).bearer(analyst).send(), 403, "forbidden");
        assertThat(api.request("DELETE", "/v1/dp/datasets/" + id).bearer(owner).send().status()).isEqualTo(204);
        assertProblem(api.get("/v1/dp/datasets/" + id, analyst), 404, "not-found");
    }

    @Test
    void shouldRefuseQueriesBeyondADatasetsEpsilonCap() {
        String id = api.post("/v1/dp/datasets", owner, patients(1.0)).json().get("id").asString();
        Map<String, Object> query = Map.of("statistic", "SUM", "column", "age", "epsilon", 0.5);
        assertThat(api.post("/v1/dp/datasets/" + id + "/query", owner, query).status()).isEqualTo(200);
        assertThat(api.post("/v1/dp/datasets/" + id + "/query", owner, query).status()).isEqualTo(200);
        assertProblem(api.post("/v1/dp/datasets/" + id + "/query", owner, query), 403, "budget-exhausted");
        assertThat(budget().at("/epsilon/spent").asDouble()).isEqualTo(1.0);
        assertThat(api.get("/v1/dp/datasets/" + id, owner).json().get("epsilonSpent").asDouble()).isEqualTo(1.0);
    }

    @Autowired
    DatasetService datasets;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JsonMapper json;

    @Test
    void shouldRestoreAJournaledCapSpendButNeverLowerIt() {
        String id = api.post("/v1/dp/datasets", owner, patients(1.0)).json().get("id").asString();
        Map<String, Object> query = Map.of("statistic", "SUM", "column", "age", "epsilon", 0.5);
        assertThat(api.post("/v1/dp/datasets/" + id + "/query", owner, query).status()).isEqualTo(200);
        // what the journal's replay at start-up does with a record of kind "dp.dataset-cap", in its transaction
        TransactionTemplate replay = new TransactionTemplate(transactions);
        Boolean lowered = replay.execute(status -> datasets.replayCapSpent(
                json.valueToTree(new DatasetService.CapSpent(id, "0.25"))));
        assertThat(lowered).as("never lowers").isFalse();
        assertThat(api.get("/v1/dp/datasets/" + id, owner).json().get("epsilonSpent").asDouble()).isEqualTo(0.5);
        Boolean restored = replay.execute(status -> datasets.replayCapSpent(
                json.valueToTree(new DatasetService.CapSpent(id, "0.75"))));
        assertThat(restored).as("restores").isTrue();
        assertThat(api.get("/v1/dp/datasets/" + id, owner).json().get("epsilonSpent").asDouble()).isEqualTo(0.75);
        assertProblem(api.post("/v1/dp/datasets/" + id + "/query", owner, query), 403, "budget-exhausted");
    }

    @Test
    void shouldUploadCsvAndRejectBadDatasets() {
        String csv = "age,sex\n34,F\n51,M\n\"47\",F\n";
        String upload = "/v1/dp/datasets/csv?name=csv-" + UUID.randomUUID()
                + "&columns=age:NUMERIC:0:120,sex:CATEGORICAL:F%7CM&rowCountPublic=true";
        Response uploaded = api.request("POST", upload).bearer(owner)
                .bytes(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv").send();
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertProblem(api.request("POST", upload).bearer(owner)
                .bytes(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv").send(), 409, "conflict");
        assertThat(uploaded.json().get("rowCount").asInt()).isEqualTo(3);
        assertThat(api.get("/v1/dp/datasets/" + uploaded.json().get("id").asString(), key("ANALYST")).json()
                .get("rowCount").asInt()).isEqualTo(3);

        Response badHeader = api.request("POST", "/v1/dp/datasets/csv?name=bad&columns=age:NUMERIC:0:120")
                .bearer(owner).bytes("height\n3\n".getBytes(), "text/csv").send();
        assertProblem(badHeader, 400, "validation-failed");

        Map<String, Object> wrongCategory = patients(null);
        @SuppressWarnings("unchecked")
        List<List<Object>> rows = (List<List<Object>>) wrongCategory.get("rows");
        rows.set(5, List.of(40, "Q", "p1"));
        Response invalid = api.post("/v1/dp/datasets", owner, wrongCategory);
        assertProblem(invalid, 400, "validation-failed");
        assertThat(invalid.json().at("/errors/0/field").asString()).isEqualTo("rows[5][1]");
        Map<String, Object> infinite = new HashMap<>(patients(null));
        infinite.put("rows", List.of(List.of("x", "F", "p1")));
        assertProblem(api.post("/v1/dp/datasets", owner, infinite), 400, "validation-failed");
        assertProblem(api.post("/v1/dp/datasets", key("ANALYST"), patients(null)), 403, "forbidden");
        assertThat(api.get("/v1/dp/datasets", owner).json().get("items")).hasSize(1);
    }

    @Test
    void shouldPlanWithoutSpending() {
        Response plan = api.post("/v1/dp/plan", owner, Map.of("statistic", "COUNT", "halfWidth", 10));
        assertThat(plan.status()).as(plan.toString()).isEqualTo(200);
        double epsilon = plan.json().get("epsilon").asDouble();
        // Laplace(1/ε): the 95 % half-width is ln(20)/ε, so a half-width of 10 needs ε ≈ 0.2996
        assertThat(epsilon).isCloseTo(Math.log(20) / 10, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(plan.json().get("halfWidth").asDouble()).isLessThanOrEqualTo(10.0);
        assertThat(plan.json().get("queriesRemaining").asLong()).isEqualTo((long) Math.floor(2.0 / epsilon));

        Response reverse = api.post("/v1/dp/plan", key("ANALYST"), Map.of("statistic", "SUM", "epsilon", 0.5,
                "lower", 0, "upper", 100));
        assertThat(reverse.json().get("halfWidth").asDouble()).isCloseTo(200 * Math.log(20),
                org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(reverse.json().get("queriesRemaining").asLong()).isEqualTo(4);
        assertThat(api.post("/v1/dp/plan", owner, Map.of("statistic", "MEAN", "epsilon", 0.5, "lower", 0,
                "upper", 1)).json().get("halfWidth").isNull()).isTrue();
        assertProblem(api.post("/v1/dp/plan", owner, Map.of("statistic", "MEAN", "halfWidth", 1)), 400,
                "validation-failed");
        assertProblem(api.post("/v1/dp/plan", owner, Map.of("statistic", "COUNT")), 400, "validation-failed");

        // a histogram of 7 buckets bounds all 7 at once: wider than one bucket, and as wide as its release
        double oneBucket = api.post("/v1/dp/plan", owner, Map.of("statistic", "HISTOGRAM", "epsilon", 0.5))
                .json().get("halfWidth").asDouble();
        Response sevenBuckets = api.post("/v1/dp/plan", owner, Map.of("statistic", "HISTOGRAM", "epsilon", 0.5,
                "buckets", 7));
        assertThat(sevenBuckets.status()).as(sevenBuckets.toString()).isEqualTo(200);
        assertThat(sevenBuckets.json().get("halfWidth").asDouble()).isGreaterThan(oneBucket);
        Response bucketsOnCount = api.post("/v1/dp/plan", owner, Map.of("statistic", "COUNT", "epsilon", 0.5,
                "buckets", 7));
        assertProblem(bucketsOnCount, 400, "validation-failed");
        assertThat(errorFields(bucketsOnCount)).containsExactly("buckets");
        assertThat(ledger()).isEmpty();
        Response released = api.post("/v1/dp/statistics", owner, Map.of("statistic", "HISTOGRAM", "epsilon", 0.5,
                "values", List.of(1, 2, 3), "bins", List.of(0, 1, 2, 3, 4, 5, 6, 7)));
        assertThat(released.json().at("/confidenceInterval/halfWidth").asDouble())
                .isEqualTo(sevenBuckets.json().get("halfWidth").asDouble());
    }

    /**
     * Issue 9's free oracle: SUM with lower = upper = Double.MAX_VALUE / k overflowed exactly when k < n, the failure
     * rolled the charge back, and a binary search over k gave the row count (per group with groupBy) for nothing.
     * Now k = n − 1 and k = n + 1 get the same answer — a 400 before any row is read — and the same ledger change.
     */
    @Test
    void shouldAnswerTheOverflowProbeAlikeOnEitherSideOfTheRowCount() {
        int n = 60;
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(List.of(1.0, i % 3 == 0 ? "A" : "B"));
        }
        Response uploaded = api.post("/v1/dp/datasets", owner, Map.of("name", "probe-" + UUID.randomUUID(),
                "columns", List.of(Map.of("name", "v", "type", "NUMERIC"),
                        Map.of("name", "g", "type", "CATEGORICAL", "categories", List.of("A", "B"))),
                "rows", rows));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String query = "/v1/dp/datasets/" + uploaded.json().get("id").asString() + "/query";
        String analyst = key("ANALYST");
        List<String> outcomes = new ArrayList<>();
        for (String groupBy : new String[]{null, "g"}) {
            // per group: 20 rows in A, 40 in B; the probe straddles each
            for (int k : new int[]{n - 1, n + 1, 19, 21, 39, 41}) {
                Map<String, Object> body = new HashMap<>(Map.of("statistic", "SUM", "column", "v",
                        "lower", Double.MAX_VALUE / k, "upper", Double.MAX_VALUE / k, "epsilon", 0.1));
                if (groupBy != null) {
                    body.put("groupBy", groupBy);
                }
                int before = ledger().size();
                Response answer = api.post(query, analyst, body);
                outcomes.add(answer.status() + " " + answer.json().get("code") + " "
                        + answer.json().get("detail") + " charged " + (ledger().size() - before));
            }
        }
        assertThat(outcomes).hasSize(12).containsOnly(outcomes.get(0));
        assertThat(outcomes.get(0)).startsWith("400 \"validation-failed\"").endsWith("charged 0");
        assertThat(budget().at("/epsilon/spent").asDouble()).isZero();
    }

    @Test
    void shouldCountACategoricalColumnAndReportWhatAGroupedReleaseIsCharged() {
        Map<String, Object> upload = new HashMap<>(patients(null));
        upload.put("maxContributions", 3);
        String id = api.post("/v1/dp/datasets", owner, upload).json().get("id").asString();
        String query = "/v1/dp/datasets/" + id + "/query";
        String analyst = key("ANALYST");

        Response count = api.post(query, analyst, Map.of("statistic", "COUNT", "column", "sex", "epsilon", 0.3));
        assertThat(count.status()).as(count.toString()).isEqualTo(200);
        // 600 rows, 3 per patient, all kept (maxContributions 3); the noise has sensitivity 3
        assertThat(count.json().get("result").asDouble()).isCloseTo(600, org.assertj.core.data.Offset.offset(
                6 * count.json().at("/confidenceInterval/halfWidth").asDouble()));

        for (Map<String, Object> grouped : List.of(
                Map.<String, Object>of("statistic", "MEAN", "column", "age", "groupBy", "sex", "epsilon", 0.3),
                Map.<String, Object>of("statistic", "MEAN", "column", "age", "groupBy", "sex", "epsilon", 0.5,
                        "mechanism", "GAUSSIAN", "delta", 1e-6))) {
            Response answer = api.post(query, analyst, grouped);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            JsonNode charged = ledger().get(0);
            // one release of the whole vector of groups: what is reported is what the ledger charged
            assertThat(answer.json().at("/privacy/epsilon").asDouble()).isEqualTo(charged.get("epsilon").asDouble());
            assertThat(answer.json().at("/privacy/rho").asDouble()).isEqualTo(charged.get("rho").asDouble());
            assertThat(answer.json().at("/privacy/epsilon").asDouble()).isEqualTo(((Number) grouped.get("epsilon"))
                    .doubleValue());
        }
        assertThat(budget().at("/epsilon/spent").asDouble()).isLessThanOrEqualTo(0.3 + 0.3 + 0.5 + 1e-12);
    }

    /**
     * A dataset's queries are sized by the row limit it was uploaded under, not by the current setting: were the
     * setting lowered below a dataset's size, refusing its queries would tell its size. The stored limit is what
     * decides here (raised by hand to stand for a dataset uploaded under a larger setting).
     */
    @Test
    void shouldSizeADatasetsQueriesByTheLimitItWasUploadedUnder() {
        String id = api.post("/v1/dp/datasets", owner, patients(null)).json().get("id").asString();
        double bound = 0x1p1000 / 1500; // fits 1,000 rows (this instance's limit), not 2,000
        Map<String, Object> sum = Map.of("statistic", "SUM", "column", "age", "lower", 0, "upper", bound,
                "epsilon", 10);
        // the noise at this bound is beyond the doubles at any ε, so both answers are refusals — but which check
        // refuses shows which limit sized the query
        Response atUpload = api.post("/v1/dp/datasets/" + id + "/query", owner, sum);
        assertProblem(atUpload, 400, "validation-failed");
        assertThat(atUpload.json().at("/errors/0/field").asString()).isEqualTo("epsilon");
        jdbc.sql("update dp_datasets set max_rows = 2000 where id = ?").param(UUID.fromString(id)).update();
        Response larger = api.post("/v1/dp/datasets/" + id + "/query", owner, sum);
        assertProblem(larger, 400, "validation-failed");
        assertThat(larger.json().at("/errors/0/field").asString()).isEqualTo("upper");
        assertThat(larger.json().at("/errors/0/message").asString()).contains("2000 rows");
    }

    /**
     * From outside, as an analyst: random public parameters (bounds up to the largest doubles, ε down to 2^-50, both
     * mechanisms, with and without groupBy) against two datasets of one schema that differ in size and content. Every
     * answer is below 500, and both datasets get the same status, code, field and charge: nothing about the rows
     * decides whether a query is refused, fails or is charged. Fixed seed, so a failure reproduces.
     */
    @Test
    void shouldAnswerRandomQueriesAlikeWhateverTheRowsAndNeverWithA5xx() {
        NewTenant rich = createTenant("dp-random", 1e6, 0.5);
        String analyst = newKey(rich.ownerSecret(), "ANALYST");
        java.util.Random random = new java.util.Random(20261130);
        String small = uploadRandom(rich.ownerSecret(), 5, random);
        String large = uploadRandom(rich.ownerSecret(), 400, random);
        double[] magnitudes = {0, 1, 1e6, 1e150, 1e154, 1e300, Double.MAX_VALUE / 3, Double.MAX_VALUE};
        List<String> statistics = List.of("COUNT", "SUM", "MEAN", "VARIANCE", "STDDEV", "QUANTILES", "HISTOGRAM");
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double a = magnitudes[random.nextInt(magnitudes.length)] * (random.nextBoolean() ? -1 : 1);
            double b = magnitudes[random.nextInt(magnitudes.length)] * (random.nextBoolean() ? -1 : 1);
            String statistic = statistics.get(random.nextInt(statistics.size()));
            boolean gaussian = random.nextBoolean();
            Map<String, Object> query = new HashMap<>(Map.of("statistic", statistic, "column", "v",
                    "lower", Math.min(a, b), "upper", Math.max(a, b),
                    "epsilon", random.nextBoolean() ? 0x1p-50 : 0.001 + random.nextDouble()));
            if (statistic.equals("COUNT") || statistic.equals("HISTOGRAM")) {
                // they read no bounds (a histogram's range is its bins), and refuse them
                query.remove("lower");
                query.remove("upper");
            }
            if (gaussian) {
                query.put("mechanism", "GAUSSIAN");
                query.put("delta", 1e-9);
            }
            if (random.nextBoolean()) {
                query.put("groupBy", "g");
            }
            if (statistic.equals("QUANTILES")) {
                query.put("quantiles", List.of(0.1, 0.5, 0.9));
            }
            if (statistic.equals("HISTOGRAM")) {
                query.put("bins", List.of(Math.min(a, b), Math.min(a, b) / 2 + Math.max(a, b) / 2, Math.max(a, b)));
            }
            String first = outcome(rich, analyst, small, query);
            String second = outcome(rich, analyst, large, query);
            assertThat(first).as("%s", query).doesNotStartWith("5").isEqualTo(second);
            outcomes.add(first);
        }
        assertThat(outcomes).as("the seed exercises both releases and refusals").anyMatch(o -> o.startsWith("200"))
                .anyMatch(o -> o.startsWith("400"));
    }

    private String uploadRandom(String ownerSecret, int rows, java.util.Random random) {
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double v = switch (random.nextInt(4)) {
                case 0 -> Double.MAX_VALUE * random.nextDouble();
                case 1 -> -Double.MAX_VALUE * random.nextDouble();
                case 2 -> random.nextGaussian() * 1e150;
                default -> random.nextDouble() * 100;
            };
            data.add(List.of(v, random.nextBoolean() ? "A" : "B"));
        }
        Response uploaded = api.post("/v1/dp/datasets", ownerSecret, Map.of("name", "random-" + UUID.randomUUID(),
                "columns", List.of(Map.of("name", "v", "type", "NUMERIC"),
                        Map.of("name", "g", "type", "CATEGORICAL", "categories", List.of("A", "B"))),
                "rows", data));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        return uploaded.json().get("id").asString();
    }

    /** Status, problem code and field, and how many ledger entries the query added. */
    private String outcome(NewTenant tenant, String analyst, String dataset, Map<String, Object> query) {
        long before = charges(tenant);
        Response answer = api.post("/v1/dp/datasets/" + dataset + "/query", analyst, query);
        String problem = answer.status() == 200 ? "" : answer.json().get("code").asString() + " "
                + answer.json().at("/errors/0/field").asString();
        return answer.status() + " " + problem + " charges " + (charges(tenant) - before);
    }

    private long charges(NewTenant tenant) {
        return jdbc.sql("select count(*) from budget_ledger where tenant_id = ?").param(UUID.fromString(tenant.id()))
                .query(Long.class).single();
    }

    @Test
    void shouldRefuseUnknownFieldsAndFieldsTheStatisticDoesNotReadAndSpendNothing() {
        Map<String, Object> typo = new HashMap<>(Map.of("statistic", "MEAN", "values", List.of(1, 2, 3), "lower", 0,
                "upper", 10, "epsilon", 0.5, "delta", 1e-6, "mechanisn", "GAUSSIAN"));
        Response misspelt = api.post("/v1/dp/statistics", owner, typo);
        assertProblem(misspelt, 400, "validation-failed");
        assertThat(errorFields(misspelt)).containsExactly("mechanisn");
        assertThat(misspelt.json().get("detail").asString()).startsWith("mechanisn: is not a known field")
                .contains("mechanism");

        Map<String, Map<String, Object>> unused = Map.of(
                "bins", Map.of("statistic", "COUNT", "values", List.of(1, 2), "bins", List.of(0, 1, 2),
                        "epsilon", 0.5),
                "lower", Map.of("statistic", "COUNT", "values", List.of(1, 2), "lower", 0, "epsilon", 0.5),
                "upper", Map.of("statistic", "HISTOGRAM", "values", List.of("A"), "categories", List.of("A"),
                        "upper", 9, "epsilon", 0.5),
                "quantiles", Map.of("statistic", "MEAN", "values", List.of(1, 2), "lower", 0, "upper", 10,
                        "quantiles", List.of(0.5), "epsilon", 0.5),
                "categories", Map.of("statistic", "QUANTILES", "values", List.of(1, 2), "lower", 0, "upper", 10,
                        "quantiles", List.of(0.5), "categories", List.of("A"), "epsilon", 0.5));
        unused.forEach((field, body) -> {
            Response refused = api.post("/v1/dp/statistics", owner, body);
            assertProblem(refused, 400, "validation-failed");
            assertThat(errorFields(refused)).as(field).containsExactly(field);
            assertThat(refused.json().get("detail").asString()).isEqualTo(field + ": is not used by "
                    + body.get("statistic") + ": leave it out");
        });
        Response plan = api.post("/v1/dp/plan", owner, Map.of("statistic", "COUNT", "epsilon", 0.5, "upper", 1));
        assertProblem(plan, 400, "validation-failed");
        assertThat(errorFields(plan)).containsExactly("upper");

        Map<String, Object> upload = patients(null);
        upload.put("columns", List.of(Map.of("name", "age", "type", "NUMERIC", "lower", 0, "uper", 120),
                Map.of("name", "sex", "type", "CATEGORICAL", "categories", List.of("F", "M", "X")),
                Map.of("name", "patient", "type", "CATEGORICAL")));
        Response nested = api.post("/v1/dp/datasets", owner, upload);
        assertProblem(nested, 400, "validation-failed");
        assertThat(errorFields(nested)).containsExactly("columns[0].uper");
        assertThat(walk("/v1/dp/datasets", owner, 10)).as("nothing was stored").isEmpty();

        String id = api.post("/v1/dp/datasets", owner, patients(null)).json().get("id").asString();
        Response query = api.post("/v1/dp/datasets/" + id + "/query", owner, Map.of("statistic", "MEAN",
                "column", "age", "groupby", "sex", "epsilon", 0.5));
        assertProblem(query, 400, "validation-failed");
        assertThat(errorFields(query)).containsExactly("groupby");
        Response bins = api.post("/v1/dp/datasets/" + id + "/query", owner, Map.of("statistic", "COUNT",
                "column", "age", "bins", List.of(0, 60, 120), "epsilon", 0.5));
        assertProblem(bins, 400, "validation-failed");
        assertThat(errorFields(bins)).containsExactly("bins");

        assertThat(ledger()).isEmpty();
        assertThat(budget().at("/epsilon/spent").asDouble()).isZero();
        assertThat(api.post("/v1/dp/statistics", owner, count(0.5)).status()).as("without them, it is answered")
                .isEqualTo(200);
    }

    @Test
    void shouldPageDatasetsEachOnceInCreationOrderAndOnlyTheTenants() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> upload = Map.of("name", "paged-" + i, "columns", List.of(Map.of("name", "v",
                    "type", "NUMERIC", "lower", 0, "upper", 1)), "rows", List.of(List.of(i % 2)));
            Response created = api.post("/v1/dp/datasets", owner, upload);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            ids.add(created.json().get("id").asString());
        }
        for (int limit : new int[]{1, 2, 5}) {
            assertThat(walk("/v1/dp/datasets", owner, limit)).map(d -> d.get("id").asString()).as("limit %d", limit)
                    .containsExactlyElementsOf(ids);
        }
        assertThat(walk("/v1/dp/datasets", key("ANALYST"), 3)).map(d -> d.get("id").asString())
                .containsExactlyElementsOf(ids);
        String other = createTenant("dp-other", 1, 0).ownerSecret();
        assertThat(walk("/v1/dp/datasets", other, 2)).as("another tenant's datasets never appear").isEmpty();
        assertProblem(api.get("/v1/dp/datasets?limit=501", owner), 400, "validation-failed");
        String cursor = api.get("/v1/dp/datasets?limit=2", owner).json().get("nextCursor").asString();
        Response foreign = api.get("/v1/keys?after=" + cursor, owner);
        assertProblem(foreign, 400, "validation-failed");
        assertThat(errorFields(foreign)).as("a dataset cursor is not a key cursor").containsExactly("after");
    }
}
