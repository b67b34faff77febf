package io.ppml.smpc.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Real numbers as field elements: x ↦ round(x·2^f) mod q, so −y is stored as q − round(y·2^f), and an element above
 * q/2 decodes as negative. Sums of encodings are encodings of sums, as long as no sum wraps around q.
 *
 * <p><b>The overflow guard.</b> A sum that passes q/2 silently becomes a large negative number: modular arithmetic
 * cannot detect overflow after the fact. So the guard is on the way in: {@link #encode} refuses any x with
 * |round(x·2^f)| ≥ 2^222 ({@link #MAX_ENCODED}), which leaves 32 bits of headroom: a coordinate may sum up to 2^32
 * contributions (far beyond any session) and its total still has magnitude below 2^254 &lt; q/2 ≈ 2^255. With
 * f = 16, say, that allows |x| up to 2^206 ≈ 1.0e62 per contribution. {@link #decode} in turn refuses elements in
 * the band [2^254, q − 2^254], which no sum of at most 2^32 guarded encodings can reach; that flags about half of
 * all random elements (such as a total rebuilt from a forged share without commitments), but it is a sanity check,
 * not a verification — Pedersen commitments are the verification.
 *
 * @param fractionBits f in [0, 64]: the resolution is 2^(−f), and rounding moves each value by at most 2^(−f−1)
 */
public record FixedPoint(int fractionBits) {

    public static final int MAX_FRACTION_BITS = 64;
    /** log2 of the number of contributions a coordinate may sum without any risk of wrapping around. */
    public static final int HEADROOM_BITS = 32;
    /** Exclusive bound on |round(x·2^f)| for one encoded value: 2^222. */
    public static final BigInteger MAX_ENCODED = BigInteger.ONE.shiftLeft(254 - HEADROOM_BITS);
    /** Exclusive bound on the magnitude of a decodable element: 2^254, below q/2. */
    public static final BigInteger MAX_DECODED = BigInteger.ONE.shiftLeft(254);
    private static final double MAX_ENCODED_DOUBLE = 0x1p222;

    public FixedPoint {
        if (fractionBits < 0 || fractionBits > MAX_FRACTION_BITS) {
            throw SmpcException.invalidInput("fractionBits", "must be in [0, " + MAX_FRACTION_BITS + "]");
        }
    }

    /** The exclusive bound on |x| that {@link #encode} accepts: 2^(222 − f) (up to rounding at the boundary). */
    public double maxMagnitude() {
        return Math.scalb(1.0, 254 - HEADROOM_BITS - fractionBits);
    }

    public BigInteger encode(double x) {
        return encode(x, "value");
    }

    /**
     * round(x·2^f) mod q, rounding half to even. x·2^f is exact in binary floating point (a power-of-two scaling of
     * a finite double that stays finite), so the only rounding is the final one to an integer.
     */
    public BigInteger encode(double x, String field) {
        if (!Double.isFinite(x)) {
            throw SmpcException.invalidInput(field, "must be a finite number");
        }
        double scaled = Math.scalb(x, fractionBits);
        // Doubles of magnitude ≥ 2^53 are integers, so round(scaled) reaches 2^222 exactly when scaled does.
        if (!(Math.abs(scaled) < MAX_ENCODED_DOUBLE)) {
            throw SmpcException.invalidInput(field, "magnitude must be below " + maxMagnitude()
                    + " for fractionBits " + fractionBits + " (leaving room for 2^" + HEADROOM_BITS + " summands)");
        }
        BigInteger n = Math.abs(scaled) < 0x1p62
                ? BigInteger.valueOf((long) Math.rint(scaled)) // rint rounds half to even, like HALF_EVEN below
                : new BigDecimal(scaled).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        return n.signum() < 0 ? Field.Q.add(n) : n;
    }

    public BigInteger[] encodeAll(double[] xs) {
        BigInteger[] out = new BigInteger[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = encode(xs[i], "values[" + i + "]");
        }
        return out;
    }

    /**
     * The signed integer n = round(x·2^f) an element stands for: v itself below q/2, v − q above. Refuses the band
     * that no guarded sum reaches (see the class comment) with {@link SmpcException.Problem#OVERFLOW}.
     */
    public BigInteger toSigned(BigInteger element, String field) {
        Field.requireElement(element, field);
        if (element.compareTo(MAX_DECODED) < 0) {
            return element;
        }
        BigInteger negative = element.subtract(Field.Q);
        if (negative.negate().compareTo(MAX_DECODED) < 0) {
            return negative;
        }
        throw new SmpcException(SmpcException.Problem.OVERFLOW, field,
                "is outside the range that sums of encoded values can reach (overflow or corrupted shares)");
    }

    public double decode(BigInteger element) {
        return decode(element, "value");
    }

    /**
     * n / 2^f for the signed n of {@link #toSigned}, correctly rounded: BigInteger.doubleValue rounds to nearest,
     * and dividing by 2^f is exact because |n|/2^f is either 0 or at least 2^(−64), far above the subnormal range.
     */
    public double decode(BigInteger element, String field) {
        return Math.scalb(toSigned(element, field).doubleValue(), -fractionBits);
    }

    public double[] decodeAll(BigInteger[] elements) {
        double[] out = new double[elements.length];
        for (int i = 0; i < elements.length; i++) {
            out[i] = decode(elements[i], "values[" + i + "]");
        }
        return out;
    }
}
