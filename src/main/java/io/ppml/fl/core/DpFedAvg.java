package io.ppml.fl.core;

import java.util.List;

/**
 * DP-FedAvg's aggregation (McMahan, Ramage, Talwar &amp; Zhang 2018, "Learning Differentially Private Recurrent
 * Language Models", Algorithm 1 with the fixed-denominator estimator f̃_f): each client's update is clipped to L2 norm
 * ≤ C = {@code clipNorm}, the clipped updates are summed with uniform weights, the sum is divided by
 * m = {@code expectedClients} — not by the number of updates received, so that one client more or less moves the
 * average by at most C/m whatever the round's size — and Gaussian noise of σ = z·C/m is added.
 *
 * <p>Clipping happens on the fly: each update x is scaled by the factor f of {@link Vectors}, whose products x_i·f
 * are exact in double and provably have L2 norm ≤ C; they are added to a double accumulator (the sum rounds, the
 * clipped values do not), and the update's array is left as it was. {@link Vectors#clipInPlace} stores the same
 * products rounded to float.
 * {@code numExamples} plays no part: weighting by it would let one client's claim scale its influence past C/m.
 *
 * <p>Use: {@link #add} every update, charge the round's privacy cost, then {@link #release} once. The noise is the
 * only thing between the updates and the released model, so release refuses to run twice, and nothing can be added
 * after it.
 *
 * <h2>Floating point and the sensitivity</h2>
 * The argument above is about the exact sum of the clipped vectors y_k = x_k·f_k. The released aggregate is computed
 * in double — per coordinate a sum in arrival order, then a division by m — which is within γ_n·Σ_k |y_k[i]| / m of the
 * exact S_i / m (Higham 2002, §3.1; γ_n = n·2^-53 / (1 − n·2^-53)), so its L2 distance from the exact average is at
 * most γ_n · n · C / m. Two neighbouring rounds of at most N updates can thus end up C/m·(1 + 2·N·γ_N) apart; with
 * N = {@link #MAX_UPDATES} = 2^16 that is below C/m·(1 + 2^-19), the sensitivity {@link DpSettings#l2Sensitivity()}
 * hands to the noise. Capping the round size keeps that slack a public constant: deriving it from the number of
 * updates received would make the noise scale depend on the data.
 *
 * <p>Not thread-safe: a round's aggregation runs on one thread. It keeps up to three added updates' arrays until the
 * next flush, never copies of them.
 */
public final class DpFedAvg {

    /**
     * The most updates one round may sum, so that the floating-point slack in the sensitivity is a constant; far above
     * the clients per round of cross-device FL (hundreds to thousands).
     */
    public static final int MAX_UPDATES = 1 << 16;

    private final DpSettings settings;
    private final double[] sum;
    private final PendingSum pending = new PendingSum();
    private int count;
    private boolean released;

    /** An empty round for updates of {@code dimension} values. */
    public DpFedAvg(DpSettings settings, int dimension) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be ≥ 0, was " + dimension);
        }
        this.settings = settings;
        this.sum = new double[dimension];
    }

    /** The noisy DP-FedAvg average of {@code updates} (any number, even none: then it is noise alone). */
    public static float[] aggregate(DpSettings settings, int dimension, List<ClientUpdate> updates,
                                    GaussianVectorNoise noise) {
        DpFedAvg round = new DpFedAvg(settings, dimension);
        for (ClientUpdate update : updates) {
            round.add(update);
        }
        return round.release(noise);
    }

    /**
     * Clips one update to L2 ≤ clipNorm and adds it with weight 1; the update's array is not changed, but may be read
     * until the fourth update after it or {@link #release}: updates are summed four at a time, as {@link FedAvg} does
     * and for the same reason. Refuses an update of another dimension, naming {@code "delta"}.
     *
     * @return the update's L2 norm before clipping (computed as {@link Vectors#l2Norm} does), for the caller's metrics
     *         — it is private data, not to be released or logged per client
     */
    public double add(ClientUpdate update) {
        if (released) {
            throw new IllegalStateException("the round was released; nothing can be added");
        }
        if (count == MAX_UPDATES) {
            throw new IllegalStateException("a DP round sums at most " + MAX_UPDATES + " updates");
        }
        float[] x = update.delta();
        ClientUpdate.requireDimension(x, sum.length);
        double norm = Vectors.l2Norm(x);
        double f = Vectors.clipFactor(norm, settings.clipNorm(), x.length);
        count++;
        if (f == 0) {
            return norm; // clipped to the zero vector: nothing to add
        }
        pending.add(x, f, sum);
        return norm;
    }

    /** The number of updates added. */
    public int count() {
        return count;
    }

    /**
     * The released model delta: the clipped sum divided by expectedClients, then noise from {@code noise} with
     * l2Sensitivity = {@link DpSettings#l2Sensitivity() clipNorm / expectedClients} (plus the floating-point slack)
     * and the task's noiseMultiplier.
     * Call it only after the round's cost was charged; it may be called once.
     */
    public float[] release(GaussianVectorNoise noise) {
        if (released) {
            throw new IllegalStateException("the round was already released");
        }
        released = true;
        pending.flushInto(sum);
        double[] values = sum; // handed to the noise, which may overwrite it: this round is over
        double m = settings.expectedClients();
        for (int i = 0; i < values.length; i++) {
            values[i] /= m;
        }
        float[] out = noise.release(values, settings.l2Sensitivity(), settings.noiseMultiplier());
        if (out.length != values.length) {
            throw new IllegalStateException("the noise returned " + out.length + " values for " + values.length);
        }
        for (float v : out) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("the noise returned a non-finite value");
            }
        }
        return out;
    }
}
