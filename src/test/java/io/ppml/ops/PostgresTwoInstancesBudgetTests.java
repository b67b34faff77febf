package io.ppml.ops;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget is never overspent across instances: two services on one PostgreSQL database receive 60 concurrent
 * ε = 0.1 requests against a budget of 2.0, and exactly 20 are answered.
 */
@ExtendWith(PostgresSupport.class)
class PostgresTwoInstancesBudgetTests {

    @TempDir
    Path dataDirA;

    @TempDir
    Path dataDirB;

    @Test
    void shouldNeverOverspendAcrossTwoInstances() throws Exception {
        String url = PostgresSupport.freshSchema("two_instances_budget");
        String masterKey = MasterKey.generate().exportBase64();
        List<String> shared = List.of("spring.profiles.active=postgres", "spring.datasource.url=" + url,
                "spring.datasource.username=" + PostgresSupport.user(),
                "spring.datasource.password=" + PostgresSupport.password(), "ppml.master-key=" + masterKey);
        try (Instances instances = new Instances()) {
            Instance a = instances.start(shared, "ppml.data-dir=" + dataDirA);
            Instance b = instances.start(shared, "ppml.data-dir=" + dataDirB);
            String adminToken = Files.readString(dataDirA.resolve("admin-token")).strip();
            Response tenant = a.api().post("/v1/admin/tenants", adminToken,
                    Map.of("name", "shared-budget", "epsilonBudget", 2.0, "deltaBudget", 0));
            String owner = tenant.json().at("/apiKey/secret").asString();

            Map<String, Object> count = Map.of("statistic", "COUNT", "values", List.of(1, 2, 3), "epsilon", 0.1);
            List<Response> responses = Concurrently.run(60, i -> {
                Api api = i % 2 == 0 ? a.api() : b.api();
                return () -> api.post("/v1/dp/statistics", owner, count);
            });
            assertThat(responses.stream().filter(r -> r.status() == 200).count()).isEqualTo(20);
            assertThat(responses.stream().filter(r -> r.status() == 403)
                    .filter(r -> r.body().contains("budget-exhausted")).count()).isEqualTo(40);
            assertThat(b.api().get("/v1/budget", owner).json().at("/epsilon/spent").asDouble()).isEqualTo(2.0);
            assertThat(a.api().get("/v1/budget/ledger?limit=100", owner).json().get("items")).hasSize(20);
        }
    }
}
