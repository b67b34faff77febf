package io.ppml.dp.core;

/**
 * An interval that contains the true (clamped, noise-free) value with probability at least {@code level} over the
 * noise. {@code halfWidth} is the larger distance from the released value to an end (intervals of ratios such as the
 * mean are not symmetric).
 */
public record ConfidenceInterval(double lower, double upper, double halfWidth, double level) {

    /**
     * Ends and half-width saturate at ±Double.MAX_VALUE: an interval over bounds near the largest doubles can be
     * wider than a double can hold, and "every double" is then its honest, finite statement.
     */
    public ConfidenceInterval {
        lower = saturate(lower);
        upper = saturate(upper);
        halfWidth = saturate(halfWidth);
    }

    private static double saturate(double x) {
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, x));
    }

    static ConfidenceInterval around(double value, double halfWidth, double level) {
        return new ConfidenceInterval(value - halfWidth, value + halfWidth, halfWidth, level);
    }

    static ConfidenceInterval of(double value, double lower, double upper, double level) {
        return new ConfidenceInterval(lower, upper, Math.max(Math.max(value - lower, upper - value), 0), level);
    }

    /** Outward widening of interval ends, relative, to cover rounding in the interval arithmetic itself. */
    static final double SLACK = 1e-12;

    /** A half-width around {@code value}, widened for the rounding of value ± halfWidth. */
    static double widen(double halfWidth, double value) {
        return halfWidth + Math.abs(value) * SLACK;
    }

    /** A lower end computed in floating point, moved down past its rounding error ({@code scale}: its terms' size). */
    static double widenDown(double x, double scale) {
        return x - (Math.abs(x) + scale) * SLACK;
    }

    /** An upper end computed in floating point, moved up past its rounding error. */
    static double widenUp(double x, double scale) {
        return x + (Math.abs(x) + scale) * SLACK;
    }
}
