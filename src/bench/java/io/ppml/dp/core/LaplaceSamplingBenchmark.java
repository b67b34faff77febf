package io.ppml.dp.core;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import org.apache.commons.math3.distribution.LaplaceDistribution;
import org.apache.commons.math3.random.RandomGeneratorFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secure Laplace samples per second on one thread: {@link LaplaceMechanism#addNoise(double)} on a scalar with scale 1
 * (Δ = 1, ε = 1: grid rounding, exact discrete Laplace noise from buffered SecureRandom words, exact conversion),
 * against commons-math3's continuous {@code LaplaceDistribution} driven by a SecureRandom — the textbook
 * floating-point sampler that Mironov 2012 broke, as the baseline measured in the same run. commons-math3 is used
 * here as a baseline only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LaplaceSamplingBenchmark {

    private LaplaceMechanism mechanism;
    private LaplaceDistribution baseline;
    private double value;

    @Setup
    public void setUp() {
        mechanism = LaplaceMechanism.calibrate(1, 1, 1);
        baseline = new LaplaceDistribution(RandomGeneratorFactory.createRandomGenerator(new SecureRandom()), 0, 1);
        value = 42.5;
    }

    @Benchmark
    public double secureLaplaceMechanism() {
        return mechanism.addNoise(value);
    }

    @Benchmark
    public double baselineCommonsMathLaplaceOnSecureRandom() {
        return value + baseline.sample();
    }
}
