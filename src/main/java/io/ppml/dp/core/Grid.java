package io.ppml.dp.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact arithmetic on the grid g = 2^exponent: a double to its nearest grid point as an exact integer, and an exact
 * integer back to a double by one fixed function.
 */
record Grid(int exponent) {

    /** Above this magnitude (in grid units) a value is handled as a BigInteger. */
    private static final double LONG_LIMIT = 0x1p62;

    Grid {
        if (exponent < Double.MIN_EXPONENT || exponent > Double.MAX_EXPONENT - 64) {
            throw new IllegalArgumentException("grid exponent out of range: " + exponent);
        }
    }

    /** The grid for a target spacing: the largest power of two not above it, kept within the normal doubles. */
    static Grid atMost(double spacing) {
        if (!(spacing > 0) || Double.isInfinite(spacing)) {
            throw new IllegalArgumentException("grid spacing must be positive and finite, was " + spacing);
        }
        int exponent = Math.getExponent(spacing);
        return new Grid(Math.max(Double.MIN_EXPONENT, Math.min(exponent, Double.MAX_EXPONENT - 64)));
    }

    double spacing() {
        return Math.scalb(1.0, exponent);
    }

    BigDecimal spacingExact() {
        return new BigDecimal(spacing());
    }

    /** Whether {@link #unitsLong} applies: |x/g| &lt; 2^62. */
    boolean fitsLong(double x) {
        return Math.abs(Math.scalb(x, -exponent)) < LONG_LIMIT;
    }

    /**
     * round(x/g) for |x/g| &lt; 2^62: x/g = scalb(x, −exponent) is exact (a power-of-two scaling that neither
     * overflows nor, beyond values that round to 0 anyway, underflows), and rint rounds half to even.
     */
    long unitsLong(double x) {
        return (long) Math.rint(Math.scalb(x, -exponent));
    }

    /** round(x/g) for any finite x, exactly, rounding half to even like {@link #unitsLong}. */
    BigInteger unitsBig(double x) {
        if (fitsLong(x)) {
            return BigInteger.valueOf(unitsLong(x));
        }
        return new BigDecimal(x).divide(spacingExact()).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    /**
     * The exact integer n back to a double: n·g correctly rounded (half to even), and ±Double.MAX_VALUE when that
     * overflows. One function of n alone, whichever path computes it — that is what makes the conversion
     * post-processing.
     */
    double toDouble(long n) {
        double scaled = Math.scalb((double) n, exponent); // (double) n is correctly rounded; scalb then exact...
        if (Double.isFinite(scaled) && (Math.abs(scaled) >= Double.MIN_NORMAL || n == 0)) {
            return scaled; // ...unless the result overflows or is subnormal, where a second rounding could occur
        }
        return toDoubleExactly(BigInteger.valueOf(n));
    }

    double toDouble(BigInteger n) {
        if (n.bitLength() < 63) {
            return toDouble(n.longValue());
        }
        return toDoubleExactly(n);
    }

    private double toDoubleExactly(BigInteger n) {
        // BigDecimal.doubleValue rounds correctly (as Double.parseDouble of the exact decimal)
        double value = new BigDecimal(n).multiply(spacingExact()).doubleValue();
        if (value == Double.POSITIVE_INFINITY) {
            return Double.MAX_VALUE;
        }
        if (value == Double.NEGATIVE_INFINITY) {
            return -Double.MAX_VALUE;
        }
        return value;
    }
}
