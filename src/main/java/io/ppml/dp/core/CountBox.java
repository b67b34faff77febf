package io.ppml.dp.core;

import org.jspecify.annotations.Nullable;

/**
 * The admissible true counts for a noisy count ñ with half-width h: [max(1, ñ − h), ñ + h] — MEAN and VARIANCE are
 * over n ≥ 1 rows. Their intervals bound ratios S/n over this box.
 */
record CountBox(double nLow, double nHigh) {

    /** The box, or null if it is empty (the count's noise bound failed: fall back to the trivial interval). */
    static @Nullable CountBox of(double noisyCount, double halfWidth) {
        double high = noisyCount + halfWidth;
        if (high < 1) {
            return null;
        }
        return new CountBox(Math.max(1, noisyCount - halfWidth), high);
    }

    /** The range of S/n for S in [sLow, sHigh] and n in the box: S/n is monotone in each, so corners suffice. */
    double[] ratio(double sLow, double sHigh) {
        double a = sLow / nLow;
        double b = sLow / nHigh;
        double c = sHigh / nLow;
        double d = sHigh / nHigh;
        return new double[]{Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d))};
    }
}
