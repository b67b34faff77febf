package io.ppml.budget.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What one release costs, as recorded in the ledger. A pure mechanism (Laplace, discrete Laplace, exponential) costs
 * ε and is accounted as ε (and as ε²/2 in zCDP for the second bound); a Gaussian mechanism is accounted by its zCDP
 * ρ = Δ₂²/(2σ²), with δ the conversion parameter the caller asked for and ε only informational.
 *
 * <p>Amounts are decimals at {@link #SCALE} fractional digits, rounded up from the doubles the mechanisms were
 * calibrated with, so rounding can only over-count.
 */
public record PrivacyCost(Kind kind, BigDecimal epsilon, BigDecimal delta, BigDecimal rho) {

    public static final int SCALE = 24;

    public enum Kind { PURE, ZCDP }

    public PrivacyCost {
        if (epsilon.signum() < 0 || delta.signum() < 0 || rho.signum() < 0) {
            throw new IllegalArgumentException("privacy costs are never negative");
        }
    }

    /**
     * A pure ε charge. The ε is taken as the decimal the caller wrote ({@link BigDecimal#valueOf(double)}); use
     * {@link #mechanismEpsilon()} to calibrate the mechanism, never more.
     */
    public static PrivacyCost pure(double epsilon) {
        return new PrivacyCost(Kind.PURE, up(BigDecimal.valueOf(epsilon)), BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** A zCDP charge of ρ (rounded up from the exact double), δ as requested, ε for information. */
    public static PrivacyCost zcdp(double rho, double delta, double epsilon) {
        return new PrivacyCost(Kind.ZCDP, up(BigDecimal.valueOf(epsilon)), up(BigDecimal.valueOf(delta)),
                up(new BigDecimal(rho)));
    }

    /** The largest double not above the charged ε: what a pure mechanism may be calibrated with. */
    public double mechanismEpsilon() {
        double e = epsilon.doubleValue();
        return new BigDecimal(e).compareTo(epsilon) > 0 ? Math.nextDown(e) : e;
    }

    static BigDecimal up(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.CEILING);
    }
}
