package io.ppml.budget;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.ppml.budget.core.PrivacyAccountant.Spend;
import io.ppml.budget.core.RdpCurve;
import io.ppml.persistence.Rows;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link ChargeStatements} for {@link BudgetAccountRepository} (Spring Data finds it by its name). */
class ChargeStatementsImpl implements ChargeStatements {

    private final JdbcClient jdbc;

    ChargeStatementsImpl(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<BudgetAccount> lockForCharge(UUID tenantId) {
        return jdbc.sql("""
                select window_start, pure_epsilon, epsilon_squares, rho, delta, rdp_rho, rdp_curve, epsilon_spent,
                    lifetime_pure_epsilon, lifetime_epsilon_squares, lifetime_rho, lifetime_delta, lifetime_rdp_rho,
                    lifetime_rdp_curve, lifetime_epsilon, charges, updated_at
                from budget_accounts where tenant_id = :tenant for update""")
                .param("tenant", tenantId)
                .query((row, n) -> account(tenantId, row))
                .optional();
    }

    private static BudgetAccount account(UUID tenantId, ResultSet row) throws SQLException {
        return new BudgetAccount(tenantId, Rows.instant(row, "window_start"),
                new Spend(row.getBigDecimal("pure_epsilon"), row.getBigDecimal("epsilon_squares"),
                        row.getBigDecimal("rho"), row.getBigDecimal("delta"), row.getBigDecimal("rdp_rho"),
                        RdpCurve.fromBytes(row.getBytes("rdp_curve"))),
                row.getBigDecimal("epsilon_spent"),
                new Spend(row.getBigDecimal("lifetime_pure_epsilon"), row.getBigDecimal("lifetime_epsilon_squares"),
                        row.getBigDecimal("lifetime_rho"), row.getBigDecimal("lifetime_delta"),
                        row.getBigDecimal("lifetime_rdp_rho"), RdpCurve.fromBytes(row.getBytes("lifetime_rdp_curve"))),
                row.getBigDecimal("lifetime_epsilon"), row.getLong("charges"), Rows.instant(row, "updated_at"));
    }

    /** A curve as its column holds it: a null of the binary type for none (a bare null has no SQL type). */
    private static SqlParameterValue curve(RdpCurve curve) {
        return new SqlParameterValue(Types.VARBINARY, BudgetAccount.stored(curve));
    }

    @Override
    public void insertEmptyAccount(UUID tenantId, Instant windowStart, Instant now) {
        jdbc.sql("""
                insert into budget_accounts (tenant_id, window_start, pure_epsilon, epsilon_squares, rho, delta,
                    epsilon_spent, lifetime_pure_epsilon, lifetime_epsilon_squares, lifetime_rho, lifetime_delta,
                    lifetime_epsilon, charges, updated_at)
                values (:tenant, :start, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, :now)""")
                .param("tenant", tenantId).param("start", Rows.utc(windowStart)).param("now", Rows.utc(now))
                .update();
    }

    @Override
    public void recordCharge(BudgetAccount account, BudgetLedgerEntry entry) {
        Spend window = account.window();
        Spend lifetime = account.lifetime();
        jdbc.sql("""
                update budget_accounts set window_start = :windowStart, pure_epsilon = :e, epsilon_squares = :s,
                    rho = :r, delta = :d, rdp_rho = :rr, rdp_curve = :rc, epsilon_spent = :spent,
                    lifetime_pure_epsilon = :le, lifetime_epsilon_squares = :ls, lifetime_rho = :lr,
                    lifetime_delta = :ld, lifetime_rdp_rho = :lrr, lifetime_rdp_curve = :lrc,
                    lifetime_epsilon = :lspent, charges = :charges, updated_at = :now
                where tenant_id = :tenant""")
                .param("windowStart", Rows.utc(account.windowStart())).param("e", window.pureEpsilon())
                .param("s", window.epsilonSquares()).param("r", window.rho()).param("d", window.delta())
                .param("rr", window.rdpRho()).param("rc", curve(window.rdpCurve()))
                .param("lrr", lifetime.rdpRho()).param("lrc", curve(lifetime.rdpCurve()))
                .param("spent", account.epsilonSpent()).param("le", lifetime.pureEpsilon())
                .param("ls", lifetime.epsilonSquares()).param("lr", lifetime.rho()).param("ld", lifetime.delta())
                .param("lspent", account.lifetimeEpsilon()).param("charges", account.charges())
                .param("now", Rows.utc(account.updatedAt())).param("tenant", account.tenantId()).update();
        jdbc.sql("""
                insert into budget_ledger (id, tenant_id, sequence, created_at, key_id, operation, resource,
                    mechanism, epsilon, delta, rho, idempotency_key, window_start, epsilon_spent, delta_spent)
                values (:id, :tenant, :sequence, :createdAt, :key, :operation, :resource, :mechanism, :epsilon,
                    :delta, :rho, :idempotencyKey, :windowStart, :spent, :deltaSpent)""")
                .param("id", entry.getId()).param("tenant", entry.tenantId()).param("sequence", entry.sequence())
                .param("createdAt", Rows.utc(entry.createdAt())).param("key", entry.keyId())
                .param("operation", entry.operation()).param("resource", entry.resource())
                .param("mechanism", entry.mechanism()).param("epsilon", entry.epsilon())
                .param("delta", entry.delta()).param("rho", entry.rho())
                .param("idempotencyKey", entry.idempotencyKey()).param("windowStart", Rows.utc(entry.windowStart()))
                .param("spent", entry.epsilonSpent()).param("deltaSpent", entry.deltaSpent()).update();
    }
}
