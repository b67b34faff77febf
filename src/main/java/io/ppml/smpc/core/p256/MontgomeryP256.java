package io.ppml.smpc.core.p256;

import java.math.BigInteger;

/**
 * Arithmetic modulo the P-256 prime p = 2^256 − 2^224 + 2^192 + 2^96 − 1 for the inner loop of
 * {@link FixedBaseMsm}: Montgomery multiplication (Montgomery 1985, "Modular multiplication without trial
 * division") with R = 2^260 on five 52-bit limbs, one element per {@value #LIMBS} consecutive {@code long}s of an
 * array, little-endian.
 *
 * <p>Why not Bouncy Castle's {@code SecP256R1Field}, which the rest of the package uses: it multiplies 32-bit limbs
 * (64 partial products, each carried through a 64-bit accumulator) before its Solinas reduction. Here a product
 * takes 25 partial products of 52-bit limbs (15 for a square); {@link Math#multiplyHigh} (a compiler intrinsic on
 * x86-64 and AArch64) gives each one's upper half, so every partial product splits into two 52-bit halves that are
 * added into their columns with no carry handling at all (ten such terms stay far below 2^63). The reduction needs
 * no multiplication either: p ≡ −1 (mod 2^52), so the Montgomery digit of each step is the limb itself, and adding
 * that digit times p is a handful of shifts along the sparse form of p (the observation Gueron and Krasnov use for
 * 64-bit limbs in "Fast prime field elliptic-curve cryptography with 256-bit primes", 2015).
 *
 * <p>Representation: an element a is held as a·R mod p, as any representative in [0, 2p) with every limb in
 * [0, 2^52) ("lazy" reduction). Multiplication accepts factors up to 4p: their product is below 16p², and
 * (16p² + R·p) / R &lt; 2p because 16p &lt; R, so one Montgomery reduction brings it back below 2p with no final
 * subtraction. Additions and subtractions fold their result into [0, 2p) with one masked correction by 2p;
 * {@link #difference} skips even that, for a result that only feeds a multiplication. Zero therefore has two
 * representatives, 0 and p, which {@link #isZero} checks. Every method requires its inputs in this form, which is
 * what {@link #fromBigInteger} and the operations produce; an output may be the same slice as an input.
 *
 * <p>Multiplication, addition and subtraction have no data-dependent branches; the conversions and the inversion go
 * through {@link BigInteger} and are not constant-time.
 */
final class MontgomeryP256 {

    /** Longs per element. */
    static final int LIMBS = 5;

    private static final long MASK = (1L << 52) - 1;
    /** 2·(2^48 − 2^16): m·(2^256 − 2^224) is m·(2^48 − 2^16) at limb 4, taken as one product (see mul for the 2). */
    private static final long K = ((1L << 48) - (1L << 16)) << 1;
    /** The integer 1 as limbs (not in Montgomery form): multiplying by it divides by R. */
    private static final long[] RAW_ONE = {1, 0, 0, 0, 0};
    private static final BigInteger R_SQUARED = BigInteger.ONE.shiftLeft(520).mod(P256.P);

    // the limbs of p and of 2p
    private static final long P0 = limb(P256.P, 0);
    private static final long P1 = limb(P256.P, 1);
    private static final long P2 = limb(P256.P, 2);
    private static final long P3 = limb(P256.P, 3);
    private static final long P4 = limb(P256.P, 4);
    private static final long TWO_P0 = limb(P256.P.shiftLeft(1), 0);
    private static final long TWO_P1 = limb(P256.P.shiftLeft(1), 1);
    private static final long TWO_P2 = limb(P256.P.shiftLeft(1), 2);
    private static final long TWO_P3 = limb(P256.P.shiftLeft(1), 3);
    private static final long TWO_P4 = limb(P256.P.shiftLeft(1), 4);

    private MontgomeryP256() {
    }

    /** Writes x mod p, in Montgomery form, to z at zOff. */
    static void fromBigInteger(BigInteger x, long[] z, int zOff) {
        write(x.mod(P256.P).shiftLeft(260).mod(P256.P), z, zOff);
    }

    /** The element at aOff as an integer in [0, p). */
    static BigInteger toBigInteger(long[] a, int aOff) {
        long[] plain = new long[LIMBS];
        mul(a, aOff, RAW_ONE, 0, plain, 0); // a·R · 1 / R = a, in [0, 2p)
        BigInteger v = value(plain, 0);
        return v.compareTo(P256.P) >= 0 ? v.subtract(P256.P) : v;
    }

    /** Whether the element at aOff is zero (either representative). */
    static boolean isZero(long[] a, int aOff) {
        long a0 = a[aOff];
        long a1 = a[aOff + 1];
        long a2 = a[aOff + 2];
        long a3 = a[aOff + 3];
        long a4 = a[aOff + 4];
        return (a0 | a1 | a2 | a3 | a4) == 0 || (a0 == P0 && a1 == P1 && a2 == P2 && a3 == P3 && a4 == P4);
    }

    /** z = 1/a; a must not be zero. One BigInteger inversion: (a·R)^(−1)·R² = a^(−1)·R. */
    static void invert(long[] a, int aOff, long[] z, int zOff) {
        write(value(a, aOff).modInverse(P256.P).multiply(R_SQUARED).mod(P256.P), z, zOff);
    }

    /** z = a (five plain moves; System.arraycopy costs more than the copy for five longs). */
    static void copy(long[] a, int aOff, long[] z, int zOff) {
        z[zOff] = a[aOff];
        z[zOff + 1] = a[aOff + 1];
        z[zOff + 2] = a[aOff + 2];
        z[zOff + 3] = a[aOff + 3];
        z[zOff + 4] = a[aOff + 4];
    }

    /** z = a·b, for factors below 4p (reduced elements or {@link #difference}s). */
    static void mul(long[] a, int aOff, long[] b, int bOff, long[] z, int zOff) {
        // x_i·y_j = a_i·b_j·2^12 < 2^116 with both factors below 2^63, so that the signed multiplyHigh is exact and
        // gives a_i·b_j >> 52, while the low 64 bits shifted right by 12 give a_i·b_j mod 2^52: the two halves for
        // columns i + j + 1 and i + j, with no masking
        long x0 = a[aOff] << 11;
        long x1 = a[aOff + 1] << 11;
        long x2 = a[aOff + 2] << 11;
        long x3 = a[aOff + 3] << 11;
        long x4 = a[aOff + 4] << 11;
        long y0 = b[bOff] << 1;
        long y1 = b[bOff + 1] << 1;
        long y2 = b[bOff + 2] << 1;
        long y3 = b[bOff + 3] << 1;
        long y4 = b[bOff + 4] << 1;
        long c0 = 0;
        long c1 = 0;
        long c2 = 0;
        long c3 = 0;
        long c4 = 0;
        long c5 = 0;
        long c6 = 0;
        long c7 = 0;
        long c8 = 0;
        long c9 = 0;
        c0 += (x0 * y0) >>> 12;
        c1 += Math.multiplyHigh(x0, y0);
        c1 += (x0 * y1) >>> 12;
        c2 += Math.multiplyHigh(x0, y1);
        c2 += (x0 * y2) >>> 12;
        c3 += Math.multiplyHigh(x0, y2);
        c3 += (x0 * y3) >>> 12;
        c4 += Math.multiplyHigh(x0, y3);
        c4 += (x0 * y4) >>> 12;
        c5 += Math.multiplyHigh(x0, y4);
        c1 += (x1 * y0) >>> 12;
        c2 += Math.multiplyHigh(x1, y0);
        c2 += (x1 * y1) >>> 12;
        c3 += Math.multiplyHigh(x1, y1);
        c3 += (x1 * y2) >>> 12;
        c4 += Math.multiplyHigh(x1, y2);
        c4 += (x1 * y3) >>> 12;
        c5 += Math.multiplyHigh(x1, y3);
        c5 += (x1 * y4) >>> 12;
        c6 += Math.multiplyHigh(x1, y4);
        c2 += (x2 * y0) >>> 12;
        c3 += Math.multiplyHigh(x2, y0);
        c3 += (x2 * y1) >>> 12;
        c4 += Math.multiplyHigh(x2, y1);
        c4 += (x2 * y2) >>> 12;
        c5 += Math.multiplyHigh(x2, y2);
        c5 += (x2 * y3) >>> 12;
        c6 += Math.multiplyHigh(x2, y3);
        c6 += (x2 * y4) >>> 12;
        c7 += Math.multiplyHigh(x2, y4);
        c3 += (x3 * y0) >>> 12;
        c4 += Math.multiplyHigh(x3, y0);
        c4 += (x3 * y1) >>> 12;
        c5 += Math.multiplyHigh(x3, y1);
        c5 += (x3 * y2) >>> 12;
        c6 += Math.multiplyHigh(x3, y2);
        c6 += (x3 * y3) >>> 12;
        c7 += Math.multiplyHigh(x3, y3);
        c7 += (x3 * y4) >>> 12;
        c8 += Math.multiplyHigh(x3, y4);
        c4 += (x4 * y0) >>> 12;
        c5 += Math.multiplyHigh(x4, y0);
        c5 += (x4 * y1) >>> 12;
        c6 += Math.multiplyHigh(x4, y1);
        c6 += (x4 * y2) >>> 12;
        c7 += Math.multiplyHigh(x4, y2);
        c7 += (x4 * y3) >>> 12;
        c8 += Math.multiplyHigh(x4, y3);
        c8 += (x4 * y4) >>> 12;
        c9 += Math.multiplyHigh(x4, y4);
        reduce(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, z, zOff);
    }

    /** z = a², for a below 4p. The cross products a_i·a_j (i &lt; j) are taken once, doubled through w_j = 4·a_j. */
    static void square(long[] a, int aOff, long[] z, int zOff) {
        long a0 = a[aOff];
        long a1 = a[aOff + 1];
        long a2 = a[aOff + 2];
        long a3 = a[aOff + 3];
        long a4 = a[aOff + 4];
        long x0 = a0 << 11;
        long x1 = a1 << 11;
        long x2 = a2 << 11;
        long x3 = a3 << 11;
        long x4 = a4 << 11;
        long y0 = a0 << 1;
        long y1 = a1 << 1;
        long y2 = a2 << 1;
        long y3 = a3 << 1;
        long y4 = a4 << 1;
        long w1 = a1 << 2;
        long w2 = a2 << 2;
        long w3 = a3 << 2;
        long w4 = a4 << 2;
        long c0 = 0;
        long c1 = 0;
        long c2 = 0;
        long c3 = 0;
        long c4 = 0;
        long c5 = 0;
        long c6 = 0;
        long c7 = 0;
        long c8 = 0;
        long c9 = 0;
        c0 += (x0 * y0) >>> 12;
        c1 += Math.multiplyHigh(x0, y0);
        c1 += (x0 * w1) >>> 12;
        c2 += Math.multiplyHigh(x0, w1);
        c2 += (x0 * w2) >>> 12;
        c3 += Math.multiplyHigh(x0, w2);
        c3 += (x0 * w3) >>> 12;
        c4 += Math.multiplyHigh(x0, w3);
        c4 += (x0 * w4) >>> 12;
        c5 += Math.multiplyHigh(x0, w4);
        c2 += (x1 * y1) >>> 12;
        c3 += Math.multiplyHigh(x1, y1);
        c3 += (x1 * w2) >>> 12;
        c4 += Math.multiplyHigh(x1, w2);
        c4 += (x1 * w3) >>> 12;
        c5 += Math.multiplyHigh(x1, w3);
        c5 += (x1 * w4) >>> 12;
        c6 += Math.multiplyHigh(x1, w4);
        c4 += (x2 * y2) >>> 12;
        c5 += Math.multiplyHigh(x2, y2);
        c5 += (x2 * w3) >>> 12;
        c6 += Math.multiplyHigh(x2, w3);
        c6 += (x2 * w4) >>> 12;
        c7 += Math.multiplyHigh(x2, w4);
        c6 += (x3 * y3) >>> 12;
        c7 += Math.multiplyHigh(x3, y3);
        c7 += (x3 * w4) >>> 12;
        c8 += Math.multiplyHigh(x3, w4);
        c8 += (x4 * y4) >>> 12;
        c9 += Math.multiplyHigh(x4, y4);
        reduce(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, z, zOff);
    }

    /** z = a + b. */
    static void add(long[] a, int aOff, long[] b, int bOff, long[] z, int zOff) {
        // t = a + b − 2p, then 2p back if t < 0
        long t0 = a[aOff] + b[bOff] - TWO_P0;
        long t1 = a[aOff + 1] + b[bOff + 1] - TWO_P1 + (t0 >> 52);
        long t2 = a[aOff + 2] + b[bOff + 2] - TWO_P2 + (t1 >> 52);
        long t3 = a[aOff + 3] + b[bOff + 3] - TWO_P3 + (t2 >> 52);
        long t4 = a[aOff + 4] + b[bOff + 4] - TWO_P4 + (t3 >> 52);
        addTwoPIfNegative(t0 & MASK, t1 & MASK, t2 & MASK, t3 & MASK, t4, z, zOff);
    }

    /** z = a − b. */
    static void sub(long[] a, int aOff, long[] b, int bOff, long[] z, int zOff) {
        long t0 = a[aOff] - b[bOff];
        long t1 = a[aOff + 1] - b[bOff + 1] + (t0 >> 52);
        long t2 = a[aOff + 2] - b[bOff + 2] + (t1 >> 52);
        long t3 = a[aOff + 3] - b[bOff + 3] + (t2 >> 52);
        long t4 = a[aOff + 4] - b[bOff + 4] + (t3 >> 52);
        addTwoPIfNegative(t0 & MASK, t1 & MASK, t2 & MASK, t3 & MASK, t4, z, zOff);
    }

    /**
     * z = a − b + 2p, in (0, 4p): the difference as a factor for {@link #mul} or {@link #square} only (it is not a
     * reduced element, so it must not be stored, compared or passed to the other operations).
     */
    static void difference(long[] a, int aOff, long[] b, int bOff, long[] z, int zOff) {
        long t0 = a[aOff] - b[bOff] + TWO_P0;
        long t1 = a[aOff + 1] - b[bOff + 1] + TWO_P1 + (t0 >> 52);
        long t2 = a[aOff + 2] - b[bOff + 2] + TWO_P2 + (t1 >> 52);
        long t3 = a[aOff + 3] - b[bOff + 3] + TWO_P3 + (t2 >> 52);
        long t4 = a[aOff + 4] - b[bOff + 4] + TWO_P4 + (t3 >> 52);
        z[zOff] = t0 & MASK;
        z[zOff + 1] = t1 & MASK;
        z[zOff + 2] = t2 & MASK;
        z[zOff + 3] = t3 & MASK;
        z[zOff + 4] = t4;
    }

    /** z = −a if mask is −1, z = a if mask is 0, without a branch on the mask. */
    static void negateIf(long mask, long[] a, int aOff, long[] z, int zOff) {
        long a0 = a[aOff];
        long a1 = a[aOff + 1];
        long a2 = a[aOff + 2];
        long a3 = a[aOff + 3];
        long a4 = a[aOff + 4];
        // −a, then 2p added back if it is negative (as in sub); then a or −a picked limb by limb
        long t0 = -a0;
        long t1 = -a1 + (t0 >> 52);
        long t2 = -a2 + (t1 >> 52);
        long t3 = -a3 + (t2 >> 52);
        long t4 = -a4 + (t3 >> 52);
        long negative = t4 >> 63;
        long u0 = (t0 & MASK) + (TWO_P0 & negative);
        long u1 = (t1 & MASK) + (TWO_P1 & negative) + (u0 >> 52);
        long u2 = (t2 & MASK) + (TWO_P2 & negative) + (u1 >> 52);
        long u3 = (t3 & MASK) + (TWO_P3 & negative) + (u2 >> 52);
        long u4 = t4 + (TWO_P4 & negative) + (u3 >> 52);
        z[zOff] = a0 ^ ((a0 ^ (u0 & MASK)) & mask);
        z[zOff + 1] = a1 ^ ((a1 ^ (u1 & MASK)) & mask);
        z[zOff + 2] = a2 ^ ((a2 ^ (u2 & MASK)) & mask);
        z[zOff + 3] = a3 ^ ((a3 ^ (u3 & MASK)) & mask);
        z[zOff + 4] = a4 ^ ((a4 ^ u4) & mask);
    }

    /**
     * Writes t + 2p if t &lt; 0, else t, for t = t0 + t1·2^52 + … + t4·2^208 with t0..t3 in [0, 2^52) and the sign in
     * t4, normalising the limbs.
     */
    private static void addTwoPIfNegative(long t0, long t1, long t2, long t3, long t4, long[] z, int zOff) {
        long negative = t4 >> 63;
        long u0 = t0 + (TWO_P0 & negative);
        long u1 = t1 + (TWO_P1 & negative) + (u0 >> 52);
        long u2 = t2 + (TWO_P2 & negative) + (u1 >> 52);
        long u3 = t3 + (TWO_P3 & negative) + (u2 >> 52);
        long u4 = t4 + (TWO_P4 & negative) + (u3 >> 52);
        z[zOff] = u0 & MASK;
        z[zOff + 1] = u1 & MASK;
        z[zOff + 2] = u2 & MASK;
        z[zOff + 3] = u3 & MASK;
        z[zOff + 4] = u4;
    }

    /**
     * Montgomery reduction of c = Σ c_k·2^(52k) (columns not yet carried, each far below 2^63): five steps, each
     * adding m·p·2^(52i) with m the step's low limb, which clears that limb since p ≡ −1 (mod 2^52); then z = c / R.
     * m·p = m·2^96 + m·2^192 + m·(2^256 − 2^224) − m, and 96 = 52 + 44, 192 = 3·52 + 36 and 224 = 4·52 + 16 say which
     * limbs each term lands in: m·2^44 splits into limbs i + 1 and i + 2 by shifts, m·2^36 into limbs i + 3 and
     * i + 4, and m·(2^48 − 2^16) into limbs i + 4 and i + 5 by one product split like those in {@link #mul}. The
     * five steps are written out, as the partial products in {@link #mul} are: with the limbs in local variables
     * rather than an array they stay in registers, which is most of the speed.
     */
    private static void reduce(long c0, long c1, long c2, long c3, long c4, long c5, long c6, long c7, long c8,
            long c9, long[] z, int zOff) {
        long m;
        long x;
        c1 += c0 >> 52;
        m = c0 & MASK;
        c1 += (m << 44) & MASK;
        c2 += m >>> 8;
        c3 += (m << 36) & MASK;
        x = m << 11;
        c4 += (m >>> 16) + ((x * K) >>> 12);
        c5 += Math.multiplyHigh(x, K);
        c2 += c1 >> 52;
        m = c1 & MASK;
        c2 += (m << 44) & MASK;
        c3 += m >>> 8;
        c4 += (m << 36) & MASK;
        x = m << 11;
        c5 += (m >>> 16) + ((x * K) >>> 12);
        c6 += Math.multiplyHigh(x, K);
        c3 += c2 >> 52;
        m = c2 & MASK;
        c3 += (m << 44) & MASK;
        c4 += m >>> 8;
        c5 += (m << 36) & MASK;
        x = m << 11;
        c6 += (m >>> 16) + ((x * K) >>> 12);
        c7 += Math.multiplyHigh(x, K);
        c4 += c3 >> 52;
        m = c3 & MASK;
        c4 += (m << 44) & MASK;
        c5 += m >>> 8;
        c6 += (m << 36) & MASK;
        x = m << 11;
        c7 += (m >>> 16) + ((x * K) >>> 12);
        c8 += Math.multiplyHigh(x, K);
        c5 += c4 >> 52;
        m = c4 & MASK;
        c5 += (m << 44) & MASK;
        c6 += m >>> 8;
        c7 += (m << 36) & MASK;
        x = m << 11;
        c8 += (m >>> 16) + ((x * K) >>> 12);
        c9 += Math.multiplyHigh(x, K);
        c6 += c5 >> 52;
        z[zOff] = c5 & MASK;
        c7 += c6 >> 52;
        z[zOff + 1] = c6 & MASK;
        c8 += c7 >> 52;
        z[zOff + 2] = c7 & MASK;
        c9 += c8 >> 52;
        z[zOff + 3] = c8 & MASK;
        z[zOff + 4] = c9;
    }

    private static BigInteger value(long[] a, int aOff) {
        BigInteger v = BigInteger.ZERO;
        for (int k = LIMBS - 1; k >= 0; k--) {
            v = v.shiftLeft(52).or(BigInteger.valueOf(a[aOff + k]));
        }
        return v;
    }

    private static void write(BigInteger v, long[] z, int zOff) {
        for (int k = 0; k < LIMBS; k++) {
            z[zOff + k] = limb(v, k);
        }
    }

    private static long limb(BigInteger v, int k) {
        return v.shiftRight(52 * k).longValue() & MASK;
    }
}
