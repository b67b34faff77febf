package io.ppml.fl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.ppml.crypto.MasterKey;
import io.ppml.support.Api;
import io.ppml.support.Api.Response;
import io.ppml.support.Concurrently;
import io.ppml.support.Instances;
import io.ppml.support.Instances.Instance;
import io.ppml.support.PostgresSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rounds survive what operators do to the service: a restart mid-round loses no accepted update (H2, the default),
 * and two instances sharing PostgreSQL aggregate every round exactly once while clients race across both.
 */
class FlRoundsAcrossInstancesTests {

    @TempDir
    Path dataDirA;

    @TempDir
    Path dataDirB;

    @Test
    void shouldKeepAcceptedUpdatesAcrossARestart() throws Exception {
        String[] properties = {"ppml.data-dir=" + dataDirA};
        try (Instances instances = new Instances()) {
            Instance first = instances.start(properties);
            String owner = tenant(first, dataDirA, 1, 0);
            String taskId = task(first.api(), owner, "restart", 3, 1);
            assertThat(update(first.api(), owner, taskId, "a", 1, 1f).status()).isEqualTo(202);
            assertThat(update(first.api(), owner, taskId, "b", 1, 2f).status()).isEqualTo(202);
            first.stop();

            Instance second = instances.start(properties);
            JsonNode status = second.api().get("/v1/fl/tasks/" + taskId, owner).json();
            assertThat(status.get("updatesInRound").asInt()).isEqualTo(2);
            Response last = update(second.api(), owner, taskId, "c", 1, 6f);
            assertThat(last.json().get("aggregated").asBoolean()).isTrue();
            // the mean of all three updates: none was lost in the restart
            assertThat(second.api().get("/v1/fl/tasks/" + taskId + "/model", owner).json().at("/weights/0")
                    .floatValue()).isEqualTo(3f);
        }
    }

    @Test
    @ExtendWith(PostgresSupport.class)
    void shouldAggregateEachRoundOnceAcrossTwoInstancesOnPostgres() throws Exception {
        String url = PostgresSupport.freshSchema("fl_two_instances");
        String masterKey = MasterKey.generate().exportBase64();
        List<String> shared = List.of("spring.profiles.active=postgres", "spring.datasource.url=" + url,
                "spring.datasource.username=" + PostgresSupport.user(),
                "spring.datasource.password=" + PostgresSupport.password(), "ppml.master-key=" + masterKey);
        try (Instances instances = new Instances()) {
            Instance a = instances.start(shared, "ppml.data-dir=" + dataDirA);
            Instance b = instances.start(shared, "ppml.data-dir=" + dataDirB);
            String owner = tenant(a, dataDirA, 100, 1e-3);
            int rounds = 5;
            int clients = 6;
            String taskId = task(a.api(), owner, "shared", clients, rounds);
            for (int round = 1; round <= rounds; round++) {
                int r = round;
                List<Response> responses = Concurrently.run(clients, i -> {
                    Api api = i % 2 == 0 ? a.api() : b.api();
                    return () -> update(api, owner, taskId, "client-" + i, r, 1f);
                });
                assertThat(responses).allSatisfy(response -> assertThat(response.status()).isEqualTo(202));
                assertThat(responses.stream().filter(response -> response.json().get("aggregated").asBoolean()))
                        .as("round %d aggregated once", r).hasSize(1);
            }
            JsonNode status = b.api().get("/v1/fl/tasks/" + taskId, owner).json();
            assertThat(status.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(status.get("modelVersion").asInt()).isEqualTo(rounds);
            assertThat(status.get("roundsCharged").asInt()).isEqualTo(rounds);
            JsonNode ledger = a.api().get("/v1/budget/ledger?limit=100", owner).json().get("items");
            assertThat(ledger).hasSize(rounds);
            // every round adds the clipped mean 1 (clipNorm 1, expectedClients = clients) plus noise of σ = 0.5/6;
            // after five rounds the noise has σ√5 ≈ 0.19, so ±1 is over 5 σ: a false failure below 1e-7
            assertThat(a.api().get("/v1/fl/tasks/" + taskId + "/model", owner).json().at("/weights/0").floatValue())
                    .isBetween(4f, 6f);
        }
    }

    private static String tenant(Instance instance, Path dataDir, double epsilon, double delta) throws Exception {
        String adminToken = Files.readString(dataDir.resolve("admin-token")).strip();
        Response tenant = instance.api().post("/v1/admin/tenants", adminToken,
                Map.of("name", "fl-" + System.nanoTime(), "epsilonBudget", epsilon, "deltaBudget", delta));
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
        return tenant.json().at("/apiKey/secret").asString();
    }

    /** A one-parameter task; with {@code rounds} > 1 it is DP-FedAvg over {@code minClients} expected clients. */
    private static String task(Api api, String owner, String name, int minClients, int rounds) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "dimension", 1, "rounds", rounds,
                "minClients", minClients, "roundTimeout", "PT10M", "aggregation", "FEDAVG"));
        if (rounds > 1) {
            body.put("dp", Map.of("clipNorm", 1.0, "noiseMultiplier", 0.5, "expectedClients", minClients,
                    "delta", 1e-6));
        }
        Response created = api.post("/v1/fl/tasks", owner, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static Response update(Api api, String key, String taskId, String clientId, int round, float value) {
        return api.post("/v1/fl/tasks/" + taskId + "/updates", key, Map.of("clientId", clientId, "round", round,
                "numExamples", 1, "delta", new float[] {value}));
    }
}
