package io.ppml.fl.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.ppml.dp.core.vector.VectorGaussian;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A round of 100 updates of 1,000,000 parameters (400 MB of floats: run with {@code -jvmArgsAppend -Xmx3g}):
 * FedAvg (weighted, accumulated in double) and DP-FedAvg's clip-and-sum (norm, clipping factor, double sum; the noise
 * is the DP module's and not measured here, the release's division and the test-double noise are left out), against
 * a plain loop adding the same float[]s into a float[] — the floor any aggregation has to read all updates.
 * The DP round's clip norm is half the updates' norms, so every update is scaled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FedAvgBenchmark {

    @Param("100")
    public int clients;

    @Param("1000000")
    public int dimension;

    private List<ClientUpdate> updates;
    private float[][] arrays;
    private DpSettings dp;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        updates = new ArrayList<>();
        arrays = new float[clients][];
        for (int k = 0; k < clients; k++) {
            float[] delta = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                delta[i] = (float) (random.nextGaussian() * 1e-3);
            }
            arrays[k] = delta;
            updates.add(ClientUpdate.of(delta, 1 + random.nextInt(1000), dimension));
        }
        double norm = 1e-3 * Math.sqrt(dimension); // the updates' typical norm
        dp = DpSettings.withoutSampling(norm / 2, 1.0, clients, 1e-6);
    }

    @Benchmark
    public float[] fedAvg() {
        return FedAvg.aggregate(dimension, updates);
    }

    @Benchmark
    public DpFedAvg dpClipAndSum() {
        DpFedAvg round = new DpFedAvg(dp, dimension);
        for (ClientUpdate update : updates) {
            round.add(update);
        }
        return round;
    }

    /**
     * A whole DP-FedAvg round as the service runs it: clip and sum the 100 updates, then the DP module's exact vector
     * Gaussian over the 1,000,000 coordinates, on one core.
     */
    @Benchmark
    public float[] dpRoundWithSecureNoise() {
        return DpFedAvg.aggregate(dp, dimension, updates,
                (values, sensitivity, z) -> VectorGaussian.release(values, sensitivity, z, false));
    }

    /** The same round with the noise drawn on every core (the service's default, {@code ppml.fl.parallel-noise}). */
    @Benchmark
    public float[] dpRoundWithSecureNoiseParallel() {
        return DpFedAvg.aggregate(dp, dimension, updates,
                (values, sensitivity, z) -> VectorGaussian.release(values, sensitivity, z, true));
    }

    /** The first of DP-FedAvg's two passes over each update, alone. */
    @Benchmark
    public double l2NormOfEachUpdate() {
        double total = 0;
        for (float[] x : arrays) {
            total += Vectors.l2Norm(x);
        }
        return total;
    }

    @Benchmark
    public float[] baselinePlainFloatSum() {
        return plainFloatSum(arrays, dimension);
    }

    /** The baseline of the aggregation benchmarks: the plainest loop that touches every value once. */
    static float[] plainFloatSum(float[][] arrays, int dimension) {
        float[] sum = new float[dimension];
        for (float[] x : arrays) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += x[i];
            }
        }
        return sum;
    }
}
