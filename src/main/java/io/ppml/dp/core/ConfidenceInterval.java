package io.ppml.dp.core;

/**
 * An interval that contains the true (clamped, noise-free) value with probability at least {@code level} over the
 * noise. {@code halfWidth} is the larger distance from the released value to an end (intervals of ratios such as the
 * mean are not symmetric).
 */
public record ConfidenceInterval(double lower, double upper, double halfWidth, double level) {

    static ConfidenceInterval around(double value, double halfWidth, double level) {
        return new ConfidenceInterval(value - halfWidth, value + halfWidth, halfWidth, level);
    }

    static ConfidenceInterval of(double value, double lower, double upper, double level) {
        return new ConfidenceInterval(lower, upper, Math.max(Math.max(value - lower, upper - value), 0), level);
    }
}
