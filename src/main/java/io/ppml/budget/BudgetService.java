package io.ppml.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.ppml.budget.core.PrivacyAccountant.Spend;
import io.ppml.budget.core.PrivacyCost;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.BudgetSettings;
import io.ppml.tenant.BudgetWindowChanged;
import io.ppml.tenant.TenantBudgets;
import io.ppml.tenant.TenantCreated;
import io.ppml.web.Cursor;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Charges and reads tenants' privacy budgets. A charge runs in the caller's transaction (so it commits or rolls
 * back with the release it pays for) and holds the tenant's account row lock from reading the spend to recording
 * the new one: concurrent charges — from any thread or any instance sharing the database — are serialised, so the
 * total can never be overspent. A refused charge changes nothing.
 */
@Service
public class BudgetService {

    private static final Cursor<Long> CURSOR = Cursor.bySequence("ledger");

    private final BudgetAccountRepository accounts;
    private final BudgetLedgerEntryRepository ledger;
    private final TenantBudgets tenants;
    private final Clock clock;
    private final ChargeJournal journal;
    private final BudgetMetrics metrics;

    BudgetService(BudgetAccountRepository accounts, BudgetLedgerEntryRepository ledger, TenantBudgets tenants,
            Clock clock, ChargeJournal journal, BudgetMetrics metrics) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.tenants = tenants;
        this.clock = clock;
        this.journal = journal;
        this.metrics = metrics;
    }

    /**
     * Records {@code request}'s cost if it fits the tenant's remaining budget, else refuses it
     * ({@link Refusal.Kind#BUDGET_EXHAUSTED}) and records nothing. Only inside the caller's transaction: the charge
     * must commit or roll back with what it pays for. That transaction, when it commits, waits until the charge is
     * on disk ({@link ChargeJournal}): an answer paid for by a charge never leaves before it.
     *
     * <p>The charge's statements run at once, in plain SQL on the transaction's connection ({@link ChargeStatements}),
     * so a savepoint the caller takes afterwards lies after them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Charge charge(ChargeRequest request) {
        ChargeAttempt attempt = attempt(request);
        Charge charge = attempt.charge();
        if (charge == null) {
            throw Refusal.budgetExhausted(String.valueOf(attempt.refusal()));
        }
        return charge;
    }

    /**
     * As {@link #charge}, but a cost that does not fit is answered, not thrown: the refusal changes nothing and
     * leaves the caller's transaction usable — for a caller that records the refusal in that transaction (a federated
     * task that stops with {@code BUDGET_EXHAUSTED}). A refusal thrown through this transactional method would mark
     * the whole transaction rollback-only.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ChargeAttempt attempt(ChargeRequest request) {
        BudgetSettings settings = settings(request.tenantId());
        Instant now = clock.instant();
        BudgetAccount account = lockForCharge(settings, now);
        Window window = currentWindow(settings, account.windowStart(), now);
        boolean sameWindow = window.start().equals(account.windowStart());
        Spend windowSpend = sameWindow ? account.window() : Spend.NONE;
        BigDecimal previousEpsilon = sameWindow ? account.epsilonSpent() : BigDecimal.ZERO;

        PrivacyCost cost = request.cost();
        Spend after = windowSpend.plus(cost);
        // never report less than before within a window, even when a larger δ would allow a smaller ε
        BigDecimal epsilonAfter = after.epsilon().max(previousEpsilon);
        if (epsilonAfter.compareTo(settings.epsilon()) > 0 || after.delta().compareTo(settings.delta()) > 0) {
            metrics.refused(request.operation());
            return new ChargeAttempt(null, refusal(settings, previousEpsilon, windowSpend.delta(), cost));
        }
        Spend lifetime = account.lifetime().plus(cost);
        BigDecimal lifetimeEpsilon = lifetime.epsilon().max(account.lifetimeEpsilon());
        account.charge(window.start(), after, epsilonAfter, lifetime, lifetimeEpsilon, now);
        BudgetLedgerEntry entry = new BudgetLedgerEntry(UUID.randomUUID(), request.tenantId(),
                account.charges(), now, request.keyId(), request.operation(), request.resource(),
                request.mechanism(), cost.epsilon(), cost.delta(), cost.rho(), request.idempotencyKey(),
                window.start(), epsilonAfter, after.delta());
        accounts.recordCharge(account, entry);
        journal.record(account, entry);
        metrics.charged(request.operation());
        return new ChargeAttempt(new Charge(entry.getId(), entry.sequence(), view(settings, window, epsilonAfter,
                after.delta(), lifetimeEpsilon, lifetime.delta())), null);
    }

    /** The tenant's budget now; a window that has ended shows as reset even before the next charge. */
    @Transactional(readOnly = true)
    public BudgetView view(UUID tenantId) {
        BudgetSettings settings = settings(tenantId);
        Instant now = clock.instant();
        AccountSpend account = accounts.findSpend(tenantId).orElse(null);
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

    /** One tenant's spend in its current window, as {@link #view} reports it. */
    public record TenantSpend(UUID tenantId, BigDecimal epsilonTotal, BigDecimal epsilonSpent, BigDecimal deltaTotal,
            BigDecimal deltaSpent) {
    }

    /**
     * Every tenant's spend in its current window, from two queries whatever the number of tenants (for the budget
     * gauges); a window that has ended shows as reset, as in {@link #view}.
     */
    @Transactional(readOnly = true)
    public List<TenantSpend> spendOfAllTenants() {
        Map<UUID, WindowSpend> spends = accounts.findAllWindowSpends().stream()
                .collect(Collectors.toMap(WindowSpend::tenantId, Function.identity()));
        Instant now = clock.instant();
        List<TenantSpend> all = new ArrayList<>();
        for (BudgetSettings settings : tenants.all()) {
            WindowSpend spend = spends.get(settings.tenantId());
            boolean current = spend != null && currentWindow(settings, spend.windowStart(), now).start()
                    .equals(spend.windowStart());
            all.add(new TenantSpend(settings.tenantId(), settings.epsilon(),
                    current ? spend.epsilonSpent() : BigDecimal.ZERO, settings.delta(),
                    current ? spend.deltaSpent() : BigDecimal.ZERO));
        }
        return all;
    }

    /**
     * How many more releases of {@code cost} the tenant's current window can pay for (at most 10⁹), without
     * charging anything: a plan, not a reservation.
     */
    @Transactional(readOnly = true)
    public long affordable(UUID tenantId, PrivacyCost cost) {
        BudgetSettings settings = settings(tenantId);
        Instant now = clock.instant();
        AccountSpend account = accounts.findSpend(tenantId).orElse(null);
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

    /** One page of the tenant's ledger entries, newest first. */
    @Transactional(readOnly = true)
    public Items<LedgerEntry> ledger(UUID tenantId, Paging paging) {
        return paging.page(CURSOR, (after, limit) -> ledger.findByTenantIdAndSequenceLessThanOrderBySequenceDesc(
                tenantId, after == null ? Long.MAX_VALUE : after, limit), BudgetLedgerEntry::sequence,
                BudgetLedgerEntry::view);
    }

    /** One ledger entry of the tenant (another tenant's is absent, like one that does not exist). */
    @Transactional(readOnly = true)
    public Optional<LedgerEntry> entry(UUID tenantId, UUID entryId) {
        return ledger.findByIdAndTenantId(entryId, tenantId).map(BudgetLedgerEntry::view);
    }

    private BudgetSettings settings(UUID tenantId) {
        return tenants.find(tenantId)
                .orElseThrow(() -> Refusal.notFound("There is no tenant " + tenantId + "."));
    }

    /**
     * Reads and locks the tenant's account in one statement. Accounts are created with their tenant ({@link #open});
     * one missing (a tenant from before the ledger existed and not migrated) is created here, in the same
     * transaction, which holds the new row until it ends — a concurrent creator makes one of the two fail with a
     * retryable 409 rather than hold a second connection.
     */
    private BudgetAccount lock(BudgetSettings settings, Instant now) {
        return accounts.findLocked(settings.tenantId()).orElseGet(() -> {
            try {
                return accounts.saveAndFlush(new BudgetAccount(settings.tenantId(), settings.tenantCreatedAt(), now));
            } catch (DataIntegrityViolationException raced) {
                throw Refusal.conflict("The tenant's budget account was being created by another request; "
                        + "retry.");
            }
        });
    }

    /** As {@link #lock}, for a charge: the locked account as a detached value ({@link ChargeStatements}). */
    private BudgetAccount lockForCharge(BudgetSettings settings, Instant now) {
        Optional<BudgetAccount> locked = accounts.lockForCharge(settings.tenantId());
        if (locked.isPresent()) {
            return locked.get();
        }
        try {
            accounts.insertEmptyAccount(settings.tenantId(), settings.tenantCreatedAt(), now);
        } catch (DataIntegrityViolationException raced) {
            throw Refusal.conflict("The tenant's budget account was being created by another request; retry.");
        }
        return accounts.lockForCharge(settings.tenantId())
                .orElseThrow(() -> new IllegalStateException("the budget account just created is missing"));
    }

    /** Opens the budget account of a new tenant, in the transaction that creates it. */
    @EventListener
    void open(TenantCreated created) {
        accounts.save(new BudgetAccount(created.tenantId(), created.createdAt(), clock.instant()));
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
        BudgetAccount account = lock(settings, changed.changedAt());
        Window.Change change = Window.afterChange(changed.previous(), settings.tenantCreatedAt(),
                account.windowStart(), changed.changedAt());
        account.startWindow(change.start(), change.carriesSpend(), changed.changedAt());
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
                + (cost.kind() != PrivacyCost.Kind.PURE ? " (ρ = " + cost.rho().stripTrailingZeros().toPlainString()
                        + ", δ = " + cost.delta().stripTrailingZeros().toPlainString() + ")" : "")
                + ", but only ε = " + epsilonLeft.stripTrailingZeros().toPlainString() + " and δ = "
                + deltaLeft.stripTrailingZeros().toPlainString() + " remain in this window. Nothing was spent.";
    }
}
