package io.ppml.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ppml.budget.core.PrivacyCost;
import io.ppml.budget.core.ZcdpConversion;
import io.ppml.persistence.Idempotency;
import io.ppml.persistence.Rows;
import io.ppml.refusal.Refusal;
import io.ppml.support.Concurrently;
import io.ppml.tenant.TenantCreated;
import io.ppml.web.Paging;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The privacy ledger through its service, on its own (the DP API tests cover it end to end): what a charge records,
 * what a refusal leaves, that no concurrency overspends, that a retried request is charged once and that amounts
 * round up. Runs once per database (see the subclasses). Each test makes its own tenant, as the tenant module does:
 * its row, then {@link TenantCreated} in the same transaction.
 */
@SpringBootTest
abstract class AbstractBudgetServiceTests {

    @Autowired
    BudgetService budget;

    @Autowired
    Idempotency idempotency;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    Clock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    ChargeJournal chargeJournal;

    @Autowired
    BudgetAccountRepository accounts;

    @Autowired
    BudgetLedgerEntryRepository ledger;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry registry;

    private TransactionTemplate inTransaction() {
        return new TransactionTemplate(transactions);
    }

    private UUID tenant(double epsilon, double delta) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        inTransaction().executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into tenants (id, name, epsilon_budget, delta_budget, budget_window, created_at,
                        updated_at, version)
                    values (:id, :name, :epsilon, :delta, null, :now, :now, 0)""")
                    .param("id", id).param("name", "budget-" + id).param("epsilon", BigDecimal.valueOf(epsilon))
                    .param("delta", BigDecimal.valueOf(delta)).param("now", Rows.utc(now)).update();
            events.publishEvent(new TenantCreated(id, now));
        });
        return id;
    }

    private static ChargeRequest request(UUID tenant, PrivacyCost cost, @Nullable String idempotencyKey) {
        return new ChargeRequest(tenant, null, "test.charge", "resource", cost.kind() == PrivacyCost.Kind.PURE
                ? "LAPLACE" : "GAUSSIAN", cost, idempotencyKey);
    }

    private Charge charge(UUID tenant, PrivacyCost cost) {
        return inTransaction().execute(status -> budget.charge(request(tenant, cost, null)));
    }

    private List<LedgerEntry> entries(UUID tenant) {
        return budget.ledger(tenant, new Paging(500, null)).items();
    }

    private Map<String, Object> account(UUID tenant) {
        return jdbc.sql("select * from budget_accounts where tenant_id = :tenant").param("tenant", tenant)
                .query().singleRow();
    }

    private static BigDecimal decimal(Map<String, Object> row, String column) {
        return (BigDecimal) row.get(column);
    }

    @Test
    void shouldRecordAChargeThatFitsOnceWithOneLedgerEntry() {
        UUID tenant = tenant(1.0, 0);

        Charge charge = charge(tenant, PrivacyCost.pure(0.25));

        assertThat(charge.sequence()).isEqualTo(1);
        assertThat(charge.budget().epsilon().spent()).isEqualTo(0.25);
        assertThat(charge.budget().epsilon().remaining()).isEqualTo(0.75);
        List<LedgerEntry> entries = entries(tenant);
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo(charge.entryId());
            assertThat(entry.sequence()).isEqualTo(1);
            assertThat(entry.operation()).isEqualTo("test.charge");
            assertThat(entry.resource()).isEqualTo("resource");
            assertThat(entry.mechanism()).isEqualTo("LAPLACE");
            assertThat(entry.epsilon()).isEqualTo(0.25);
            assertThat(entry.epsilonSpent()).isEqualTo(0.25);
        });
        assertThat(account(tenant).get("charges")).isEqualTo(1L);
        assertThat(decimal(account(tenant), "epsilon_spent")).isEqualByComparingTo("0.25");
        assertThat(budget.view(tenant).epsilon().spent()).isEqualTo(0.25);
        assertThat(budget.view(tenant).lifetime().epsilon()).isEqualTo(0.25);
    }

    @Test
    void shouldCountAChargeOnlyOnceItsTransactionCommitsAndARefusalAtOnce() {
        UUID tenant = tenant(1.0, 0);
        ChargeRequest half = new ChargeRequest(tenant, null, "test.metrics", null, "LAPLACE", PrivacyCost.pure(0.5),
                null);

        inTransaction().executeWithoutResult(status -> {
            budget.charge(half);
            status.setRollbackOnly();
        });
        assertThat(charges("test.metrics", "charged")).as("a charge rolled back spent nothing").isZero();
        inTransaction().executeWithoutResult(status -> {
            budget.charge(half);
            assertThat(charges("test.metrics", "charged")).as("not before the commit").isZero();
        });
        assertThat(charges("test.metrics", "charged")).isEqualTo(1);

        assertThatThrownBy(() -> inTransaction().executeWithoutResult(status -> budget.charge(new ChargeRequest(
                tenant, null, "test.metrics", null, "LAPLACE", PrivacyCost.pure(0.75), null))))
                .isInstanceOf(Refusal.class);
        assertThat(charges("test.metrics", "refused")).isEqualTo(1);
        assertThat(charges("test.metrics", "charged")).isEqualTo(1);
    }

    private double charges(String operation, String outcome) {
        Counter counter = registry.find("ppml.budget.charges").tags("operation", operation, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldRefuseAChargeThatDoesNotFitAndRecordNothing() {
        UUID tenant = tenant(1.0, 1e-6);
        charge(tenant, PrivacyCost.pure(0.8));

        assertThatThrownBy(() -> charge(tenant, PrivacyCost.pure(0.3)))
                .isInstanceOfSatisfying(Refusal.class,
                        refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.BUDGET_EXHAUSTED))
                .hasMessageContaining("Nothing was spent");
        assertThatThrownBy(() -> charge(tenant, PrivacyCost.zcdp(1e-4, 2e-6, 0.05)))
                .as("a δ beyond the budget is refused too, whatever ε it costs")
                .isInstanceOfSatisfying(Refusal.class,
                        refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.BUDGET_EXHAUSTED));

        assertThat(entries(tenant)).hasSize(1);
        Map<String, Object> account = account(tenant);
        assertThat(account.get("charges")).isEqualTo(1L);
        assertThat(decimal(account, "epsilon_spent")).isEqualByComparingTo("0.8");
        assertThat(decimal(account, "delta")).isZero();
        assertThat(decimal(account, "lifetime_epsilon")).isEqualByComparingTo("0.8");
        assertThat(charge(tenant, PrivacyCost.pure(0.2)).sequence()).as("what is left can still be spent")
                .isEqualTo(2);
    }

    @Test
    void shouldNeverOverspendUnderConcurrentCharges() throws Exception {
        double cap = 2.0;
        UUID tenant = tenant(cap, 0);
        double[] costs = {0.05, 0.1, 0.15, 0.3};
        int n = 48;

        List<Object> outcomes = Concurrently.run(n, i -> () -> {
            try {
                return charge(tenant, PrivacyCost.pure(costs[i % costs.length]));
            } catch (Refusal refusal) {
                return refusal;
            }
        });

        List<LedgerEntry> entries = entries(tenant);
        BigDecimal charged = entries.stream().map(e -> BigDecimal.valueOf(e.epsilon()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(charged).isLessThanOrEqualTo(BigDecimal.valueOf(cap));
        assertThat(outcomes.stream().filter(Charge.class::isInstance)).hasSize(entries.size());
        assertThat(outcomes.stream().filter(Refusal.class::isInstance))
                .allSatisfy(r -> assertThat(((Refusal) r).kind()).isEqualTo(Refusal.Kind.BUDGET_EXHAUSTED));
        assertThat(entries.stream().map(LedgerEntry::sequence))
                .as("one entry per charge, numbered without gaps under the lock")
                .containsExactlyElementsOf(LongStream.iterate(entries.size(), s -> s >= 1, s -> s - 1).boxed()
                        .toList());
        Map<String, Object> account = account(tenant);
        assertThat(decimal(account, "pure_epsilon")).isEqualByComparingTo(charged);
        assertThat(account.get("charges")).isEqualTo((long) entries.size());
        // and every refusal was right: even the smallest refused cost no longer fits what was spent in the end
        for (int i = 0; i < n; i++) {
            if (outcomes.get(i) instanceof Refusal) {
                assertThat(charged.add(BigDecimal.valueOf(costs[i % costs.length])))
                        .isGreaterThan(BigDecimal.valueOf(cap));
            }
        }
    }

    @Test
    void shouldChargeAnIdempotentRetryOnce() {
        UUID tenant = tenant(1.0, 0);
        String key = UUID.randomUUID().toString();
        Idempotency.Request request = new Idempotency.Request("budget-test:" + tenant, key, "test.charge",
                Map.of("epsilon", 0.3));

        Idempotency.Outcome<Charge> first = idempotency.run(request, Charge.class,
                () -> budget.charge(request(tenant, PrivacyCost.pure(0.3), key)));
        Idempotency.Outcome<Charge> retry = idempotency.run(request, Charge.class,
                () -> budget.charge(request(tenant, PrivacyCost.pure(0.3), key)));

        assertThat(first.replayed()).isFalse();
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.response()).isEqualTo(first.response());
        assertThat(entries(tenant)).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo(first.response().entryId());
            assertThat(entry.idempotencyKey()).isEqualTo(key);
        });
        assertThat(budget.view(tenant).epsilon().spent()).isEqualTo(0.3);
    }

    @Test
    void shouldRoundAmountsUpNeverDown() {
        UUID tenant = tenant(5.0, 1e-5);
        double third = 1.0 / 3;
        double rho = 0.1 / 3;

        charge(tenant, PrivacyCost.pure(third));
        charge(tenant, PrivacyCost.zcdp(rho, 1e-6, 0.5));

        Map<String, Object> account = account(tenant);
        BigDecimal epsilon = BigDecimal.valueOf(third);
        assertThat(decimal(account, "pure_epsilon")).isEqualByComparingTo(epsilon);
        BigDecimal exactSquare = epsilon.multiply(epsilon);
        assertThat(exactSquare.scale()).as("the square needs more digits than are stored")
                .isGreaterThan(PrivacyCost.SCALE);
        assertThat(decimal(account, "epsilon_squares")).isGreaterThan(exactSquare)
                .isLessThan(exactSquare.add(BigDecimal.ONE.movePointLeft(PrivacyCost.SCALE)));
        BigDecimal exactRho = new BigDecimal(rho);
        assertThat(decimal(account, "rho")).isGreaterThan(exactRho)
                .isLessThan(exactRho.add(BigDecimal.ONE.movePointLeft(PrivacyCost.SCALE)));
        BigDecimal ledgerRho = jdbc.sql("select rho from budget_ledger where tenant_id = :tenant and sequence = 2")
                .param("tenant", tenant).query(BigDecimal.class).single();
        assertThat(ledgerRho).isEqualByComparingTo(decimal(account, "rho"));
        double boundA = third + ZcdpConversion.epsilon(rho, 1e-6);
        double boundB = ZcdpConversion.epsilon(rho + third * third / 2, 1e-6);
        assertThat(decimal(account, "epsilon_spent"))
                .as("the reported ε is never below the tighter composition bound of what was charged")
                .isGreaterThanOrEqualTo(new BigDecimal(Math.min(boundA, boundB)));
    }

    @Test
    void shouldRefuseAChargeOutsideATransaction() {
        UUID tenant = tenant(1.0, 0);

        assertThatThrownBy(() -> budget.charge(request(tenant, PrivacyCost.pure(0.1), null)))
                .isInstanceOf(IllegalTransactionStateException.class);

        assertThat(entries(tenant)).isEmpty();
        assertThat(account(tenant).get("charges")).isEqualTo(0L);
    }

    @Test
    void shouldChargeAgainstTheLockedAccountEvenIfTheTransactionReadItBefore() {
        UUID tenant = tenant(1.0, 0);

        assertThatThrownBy(() -> inTransaction().executeWithoutResult(status -> {
            assertThat(budget.view(tenant).epsilon().spent()).isZero();
            // another request charges and commits between this transaction's read and its charge
            CompletableFuture.runAsync(() -> charge(tenant, PrivacyCost.pure(0.9))).join();
            budget.charge(request(tenant, PrivacyCost.pure(0.2), null));
        })).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.kind()).isEqualTo(Refusal.Kind.BUDGET_EXHAUSTED));

        assertThat(entries(tenant)).hasSize(1);
        assertThat(budget.view(tenant).epsilon().spent()).isEqualTo(0.9);
    }

    @Test
    void shouldRestoreLostChargesFromTheirJournalRecordsOnce() {
        UUID tenant = tenant(1.0, 0);
        JsonNode first = journaledCharge(tenant, PrivacyCost.pure(0.2));
        JsonNode second = journaledCharge(tenant, PrivacyCost.pure(0.3));
        Map<String, Object> charged = account(tenant);
        List<LedgerEntry> entries = entries(tenant);

        // the database loses both charges and the account with them, as H2 loses commits it had not yet written
        jdbc.sql("delete from budget_ledger where tenant_id = :tenant").param("tenant", tenant).update();
        jdbc.sql("delete from budget_accounts where tenant_id = :tenant").param("tenant", tenant).update();

        assertThat(replay(first)).isTrue();
        assertThat(account(tenant).get("charges")).isEqualTo(1L);
        assertThat(replay(second)).isTrue();
        assertThat(account(tenant)).isEqualTo(charged);
        assertThat(entries(tenant)).isEqualTo(entries);

        assertThat(replay(first)).as("a record whose charge the database kept changes nothing").isFalse();
        assertThat(replay(second)).isFalse();
        assertThat(account(tenant)).isEqualTo(charged);
        assertThat(entries(tenant)).isEqualTo(entries);
    }

    /** Charges {@code cost} and returns the journal record of the charge, as the journal replays it. */
    private JsonNode journaledCharge(UUID tenant, PrivacyCost cost) {
        return inTransaction().execute(status -> {
            Charge charge = budget.charge(request(tenant, cost, null));
            return json.valueToTree(ChargeJournal.journaled(accounts.findLocked(tenant).orElseThrow(),
                    ledger.findById(charge.entryId()).orElseThrow()));
        });
    }

    private boolean replay(JsonNode record) {
        return Boolean.TRUE.equals(inTransaction().execute(status -> chargeJournal.replay(record)));
    }
}
