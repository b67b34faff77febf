package io.ppml.dp.core;

/**
 * What a release costs.
 *
 * <ul>
 *   <li>A pure-ε mechanism (Laplace): {@code (ε, 0, 0)}. Its ε is what composes: ε's of pure releases add
 *       (Dwork &amp; Roth 2014, Theorem 3.16).</li>
 *   <li>A Gaussian mechanism: {@code (ε, δ, ρ)} where ρ is the zCDP charge, the quantity that composes (ρ's add,
 *       Bun &amp; Steinke 2016, Lemma 2.3), and (ε, δ) is the approximate-DP guarantee the release has on its own,
 *       with {@code ZcdpConversion.epsilon(ρ, δ) ≤ ε}. A ledger adds ρ for such a loss, never its ε.</li>
 * </ul>
 *
 * @param epsilon ε ≥ 0
 * @param delta   δ in [0, 1); 0 for pure-ε losses
 * @param rho     ρ ≥ 0; 0 for pure-ε losses, &gt; 0 for zCDP losses
 */
public record PrivacyLoss(double epsilon, double delta, double rho) {

    public PrivacyLoss {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, was " + epsilon);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1), was " + delta);
        }
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and >= 0, was " + rho);
        }
    }

    /** A pure ε-DP loss. */
    public static PrivacyLoss pure(double epsilon) {
        return new PrivacyLoss(epsilon, 0, 0);
    }

    /** A ρ-zCDP loss that is also (ε, δ)-DP. */
    public static PrivacyLoss zcdp(double rho, double epsilon, double delta) {
        return new PrivacyLoss(epsilon, delta, rho);
    }

    /** Whether this loss composes by ρ (zCDP) rather than by ε. */
    public boolean isZcdp() {
        return rho > 0;
    }
}
