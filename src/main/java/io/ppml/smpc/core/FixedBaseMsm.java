package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * Multi-scalar multiplication Σ s_i·P_i over fixed base points P_i whose window multiples are precomputed
 * ({@link BaseTable}): the bucket method (Pippenger 1976, "On the evaluation of powers and related problems") in
 * its fixed-base form (Brickell, Gordon, McCurley and Wilson, EUROCRYPT '92, "Fast exponentiation with
 * precomputation"), where every window of every scalar becomes a point of its own, so that a single pass of bucket
 * additions covers all windows and no doublings are left at run time.
 *
 * <p>Cost for m points: m·{@value #WINDOWS} point additions into {@value #BUCKETS} buckets, then about
 * 2·{@value #BUCKETS} additions to combine the buckets — against about 256 doublings and 80 additions for each
 * separate scalar multiplication. Three choices make the additions cheap:
 * <ul>
 *   <li>signed digits in [−2^(c−1), 2^(c−1)] (c = {@value #WINDOW_BITS}): negating a point is free, so half the
 *       buckets suffice;</li>
 *   <li>bucket contents are summed in affine coordinates by pairwise rounds: every round adds disjoint pairs inside
 *       every bucket at once, and all of its slope denominators are inverted together with Montgomery's trick
 *       (one field inversion and three multiplications per element; Montgomery 1987, "Speeding the Pollard and
 *       elliptic curve methods of factorization"), so that an addition costs about six field multiplications
 *       instead of eleven in mixed Jacobian coordinates;</li>
 *   <li>field arithmetic runs on Bouncy Castle's fixed-width P-256 routines ({@link SecP256R1Field}) over flat
 *       {@code int} arrays, without allocating a field element per operation.</li>
 * </ul>
 * Equal or opposite points within a pair (possible for adversarial scalars only if someone knew discrete-log
 * relations between the generators, but handled anyway) take the doubling formula or give the point at infinity,
 * so the result is exact for every input. Below {@link #SMALL} points, Bouncy Castle's interleaved wNAF
 * {@link ECAlgorithms#sumOfMultiplies} is used instead, because combining the buckets does not pay for itself.
 *
 * <p>Not constant-time: the run time depends on the scalars (see the package documentation).
 */
final class FixedBaseMsm {

    static final int WINDOW_BITS = 12;
    /** Windows of 12 bits covering 264 ≥ 257 bits: a 256-bit scalar plus the carry of signed recoding. */
    static final int WINDOWS = 256 / WINDOW_BITS + 1;
    static final int BUCKETS = 1 << (WINDOW_BITS - 1);
    private static final int FULL = 1 << WINDOW_BITS;
    /** Below this many points interleaved wNAF is as fast or faster (measured: twice as fast at 2, even at 3). */
    static final int SMALL = 4;

    private static final int[] THREE = Nat256.fromBigInteger(BigInteger.valueOf(3));
    private static final int[] ONE = Nat256.fromBigInteger(BigInteger.ONE);
    private static final int[] MODULUS = Nat256.fromBigInteger(P256.P);

    private FixedBaseMsm() {
    }

    /**
     * The window multiples 2^(c·k)·P for k = 0 .. WINDOWS − 1 of one base point P, in affine coordinates, as
     * little-endian 32-bit words: x of multiple k at [16k, 16k + 8), y at [16k + 8, 16k + 16).
     */
    static final class BaseTable {

        final ECPoint base;
        final int[] multiples;

        BaseTable(ECPoint base) {
            if (base.isInfinity()) {
                throw new IllegalArgumentException("a base point must not be the point at infinity");
            }
            ECPoint[] points = new ECPoint[WINDOWS];
            ECPoint current = base.normalize();
            for (int k = 0; k < WINDOWS; k++) {
                points[k] = current;
                current = current.timesPow2(WINDOW_BITS);
            }
            P256.CURVE.normalizeAll(points);
            this.base = points[0];
            this.multiples = new int[WINDOWS * 16];
            for (int k = 0; k < WINDOWS; k++) {
                int[] x = Nat256.fromBigInteger(points[k].getAffineXCoord().toBigInteger());
                int[] y = Nat256.fromBigInteger(points[k].getAffineYCoord().toBigInteger());
                System.arraycopy(x, 0, multiples, 16 * k, 8);
                System.arraycopy(y, 0, multiples, 16 * k + 8, 8);
            }
        }
    }

    /**
     * Σ scalars[i]·tables[i].base for scalars in [0, 2^256) (callers pass field elements), as a normalized point,
     * possibly the point at infinity.
     */
    static ECPoint sum(BaseTable[] tables, BigInteger[] scalars) {
        int m = scalars.length;
        if (tables.length != m) {
            throw new IllegalArgumentException("one scalar per base point");
        }
        if (m < SMALL) {
            ECPoint[] points = new ECPoint[m];
            for (int i = 0; i < m; i++) {
                points[i] = tables[i].base;
            }
            return m == 0 ? P256.CURVE.getInfinity() : ECAlgorithms.sumOfMultiplies(points, scalars).normalize();
        }

        // 1. Signed recoding: scalar = Σ_k d_k·2^(c·k) with d_k in [−2^(c−1), 2^(c−1)].
        short[] digits = new short[m * WINDOWS];
        int[] count = new int[BUCKETS + 1];
        for (int i = 0; i < m; i++) {
            if (scalars[i].signum() < 0 || scalars[i].bitLength() > 256) {
                throw new IllegalArgumentException("scalar out of range");
            }
            int[] s = words(scalars[i]);
            int carry = 0;
            for (int k = 0; k < WINDOWS; k++) {
                int window = window(s, k * WINDOW_BITS) + carry;
                int digit;
                if (window >= BUCKETS) {
                    digit = window - FULL;
                    carry = 1;
                } else {
                    digit = window;
                    carry = 0;
                }
                digits[i * WINDOWS + k] = (short) digit;
                count[Math.abs(digit)]++;
            }
            if (carry != 0) {
                throw new IllegalStateException("recoding overflow"); // unreachable: 260 bits hold 256 + carry
            }
        }

        // 2. Lay the points out bucket by bucket: bucket b (1 ≤ b ≤ BUCKETS) gets the points whose digit is ±b.
        int[] start = new int[BUCKETS + 2];
        start[1] = 0;
        for (int b = 1; b <= BUCKETS; b++) {
            start[b + 1] = start[b] + count[b];
        }
        int n = start[BUCKETS + 1];
        int[] xs = new int[n * 8];
        int[] ys = new int[n * 8];
        int[] next = new int[BUCKETS + 1];
        System.arraycopy(start, 1, next, 1, BUCKETS);
        int[] negated = new int[8];
        for (int i = 0; i < m; i++) {
            int[] multiples = tables[i].multiples;
            for (int k = 0; k < WINDOWS; k++) {
                int digit = digits[i * WINDOWS + k];
                if (digit == 0) {
                    continue;
                }
                int at = next[Math.abs(digit)]++;
                System.arraycopy(multiples, 16 * k, xs, 8 * at, 8);
                if (digit > 0) {
                    System.arraycopy(multiples, 16 * k + 8, ys, 8 * at, 8);
                } else {
                    System.arraycopy(multiples, 16 * k + 8, negated, 0, 8);
                    SecP256R1Field.negate(negated, negated);
                    System.arraycopy(negated, 0, ys, 8 * at, 8);
                }
            }
        }

        // 3. Sum every bucket in place, halving its length each round; its sum ends up at start[b].
        boolean[] infinity = new boolean[n];
        int[] length = Arrays.copyOf(count, BUCKETS + 1);
        length[0] = 0;
        new PairwiseAdder(xs, ys, infinity).sumBuckets(start, length);

        // 4. Σ_b b·B_b. Running sums would cost 2·BUCKETS sequential additions, each with its own inversion or in
        //    Jacobian coordinates; instead split b = 64·h + l: Σ_b b·B_b = 64·Σ_h h·S_h + Σ_l l·T_l with
        //    S_h = Σ_(b: ⌊b/64⌋ = h) B_b and T_l = Σ_(b: b mod 64 = l) B_b. The 32 + 63 group sums are one more pass
        //    of batched affine additions; only the small weighted sums over h and l run sequentially.
        return combineBuckets(xs, ys, infinity, start, length);
    }

    private static final int LOW_BITS = 6;
    private static final int LOW = 1 << LOW_BITS;
    private static final int HIGH = (BUCKETS >>> LOW_BITS) + 1;

    private static ECPoint combineBuckets(int[] xs, int[] ys, boolean[] infinity, int[] start, int[] length) {
        // groups 1 .. HIGH−1 hold S_h (h ≥ 1), groups HIGH .. HIGH + LOW − 2 hold T_l (l ≥ 1); weight-0 groups vanish
        int groups = HIGH + LOW - 1;
        int[] count = new int[groups];
        for (int b = 1; b <= BUCKETS; b++) {
            if (length[b] > 0 && !infinity[start[b]]) {
                if ((b >>> LOW_BITS) > 0) {
                    count[b >>> LOW_BITS]++;
                }
                if ((b & (LOW - 1)) > 0) {
                    count[HIGH - 1 + (b & (LOW - 1))]++;
                }
            }
        }
        int[] groupStart = new int[groups + 1];
        for (int g = 1; g < groups; g++) {
            groupStart[g + 1] = groupStart[g] + count[g];
        }
        int n = groupStart[groups];
        int[] gx = new int[Math.max(1, n) * 8];
        int[] gy = new int[Math.max(1, n) * 8];
        int[] next = Arrays.copyOf(groupStart, groups);
        for (int b = 1; b <= BUCKETS; b++) {
            if (length[b] > 0 && !infinity[start[b]]) {
                if ((b >>> LOW_BITS) > 0) {
                    int at = next[b >>> LOW_BITS]++;
                    System.arraycopy(xs, 8 * start[b], gx, 8 * at, 8);
                    System.arraycopy(ys, 8 * start[b], gy, 8 * at, 8);
                }
                if ((b & (LOW - 1)) > 0) {
                    int at = next[HIGH - 1 + (b & (LOW - 1))]++;
                    System.arraycopy(xs, 8 * start[b], gx, 8 * at, 8);
                    System.arraycopy(ys, 8 * start[b], gy, 8 * at, 8);
                }
            }
        }
        boolean[] groupInfinity = new boolean[Math.max(1, n)];
        int[] groupLength = Arrays.copyOf(count, groups);
        new PairwiseAdder(gx, gy, groupInfinity).sumBuckets(groupStart, groupLength);

        ECPoint high = weightedSum(gx, gy, groupInfinity, groupStart, groupLength, 1, HIGH - 1);
        ECPoint low = weightedSum(gx, gy, groupInfinity, groupStart, groupLength, HIGH, LOW - 1);
        return high.timesPow2(LOW_BITS).add(low).normalize();
    }

    /** Σ_(w = 1 .. weights) w·(group first + w − 1), by running sums (Bouncy Castle points, a few dozen additions). */
    private static ECPoint weightedSum(int[] xs, int[] ys, boolean[] infinity, int[] start, int[] length, int first,
            int weights) {
        ECPoint running = P256.CURVE.getInfinity();
        ECPoint total = P256.CURVE.getInfinity();
        for (int w = weights; w >= 1; w--) {
            int g = first + w - 1;
            if (length[g] > 0 && !infinity[start[g]]) {
                running = running.add(P256.CURVE.createPoint(Nat256.toBigInteger(slice(xs, start[g])),
                        Nat256.toBigInteger(slice(ys, start[g]))));
            }
            total = total.add(running);
        }
        return total;
    }

    /**
     * The little-endian 32-bit words of a scalar below 2^256. (Nat256.fromBigInteger shifts the BigInteger once
     * per word, which showed up in profiles; one toByteArray does the same job.)
     */
    private static int[] words(BigInteger scalar) {
        byte[] bytes = scalar.toByteArray(); // big-endian, minimal, with a leading zero byte when bit 255 is set
        int[] words = new int[8];
        for (int i = 0; i < bytes.length && i < 32; i++) {
            int bit = 8 * i; // byte i from the end holds bits [8i, 8i + 8)
            words[bit >>> 5] |= (bytes[bytes.length - 1 - i] & 0xFF) << (bit & 31);
        }
        return words;
    }

    /** Bits [position, position + c) of a 256-bit little-endian word array; bits beyond 256 read as zero. */
    private static int window(int[] s, int position) {
        int word = position >>> 5;
        if (word >= 8) {
            return 0;
        }
        int offset = position & 31;
        long bits = (s[word] & 0xFFFFFFFFL) >>> offset;
        if (word + 1 < 8) {
            bits |= (s[word + 1] & 0xFFFFFFFFL) << (32 - offset);
        }
        return (int) (bits & (FULL - 1));
    }

    private static int[] slice(int[] words, int index) {
        int[] out = new int[8];
        System.arraycopy(words, 8 * index, out, 0, 8);
        return out;
    }

    /**
     * Rounds of affine additions of disjoint pairs, all slope denominators of a round inverted together. The points
     * live in flat arrays (x and y of point j at [8j, 8j + 8)); {@code infinity[j]} marks the point at infinity.
     * Field operations work on offsets into these arrays so that operands are never copied.
     */
    private static final class PairwiseAdder {

        private static final byte ADD = 0;
        private static final byte DOUBLE = 1;
        private static final byte INFINITY = 2;
        private static final byte TAKE_LEFT = 3;
        private static final byte TAKE_RIGHT = 4;

        private final int[] xs;
        private final int[] ys;
        private final boolean[] infinity;
        private int[] left = new int[0];
        private int[] right = new int[0];
        private int[] target = new int[0];
        private byte[] kind = new byte[0];
        // per inverted pair: numerator, denominator (then its inverse) and the prefix product, 8 words each
        private int[] numerators = new int[0];
        private int[] denominators = new int[0];
        private int[] prefix = new int[0];
        private final int[] tt = Nat256.createExt();
        private final int[] t0 = new int[8];
        private final int[] t1 = new int[8];
        private final int[] lambda = new int[8];
        private final int[] x3 = new int[8];
        private final int[] y3 = new int[8];
        private final int[] inverse = new int[8];

        PairwiseAdder(int[] xs, int[] ys, boolean[] infinity) {
            this.xs = xs;
            this.ys = ys;
            this.infinity = infinity;
        }

        /** Sums buckets 1 .. length.length − 1; bucket b occupies [start[b], start[b] + length[b]). */
        void sumBuckets(int[] start, int[] length) {
            int capacity = 0;
            for (int b = 1; b < length.length; b++) {
                capacity += length[b] / 2;
            }
            allocate(capacity);
            while (true) {
                int pairs = 0;
                for (int b = 1; b < length.length; b++) {
                    int half = length[b] / 2;
                    for (int j = 0; j < half; j++) {
                        left[pairs] = start[b] + 2 * j;
                        right[pairs] = start[b] + 2 * j + 1;
                        target[pairs] = start[b] + j;
                        pairs++;
                    }
                }
                if (pairs == 0) {
                    return;
                }
                addPairs(pairs);
                // An odd bucket's last point moves down next to the pair sums (its slot is read before any write).
                for (int b = 1; b < length.length; b++) {
                    int len = length[b];
                    if (len >= 2) {
                        if ((len & 1) == 1) {
                            move(start[b] + len - 1, start[b] + len / 2);
                        }
                        length[b] = (len + 1) / 2;
                    }
                }
            }
        }

        private void allocate(int pairs) {
            int size = Math.max(1, pairs);
            left = new int[size];
            right = new int[size];
            target = new int[size];
            kind = new byte[size];
            numerators = new int[size * 8];
            denominators = new int[size * 8];
            prefix = new int[size * 8];
        }

        /*
         * Pair j of a bucket reads slots start + 2j and start + 2j + 1 and writes slot start + j. Every write goes to
         * a slot below all slots that later pairs read, and each pair reads its operands before writing, so the
         * rounds can work in place.
         */
        private void addPairs(int pairs) {
            // Classify each pair and compute the slope's numerator and denominator where one is needed.
            int inverted = 0;
            for (int p = 0; p < pairs; p++) {
                int a = left[p];
                int c = right[p];
                if (infinity[a] || infinity[c]) {
                    kind[p] = infinity[a] ? (infinity[c] ? INFINITY : TAKE_RIGHT) : TAKE_LEFT;
                    continue;
                }
                int at = 8 * inverted;
                if (equal(xs, a, c)) {
                    if (!equal(ys, a, c)) {
                        kind[p] = INFINITY; // P + (−P); y = 0 does not occur on a prime-order curve
                        continue;
                    }
                    // Doubling: λ = (3x² + A) / (2y) with A = −3, i.e. 3·(x² − 1) / (2y).
                    kind[p] = DOUBLE;
                    square(xs, 8 * a, t0, 0);
                    sub(t0, 0, ONE, 0, t0, 0);
                    mul(t0, 0, THREE, 0, numerators, at);
                    add(ys, 8 * a, ys, 8 * a, denominators, at);
                } else {
                    kind[p] = ADD; // λ = (y2 − y1) / (x2 − x1)
                    sub(ys, 8 * c, ys, 8 * a, numerators, at);
                    sub(xs, 8 * c, xs, 8 * a, denominators, at);
                }
                inverted++;
            }
            invertAll(inverted);

            // Apply: x3 = λ² − x1 − x2, y3 = λ·(x1 − x3) − y1, written to the pair's target slot.
            int slope = 0;
            for (int p = 0; p < pairs; p++) {
                int a = left[p];
                int c = right[p];
                int to = target[p];
                switch (kind[p]) {
                    case INFINITY -> infinity[to] = true;
                    case TAKE_LEFT -> move(a, to);
                    case TAKE_RIGHT -> move(c, to);
                    default -> {
                        mul(numerators, 8 * slope, denominators, 8 * slope, lambda, 0); // denominators hold inverses
                        slope++;
                        square(lambda, 0, x3, 0);
                        sub(x3, 0, xs, 8 * a, x3, 0);
                        sub(x3, 0, xs, 8 * c, x3, 0);
                        sub(xs, 8 * a, x3, 0, t0, 0);
                        mul(lambda, 0, t0, 0, y3, 0);
                        sub(y3, 0, ys, 8 * a, ys, 8 * to); // y1 is read before slot a (possibly = to) is written
                        System.arraycopy(x3, 0, xs, 8 * to, 8);
                        infinity[to] = false;
                    }
                }
            }
        }

        /** Replaces denominators[0 .. count) by their inverses: Montgomery's simultaneous inversion. */
        private void invertAll(int count) {
            if (count == 0) {
                return;
            }
            System.arraycopy(denominators, 0, prefix, 0, 8);
            for (int i = 1; i < count; i++) {
                mul(prefix, 8 * (i - 1), denominators, 8 * i, prefix, 8 * i);
            }
            System.arraycopy(prefix, 8 * (count - 1), t0, 0, 8);
            SecP256R1Field.inv(t0, inverse); // non-zero: x1 ≠ x2 for additions, y ≠ 0 for doublings
            for (int i = count - 1; i > 0; i--) {
                // inverse = 1/(d_0 ⋯ d_i), so 1/d_i = inverse · (d_0 ⋯ d_(i−1)) and 1/(d_0 ⋯ d_(i−1)) = inverse · d_i
                System.arraycopy(denominators, 8 * i, t0, 0, 8);
                mul(inverse, 0, prefix, 8 * (i - 1), denominators, 8 * i);
                mul(inverse, 0, t0, 0, inverse, 0);
            }
            System.arraycopy(inverse, 0, denominators, 0, 8);
        }

        private void move(int from, int to) {
            if (from != to) {
                System.arraycopy(xs, 8 * from, xs, 8 * to, 8);
                System.arraycopy(ys, 8 * from, ys, 8 * to, 8);
                infinity[to] = infinity[from];
            }
        }

        private static boolean equal(int[] words, int a, int c) {
            return Arrays.equals(words, 8 * a, 8 * a + 8, words, 8 * c, 8 * c + 8);
        }

        // Field operations on 8-word slices, results fully reduced into [0, p) like SecP256R1Field's own.

        private void mul(int[] x, int xOff, int[] y, int yOff, int[] z, int zOff) {
            Nat256.mul(x, xOff, y, yOff, tt, 0);
            SecP256R1Field.reduce(tt, t1);
            System.arraycopy(t1, 0, z, zOff, 8);
        }

        private void square(int[] x, int xOff, int[] z, int zOff) {
            Nat256.square(x, xOff, tt, 0);
            SecP256R1Field.reduce(tt, t1);
            System.arraycopy(t1, 0, z, zOff, 8);
        }


        private static void sub(int[] x, int xOff, int[] y, int yOff, int[] z, int zOff) {
            if (Nat256.sub(x, xOff, y, yOff, z, zOff) != 0) {
                Nat256.add(z, zOff, MODULUS, 0, z, zOff); // x − y + p, in [0, p) for x, y in [0, p)
            }
        }

        private static void add(int[] x, int xOff, int[] y, int yOff, int[] z, int zOff) {
            int carry = Nat256.add(x, xOff, y, yOff, z, zOff);
            if (carry != 0 || !lessThanModulus(z, zOff)) {
                Nat256.sub(z, zOff, MODULUS, 0, z, zOff); // x + y − p, in [0, p)
            }
        }

        private static boolean lessThanModulus(int[] z, int zOff) {
            for (int i = 7; i >= 0; i--) {
                int a = z[zOff + i] ^ Integer.MIN_VALUE;
                int b = MODULUS[i] ^ Integer.MIN_VALUE;
                if (a != b) {
                    return a < b;
                }
            }
            return false;
        }
    }
}
