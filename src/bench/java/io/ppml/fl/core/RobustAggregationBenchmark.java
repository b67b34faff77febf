package io.ppml.fl.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The coordinate-wise median and 10 % trimmed mean of 20 and 200 updates of 1,000,000 parameters (200 of them are
 * 800 MB: run with {@code -jvmArgsAppend -Xmx3g}), against FedAvg of the same updates and a plain loop adding them —
 * what reading the updates costs, so that the figures show what ordering each coordinate's values adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RobustAggregationBenchmark {

    @Param({"20", "200"})
    public int clients;

    @Param("1000000")
    public int dimension;

    private List<ClientUpdate> updates;
    private float[][] arrays;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2);
        updates = new ArrayList<>();
        arrays = new float[clients][];
        for (int k = 0; k < clients; k++) {
            float[] delta = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                delta[i] = (float) random.nextGaussian();
            }
            arrays[k] = delta;
            updates.add(ClientUpdate.of(delta, 1 + random.nextInt(1000), dimension));
        }
    }

    @Benchmark
    public float[] median() {
        return RobustAggregation.median(dimension, updates);
    }

    @Benchmark
    public float[] trimmedMean() {
        return RobustAggregation.trimmedMean(dimension, updates, 0.1);
    }

    @Benchmark
    public float[] fedAvg() {
        return FedAvg.aggregate(dimension, updates);
    }

    @Benchmark
    public float[] baselinePlainFloatSum() {
        return FedAvgBenchmark.plainFloatSum(arrays, dimension);
    }
}
