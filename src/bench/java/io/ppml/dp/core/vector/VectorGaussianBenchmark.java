package io.ppml.dp.core.vector;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import io.ppml.crypto.Randomness;
import io.ppml.dp.core.DiscreteGaussian;
import io.ppml.dp.core.GaussianMechanism;
import io.ppml.dp.core.RandomBits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Gaussian noise samples per second (every score is samples/s), all in one run:
 * <ul>
 *   <li>{@code vectorSequential} / {@code vectorParallel}: {@link VectorGaussian#release} of a 10^6-coordinate vector
 *       (Δ = 1, z = 1: g = 2^−26, s = 2^26 + 1000), on one thread or split across the common fork-join pool;</li>
 *   <li>{@code samplerOnly}: the exact sampler alone at the same s, one sample per operation;</li>
 *   <li>{@code existingDiscreteGaussianSameS}: the existing BigInteger sampler {@link DiscreteGaussian#sample} at
 *       the same s (CKS 2020 Algorithm 3), one sample per operation;</li>
 *   <li>{@code existingGaussianMechanismScalar}: {@link GaussianMechanism} as calibrated today for 10^6
 *       coordinates (ε = 1, δ = 1e-5; its grid 2^30 times finer than the noise makes s about 2^40 and more), one
 *       coordinate per operation;</li>
 *   <li>{@code naiveSecureRandomNextGaussian}: the textbook (floating-point, attackable) loop
 *       x + σ·{@code Randomness.secureRandom().nextGaussian()} over the 10^6 vector;</li>
 *   <li>{@code secureRandomWords}: 64-bit words from {@link RandomBits} (this thread's SecureRandom), the ceiling of
 *       randomness the samplers draw from.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VectorGaussianBenchmark {

    private static final int D = 1_000_000;

    private double[] values;
    private VectorGaussian vector;
    private DiscreteGaussianSampler sampler;
    private RandomBitStream bits;
    private BigInteger sSquared;
    private GaussianMechanism existing;
    private SecureRandom secureRandom;

    @Setup
    public void setUp() {
        secureRandom = Randomness.secureRandom();
        values = new double[D];
        for (int i = 0; i < D; i++) {
            values[i] = secureRandom.nextDouble() * 2 - 1;
        }
        vector = VectorGaussian.calibrate(1, 1, D);
        sampler = new DiscreteGaussianSampler(vector.gridSigma());
        bits = RandomBitStream.over(RandomBits.current());
        sSquared = BigInteger.valueOf(vector.gridSigma()).pow(2);
        existing = GaussianMechanism.calibrate(1, 1, 1e-5, D);
    }

    @Benchmark
    @OperationsPerInvocation(D)
    public float[] vectorSequential() {
        return vector.release(values, false);
    }

    @Benchmark
    @OperationsPerInvocation(D)
    public float[] vectorParallel() {
        return vector.release(values, true);
    }

    @Benchmark
    public long samplerOnly() {
        return sampler.sample(bits);
    }

    @Benchmark
    public BigInteger existingDiscreteGaussianSameS() {
        return DiscreteGaussian.sample(sSquared, RandomBits.current());
    }

    @Benchmark
    public double existingGaussianMechanismScalar() {
        return existing.addNoise(0.5);
    }

    @Benchmark
    @OperationsPerInvocation(D)
    public float[] naiveSecureRandomNextGaussian() {
        float[] out = new float[D];
        double sigma = vector.nominalSigma();
        SecureRandom random = Randomness.secureRandom();
        for (int i = 0; i < D; i++) {
            out[i] = (float) (values[i] + sigma * random.nextGaussian());
        }
        return out;
    }

    @Benchmark
    public long secureRandomWords() {
        return RandomBits.current().nextLong();
    }
}
