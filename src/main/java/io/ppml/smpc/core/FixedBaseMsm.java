package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.Arrays;

import static io.ppml.smpc.core.MontgomeryP256.LIMBS;

import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

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
 *   <li>field arithmetic is Montgomery multiplication on 52-bit limbs ({@link MontgomeryP256}) over flat
 *       {@code long} arrays, without allocating a field element per operation.</li>
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

    private static final long[] THREE = element(BigInteger.valueOf(3));
    private static final long[] ONE = element(BigInteger.ONE);

    private FixedBaseMsm() {
    }

    /**
     * The window multiples 2^(c·k)·P for k = 0 .. WINDOWS − 1 of one base point P, in affine coordinates in
     * {@link MontgomeryP256}'s form: x of multiple k at [10k, 10k + 5), y at [10k + 5, 10k + 10).
     */
    static final class BaseTable {

        final ECPoint base;
        final long[] multiples;

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
            this.multiples = new long[WINDOWS * 2 * LIMBS];
            for (int k = 0; k < WINDOWS; k++) {
                MontgomeryP256.fromBigInteger(points[k].getAffineXCoord().toBigInteger(), multiples, 2 * LIMBS * k);
                MontgomeryP256.fromBigInteger(points[k].getAffineYCoord().toBigInteger(), multiples,
                        2 * LIMBS * k + LIMBS);
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
        long[] xs = new long[n * LIMBS];
        long[] ys = new long[n * LIMBS];
        int[] next = new int[BUCKETS + 1];
        System.arraycopy(start, 1, next, 1, BUCKETS);
        for (int i = 0; i < m; i++) {
            long[] multiples = tables[i].multiples;
            for (int k = 0; k < WINDOWS; k++) {
                int digit = digits[i * WINDOWS + k];
                if (digit == 0) {
                    continue;
                }
                int at = next[Math.abs(digit)]++;
                MontgomeryP256.copy(multiples, 2 * LIMBS * k, xs, LIMBS * at);
                if (digit > 0) {
                    MontgomeryP256.copy(multiples, 2 * LIMBS * k + LIMBS, ys, LIMBS * at);
                } else {
                    MontgomeryP256.negate(multiples, 2 * LIMBS * k + LIMBS, ys, LIMBS * at);
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

    private static ECPoint combineBuckets(long[] xs, long[] ys, boolean[] infinity, int[] start, int[] length) {
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
        long[] gx = new long[Math.max(1, n) * LIMBS];
        long[] gy = new long[Math.max(1, n) * LIMBS];
        int[] next = Arrays.copyOf(groupStart, groups);
        for (int b = 1; b <= BUCKETS; b++) {
            if (length[b] > 0 && !infinity[start[b]]) {
                if ((b >>> LOW_BITS) > 0) {
                    int at = next[b >>> LOW_BITS]++;
                    MontgomeryP256.copy(xs, LIMBS * start[b], gx, LIMBS * at);
                    MontgomeryP256.copy(ys, LIMBS * start[b], gy, LIMBS * at);
                }
                if ((b & (LOW - 1)) > 0) {
                    int at = next[HIGH - 1 + (b & (LOW - 1))]++;
                    MontgomeryP256.copy(xs, LIMBS * start[b], gx, LIMBS * at);
                    MontgomeryP256.copy(ys, LIMBS * start[b], gy, LIMBS * at);
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
    private static ECPoint weightedSum(long[] xs, long[] ys, boolean[] infinity, int[] start, int[] length, int first,
            int weights) {
        ECPoint running = P256.CURVE.getInfinity();
        ECPoint total = P256.CURVE.getInfinity();
        for (int w = weights; w >= 1; w--) {
            int g = first + w - 1;
            if (length[g] > 0 && !infinity[start[g]]) {
                running = running.add(P256.CURVE.createPoint(MontgomeryP256.toBigInteger(xs, LIMBS * start[g]),
                        MontgomeryP256.toBigInteger(ys, LIMBS * start[g])));
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

    private static long[] element(BigInteger value) {
        long[] out = new long[LIMBS];
        MontgomeryP256.fromBigInteger(value, out, 0);
        return out;
    }

    /**
     * Rounds of affine additions of disjoint pairs, all slope denominators of a round inverted together. The points
     * live in flat arrays (x and y of point j at [5j, 5j + 5), {@link MontgomeryP256}'s form); {@code infinity[j]}
     * marks the point at infinity. Field operations work on offsets into these arrays so that operands are never
     * copied.
     */
    private static final class PairwiseAdder {

        private static final byte ADD = 0;
        private static final byte DOUBLE = 1;
        private static final byte INFINITY = 2;
        private static final byte TAKE_LEFT = 3;
        private static final byte TAKE_RIGHT = 4;

        private final long[] xs;
        private final long[] ys;
        private final boolean[] infinity;
        private int[] left = new int[0];
        private int[] right = new int[0];
        private int[] target = new int[0];
        private byte[] kind = new byte[0];
        // per inverted pair: numerator, denominator (then its inverse) and the prefix product, one element each
        private long[] numerators = new long[0];
        private long[] denominators = new long[0];
        private long[] prefix = new long[0];
        private final long[] t0 = new long[LIMBS];
        private final long[] lambda = new long[LIMBS];
        private final long[] x3 = new long[LIMBS];
        private final long[] inverse = new long[LIMBS];

        PairwiseAdder(long[] xs, long[] ys, boolean[] infinity) {
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
            numerators = new long[size * LIMBS];
            denominators = new long[size * LIMBS];
            prefix = new long[size * LIMBS];
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
                int at = LIMBS * inverted;
                // λ = (y2 − y1) / (x2 − x1) unless x1 = x2
                MontgomeryP256.sub(xs, LIMBS * c, xs, LIMBS * a, denominators, at);
                if (MontgomeryP256.isZero(denominators, at)) {
                    MontgomeryP256.sub(ys, LIMBS * c, ys, LIMBS * a, numerators, at);
                    if (!MontgomeryP256.isZero(numerators, at)) {
                        kind[p] = INFINITY; // P + (−P); y = 0 does not occur on a prime-order curve
                        continue;
                    }
                    // Doubling: λ = (3x² + A) / (2y) with A = −3, i.e. 3·(x² − 1) / (2y).
                    kind[p] = DOUBLE;
                    MontgomeryP256.square(xs, LIMBS * a, t0, 0);
                    MontgomeryP256.sub(t0, 0, ONE, 0, t0, 0);
                    MontgomeryP256.mul(t0, 0, THREE, 0, numerators, at);
                    MontgomeryP256.add(ys, LIMBS * a, ys, LIMBS * a, denominators, at);
                } else {
                    kind[p] = ADD;
                    MontgomeryP256.difference(ys, LIMBS * c, ys, LIMBS * a, numerators, at);
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
                        // denominators hold the inverses now
                        MontgomeryP256.mul(numerators, LIMBS * slope, denominators, LIMBS * slope, lambda, 0);
                        slope++;
                        MontgomeryP256.square(lambda, 0, x3, 0);
                        MontgomeryP256.sub(x3, 0, xs, LIMBS * a, x3, 0);
                        MontgomeryP256.sub(x3, 0, xs, LIMBS * c, x3, 0);
                        MontgomeryP256.difference(xs, LIMBS * a, x3, 0, t0, 0);
                        MontgomeryP256.mul(lambda, 0, t0, 0, t0, 0);
                        // y1 is read before slot a (possibly = to) is written
                        MontgomeryP256.sub(t0, 0, ys, LIMBS * a, ys, LIMBS * to);
                        MontgomeryP256.copy(x3, 0, xs, LIMBS * to);
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
            MontgomeryP256.copy(denominators, 0, prefix, 0);
            for (int i = 1; i < count; i++) {
                MontgomeryP256.mul(prefix, LIMBS * (i - 1), denominators, LIMBS * i, prefix, LIMBS * i);
            }
            // non-zero: x1 ≠ x2 for additions, y ≠ 0 for doublings
            MontgomeryP256.invert(prefix, LIMBS * (count - 1), inverse, 0);
            for (int i = count - 1; i > 0; i--) {
                // inverse = 1/(d_0 ⋯ d_i), so 1/d_i = inverse · (d_0 ⋯ d_(i−1)) and 1/(d_0 ⋯ d_(i−1)) = inverse · d_i
                MontgomeryP256.copy(denominators, LIMBS * i, t0, 0);
                MontgomeryP256.mul(inverse, 0, prefix, LIMBS * (i - 1), denominators, LIMBS * i);
                MontgomeryP256.mul(inverse, 0, t0, 0, inverse, 0);
            }
            MontgomeryP256.copy(inverse, 0, denominators, 0);
        }

        private void move(int from, int to) {
            if (from != to) {
                MontgomeryP256.copy(xs, LIMBS * from, xs, LIMBS * to);
                MontgomeryP256.copy(ys, LIMBS * from, ys, LIMBS * to);
                infinity[to] = infinity[from];
            }
        }
    }
}
