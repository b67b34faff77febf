package io.ppml.fl.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The coordinate-wise median and trimmed mean (Yin, Chen, Ramchandran &amp; Bartlett 2018, "Byzantine-Robust
 * Distributed Learning: Towards Optimal Statistical Rates", §3): each coordinate is aggregated on its own, ignoring
 * {@code numExamples}, so that a minority of clients sending arbitrary values cannot move it outside the range of the
 * honest clients' values (the median needs fewer than half of the clients to be dishonest, the trimmed mean at most
 * ⌊trimFraction·n⌋).
 *
 * <p>Coordinates are processed {@value #LANES} at a time: each update's block of {@value #LANES} values is copied into
 * one reused row, and a {@link SortingNetwork} orders every coordinate's n values at once, without a branch on the
 * values. Besides the result, a round allocates n rows of {@value #LANES} floats, whatever its dimension. The result
 * depends only on each coordinate's values, not on the order of the clients.
 */
public final class RobustAggregation {

    /** Coordinates per block: long rows for the vectorised compare-exchanges, n rows still within the L2 cache. */
    static final int LANES = 128;

    private RobustAggregation() {
    }

    /**
     * The coordinate-wise median of {@code updates} (at least one): the middle value for odd n, the mean of the two
     * middle values computed in double and rounded once to float for even n.
     */
    public static float[] median(int dimension, List<ClientUpdate> updates) {
        float[][] xs = arrays(dimension, updates);
        int n = xs.length;
        int mid = n / 2;
        boolean even = n % 2 == 0;
        SortingNetwork network = SortingNetwork.forRanks(n, even ? mid - 1 : mid, mid + 1);
        float[][] rows = new float[n][LANES];
        float[] out = new float[dimension];
        for (int start = 0; start < dimension; start += LANES) {
            int width = Math.min(LANES, dimension - start);
            gather(xs, start, width, rows);
            network.sortLanes(rows, width);
            float[] upper = rows[mid];
            if (even) {
                float[] lower = rows[mid - 1];
                for (int c = 0; c < width; c++) {
                    out[start + c] = (float) (((double) lower[c] + upper[c]) / 2);
                }
            } else {
                System.arraycopy(upper, 0, out, start, width);
            }
        }
        return out;
    }

    /**
     * The coordinate-wise trimmed mean of {@code updates} (at least one): per coordinate the
     * {@link #trimCount ⌊trimFraction·n⌋} smallest and as many largest values are dropped and the rest averaged —
     * summed in double in ascending order, divided by their number, rounded once to float.
     *
     * @param trimFraction in [0, 0.5), refused otherwise naming {@code "trimFraction"}
     */
    public static float[] trimmedMean(int dimension, List<ClientUpdate> updates, double trimFraction) {
        float[][] xs = arrays(dimension, updates);
        int n = xs.length;
        int k = trimCount(n, trimFraction);
        int kept = n - 2 * k;
        SortingNetwork network = SortingNetwork.forRanks(n, k, n - k);
        float[][] rows = new float[n][LANES];
        double[] sums = new double[LANES];
        float[] out = new float[dimension];
        for (int start = 0; start < dimension; start += LANES) {
            int width = Math.min(LANES, dimension - start);
            gather(xs, start, width, rows);
            network.sortLanes(rows, width);
            float[] smallest = rows[k];
            for (int c = 0; c < width; c++) {
                sums[c] = smallest[c];
            }
            for (int r = k + 1; r < n - k; r++) {
                float[] row = rows[r];
                for (int c = 0; c < width; c++) {
                    sums[c] += row[c];
                }
            }
            for (int c = 0; c < width; c++) {
                out[start + c] = (float) (sums[c] / kept);
            }
        }
        return out;
    }

    /**
     * ⌊trimFraction·n⌋ for trimFraction as the request wrote it: computed exactly from the shortest decimal that
     * denotes the double ({@link BigDecimal#valueOf(double)}), so that 0.3 of 10 clients trims 3 — the double nearest
     * 0.3 is 0.29999999999999998889…, whose exact product would trim 2.
     *
     * <p>A trim never leaves nothing: that decimal is below 1/2 whenever the double is (a decimal at or above 1/2
     * would read back as 1/2 or more), so ⌊trimFraction·n⌋ &lt; n/2 and at least one value remains.
     *
     * @param trimFraction in [0, 0.5), refused otherwise naming {@code "trimFraction"}
     */
    public static int trimCount(int n, double trimFraction) {
        if (!(trimFraction >= 0 && trimFraction < 0.5)) {
            throw new FlException("trimFraction", "must be in [0, 0.5)");
        }
        return BigDecimal.valueOf(trimFraction).multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.FLOOR)
                .intValueExact();
    }

    private static float[][] arrays(int dimension, List<ClientUpdate> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("no update to aggregate");
        }
        float[][] xs = new float[updates.size()][];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = updates.get(k).delta();
            ClientUpdate.requireDimension(xs[k], dimension);
        }
        return xs;
    }

    /** Copies coordinates [start, start + width) of update r into row r. */
    private static void gather(float[][] xs, int start, int width, float[][] rows) {
        for (int r = 0; r < xs.length; r++) {
            System.arraycopy(xs[r], start, rows[r], 0, width);
        }
    }
}
