package io.ppml.dp.core.vector;

import java.util.Arrays;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact discrete Gaussian N_Z(0, s²), computed independently of the sampler by summing e^(−z²/(2s²)) over the
 * integers, and goodness-of-fit checks against it with a stated false-failure rate α (the probability that a correct
 * sampler fails the check). Commons-math supplies distribution functions only; no generator is created.
 */
final class GoodnessOfFit {

    /** z for a two-sided normal test at α = 1e-6: Φ^(−1)(1 − 5e-7) = 4.8916. */
    static final double Z_ONE_IN_A_MILLION = 4.8916;

    private final long s;
    private final double normaliser;

    /**
     * Weights summed over |z| ≤ 12s + 20: the mass beyond is below e^(−72) of the total, far below every α used.
     */
    GoodnessOfFit(long s) {
        this.s = s;
        this.normaliser = weightSum(-(12 * s + 20), 12 * s + 20);
    }

    private double weight(long z) {
        double x = z / (double) s;
        return Math.exp(-x * x / 2);
    }

    private double weightSum(long from, long to) {
        double sum = 0;
        for (long z = from; z <= to; z++) {
            sum += weight(z);
        }
        return sum;
    }

    double pmf(long z) {
        return weight(z) / normaliser;
    }

    /** P(from ≤ Z ≤ to). */
    double probability(long from, long to) {
        long lo = Math.max(from, -(12 * s + 20));
        long hi = Math.min(to, 12 * s + 20);
        return lo > hi ? 0 : weightSum(lo, hi) / normaliser;
    }

    /** E[Z^power] for an even power, summed exactly like the pmf. */
    double moment(int power) {
        double sum = 0;
        for (long z = 1; z <= 12 * s + 20; z++) {
            sum += 2 * Math.pow(z, power) * pmf(z);
        }
        return sum;
    }

    /**
     * Pearson's chi-square test over cells: every integer from lo to hi is its own cell when s is small (width 1),
     * else cells of {@code width} integers, and the two tails beyond are pooled into one cell each. Fails when the
     * statistic exceeds the (1 − α) quantile of χ²(cells − 1) — asymptotically a false-failure rate of α; every cell
     * here expects thousands of samples, where the approximation is good.
     */
    void assertChiSquareFits(long[] samples, long lo, long hi, long width, double alpha) {
        int inner = (int) ((hi - lo + 1 + width - 1) / width);
        int cells = inner + 2;
        double[] expected = new double[cells];
        expected[0] = probability(Long.MIN_VALUE / 2, lo - 1);
        for (int c = 0; c < inner; c++) {
            long from = lo + c * width;
            expected[c + 1] = probability(from, Math.min(hi, from + width - 1));
        }
        expected[cells - 1] = probability(hi + 1, Long.MAX_VALUE / 2);
        long[] observed = new long[cells];
        for (long z : samples) {
            int cell = z < lo ? 0 : z > hi ? cells - 1 : (int) ((z - lo) / width) + 1;
            observed[cell]++;
        }
        double chi2 = 0;
        int n = samples.length;
        for (int c = 0; c < cells; c++) {
            double e = expected[c] * n;
            assertThat(e).as("expected count of cell %d", c).isGreaterThan(20);
            chi2 += (observed[c] - e) * (observed[c] - e) / e;
        }
        double critical = new ChiSquaredDistribution(null, cells - 1).inverseCumulativeProbability(1 - alpha);
        assertThat(chi2).as("chi-square over %d cells for s = %d, critical value %.2f at α = %g; observed %s",
                cells, s, critical, alpha, Arrays.toString(observed)).isLessThanOrEqualTo(critical);
    }

    /**
     * The mean of Z² against Var(Z) = E[Z²] (the mean is 0), within z·√((E[Z⁴] − E[Z²]²)/n) for z = 4.8916: by the
     * central limit theorem (Z² has all moments) a false-failure rate of 1e-6.
     */
    void assertVarianceMatches(long[] samples) {
        double variance = moment(2);
        double fourth = moment(4);
        double meanSquare = 0;
        for (long z : samples) {
            meanSquare += (double) z * z;
        }
        meanSquare /= samples.length;
        double tolerance = Z_ONE_IN_A_MILLION * Math.sqrt((fourth - variance * variance) / samples.length);
        assertThat(meanSquare).as("mean of Z² for s = %d (Var(Z) = %.6g)", s, variance)
                .isCloseTo(variance, org.assertj.core.data.Offset.offset(tolerance));
    }
}
