package io.ppml.dp.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

import org.junit.jupiter.api.Test;

import static io.ppml.dp.core.StatisticalChecks.Z_ONE_IN_A_MILLION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The exact samplers against their exact distributions. Every statistical assertion states its false-failure rate α
 * (≤ 1e-6 each; the class has 20 such assertions, so a correct implementation fails it with probability ≤ 2e-5).
 */
class DpSamplerTests {

    private static final double ALPHA = 1e-6;
    private static final int N = 200_000;

    @Test
    void expMinusOneBitsAreTheBinaryExpansionOfOneOverE() {
        long[] more = ExactBernoulli.expMinusOneBits(12); // recomputed with more digits: the first 512 bits agree
        for (int i = 0; i < 8; i++) {
            assertThat(ExactBernoulli.EXP_MINUS_ONE_BITS[i]).isEqualTo(more[i]);
        }
        // the first word against an independent BigDecimal evaluation: e^(−1) = 1 / e, e from Σ 1/k!
        BigDecimal e = BigDecimal.ZERO;
        BigDecimal term = BigDecimal.ONE;
        MathContext mc = new MathContext(60);
        for (int k = 1; k < 60; k++) {
            e = e.add(term, mc);
            term = term.divide(BigDecimal.valueOf(k), mc);
        }
        long firstWord = BigDecimal.ONE.divide(e, mc).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(64)), mc)
                .toBigInteger().longValue();
        assertThat(ExactBernoulli.EXP_MINUS_ONE_BITS[0]).isEqualTo(firstWord);
    }

    /** Binomial check of exact Bernoulli(e^(−γ)) trials, each at α = 1e-6 (normal approximation, z = 4.89). */
    @Test
    void bernoulliExpHasTheRightMean() {
        long[][] gammas = {{0, 1}, {1, 3}, {1, 1}, {5, 2}, {7, 3}, {999, 1000}};
        RandomBits bits = RandomBits.current();
        for (long[] gamma : gammas) {
            double p = Math.exp(-(double) gamma[0] / gamma[1]);
            int hits = 0;
            for (int i = 0; i < N; i++) {
                if (ExactBernoulli.exp(gamma[0], gamma[1], bits)) {
                    hits++;
                }
            }
            assertBinomial(hits, N, p);
        }
        // the BigInteger path (both parts beyond a long), γ = 1/3 and γ = 4/3
        BigInteger big = BigInteger.ONE.shiftLeft(80);
        for (int whole = 0; whole <= 1; whole++) {
            int hits = 0;
            BigInteger num = big.add(big.multiply(BigInteger.valueOf(3L * whole)));
            for (int i = 0; i < N / 4; i++) {
                if (ExactBernoulli.exp(num, big.multiply(BigInteger.valueOf(3)), bits)) {
                    hits++;
                }
            }
            assertBinomial(hits, N / 4, Math.exp(-(1 + 3.0 * whole) / 3));
        }
    }

    private static void assertBinomial(int hits, int n, double p) {
        double tolerance = Z_ONE_IN_A_MILLION * Math.sqrt(p * (1 - p) / n);
        assertThat((double) hits / n).as("frequency of Bernoulli(%f)", p).isBetween(p - tolerance, p + tolerance);
    }

    @Test
    void discreteLaplaceMatchesItsPmf() {
        for (long t : new long[]{1, 2, 5}) {
            double q = Math.exp(-1.0 / t);
            long[] samples = new long[N];
            RandomBits bits = RandomBits.current();
            for (int i = 0; i < N; i++) {
                samples[i] = DiscreteLaplace.sample(t, bits);
            }
            StatisticalChecks.assertChiSquareFits(samples, z -> (1 - q) / (1 + q) * Math.pow(q, Math.abs(z)), ALPHA);
        }
    }

    /**
     * The BigInteger path at t = 2^60 + 12345: Z/t against Laplace(1). |F_disc − F_cont| ≤ 1/t per point (each atom
     * has mass below 1/t), so the KS bias term 1e-15 covers it.
     */
    @Test
    void discreteLaplaceWithHugeScaleIsLaplace() {
        BigInteger t = BigInteger.ONE.shiftLeft(60).add(BigInteger.valueOf(12345));
        double[] samples = new double[N / 4];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = new BigDecimal(DiscreteLaplace.sample(t, RandomBits.current()))
                    .divide(new BigDecimal(t), MathContext.DECIMAL64).doubleValue();
        }
        StatisticalChecks.assertKolmogorovSmirnovFits(samples, x -> StatisticalChecks.laplaceCdf(x, 1), ALPHA, 1e-15);
    }

    @Test
    void discreteGaussianMatchesItsPmf() {
        BigInteger[][] variances = {{BigInteger.ONE, BigInteger.valueOf(3)}, {BigInteger.TWO, BigInteger.ONE},
                {BigInteger.valueOf(9), BigInteger.valueOf(4)}, {BigInteger.valueOf(25), BigInteger.ONE}};
        for (BigInteger[] v : variances) {
            double sigma2 = v[0].doubleValue() / v[1].doubleValue();
            double norm = 0;
            for (int z = -200; z <= 200; z++) {
                norm += Math.exp(-z * (double) z / (2 * sigma2));
            }
            double normaliser = norm;
            long[] samples = new long[N];
            for (int i = 0; i < N; i++) {
                samples[i] = DiscreteGaussian.sample(v[0], v[1], RandomBits.current()).longValueExact();
            }
            StatisticalChecks.assertChiSquareFits(samples, z -> Math.exp(-z * (double) z / (2 * sigma2)) / normaliser,
                    ALPHA);
        }
    }

    /** Uniformity of nextLong(bound) for a small bound and for one where 2^64 mod bound is large (bias-prone). */
    @Test
    void boundedIntegersAreUniform() {
        RandomBits bits = RandomBits.current();
        long[] samples = new long[N];
        for (int i = 0; i < N; i++) {
            samples[i] = bits.nextLong(7);
        }
        StatisticalChecks.assertChiSquareFits(samples, z -> z >= 0 && z < 7 ? 1 / 7.0 : 0, ALPHA);
        long bound = (1L << 62) + (1L << 61); // 3·2^61: a naive modulo would favour the low third
        for (int i = 0; i < N; i++) {
            samples[i] = bits.nextLong(bound) / (bound / 3);
        }
        StatisticalChecks.assertChiSquareFits(samples, z -> z >= 0 && z < 3 ? 1 / 3.0 : 0, ALPHA);
        BigInteger bigBound = BigInteger.TEN.pow(30);
        for (int i = 0; i < N; i++) {
            samples[i] = bits.nextBigInteger(bigBound).divide(BigInteger.TEN.pow(29)).longValueExact();
        }
        StatisticalChecks.assertChiSquareFits(samples, z -> z >= 0 && z < 10 ? 0.1 : 0, ALPHA);
        int ones = 0;
        for (int i = 0; i < N; i++) {
            if (bits.nextBoolean()) {
                ones++;
            }
        }
        assertBinomial(ones, N, 0.5);
    }

    @Test
    void rejectsInvalidParameters() {
        RandomBits bits = RandomBits.current();
        assertThatIllegalArgumentException().isThrownBy(() -> bits.nextLong(0));
        assertThatIllegalArgumentException().isThrownBy(() -> DiscreteLaplace.sample(0, bits));
        assertThatIllegalArgumentException().isThrownBy(() -> DiscreteLaplace.sample((1L << 52) + 1, bits));
        assertThatIllegalArgumentException().isThrownBy(() -> DiscreteLaplace.sample(BigInteger.ZERO, bits));
        assertThatIllegalArgumentException().isThrownBy(() -> DiscreteGaussian.sample(BigInteger.ZERO, bits));
        assertThatIllegalArgumentException().isThrownBy(() -> ExactBernoulli.exp(-1, 2, bits));
    }
}
