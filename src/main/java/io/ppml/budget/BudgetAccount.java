package io.ppml.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.ppml.budget.core.PrivacyAccountant.Spend;
import io.ppml.budget.core.RdpCurve;
import io.ppml.persistence.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's budget account: the running sums of its current window and of its lifetime (see
 * {@link io.ppml.budget.core.PrivacyAccountant}), the ε reported for each, and how many charges it has recorded —
 * the sequence of its latest ledger entry. One row per tenant, created with the tenant.
 */
@Entity
@Table(name = "budget_accounts")
class BudgetAccount extends AssignedIdEntity<UUID> {

    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;

    /** Where the window the sums below belong to started; a later window starts from zero. */
    @Column(name = "window_start", nullable = false)
    private Instant windowStart;

    @Column(name = "pure_epsilon", nullable = false, precision = 40, scale = 24)
    private BigDecimal pureEpsilon;

    @Column(name = "epsilon_squares", nullable = false, precision = 40, scale = 24)
    private BigDecimal epsilonSquares;

    @Column(name = "rho", nullable = false, precision = 40, scale = 24)
    private BigDecimal rho;

    @Column(name = "delta", nullable = false, precision = 40, scale = 24)
    private BigDecimal delta;

    /** The window's reported ε: never decreases within the window. */
    @Column(name = "epsilon_spent", nullable = false, precision = 40, scale = 24)
    private BigDecimal epsilonSpent;

    /** The part of {@code rho} that Rényi-DP charges contributed, and the sum of their curves (null: none). */
    @Column(name = "rdp_rho", nullable = false, precision = 40, scale = 24)
    private BigDecimal rdpRho;

    @Column(name = "rdp_curve")
    private byte @Nullable [] rdpCurve;

    @Column(name = "lifetime_pure_epsilon", nullable = false, precision = 40, scale = 24)
    private BigDecimal lifetimePureEpsilon;

    @Column(name = "lifetime_epsilon_squares", nullable = false, precision = 40, scale = 24)
    private BigDecimal lifetimeEpsilonSquares;

    @Column(name = "lifetime_rho", nullable = false, precision = 40, scale = 24)
    private BigDecimal lifetimeRho;

    @Column(name = "lifetime_delta", nullable = false, precision = 40, scale = 24)
    private BigDecimal lifetimeDelta;

    @Column(name = "lifetime_rdp_rho", nullable = false, precision = 40, scale = 24)
    private BigDecimal lifetimeRdpRho;

    @Column(name = "lifetime_rdp_curve")
    private byte @Nullable [] lifetimeRdpCurve;

    @Column(name = "lifetime_epsilon", nullable = false, precision = 40, scale = 24)
    private BigDecimal lifetimeEpsilon;

    @Column(name = "charges", nullable = false)
    private long charges;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @SuppressWarnings("NullAway.Init")
    protected BudgetAccount() {
    }

    /** An account with nothing spent, its first window starting at {@code windowStart}. */
    BudgetAccount(UUID tenantId, Instant windowStart, Instant now) {
        this(tenantId, windowStart, Spend.NONE, BigDecimal.ZERO, Spend.NONE, BigDecimal.ZERO, 0, now);
    }

    /** An account in the given state, as a charge left it (see {@link ChargeJournal}). */
    BudgetAccount(UUID tenantId, Instant windowStart, Spend window, BigDecimal epsilonSpent, Spend lifetime,
            BigDecimal lifetimeEpsilon, long charges, Instant updatedAt) {
        this.tenantId = tenantId;
        this.charges = charges;
        set(windowStart, window, epsilonSpent, lifetime, lifetimeEpsilon, updatedAt);
    }

    UUID tenantId() {
        return tenantId;
    }

    @Override
    public UUID getId() {
        return tenantId;
    }

    Instant windowStart() {
        return windowStart;
    }

    /** The sums of the window that started at {@link #windowStart()}. */
    Spend window() {
        return new Spend(pureEpsilon, epsilonSquares, rho, delta, rdpRho, RdpCurve.fromBytes(rdpCurve));
    }

    BigDecimal epsilonSpent() {
        return epsilonSpent;
    }

    Spend lifetime() {
        return new Spend(lifetimePureEpsilon, lifetimeEpsilonSquares, lifetimeRho, lifetimeDelta, lifetimeRdpRho,
                RdpCurve.fromBytes(lifetimeRdpCurve));
    }

    BigDecimal lifetimeEpsilon() {
        return lifetimeEpsilon;
    }

    long charges() {
        return charges;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    /** Records one more charge, which leaves the window (starting at {@code windowStart}) and lifetime so. */
    void charge(Instant windowStart, Spend window, BigDecimal epsilonSpent, Spend lifetime,
            BigDecimal lifetimeEpsilon, Instant now) {
        charges++;
        set(windowStart, window, epsilonSpent, lifetime, lifetimeEpsilon, now);
    }

    /** Starts a new window at {@code start}, keeping the spend recorded so far or zeroing it. */
    void startWindow(Instant start, boolean carrySpend, Instant now) {
        set(start, carrySpend ? window() : Spend.NONE, carrySpend ? epsilonSpent : BigDecimal.ZERO, lifetime(),
                lifetimeEpsilon, now);
    }

    /** Takes the state of {@code later}, an account with more charges restored from the journal. */
    void restore(BudgetAccount later) {
        charges = later.charges;
        set(later.windowStart, later.window(), later.epsilonSpent, later.lifetime(), later.lifetimeEpsilon,
                later.updatedAt);
    }

    private void set(Instant windowStart, Spend window, BigDecimal epsilonSpent, Spend lifetime,
            BigDecimal lifetimeEpsilon, Instant now) {
        this.windowStart = windowStart;
        this.pureEpsilon = window.pureEpsilon();
        this.epsilonSquares = window.epsilonSquares();
        this.rho = window.rho();
        this.delta = window.delta();
        this.rdpRho = window.rdpRho();
        this.rdpCurve = stored(window.rdpCurve());
        this.epsilonSpent = epsilonSpent;
        this.lifetimePureEpsilon = lifetime.pureEpsilon();
        this.lifetimeEpsilonSquares = lifetime.epsilonSquares();
        this.lifetimeRho = lifetime.rho();
        this.lifetimeDelta = lifetime.delta();
        this.lifetimeRdpRho = lifetime.rdpRho();
        this.lifetimeRdpCurve = stored(lifetime.rdpCurve());
        this.lifetimeEpsilon = lifetimeEpsilon;
        this.updatedAt = now;
    }

    /** A curve as its column holds it: null for none. */
    static byte @Nullable [] stored(RdpCurve curve) {
        return curve.isZero() ? null : curve.toBytes();
    }
}
