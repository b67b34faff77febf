package io.ppml.he.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

import io.ppml.he.core.HeException.Problem;

/**
 * A number in python-paillier's encoding: {@code value = mantissa × 16^exponent} with a signed integer mantissa
 * (python-paillier {@code phe/encoding.py}, {@code EncodedNumber}, {@code BASE = 16}). It is independent of any key;
 * a key turns it into a residue mod n (negatives as n − |m|) and refuses it when |mantissa| exceeds its max_int.
 *
 * <h2>Exponent choice</h2>
 * <ul>
 *   <li>Integers ({@link #of(long)}, {@link #of(BigInteger)}) get exponent 0, exactly as python-paillier encodes
 *       a Python {@code int}.</li>
 *   <li>Doubles ({@link #of(double)}) get python-paillier's exponent: {@code floor((e₂ − 53) / 4)} where e₂ is the
 *       {@code math.frexp} exponent of the value, i.e. the base-16 exponent just below the value's least significant
 *       bit. The encoding is therefore <em>exact</em>: every finite double is mantissa × 16^exponent with an integer
 *       mantissa of at most 56 bits, and {@link #doubleValue()} gives the same double back (−0.0 comes back as 0.0).
 *       Zero gets exponent −14 (python's {@code frexp(0.0)} exponent is 0).</li>
 *   <li>{@link #of(double, int)} is python's {@code max_exponent}: the exponent is the smaller of the two, which only
 *       adds zero digits, so it stays exact.</li>
 *   <li>{@link #of(BigDecimal, int)} fixes the exponent and rounds half to even, like python's
 *       {@code round(Fraction(...))} under an explicit {@code precision}.</li>
 * </ul>
 * Sums and products of encoded numbers are exact in this representation; only the final conversion to a double
 * rounds (once, correctly).
 *
 * @param mantissa the signed integer m
 * @param exponent the base-16 exponent e, with |e| ≤ {@link #MAX_EXPONENT_MAGNITUDE}
 */
public record EncodedNumber(BigInteger mantissa, int exponent) {

    /** python-paillier's {@code EncodedNumber.BASE}. */
    public static final int BASE = 16;
    /**
     * The largest |exponent| accepted. Doubles need −282..242 and products of two doubles twice that; the cap keeps
     * 16^|e| (built when aligning or decoding) small enough that a hostile exponent cannot exhaust memory.
     */
    public static final int MAX_EXPONENT_MAGNITUDE = 2048;

    private static final int LOG2_BASE = 4;
    private static final int DOUBLE_MANTISSA_BITS = 53;
    private static final BigDecimal ONE_SIXTEENTH = new BigDecimal("0.0625");

    public EncodedNumber {
        Objects.requireNonNull(mantissa, "mantissa");
        checkExponent(exponent);
    }

    public static EncodedNumber of(long value) {
        return new EncodedNumber(BigInteger.valueOf(value), 0);
    }

    public static EncodedNumber of(BigInteger value) {
        return new EncodedNumber(value, 0);
    }

    /** A finite double with python-paillier's precision exponent; exact. */
    public static EncodedNumber of(double value) {
        return of(value, Integer.MAX_VALUE);
    }

    /** A finite double with exponent min(maxExponent, python-paillier's precision exponent); exact. */
    public static EncodedNumber of(double value, int maxExponent) {
        if (!Double.isFinite(value)) {
            throw new HeException(Problem.INVALID_PLAINTEXT, "only finite numbers can be encoded");
        }
        int exponent = Math.min(maxExponent, precisionExponent(value));
        checkExponent(exponent);
        if (value == 0) {
            return new EncodedNumber(BigInteger.ZERO, exponent);
        }
        // value = significand × 2^binaryExponent exactly, with an integer significand of at most 53 bits.
        long bits = Double.doubleToRawLongBits(value);
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long significand = bits & 0xfffffffffffffL;
        int binaryExponent;
        if (biased == 0) {
            binaryExponent = -1074;
        } else {
            significand |= 1L << 52;
            binaryExponent = biased - 1075;
        }
        // 4·exponent ≤ binaryExponent by the choice of exponent, so the shift is a non-negative integer: no rounding.
        BigInteger mantissa = BigInteger.valueOf(significand).shiftLeft(binaryExponent - LOG2_BASE * exponent);
        return new EncodedNumber(value < 0 ? mantissa.negate() : mantissa, exponent);
    }

    /** {@code value} with the given exponent, the mantissa rounded half to even (python's {@code round}). */
    public static EncodedNumber of(BigDecimal value, int exponent) {
        checkExponent(exponent);
        // value / 16^exponent; 1/16 = 0.0625 has a finite decimal expansion, so both branches are exact.
        BigDecimal scaled = exponent >= 0
                ? value.multiply(ONE_SIXTEENTH.pow(exponent))
                : value.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(-LOG2_BASE * exponent)));
        return new EncodedNumber(scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact(), exponent);
    }

    /**
     * python-paillier's exponent for a float: {@code floor((frexp(x)[1] − 53) / log2(16))}. frexp's exponent e₂
     * satisfies 2^(e₂−1) ≤ |x| < 2^e₂; for zero it is 0.
     */
    static int precisionExponent(double value) {
        int frexpExponent;
        if (value == 0) {
            frexpExponent = 0;
        } else if (Math.getExponent(value) >= Double.MIN_EXPONENT) {
            frexpExponent = Math.getExponent(value) + 1;
        } else { // subnormal: value = s × 2^−1074 with s of L bits, so frexp's exponent is L − 1074
            long significand = Double.doubleToRawLongBits(value) & 0xfffffffffffffL;
            frexpExponent = (64 - Long.numberOfLeadingZeros(significand)) - 1074;
        }
        return Math.floorDiv(frexpExponent - DOUBLE_MANTISSA_BITS, LOG2_BASE);
    }

    /** The exact value. */
    public BigDecimal toBigDecimal() {
        if (exponent >= 0) {
            return new BigDecimal(mantissa.shiftLeft(LOG2_BASE * exponent));
        }
        return new BigDecimal(mantissa).multiply(ONE_SIXTEENTH.pow(-exponent));
    }

    /** The value correctly rounded to the nearest double (±infinity when it is beyond the double range). */
    public double doubleValue() {
        if (mantissa.bitLength() <= DOUBLE_MANTISSA_BITS) {
            int scale = LOG2_BASE * exponent;
            double m = mantissa.longValue();
            // Exact when the result is a normal double: m is exact and scaling by 2^k only changes the exponent.
            double candidate = Math.scalb(m, scale);
            if (m == 0 || (Math.abs(candidate) >= Double.MIN_NORMAL && Double.isFinite(candidate))) {
                return candidate;
            }
        }
        // BigDecimal.doubleValue() is correctly rounded (it goes through Double.parseDouble on JDK 17).
        return toBigDecimal().doubleValue();
    }

    /** The value as an integer; refused when it has a fractional part. */
    public BigInteger toBigIntegerExact() {
        try {
            return toBigDecimal().toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new HeException(Problem.INVALID_ARGUMENT, "the value is not an integer");
        }
    }

    /**
     * The same value with a lower exponent: the mantissa times 16^(exponent − newExponent) (python-paillier
     * {@code EncodedNumber.decrease_exponent_to}).
     */
    public EncodedNumber decreaseExponentTo(int newExponent) {
        if (newExponent > exponent) {
            throw new HeException(Problem.EXPONENT_OUT_OF_RANGE,
                    "cannot increase an exponent from " + exponent + " to " + newExponent);
        }
        return new EncodedNumber(mantissa.shiftLeft(LOG2_BASE * (exponent - newExponent)), newExponent);
    }

    static void checkExponent(long exponent) {
        if (Math.abs(exponent) > MAX_EXPONENT_MAGNITUDE) {
            throw new HeException(Problem.EXPONENT_OUT_OF_RANGE,
                    "exponent " + exponent + " is outside ±" + MAX_EXPONENT_MAGNITUDE);
        }
    }
}
