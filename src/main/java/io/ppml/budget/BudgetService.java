package io.ppml.budget;

import io.ppml.refusal.Refusal;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.ppml.budget.PrivacyAccountant.Spend;
import io.ppml.tenant.BudgetSettings;
import io.ppml.tenant.BudgetWindowChanged;
import io.ppml.tenant.TenantBudgets;
import io.ppml.tenant.TenantCreated;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Charges and reads tenants' privacy budgets. A charge runs in the caller's transaction (so it commits or rolls
 * back with the release it pays for) and holds the tenant's account row lock ({@code SELECT ... FOR UPDATE}) from
 * reading the spend to recording the new one: concurrent charges — from any thread or any instance sharing the
 * database — are serialised, so the total can never be overspent. A refused charge changes nothing.
 */
@Service
public class BudgetService {

    private static final int MAX_PAGE = 500;

    private final JdbcClient jdbc;
    private final TenantBudgets tenants;
    private final Clock clock;
    private final BudgetRows rows;
    private final ChargeJournal journal;

    BudgetService(JdbcClient jdbc, TenantBudgets tenants, Clock clock, BudgetRows rows, ChargeJournal journal) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.clock = clock;
        this.rows = rows;
        this.journal = journal;
    }

    /**
     * Records {@code request}'s cost if it fits the tenant's remaining budget, else throws a 403
     * {@code budget-exhausted} problem and records nothing. The charge's transaction, when it commits, waits until
     * the charge is on disk ({@link ChargeJournal}): an answer paid for by a charge never leaves before it.
     */
    @Transactional
    public Charge charge(ChargeRequest request) {
        BudgetSettings settings = settings(request.tenantId());
        Instant now = clock.instant();
        Account account = lock(settings, now);
        Window window = currentWindow(settings, account.windowStart(), now);
        Spend windowSpend = window.start().equals(account.windowStart()) ? account.window() : Spend.NONE;
        BigDecimal previousEpsilon = window.start().equals(account.windowStart()) ? account.epsilonSpent()
                : BigDecimal.ZERO;

        Spend after = windowSpend.plus(request.cost());
        // never report less than before within a window, even when a larger δ would allow a smaller ε
        BigDecimal epsilonAfter = after.epsilon().max(previousEpsilon);
        if (epsilonAfter.compareTo(settings.epsilon()) > 0 || after.delta().compareTo(settings.delta()) > 0) {
            throw Refusal.budgetExhausted(refusal(settings, previousEpsilon,
                    windowSpend.delta(), request.cost()));
        }
        Spend lifetime = account.lifetime().plus(request.cost());
        BigDecimal lifetimeEpsilon = lifetime.epsilon().max(account.lifetimeEpsilon());
        long sequence = account.charges() + 1;
        UUID entryId = UUID.randomUUID();
        PrivacyCost cost = request.cost();
        BudgetRows.AccountState state = new BudgetRows.AccountState(window.start(), after, epsilonAfter, lifetime,
                lifetimeEpsilon, sequence, now);
        BudgetRows.Entry entry = new BudgetRows.Entry(entryId, request.tenantId(), sequence, now, request.keyId(),
                request.operation(), request.resource(), request.mechanism(), cost.epsilon(), cost.delta(),
                cost.rho(), request.idempotencyKey(), window.start(), epsilonAfter, after.delta());
        rows.updateAccount(request.tenantId(), state);
        rows.insertEntry(entry);
        journal.record(state, entry);
        return new Charge(entryId, sequence, view(settings, window, epsilonAfter, after.delta(), lifetimeEpsilon,
                lifetime.delta()));
    }

    /** The tenant's budget now; a window that has ended shows as reset even before the next charge. */
    @Transactional(readOnly = true)
    public BudgetView view(UUID tenantId) {
        BudgetSettings settings = settings(tenantId);
        Instant now = clock.instant();
        Account account = read(tenantId);
        if (account == null) {
            Window window = currentWindow(settings, settings.tenantCreatedAt(), now);
            return view(settings, window, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        }
        Window window = currentWindow(settings, account.windowStart(), now);
        boolean same = window.start().equals(account.windowStart());
        return view(settings, window, same ? account.epsilonSpent() : BigDecimal.ZERO,
                same ? account.window().delta() : BigDecimal.ZERO, account.lifetimeEpsilon(),
                account.lifetime().delta());
    }

    /**
     * How many more releases of {@code cost} the tenant's current window can pay for (at most 10⁹), without
     * charging anything: a plan, not a reservation.
     */
    @Transactional(readOnly = true)
    public long affordable(UUID tenantId, PrivacyCost cost) {
        BudgetSettings settings = settings(tenantId);
        Instant now = clock.instant();
        Account account = read(tenantId);
        Spend spend = Spend.NONE;
        BigDecimal spentEpsilon = BigDecimal.ZERO;
        if (account != null && currentWindow(settings, account.windowStart(), now).start()
                .equals(account.windowStart())) {
            spend = account.window();
            spentEpsilon = account.epsilonSpent();
        }
        long low = 0;
        long high = 1;
        while (high <= 1_000_000_000L && fits(settings, spend, spentEpsilon, cost, high)) {
            low = high;
            high *= 2;
        }
        high = Math.min(high, 1_000_000_001L);
        while (high - low > 1) {
            long mid = low + (high - low) / 2;
            if (fits(settings, spend, spentEpsilon, cost, mid)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return Math.min(low, 1_000_000_000L);
    }

    private static boolean fits(BudgetSettings settings, Spend spend, BigDecimal spentEpsilon, PrivacyCost cost,
            long times) {
        Spend after = spend.plus(cost, times);
        return after.epsilon().max(spentEpsilon).compareTo(settings.epsilon()) <= 0
                && after.delta().compareTo(settings.delta()) <= 0;
    }

    /** Ledger entries, newest first, {@code limit} at a time, those with a sequence below {@code after}. */
    @Transactional(readOnly = true)
    public LedgerPage ledger(UUID tenantId, int limit, @Nullable Long after) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw Refusal.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        if (after != null && after < 1) {
            throw Refusal.invalid("after", "must be a cursor returned as nextCursor");
        }
        List<LedgerEntry> rows = jdbc.sql("""
                select id, sequence, created_at, key_id, operation, resource, mechanism, epsilon, delta, rho,
                    idempotency_key, window_start, epsilon_spent, delta_spent
                from budget_ledger where tenant_id = :tenant and sequence < :after
                order by sequence desc limit :limit""")
                .param("tenant", tenantId).param("after", after == null ? Long.MAX_VALUE : after)
                .param("limit", limit + 1)
                .query((rs, n) -> new LedgerEntry(rs.getObject(1, UUID.class), rs.getLong(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4, UUID.class),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getBigDecimal(8).doubleValue(),
                        rs.getBigDecimal(9).doubleValue(), rs.getBigDecimal(10).doubleValue(), rs.getString(11),
                        rs.getObject(12, OffsetDateTime.class).toInstant(), rs.getBigDecimal(13).doubleValue(),
                        rs.getBigDecimal(14).doubleValue()))
                .list();
        boolean more = rows.size() > limit;
        List<LedgerEntry> page = more ? rows.subList(0, limit) : rows;
        return new LedgerPage(List.copyOf(page), more ? page.get(page.size() - 1).sequence() : null);
    }

    private BudgetSettings settings(UUID tenantId) {
        return tenants.find(tenantId)
                .orElseThrow(() -> Refusal.notFound("There is no tenant " + tenantId + "."));
    }

    private record Account(Instant windowStart, Spend window, BigDecimal epsilonSpent, Spend lifetime,
            BigDecimal lifetimeEpsilon, long charges) {
    }

    /**
     * Locks the tenant's account row. Accounts are created with their tenant ({@link #open}); one missing (a tenant
     * from before the ledger existed and not migrated) is created here, in the same transaction — a concurrent
     * creator makes one of the two fail with a retryable 409 rather than hold a second connection.
     */
    private Account lock(BudgetSettings settings, Instant now) {
        Account account = readForUpdate(settings.tenantId());
        if (account != null) {
            return account;
        }
        try {
            insertAccount(settings.tenantId(), settings.tenantCreatedAt(), now);
        } catch (DuplicateKeyException raced) {
            throw Refusal.conflict("The tenant's budget account was being created by another request; "
                    + "retry.");
        }
        Account locked = readForUpdate(settings.tenantId());
        if (locked == null) {
            throw new IllegalStateException("budget account vanished for tenant " + settings.tenantId());
        }
        return locked;
    }

    /** Opens the budget account of a new tenant, in the transaction that creates it. */
    @EventListener
    void open(TenantCreated created) {
        insertAccount(created.tenantId(), created.createdAt(), clock.instant());
    }

    /**
     * Starts the tenant's new window at the moment its period changed (see {@link Window#afterChange}), in the
     * transaction that changes it and under the account's row lock, so no charge interleaves: the spend of the
     * window in progress is kept (else zeroed, as it had already reset), lifetime spend is untouched, and the
     * reported ε stays what it was — it can only grow again within the new window. A concurrent charge that read the
     * tenant's old period before this change committed waits for the lock and then finds the new start; under either
     * period (each at least a day) its clock lies in the window from that start, so it keeps the carried spend too.
     */
    @EventListener
    void changeWindow(BudgetWindowChanged changed) {
        BudgetSettings settings = settings(changed.tenantId());
        Account account = lock(settings, changed.changedAt());
        Window.Change change = Window.afterChange(changed.previous(), settings.tenantCreatedAt(),
                account.windowStart(), changed.changedAt());
        String sums = change.carriesSpend() ? ""
                : ", pure_epsilon = 0, epsilon_squares = 0, rho = 0, delta = 0, epsilon_spent = 0";
        jdbc.sql("update budget_accounts set window_start = :start" + sums
                + ", updated_at = :now where tenant_id = :tenant")
                .param("start", utc(change.start())).param("now", utc(changed.changedAt()))
                .param("tenant", changed.tenantId()).update();
    }

    private void insertAccount(UUID tenantId, Instant windowStart, Instant now) {
        rows.insertEmptyAccount(tenantId, windowStart, now);
    }

    private @Nullable Account readForUpdate(UUID tenantId) {
        return query(tenantId, " for update");
    }

    private @Nullable Account read(UUID tenantId) {
        return query(tenantId, "");
    }

    private @Nullable Account query(UUID tenantId, String lock) {
        return jdbc.sql("""
                select window_start, pure_epsilon, epsilon_squares, rho, delta, epsilon_spent, lifetime_pure_epsilon,
                    lifetime_epsilon_squares, lifetime_rho, lifetime_delta, lifetime_epsilon, charges
                from budget_accounts where tenant_id = :tenant""" + lock)
                .param("tenant", tenantId)
                .query((rs, n) -> new Account(rs.getObject(1, OffsetDateTime.class).toInstant(),
                        new Spend(rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5)),
                        rs.getBigDecimal(6),
                        new Spend(rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10)),
                        rs.getBigDecimal(11), rs.getLong(12)))
                .optional().orElse(null);
    }

    /** The window containing {@code now} under the tenant's current period (see {@link Window}). */
    private static Window currentWindow(BudgetSettings settings, Instant knownStart, Instant now) {
        return Window.containing(settings.window(), settings.tenantCreatedAt(), knownStart, now);
    }

    private static BudgetView view(BudgetSettings settings, Window window, BigDecimal epsilonSpent,
            BigDecimal deltaSpent, BigDecimal lifetimeEpsilon, BigDecimal lifetimeDelta) {
        return new BudgetView(amount(settings.epsilon(), epsilonSpent), amount(settings.delta(), deltaSpent),
                new BudgetView.Window(window.period() == null ? null : window.period().toString(), window.resetsAt()),
                new BudgetView.Lifetime(lifetimeEpsilon.doubleValue(), lifetimeDelta.doubleValue()));
    }

    private static BudgetView.Amount amount(BigDecimal total, BigDecimal spent) {
        BigDecimal remaining = total.subtract(spent).max(BigDecimal.ZERO);
        return new BudgetView.Amount(total.doubleValue(), spent.doubleValue(), remaining.doubleValue());
    }

    private static String refusal(BudgetSettings settings, BigDecimal epsilonSpent, BigDecimal deltaSpent,
            PrivacyCost cost) {
        BigDecimal epsilonLeft = settings.epsilon().subtract(epsilonSpent).max(BigDecimal.ZERO);
        BigDecimal deltaLeft = settings.delta().subtract(deltaSpent).max(BigDecimal.ZERO);
        return "This release needs ε = " + cost.epsilon().stripTrailingZeros().toPlainString()
                + (cost.kind() == PrivacyCost.Kind.ZCDP ? " (ρ = " + cost.rho().stripTrailingZeros().toPlainString()
                        + ", δ = " + cost.delta().stripTrailingZeros().toPlainString() + ")" : "")
                + ", but only ε = " + epsilonLeft.stripTrailingZeros().toPlainString() + " and δ = "
                + deltaLeft.stripTrailingZeros().toPlainString() + " remain in this window. Nothing was spent.";
    }

    private static OffsetDateTime utc(Instant instant) {
        return BudgetRows.utc(instant);
    }
}
