package io.ppml.ops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ppml.budget.BudgetGauges;
import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The domain metrics as Prometheus scrapes them, after a scenario that touches every feature: each series holds
 * exactly what the scenario did. The class has a context (and database) of its own, so no other test's requests
 * count; the budget gauges refresh only when the test asks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ppml.metrics.budget-refresh-interval=PT1H")
abstract class AbstractMetricsTests extends ApiTestBase {

    @Autowired
    BudgetGauges gauges;

    @Test
    void shouldExposeWhatTheScenarioDidOnTheDomainMetrics() {
        NewTenant tenant = createTenant("metrics", 1.0, 1e-5);
        String owner = tenant.ownerSecret();
        NewTenant idle = createTenant("idle", 2.5, 1e-6);

        // DP: four releases at ε = 0.25 spend the budget of 1; the fifth is refused
        for (int i = 0; i < 4; i++) {
            Response released = api.post("/v1/dp/statistics", owner, Map.of("statistic", "COUNT",
                    "values", List.of(1, 2, 3), "epsilon", 0.25));
            assertThat(released.status()).as(released.toString()).isEqualTo(200);
        }
        assertProblem(api.post("/v1/dp/statistics", owner, Map.of("statistic", "COUNT", "values", List.of(1),
                "epsilon", 0.25)), 403, "budget-exhausted");

        // HE: a key, an encryption of two values, their sum, its decryption, and a decryption refused (bad tag)
        Response key = api.post("/v1/he/keys", owner, Map.of("name", "k", "scheme", "PAILLIER", "modulusBits", 2048));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        Response encrypted = api.post("/v1/he/keys/k/encrypt", owner, Map.of("values", List.of(2, 3)));
        assertThat(encrypted.status()).as(encrypted.toString()).isEqualTo(200);
        List<JsonNode> ciphertexts = new ArrayList<>();
        encrypted.json().get("ciphertexts").forEach(ciphertexts::add);
        Response sum = api.post("/v1/he/compute", owner, Map.of("key", "k", "version", 1, "operation", "SUM",
                "ciphertexts", ciphertexts));
        assertThat(sum.status()).as(sum.toString()).isEqualTo(200);
        Response decrypted = api.post("/v1/he/keys/k/decrypt", owner, Map.of("version", 1,
                "ciphertexts", List.of(sum.json().get("ciphertext"))));
        assertThat(decrypted.status()).as(decrypted.toString()).isEqualTo(200);
        assertThat(decrypted.json().at("/values/0").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(5));
        ObjectNode forged = (ObjectNode) sum.json().get("ciphertext").deepCopy();
        forged.put("tag", "00".repeat(32));
        assertProblem(api.post("/v1/he/keys/k/decrypt", owner, Map.of("version", 1, "ciphertexts",
                List.of(forged))), 400, "validation-failed");

        // SMPC: one share accepted, sent again (a replay), then refused twice: a second submission of the same
        // contributor, and a share of the wrong length
        String contributor = newKey(owner, "CONTRIBUTOR");
        Response session = api.request("PUT", "/v1/smpc/sessions/s").bearer(owner).json(new HashMap<>(Map.of(
                "scheme", "ADDITIVE", "parties", 2, "partyIndex", 1, "vectorLength", 2, "fractionBits", 0,
                "minContributors", 1, "deadline", "2099-01-01T00:00:00Z", "verification", "NONE"))).send();
        assertThat(session.status()).as(session.toString()).isEqualTo(200);
        Map<String, Object> share = Map.of("contributorId", "c1", "submissionId", "s1", "share", List.of("1", "2"));
        assertThat(api.post("/v1/smpc/sessions/s/shares", contributor, share).status()).isEqualTo(202);
        assertThat(api.post("/v1/smpc/sessions/s/shares", contributor, share).status()).isEqualTo(202);
        assertProblem(api.post("/v1/smpc/sessions/s/shares", contributor, Map.of("contributorId", "c1",
                "submissionId", "s2", "share", List.of("3", "4"))), 409, "conflict");
        assertProblem(api.post("/v1/smpc/sessions/s/shares", contributor, Map.of("contributorId", "c2",
                "submissionId", "s3", "share", List.of("1"))), 400, "validation-failed");

        // FL: a FedAvg task without DP; two updates release its first round
        Response task = api.post("/v1/fl/tasks", owner, Map.of("name", "t", "dimension", 2, "rounds", 2,
                "minClients", 2, "roundTimeout", "PT10M", "aggregation", "FEDAVG"));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String taskId = task.json().get("id").asString();
        for (String client : List.of("a", "b")) {
            Response update = api.post("/v1/fl/tasks/" + taskId + "/updates", contributor, Map.of("clientId", client,
                    "round", 1, "numExamples", 1, "delta", new double[] {1, 2}));
            assertThat(update.status()).as(update.toString()).isEqualTo(202);
        }

        gauges.refresh();
        Scrape scrape = scrape();

        double charged = api.get("/v1/budget/ledger?limit=100", owner).json().get("items").valueStream()
                .mapToDouble(e -> e.get("epsilon").asDouble()).sum();
        assertThat(charged).isEqualTo(1.0);
        JsonNode budget = api.get("/v1/budget", owner).json();
        assertThat(scrape.value("ppml_budget_epsilon_spent", "tenant", tenant.id())).isEqualTo(charged)
                .isEqualTo(budget.at("/epsilon/spent").asDouble());
        assertThat(scrape.value("ppml_budget_epsilon_remaining", "tenant", tenant.id())).isEqualTo(0.0)
                .isEqualTo(budget.at("/epsilon/remaining").asDouble());
        assertThat(scrape.value("ppml_budget_delta_spent", "tenant", tenant.id())).isEqualTo(0.0);
        assertThat(scrape.value("ppml_budget_delta_remaining", "tenant", tenant.id())).isEqualTo(1e-5);
        assertThat(scrape.value("ppml_budget_epsilon_spent", "tenant", idle.id())).isEqualTo(0.0);
        assertThat(scrape.value("ppml_budget_epsilon_remaining", "tenant", idle.id())).isEqualTo(2.5);
        assertThat(scrape.value("ppml_budget_delta_remaining", "tenant", idle.id())).isEqualTo(1e-6);

        assertThat(scrape.series("ppml_budget_charges_total")).containsOnly(
                Map.entry(Map.of("operation", "dp.statistics.COUNT", "outcome", "charged"), 4.0),
                Map.entry(Map.of("operation", "dp.statistics.COUNT", "outcome", "refused"), 1.0));

        assertThat(scrape.series("ppml_he_operations_seconds_count")).containsOnly(
                Map.entry(Map.of("operation", "keygen", "outcome", "ok"), 1.0),
                Map.entry(Map.of("operation", "encrypt", "outcome", "ok"), 1.0),
                Map.entry(Map.of("operation", "sum", "outcome", "ok"), 1.0),
                Map.entry(Map.of("operation", "decrypt", "outcome", "ok"), 1.0),
                Map.entry(Map.of("operation", "decrypt", "outcome", "refused"), 1.0));
        assertThat(scrape.value("ppml_he_operations_seconds_sum", "operation", "keygen")).isPositive();
        assertThat(scrape.value("ppml_he_operations_seconds_bucket", "operation", "keygen", "le", "+Inf"))
                .isEqualTo(1.0);

        assertThat(scrape.series("ppml_smpc_submissions_total")).containsOnly(
                Map.entry(Map.of("outcome", "accepted", "reason", "none"), 1.0),
                Map.entry(Map.of("outcome", "replayed", "reason", "none"), 1.0),
                Map.entry(Map.of("outcome", "refused", "reason", "duplicate"), 1.0),
                Map.entry(Map.of("outcome", "refused", "reason", "invalid"), 1.0));

        assertThat(scrape.series("ppml_fl_rounds_total")).containsOnly(
                Map.entry(Map.of("aggregation", "fedavg", "dp", "false", "outcome", "released"), 1.0));
        assertThat(scrape.value("ppml_fl_updates_total")).isEqualTo(2.0);
    }

    Scrape scrape() {
        Response response = api.get("/actuator/prometheus", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isNotBlank();
        return new Scrape(response.body());
    }

    /** Prometheus text exposition, parsed: each series of a metric by its labels. */
    record Scrape(String text) {

        private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        /** Every series of {@code metric}: labels to value. */
        Map<Map<String, String>, Double> series(String metric) {
            Map<Map<String, String>, Double> series = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                Matcher m = LINE.matcher(line.strip());
                if (line.startsWith("#") || !m.matches() || !m.group(1).equals(metric)) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                if (m.group(3) != null) {
                    Matcher label = LABEL.matcher(m.group(3));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
                series.put(labels, Double.parseDouble(m.group(4)));
            }
            return series;
        }

        /** The value of the one series of {@code metric} whose labels include {@code labels} (name, value, ...). */
        double value(String metric, String... labels) {
            List<Double> found = new ArrayList<>();
            series(metric).forEach((have, value) -> {
                for (int i = 0; i < labels.length; i += 2) {
                    if (!labels[i + 1].equals(have.get(labels[i]))) {
                        return;
                    }
                }
                found.add(value);
            });
            assertThat(found).as("%s%s in the scrape", metric, List.of(labels)).hasSize(1);
            return found.get(0);
        }
    }
}
