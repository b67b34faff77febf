package io.ppml.fl.core;

import java.util.Arrays;

/**
 * Up to four updates not yet added to a double accumulator, with their factors. Adding four in one pass
 * ({@link Kernels#add4}) performs the same double operations in the same order, per coordinate, as four passes — the
 * result is identical bit for bit — but reads and writes the 8-byte accumulator once instead of four times. Holds the
 * updates' arrays, never copies.
 */
final class PendingSum {

    private static final int GROUP = 4;

    private final float[][] xs = new float[GROUP][];
    private final double[] factors = new double[GROUP];
    private int size;

    /** Queues acc += factor·x, adding the group to {@code acc} once it is full. */
    void add(float[] x, double factor, double[] acc) {
        xs[size] = x;
        factors[size] = factor;
        if (++size == GROUP) {
            flushInto(acc);
        }
    }

    /** Adds the queued updates to {@code acc} in queue order and forgets them. */
    void flushInto(double[] acc) {
        if (size == GROUP) {
            Kernels.add4(acc, xs[0], factors[0], xs[1], factors[1], xs[2], factors[2], xs[3], factors[3]);
        } else {
            for (int k = 0; k < size; k++) {
                Kernels.add(acc, xs[k], factors[k]);
            }
        }
        Arrays.fill(xs, null);
        size = 0;
    }
}
