package io.ppml.dp.core;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A differentially private MEAN over 1,000,000 values — prepare (validation, clamping, the pairwise centred sum with
 * its error bound, calibration of two mechanisms) plus release (two noise samples, the confidence interval) —
 * against a plain loop summing the same double[] as the baseline in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MeanBenchmark {

    private double[] values;

    @Setup
    public void setUp() {
        values = new double[1_000_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 0.6180339887498949) % 100; // spread over [0, 100) without a generator
        }
    }

    @Benchmark
    public Object dpMean() {
        return DpStatistics.prepare(StatisticQuery.builder(Statistic.MEAN, 1).values(values).bounds(0.0, 100.0).build())
                .release().result();
    }

    @Benchmark
    public double baselinePlainSum() {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }
}
