package io.ppml.budget.core;

import java.util.concurrent.TimeUnit;

import io.ppml.budget.core.PrivacyAccountant.Spend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What RDP accounting costs: one subsampled-Gaussian curve at the 151 orders computed afresh (what a charge with a
 * new (q, z) pays once; later charges with the same pair hit the cache), and "ε spent" of a ledger holding RDP
 * charges (bounds (a), (b) and (c)) against one holding only pure and zCDP charges (bounds (a) and (b)) as the
 * baseline. The pair q = 0.5, z = 100 is the slow case of the fractional series.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RdpAccountingBenchmark {

    @Param({"0.01:1.1", "0.5:100"})
    public String samplingAndNoise;

    private double q;
    private double z;
    private double[] orders;
    private Spend withRdp;
    private Spend withoutRdp;

    @Setup
    public void setUp() {
        String[] parts = samplingAndNoise.split(":");
        q = Double.parseDouble(parts[0]);
        z = Double.parseDouble(parts[1]);
        orders = RdpCurve.orders();
        withoutRdp = Spend.NONE.plus(PrivacyCost.zcdp(0.01, 1e-6, 0.5)).plus(PrivacyCost.pure(0.1), 20);
        withRdp = withoutRdp.plus(PrivacyCost.subsampledGaussian(q, z, 0, 0), 1000);
    }

    @Benchmark
    public double curveComputedAfresh() {
        double sum = 0;
        for (double alpha : orders) {
            sum += SampledGaussianRdp.rdp(q, z, alpha);
        }
        return sum;
    }

    @Benchmark
    public Object epsilonWithRdpCharges() {
        return withRdp.epsilon();
    }

    @Benchmark
    public Object baselineEpsilonWithoutRdpCharges() {
        return withoutRdp.epsilon();
    }
}
