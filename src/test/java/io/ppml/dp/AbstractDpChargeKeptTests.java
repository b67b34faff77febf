package io.ppml.dp;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure after the charge keeps the charge and releases nothing. Nothing an analyst sends can make a release
 * fail after its charge any more (the data-dependent failures are refused on public bounds first), so the failure
 * is injected here: the database rejects the receipt's insert (a check constraint that refuses the test tenant's
 * receipts) — which on PostgreSQL would doom the whole transaction, charge included, but for the savepoint taken
 * after the charge, and which through the JPA session would mark it rollback-only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractDpChargeKeptTests extends ApiTestBase {

    @AfterEach
    void healReceipts() {
        jdbc.sql("alter table dp_receipts drop constraint if exists test_refuse_receipts").update();
    }

    /** Makes the database refuse every new receipt of {@code tenant} (the rows already there stay valid). */
    private void failReceipts(NewTenant tenant) {
        jdbc.sql("alter table dp_receipts add constraint test_refuse_receipts check (tenant_id <> '" + tenant.id()
                + "')").update();
    }

    @Test
    void shouldKeepTheChargeAndReleaseNothingWhenTheReleaseFailsAfterIt() {
        NewTenant tenant = createTenant("kept", 2.0, 0);
        Map<String, Object> mean = Map.of("statistic", "MEAN", "values", List.of(1, 2, 3), "lower", 0, "upper", 10,
                "epsilon", 0.25);
        failReceipts(tenant);

        Response failed = api.request("POST", "/v1/dp/statistics").bearer(tenant.ownerSecret())
                .header("Idempotency-Key", "kept-1").json(mean).send();
        assertProblem(failed, 500, "internal-error");
        assertThat(failed.json().get("detail").asString()).contains("charge is kept", "nothing was released");
        assertThat(failed.body()).doesNotContain("result", "test_refuse_receipts");
        assertThat(spent(tenant)).isEqualTo(0.25);
        assertThat(charges(tenant)).isEqualTo(1);
        assertThat(receiptsOf(tenant)).isZero();

        // a retry with the same key replays the failure and is not charged again
        Response retried = api.request("POST", "/v1/dp/statistics").bearer(tenant.ownerSecret())
                .header("Idempotency-Key", "kept-1").json(mean).send();
        assertProblem(retried, 500, "internal-error");
        assertThat(retried.json().get("detail").asString()).isEqualTo(failed.json().get("detail").asString());
        assertThat(charges(tenant)).isEqualTo(1);

        // without a key, each failed attempt is charged
        assertProblem(api.post("/v1/dp/statistics", tenant.ownerSecret(), mean), 500, "internal-error");
        assertThat(charges(tenant)).isEqualTo(2);
        assertThat(spent(tenant)).isEqualTo(0.5);

        healReceipts();
        Response answered = api.post("/v1/dp/statistics", tenant.ownerSecret(), mean);
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        assertThat(charges(tenant)).isEqualTo(3);
        assertThat(receiptsOf(tenant)).isEqualTo(1);
    }

    @Test
    void shouldKeepTheChargeOfADatasetQueryWhoseReleaseFails() {
        NewTenant tenant = createTenant("kept-ds", 2.0, 0);
        Response uploaded = api.post("/v1/dp/datasets", tenant.ownerSecret(), Map.of("name", "d",
                "columns", List.of(Map.of("name", "v", "type", "NUMERIC", "lower", 0, "upper", 1)),
                "epsilonCap", 1.0, "rows", List.of(List.of(0.5), List.of(0.25))));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String analyst = newKey(tenant.ownerSecret(), "ANALYST");
        failReceipts(tenant);
        Response failed = api.post("/v1/dp/datasets/" + uploaded.json().get("id").asString() + "/query", analyst,
                Map.of("statistic", "SUM", "column", "v", "epsilon", 0.5));
        assertProblem(failed, 500, "internal-error");
        assertThat(spent(tenant)).isEqualTo(0.5);
        assertThat(api.get("/v1/dp/datasets/" + uploaded.json().get("id").asString(), tenant.ownerSecret()).json()
                .get("epsilonSpent").asDouble()).as("the dataset's cap is charged too").isEqualTo(0.5);
    }

    private double spent(NewTenant tenant) {
        return api.get("/v1/budget", tenant.ownerSecret()).json().at("/epsilon/spent").asDouble();
    }

    private long charges(NewTenant tenant) {
        return jdbc.sql("select count(*) from budget_ledger where tenant_id = ?").param(UUID.fromString(tenant.id()))
                .query(Long.class).single();
    }

    private long receiptsOf(NewTenant tenant) {
        return jdbc.sql("select count(*) from dp_receipts where tenant_id = ?").param(UUID.fromString(tenant.id()))
                .query(Long.class).single();
    }
}
