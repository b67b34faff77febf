package io.ppml.dp.core;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Goodness-of-fit checks with a stated false-failure rate α (the probability that a correct sampler fails the
 * check). Commons-math provides distribution functions only; no generator is created (null RandomGenerator).
 */
final class StatisticalChecks {

    private StatisticalChecks() {
    }

    /**
     * Pearson's chi-square test of integer samples against a pmf on the integers: cells with expected count ≥ 20 are
     * kept, the two tails beyond them pooled into one cell each. Fails when the statistic exceeds the (1 − α)
     * quantile of χ²(cells − 1) — asymptotically a false-failure rate of α (the approximation is good at these
     * expected counts).
     */
    static void assertChiSquareFits(long[] samples, java.util.function.LongToDoubleFunction pmf, double alpha) {
        int n = samples.length;
        int lo = 0;
        while (pmf.applyAsDouble(lo - 1) * n >= 20) {
            lo--;
        }
        int hi = 0;
        while (pmf.applyAsDouble(hi + 1) * n >= 20) {
            hi++;
        }
        int cells = hi - lo + 3; // [lo, hi] plus two pooled tails
        double[] expected = new double[cells];
        double inner = 0;
        for (int z = lo; z <= hi; z++) {
            expected[z - lo + 1] = pmf.applyAsDouble(z) * n;
            inner += pmf.applyAsDouble(z);
        }
        double lowerTail = 0;
        for (long z = lo - 1; z > lo - 10_000; z--) {
            lowerTail += pmf.applyAsDouble(z);
        }
        expected[0] = lowerTail * n;
        expected[cells - 1] = Math.max(0, 1 - inner - lowerTail) * n;
        long[] observed = new long[cells];
        for (long s : samples) {
            int cell = s < lo ? 0 : s > hi ? cells - 1 : (int) (s - lo + 1);
            observed[cell]++;
        }
        double chi2 = 0;
        int used = 0;
        for (int i = 0; i < cells; i++) {
            if (expected[i] > 0) {
                chi2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
                used++;
            } else {
                assertThat(observed[i]).as("samples in a cell of probability 0").isZero();
            }
        }
        double critical = new ChiSquaredDistribution(null, used - 1).inverseCumulativeProbability(1 - alpha);
        assertThat(chi2).as("chi-square with %d cells, critical value %.2f (α = %g)", used, critical, alpha)
                .isLessThanOrEqualTo(critical);
    }

    /**
     * Kolmogorov–Smirnov distance between the empirical CDF of the samples and a continuous CDF, checked against the
     * Dvoretzky–Kiefer–Wolfowitz inequality with Massart's constant (1990): P(sup|F_n − F| &gt; ε) ≤ 2e^(−2nε²),
     * valid for every n, so ε = √(ln(2/α)/(2n)) gives a false-failure rate of at most α. {@code bias} is added for a
     * known bound on |F_true − cdf| (e.g. a discrete distribution on a fine grid against its continuous limit).
     */
    static void assertKolmogorovSmirnovFits(double[] samples, DoubleUnaryOperator cdf, double alpha, double bias) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double distance = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            distance = Math.max(distance, Math.max(Math.abs(f - (double) i / n), Math.abs((double) (i + 1) / n - f)));
        }
        double critical = Math.sqrt(Math.log(2 / alpha) / (2.0 * n)) + bias;
        assertThat(distance).as("KS distance, DKW critical value %.5f (α = %g)", critical, alpha)
                .isLessThanOrEqualTo(critical);
    }

    /** z for a two-sided normal test at α = 1e-6: Φ^(−1)(1 − 5e-7) = 4.8916. */
    static final double Z_ONE_IN_A_MILLION = 4.8916;

    static double laplaceCdf(double x, double scale) {
        return x < 0 ? 0.5 * Math.exp(x / scale) : 1 - 0.5 * Math.exp(-x / scale);
    }
}
