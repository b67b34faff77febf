package io.ppml.dp.core;

import static io.ppml.dp.core.DpPreconditions.requireBound;

/**
 * Clamping bounds, centre mid = lower/2 + upper/2, radius R = max(|fl(lower − mid)|, |fl(upper − mid)|) and the
 * centred sum's public error bound, for MEAN and VARIANCE: φ(x) = fl(clamp(x) − mid) satisfies |φ| ≤ R because
 * rounding is monotone, so centred sums have sensitivity c·R instead of c·max(|lower|, |upper|).
 */
record Centring(double lower, double upper, double mid, double radius, double sumError) {

    static Centring of(StatisticQuery q, int maxValues) {
        double lower = requireBound(q.lower(), "lower");
        double upper = requireBound(q.upper(), "upper");
        double mid = lower / 2 + upper / 2;
        double radius = Math.max(Math.abs(lower - mid), Math.abs(upper - mid));
        return new Centring(lower, upper, mid, radius, BoundedSums.errorBound(maxValues, radius));
    }

    /**
     * How far the computed centred sum of at most nHigh rows can be from Σ(clamp(x) − mid) in exact arithmetic: the
     * summation error plus u·R per row for the rounding of each difference.
     */
    double centredSumError(double nHigh) {
        long rows = (long) Math.ceil(nHigh);
        return BoundedSums.errorBound(rows, radius) + rows * 1.01 * BoundedSums.UNIT_ROUNDOFF * radius;
    }
}
