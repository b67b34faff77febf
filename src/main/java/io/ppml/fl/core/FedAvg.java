package io.ppml.fl.core;

import java.util.List;

/**
 * Federated averaging weighted by {@code numExamples} (McMahan et al. 2017, "Communication-Efficient Learning of Deep
 * Networks from Decentralized Data", Algorithm 1: w ← Σ_k (n_k / n) w_k), accumulated one update at a time, so that a
 * round never needs more than one update and the double accumulator in memory.
 *
 * <h2>What the result is, exactly</h2>
 * With w_k = (double) numExamples_k (exact up to 2^53 examples) and the updates x_0 … x_{n−1} in the order they were
 * added, every step below is one IEEE 754 double operation, rounded to nearest:
 * <pre>
 *   W       = (…((w_0 + w_1) + w_2) + …) + w_{n−1}
 *   acc[i]  = (…((0 + w_0·x_0[i]) + w_1·x_1[i]) + …) + w_{n−1}·x_{n−1}[i]
 *   result[i] = (float) (acc[i] / W)
 * </pre>
 * This is the reference the tests reproduce bit for bit; it lies within (n + 2)·2^-53 · Σ_k w_k|x_k[i]| / W of the
 * exact weighted average Σ_k w_k x_k[i] / Σ_k w_k before the final rounding to float32 — for updates of one sign that
 * is a relative 10^-13 for a few hundred clients, so the float32 result is the correctly rounded exact average except
 * when that average lies within this distance of a point halfway between two floats. The result is independent of how
 * the updates were split into calls and of the JIT, since Java forbids fusing or reassociating these operations; the
 * loops do use fused multiply-adds where that provably changes no bit (weights below 2^29, see {@link Kernels}).
 *
 * <p>Not thread-safe: a round's aggregation runs on one thread. It keeps up to three added updates' arrays until the
 * next flush, never copies of them.
 */
public final class FedAvg {

    private final double[] acc;
    private final PendingSum pending = new PendingSum();
    private double totalWeight;
    private int count;

    /** An empty accumulator for updates of {@code dimension} values. */
    public FedAvg(int dimension) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be ≥ 0, was " + dimension);
        }
        this.acc = new double[dimension];
    }

    /** The weighted average of {@code updates} (at least one), each of {@code dimension} values. */
    public static float[] aggregate(int dimension, List<ClientUpdate> updates) {
        FedAvg fedAvg = new FedAvg(dimension);
        for (ClientUpdate update : updates) {
            fedAvg.add(update);
        }
        return fedAvg.result();
    }

    /**
     * Adds one update with weight {@code numExamples}; refuses one of another dimension, naming {@code "delta"}. The
     * update's array may be read later, until the fourth update after it or {@link #result()}: updates are summed four
     * at a time (see {@link PendingSum}).
     */
    public void add(ClientUpdate update) {
        float[] x = update.delta();
        ClientUpdate.requireDimension(x, acc.length);
        double w = update.numExamples();
        totalWeight += w;
        count++;
        pending.add(x, w, acc);
    }

    /** The number of updates added. */
    public int count() {
        return count;
    }

    /** The weighted average of the updates added so far; at least one must have been. */
    public float[] result() {
        if (count == 0) {
            throw new IllegalStateException("no update to average");
        }
        pending.flushInto(acc);
        double[] a = acc;
        double total = totalWeight;
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (a[i] / total);
        }
        return out;
    }
}
