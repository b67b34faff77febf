package io.ppml.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.ppml.budget.PrivacyAccountant.Spend;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The writes of a charge — the account's new state and the new ledger entry — in one place, for a charge and for
 * the replay of a journaled charge that the database lost ({@link ChargeJournal}).
 */
@Component
class BudgetRows {

    /** A budget account as a charge leaves it. */
    record AccountState(Instant windowStart, Spend window, BigDecimal epsilonSpent, Spend lifetime,
            BigDecimal lifetimeEpsilon, long charges, Instant updatedAt) {
    }

    /** One ledger entry. */
    record Entry(UUID id, UUID tenantId, long sequence, Instant createdAt, @Nullable UUID keyId, String operation,
            @Nullable String resource, String mechanism, BigDecimal epsilon, BigDecimal delta, BigDecimal rho,
            @Nullable String idempotencyKey, Instant windowStart, BigDecimal epsilonSpent, BigDecimal deltaSpent) {
    }

    private final JdbcClient jdbc;

    BudgetRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void updateAccount(UUID tenantId, AccountState state) {
        jdbc.sql("""
                update budget_accounts set window_start = :windowStart, pure_epsilon = :e, epsilon_squares = :s,
                    rho = :r, delta = :d, epsilon_spent = :spent, lifetime_pure_epsilon = :le,
                    lifetime_epsilon_squares = :ls, lifetime_rho = :lr, lifetime_delta = :ld,
                    lifetime_epsilon = :lspent, charges = :charges, updated_at = :now
                where tenant_id = :tenant""")
                .param("windowStart", utc(state.windowStart())).param("e", state.window().pureEpsilon())
                .param("s", state.window().epsilonSquares()).param("r", state.window().rho())
                .param("d", state.window().delta()).param("spent", state.epsilonSpent())
                .param("le", state.lifetime().pureEpsilon()).param("ls", state.lifetime().epsilonSquares())
                .param("lr", state.lifetime().rho()).param("ld", state.lifetime().delta())
                .param("lspent", state.lifetimeEpsilon()).param("charges", state.charges())
                .param("now", utc(state.updatedAt())).param("tenant", tenantId).update();
    }

    /** An account with nothing spent, its window starting at {@code windowStart}. */
    void insertEmptyAccount(UUID tenantId, Instant windowStart, Instant now) {
        jdbc.sql("""
                insert into budget_accounts (tenant_id, window_start, pure_epsilon, epsilon_squares, rho, delta,
                    epsilon_spent, lifetime_pure_epsilon, lifetime_epsilon_squares, lifetime_rho, lifetime_delta,
                    lifetime_epsilon, charges, updated_at)
                values (:tenant, :start, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, :now)""")
                .param("tenant", tenantId).param("start", utc(windowStart)).param("now", utc(now)).update();
    }

    void insertEntry(Entry entry) {
        jdbc.sql("""
                insert into budget_ledger (id, tenant_id, sequence, created_at, key_id, operation, resource,
                    mechanism, epsilon, delta, rho, idempotency_key, window_start, epsilon_spent, delta_spent)
                values (:id, :tenant, :sequence, :now, :key, :operation, :resource, :mechanism, :epsilon, :delta,
                    :rho, :idempotencyKey, :windowStart, :spent, :deltaSpent)""")
                .param("id", entry.id()).param("tenant", entry.tenantId()).param("sequence", entry.sequence())
                .param("now", utc(entry.createdAt())).param("key", entry.keyId())
                .param("operation", entry.operation()).param("resource", entry.resource())
                .param("mechanism", entry.mechanism()).param("epsilon", entry.epsilon())
                .param("delta", entry.delta()).param("rho", entry.rho())
                .param("idempotencyKey", entry.idempotencyKey()).param("windowStart", utc(entry.windowStart()))
                .param("spent", entry.epsilonSpent()).param("deltaSpent", entry.deltaSpent()).update();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
