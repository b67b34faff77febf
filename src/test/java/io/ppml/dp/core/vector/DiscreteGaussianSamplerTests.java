package io.ppml.dp.core.vector;

import io.ppml.dp.core.RandomBits;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

import static io.ppml.dp.core.vector.GoodnessOfFit.Z_ONE_IN_A_MILLION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The exact sampler against the exact discrete Gaussian, computed independently by summation
 * ({@link GoodnessOfFit}). Every statistical assertion has a false-failure rate α ≤ 1e-6; the class makes 8 of them
 * (plus bounds on the bits read, with margins of many standard errors), so a correct sampler fails it with
 * probability below 1e-5.
 */
class DiscreteGaussianSamplerTests {

    private static final double ALPHA = 1e-6;
    private static final int N = 1_000_000;

    private static long[] samples(long s, int n) {
        DiscreteGaussianSampler sampler = new DiscreteGaussianSampler(s);
        RandomBitStream bits = RandomBitStream.over(RandomBits.current());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = sampler.sample(bits);
        }
        return out;
    }

    /** Karney's steps N1–N2: P(k) = e^(−k²/2)/Σ_(i≥0) e^(−i²/2) on k ≥ 0 (chi-square, α = 1e-6). */
    @Test
    void halfGaussianIndexHasProbabilityProportionalToEToTheMinusKSquaredOverTwo() {
        double[] weights = new double[40];
        double total = 0;
        for (int k = 0; k < weights.length; k++) {
            weights[k] = Math.exp(-k * k / 2.0);
            total += weights[k];
        }
        RandomBitStream bits = RandomBitStream.over(RandomBits.current());
        long[] counts = new long[4]; // 0, 1, 2, and ≥ 3 pooled
        for (int i = 0; i < N; i++) {
            counts[(int) Math.min(3, DiscreteGaussianSampler.halfGaussianIndex(bits))]++;
        }
        double tail = 1 - (weights[0] + weights[1] + weights[2]) / total;
        double[] expected = {weights[0] / total, weights[1] / total, weights[2] / total, tail};
        double chi2 = 0;
        for (int c = 0; c < 4; c++) {
            double e = expected[c] * N;
            chi2 += (counts[c] - e) * (counts[c] - e) / e;
        }
        // the (1 − 1e-6) quantile of χ²(3) is 30.66
        assertThat(chi2).as("chi-square of k, counts %s", java.util.Arrays.toString(counts)).isLessThan(30.66);
    }

    /** Small s, where the discrete shape matters: every value its own cell (chi-square, α = 1e-6 each). */
    @Test
    void smallSigmaFitsTheExactDiscreteGaussian() {
        for (long s : new long[]{1, 2, 3}) {
            GoodnessOfFit exact = new GoodnessOfFit(s);
            long range = 3 * s; // beyond ±3s the tails are pooled; every cell then expects hundreds of samples
            exact.assertChiSquareFits(samples(s, s == 3 ? N : N / 5), -range, range, 1, ALPHA);
        }
    }

    /** s = 3: the mean of Z² against the exact Var(Z) (α = 1e-6). */
    @Test
    void smallSigmaHasTheExactVariance() {
        new GoodnessOfFit(3).assertVarianceMatches(samples(3, N));
    }

    /**
     * s = 2^20: cells of s/8 integers over ±3.5s, tails pooled (chi-square, α = 1e-6), and the variance (α = 1e-6).
     */
    @Test
    void largeSigmaFitsTheExactDiscreteGaussian() {
        long s = 1L << 20;
        GoodnessOfFit exact = new GoodnessOfFit(s);
        long[] samples = samples(s, N);
        exact.assertChiSquareFits(samples, -7 * s / 2, 7 * s / 2 - 1, s / 8, ALPHA);
        exact.assertVarianceMatches(samples);
    }

    /**
     * s = 2^40 + 12345, beyond double-exact summation: Z/s against the standard normal CDF. Each atom has mass below
     * 1/s and the discrete Gaussian's CDF differs from Φ(z/s) by less than that plus terms in e^(−2π²s²) (Poisson
     * summation), so a bias of 1e-9 covers it; Kolmogorov–Smirnov with the Dvoretzky–Kiefer–Wolfowitz–Massart bound,
     * P(sup|F_n − F| &gt; ε) ≤ 2e^(−2nε²), gives α = 1e-6 for every n.
     */
    @Test
    void hugeSigmaFitsTheNormalDistribution() {
        long s = (1L << 40) + 12345;
        long[] samples = samples(s, N / 4);
        double[] scaled = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            scaled[i] = samples[i] / (double) s;
        }
        java.util.Arrays.sort(scaled);
        int n = scaled.length;
        double distance = 0;
        for (int i = 0; i < n; i++) {
            double f = 0.5 * Erf.erfc(-scaled[i] / Math.sqrt(2));
            distance = Math.max(distance, Math.max(Math.abs(f - (double) i / n), Math.abs((double) (i + 1) / n - f)));
        }
        double critical = Math.sqrt(Math.log(2 / ALPHA) / (2.0 * n)) + 1e-9;
        assertThat(distance).as("KS distance, DKW critical value %.5f", critical).isLessThanOrEqualTo(critical);
    }

    /**
     * Bits read per sample: never fewer than the entropy of N_Z(0, s²), about log₂(s·√(2πe)) (no exact sampler can read
     * less), and about 1.4·log₂ s + 21 (the uniform j costs log₂ s + 2 bits per try, 1.4 tries per sample) — bounded
     * here by 1.5·log₂ s + 25. The mean over 10^5 samples has a standard error below 0.2 bits, so the margins of
     * several bits make the false-failure rate negligible.
     */
    @Test
    void readsFewRandomBitsPerSample() {
        for (long s : new long[]{1L << 10, 1L << 26, 1L << 40}) {
            long[] words = {0};
            RandomBits source = RandomBits.current();
            RandomBitStream bits = new RandomBitStream(() -> {
                words[0]++;
                return source.nextLong();
            });
            DiscreteGaussianSampler sampler = new DiscreteGaussianSampler(s);
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                sampler.sample(bits);
            }
            double perSample = (64.0 * words[0] - bits.available()) / n;
            double log2s = Math.log(s) / Math.log(2);
            double entropy = log2s + Math.log(Math.sqrt(2 * Math.PI * Math.E)) / Math.log(2);
            assertThat(perSample).as("bits per sample at s = 2^%.0f", log2s).isBetween(entropy, 1.5 * log2s + 25);
        }
    }

    @Test
    void refusesSigmaOutsideItsRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscreteGaussianSampler(0));
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscreteGaussianSampler((1L << 52) + 1));
        assertThat(new DiscreteGaussianSampler(1L << 52).sigma()).isEqualTo(1L << 52);
    }

    /** The z of the variance checks: Φ(4.8916) = 1 − 5e-7, so two-sided 1e-6. */
    @Test
    void oneInAMillionQuantileIsRight() {
        assertThat(Erf.erfc(Z_ONE_IN_A_MILLION / Math.sqrt(2))).isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-9));
    }
}
