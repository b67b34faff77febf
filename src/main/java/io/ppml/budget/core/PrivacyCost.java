package io.ppml.budget.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What one release costs, as recorded in the ledger. A pure mechanism (Laplace, discrete Laplace, exponential) costs
 * ε and is accounted as ε (and as ε²/2 in zCDP for the second bound); a Gaussian mechanism is accounted by its zCDP
 * ρ = Δ₂²/(2σ²), with δ the conversion parameter the caller asked for and ε only informational.
 *
 * <p>A Poisson-subsampled Gaussian mechanism (a DP-FedAvg round, a DP-SGD step) is an {@link Kind#RDP} charge: it
 * carries its Rényi-DP curve ({@link RdpCurve}, see {@link SampledGaussianRdp}), through which the ledger gets the
 * amplification by subsampling, and also ρ = 1/(2z²), the zCDP of the same Gaussian mechanism without subsampling.
 * That ρ is a sound zCDP bound of the subsampled mechanism too: Rényi divergence is jointly quasi-convex (van Erven
 * &amp; Harremoës 2014, Theorem 13), and the subsampled mechanism's output distributions on neighbouring datasets are
 * mixtures, over the sampled subsets, of pairs that are either identical (the differing record not sampled) or at
 * most a Gaussian mechanism apart, so D_α never exceeds αρ. Subsampling never makes a mechanism less private. The
 * ledger uses ρ in its zCDP bounds and the curve in its RDP bound ({@link PrivacyAccountant}). For an RDP charge δ is
 * whatever the caller passes: a task that makes many such charges passes its δ on the first one only, so that the
 * task's δ counts once.
 *
 * <p>Amounts are decimals at {@link #SCALE} fractional digits, rounded up from the doubles the mechanisms were
 * calibrated with, so rounding can only over-count. Curves are doubles rounded up ({@link RdpCurve}).
 *
 * @param rdpCurve the RDP curve of an {@link Kind#RDP} charge, {@link RdpCurve#ZERO} for the other kinds
 */
public record PrivacyCost(Kind kind, BigDecimal epsilon, BigDecimal delta, BigDecimal rho, RdpCurve rdpCurve) {

    public static final int SCALE = 24;

    /** Relative slack when checking an RDP charge's curve against α·ρ: both are rounded up, separately. */
    private static final double CURVE_SLACK = 1e-12;

    public enum Kind { PURE, ZCDP, RDP }

    public PrivacyCost {
        if (epsilon.signum() < 0 || delta.signum() < 0 || rho.signum() < 0) {
            throw new IllegalArgumentException("privacy costs are never negative");
        }
        if (kind != Kind.RDP && !rdpCurve.isZero()) {
            throw new IllegalArgumentException("only an RDP charge carries an RDP curve");
        }
        if (kind == Kind.RDP && !rdpCurve.isZero()) {
            double rhoUp = RdpCurve.upDouble(rho);
            for (int i = 0; i < RdpCurve.SIZE; i++) {
                if (rdpCurve.value(i) > RdpCurve.mulUp(RdpCurve.order(i), rhoUp) * (1 + CURVE_SLACK)) {
                    throw new IllegalArgumentException("an RDP charge's ρ must bound its curve: r(α) <= αρ");
                }
            }
        }
    }

    /** A charge without an RDP curve: the canonical constructor this record had before RDP charges. */
    public PrivacyCost(Kind kind, BigDecimal epsilon, BigDecimal delta, BigDecimal rho) {
        this(kind, epsilon, delta, rho, RdpCurve.ZERO);
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

    /**
     * One Poisson-subsampled Gaussian mechanism: each record is in the sample with probability q, Gaussian noise of
     * standard deviation z·Δ₂ is added. For q = 1 (no subsampling) this is the zCDP charge ρ = 1/(2z²); for q &lt; 1
     * it is an {@link Kind#RDP} charge with the curve of {@link RdpCurve#subsampledGaussian} and the same ρ as a zCDP
     * bound (class comment); for q = 0 the output does not depend on the data and the curve and ρ are 0. ρ is the exact
     * 1/(2z²) of the double z, rounded up to {@link #SCALE} digits.
     *
     * @param delta   the δ this charge adds to the ledger (a task passes its δ on its first charge only)
     * @param epsilon for information only, as for zCDP charges
     * @throws IllegalArgumentException unless q is in [0, 1], z is finite and &gt; 0 with 1/(2z²) finite, δ is in
     *                                  [0, 1) and ε is finite and ≥ 0
     */
    public static PrivacyCost subsampledGaussian(double samplingRate, double noiseMultiplier, double delta,
            double epsilon) {
        RdpCurve curve = RdpCurve.subsampledGaussian(samplingRate, noiseMultiplier); // validates q and z
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1), was " + delta);
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, was " + epsilon);
        }
        BigDecimal z = new BigDecimal(noiseMultiplier);
        BigDecimal rho = samplingRate == 0 ? BigDecimal.ZERO
                : BigDecimal.ONE.divide(z.multiply(z).multiply(BigDecimal.valueOf(2)), SCALE, RoundingMode.CEILING);
        Kind kind = samplingRate == 1 ? Kind.ZCDP : Kind.RDP;
        return new PrivacyCost(kind, up(BigDecimal.valueOf(epsilon)), up(BigDecimal.valueOf(delta)), rho,
                kind == Kind.RDP ? curve : RdpCurve.ZERO);
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
