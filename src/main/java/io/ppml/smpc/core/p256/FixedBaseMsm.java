package io.ppml.smpc.core.p256;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;

import static io.ppml.smpc.core.p256.MontgomeryP256.LIMBS;

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
 *       {@code long} arrays, without allocating a field element per operation, in scratch arrays reused from one
 *       call to the next ({@link Workspace}).</li>
 * </ul>
 * Equal or opposite points within a pair (possible for adversarial scalars only if someone knew discrete-log
 * relations between the generators, but handled anyway) take the doubling formula or give the point at infinity,
 * so the result is exact for every input. Below {@link #SMALL} points, Bouncy Castle's interleaved wNAF
 * {@link ECAlgorithms#sumOfMultiplies} is used instead, because combining the buckets does not pay for itself.
 *
 * <p>Not constant-time: the run time depends on the scalars (see the package documentation).
 */
public final class FixedBaseMsm {

    static final int WINDOW_BITS = 12;
    /** Windows of 12 bits covering 264 ≥ 257 bits: a 256-bit scalar plus the carry of signed recoding. */
    static final int WINDOWS = 256 / WINDOW_BITS + 1;
    static final int BUCKETS = 1 << (WINDOW_BITS - 1);
    private static final int FULL = 1 << WINDOW_BITS;
    /** Below this many points interleaved wNAF is as fast or faster (measured: twice as fast at 2, even at 3). */
    static final int SMALL = 4;

    /** Longs per affine point: x, then y. */
    private static final int POINT = 2 * LIMBS;
    private static final long[] THREE = element(BigInteger.valueOf(3));
    private static final long[] ONE = element(BigInteger.ONE);

    private FixedBaseMsm() {
    }

    /**
     * The window multiples 2^(c·k)·P for k = 0 .. WINDOWS − 1 of one base point P, in affine coordinates in
     * {@link MontgomeryP256}'s form: x of multiple k at [10k, 10k + 5), y at [10k + 5, 10k + 10).
     */
    public static final class BaseTable {

        final ECPoint base;
        final long[] multiples;

        public BaseTable(ECPoint base) {
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
            this.multiples = new long[WINDOWS * POINT];
            for (int k = 0; k < WINDOWS; k++) {
                MontgomeryP256.fromBigInteger(points[k].getAffineXCoord().toBigInteger(), multiples, POINT * k);
                MontgomeryP256.fromBigInteger(points[k].getAffineYCoord().toBigInteger(), multiples,
                        POINT * k + LIMBS);
            }
        }

        /** The base point P, normalized. */
        public ECPoint base() {
            return base;
        }
    }

    /**
     * Σ scalars[i]·tables[i].base for scalars in [0, 2^256) (callers pass field elements), as a normalized point,
     * possibly the point at infinity.
     */
    public static ECPoint sum(BaseTable[] tables, BigInteger[] scalars) {
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

        Workspace workspace = Workspace.borrow();
        try {
            return sum(tables, scalars, workspace);
        } finally {
            workspace.giveBack();
        }
    }

    private static ECPoint sum(BaseTable[] tables, BigInteger[] scalars, Workspace workspace) {
        int m = scalars.length;
        // 1. Signed recoding: scalar = Σ_k d_k·2^(c·k) with d_k in [−2^(c−1), 2^(c−1)].
        short[] digits = workspace.digits(m * WINDOWS);
        int[] count = new int[BUCKETS + 1];
        for (int i = 0; i < m; i++) {
            if (scalars[i].signum() < 0 || scalars[i].bitLength() > 256) {
                throw new IllegalArgumentException("scalar out of range");
            }
            int[] s = words(scalars[i]);
            int carry = 0;
            for (int k = 0; k < WINDOWS; k++) {
                // window in [0, 2^c]; from 2^(c−1) on it becomes window − 2^c and carries 1 (no branch: the signs
                // are as good as random, and a mispredicted branch per window was measurable)
                int window = window(s, k * WINDOW_BITS) + carry;
                carry = (window + BUCKETS) >>> WINDOW_BITS;
                int digit = window - (carry << WINDOW_BITS);
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
        long[] points = workspace.points(n);
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
                MontgomeryP256.copy(multiples, POINT * k, points, POINT * at);
                MontgomeryP256.negateIf(digit >> 31, multiples, POINT * k + LIMBS, points, POINT * at + LIMBS);
            }
        }

        // 3. Sum every bucket in place, halving its length each round; its sum ends up at start[b].
        boolean[] infinity = workspace.infinity(n);
        int[] length = Arrays.copyOf(count, BUCKETS + 1);
        length[0] = 0;
        workspace.adder.sumBuckets(points, infinity, start, length);

        // 4. Σ_b b·B_b (see weighted).
        return weighted(points, infinity, start, length, BUCKETS, workspace, true).normalize();
    }

    /** At or below this many weights, {@link #weightedSum}'s running sums are cheaper than another split. */
    private static final int DIRECT_WEIGHTS = 16;

    /**
     * Σ_(b = 1 .. n) b·B_b, where B_b is the point at slot start[b] (none if length[b] is 0 or the slot holds the
     * point at infinity). Running sums would cost 2n sequential additions, each with its own inversion or in Jacobian
     * coordinates. Instead split b = 2^L·h + l with L about half the bits of n: Σ_b b·B_b = 2^L·Σ_h h·S_h + Σ_l l·T_l,
     * with S_h = Σ_(b: ⌊b/2^L⌋ = h) B_b and T_l = Σ_(b: b mod 2^L = l) B_b. All the group sums are one more pass of
     * batched affine additions (about two per bucket); the two smaller weighted sums recurse, down to a few dozen
     * sequential additions in all (for n = 2,048: 32 and 63 groups, then 4 + 7 and 7 + 7).
     *
     * @param first whether this is the first level, which uses the workspace's group arrays (the levels below get
     *              those arrays as their input, so they allocate their own, which are small)
     */
    private static ECPoint weighted(long[] points, boolean[] infinity, int[] start, int[] length, int n,
            Workspace workspace, boolean first) {
        if (n <= DIRECT_WEIGHTS) {
            return weightedSum(points, infinity, start, length, 1, n);
        }
        int lowBits = (32 - Integer.numberOfLeadingZeros(n)) / 2;
        int low = 1 << lowBits;
        int high = (n >>> lowBits) + 1;
        // groups 1 .. high − 1 hold S_h (h ≥ 1), groups high .. high + low − 2 hold T_l (l ≥ 1); weight-0 groups vanish
        int groups = high + low - 1;
        int[] count = new int[groups];
        for (int b = 1; b <= n; b++) {
            if (length[b] > 0 && !infinity[start[b]]) {
                if ((b >>> lowBits) > 0) {
                    count[b >>> lowBits]++;
                }
                if ((b & (low - 1)) > 0) {
                    count[high - 1 + (b & (low - 1))]++;
                }
            }
        }
        int[] groupStart = new int[groups + 1];
        for (int g = 1; g < groups; g++) {
            groupStart[g + 1] = groupStart[g] + count[g];
        }
        int size = groupStart[groups];
        long[] groupPoints = first ? workspace.groupPoints(size) : new long[Math.max(1, size) * POINT];
        boolean[] groupInfinity = first ? workspace.groupInfinity(size) : new boolean[Math.max(1, size)];
        int[] next = Arrays.copyOf(groupStart, groups);
        for (int b = 1; b <= n; b++) {
            if (length[b] > 0 && !infinity[start[b]]) {
                if ((b >>> lowBits) > 0) {
                    copyPoint(points, start[b], groupPoints, next[b >>> lowBits]++);
                }
                if ((b & (low - 1)) > 0) {
                    copyPoint(points, start[b], groupPoints, next[high - 1 + (b & (low - 1))]++);
                }
            }
        }
        int[] groupLength = Arrays.copyOf(count, groups);
        workspace.adder.sumBuckets(groupPoints, groupInfinity, groupStart, groupLength);

        // S_h is group h; T_l is group high − 1 + l (index 0 of each view is never read)
        ECPoint s = weighted(groupPoints, groupInfinity, groupStart, groupLength, high - 1, workspace, false);
        ECPoint t = weighted(groupPoints, groupInfinity, Arrays.copyOfRange(groupStart, high - 1, groups),
                Arrays.copyOfRange(groupLength, high - 1, groups), low - 1, workspace, false);
        return s.timesPow2(lowBits).add(t);
    }

    /** Σ_(w = 1 .. weights) w·(group first + w − 1), by running sums (Bouncy Castle points, a few additions). */
    private static ECPoint weightedSum(long[] points, boolean[] infinity, int[] start, int[] length, int first,
            int weights) {
        ECPoint running = P256.CURVE.getInfinity();
        ECPoint total = P256.CURVE.getInfinity();
        for (int w = weights; w >= 1; w--) {
            int g = first + w - 1;
            if (length[g] > 0 && !infinity[start[g]]) {
                running = running.add(P256.CURVE.createPoint(MontgomeryP256.toBigInteger(points, POINT * start[g]),
                        MontgomeryP256.toBigInteger(points, POINT * start[g] + LIMBS)));
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

    private static void copyPoint(long[] from, int fromIndex, long[] to, int toIndex) {
        MontgomeryP256.copy(from, POINT * fromIndex, to, POINT * toIndex);
        MontgomeryP256.copy(from, POINT * fromIndex + LIMBS, to, POINT * toIndex + LIMBS);
    }

    private static long[] element(BigInteger value) {
        long[] out = new long[LIMBS];
        MontgomeryP256.fromBigInteger(value, out, 0);
        return out;
    }

    /**
     * The scratch arrays of one multiplication (about 3 MB for 1,000 points), kept in a small pool for the next one:
     * allocating them afresh every time cost more than some of the arithmetic, mostly in first touches of new memory.
     * The pool holds at most one workspace per processor; callers beyond that allocate and drop their own. The
     * digits, the direct image of the (possibly secret) scalars, are zeroed before a workspace is returned; the
     * laid-out points, from which digits could be recovered by matching them against the public tables, stay until
     * the next call overwrites them — no worse than the scalars' own BigIntegers, which Java cannot erase either, and
     * reading process memory is outside what this core defends against (see the package documentation).
     */
    private static final class Workspace {

        private static final ArrayBlockingQueue<Workspace> POOL =
                new ArrayBlockingQueue<>(Math.max(1, Runtime.getRuntime().availableProcessors()));

        final PairwiseAdder adder = new PairwiseAdder();
        private short[] digits = new short[0];
        private int digitsUsed;
        private long[] points = new long[0];
        private boolean[] infinity = new boolean[0];
        private long[] groupPoints = new long[0];
        private boolean[] groupInfinity = new boolean[0];

        static Workspace borrow() {
            Workspace pooled = POOL.poll();
            return pooled != null ? pooled : new Workspace();
        }

        void giveBack() {
            Arrays.fill(digits, 0, digitsUsed, (short) 0);
            POOL.offer(this);
        }

        short[] digits(int count) {
            if (digits.length < count) {
                digits = new short[count];
            }
            digitsUsed = count;
            return digits;
        }

        long[] points(int count) {
            points = points(points, count);
            return points;
        }

        long[] groupPoints(int count) {
            groupPoints = points(groupPoints, count);
            return groupPoints;
        }

        /** Flags all false for the first {@code count} points. */
        boolean[] infinity(int count) {
            infinity = flags(infinity, count);
            return infinity;
        }

        boolean[] groupInfinity(int count) {
            groupInfinity = flags(groupInfinity, count);
            return groupInfinity;
        }

        private static long[] points(long[] current, int count) {
            int size = Math.max(1, count) * POINT;
            return current.length >= size ? current : new long[size];
        }

        private static boolean[] flags(boolean[] current, int count) {
            int size = Math.max(1, count);
            if (current.length < size) {
                return new boolean[size];
            }
            Arrays.fill(current, 0, size, false);
            return current;
        }
    }

    /**
     * Rounds of affine additions of disjoint pairs, all slope denominators of a round inverted together. Pair j of a
     * bucket reads slots start + 2j and start + 2j + 1 and writes slot start + j; every write goes to a slot below all
     * slots that later pairs read, and each pair reads its operands before writing, so the rounds work in place.
     * The points live in one flat array (x of point j at [10j, 10j + 5), y at [10j + 5, 10j + 10), in
     * {@link MontgomeryP256}'s form); {@code infinity[j]} marks the point at infinity. Field operations work on
     * offsets into these arrays so that operands are never copied. One adder is reused by its {@link Workspace}.
     */
    private static final class PairwiseAdder {

        private static final byte ADD = 0;
        private static final byte DOUBLE = 1;
        private static final byte INFINITY = 2;
        private static final byte TAKE_LEFT = 3;
        private static final byte TAKE_RIGHT = 4;

        private long[] points = new long[0];
        private boolean[] infinity = new boolean[0];
        private byte[] kind = new byte[0];
        // per inverted pair: the slope's denominator (then its inverse) and the prefix product, one element each
        private long[] denominators = new long[0];
        private long[] prefix = new long[0];
        private final long[] t0 = new long[LIMBS];
        private final long[] numerator = new long[LIMBS];
        private final long[] lambda = new long[LIMBS];
        private final long[] x3 = new long[LIMBS];
        private final long[] inverse = new long[LIMBS];

        /**
         * Sums buckets 1 .. length.length − 1 of the given points; bucket b occupies [start[b], start[b] + length[b]).
         * Each round adds the disjoint pairs (2j, 2j + 1) of every bucket and halves the buckets' lengths.
         */
        void sumBuckets(long[] points, boolean[] infinity, int[] start, int[] length) {
            this.points = points;
            this.infinity = infinity;
            int capacity = 0;
            for (int b = 1; b < length.length; b++) {
                capacity += length[b] / 2;
            }
            allocate(capacity);
            while (classify(start, length) > 0) {
                apply(start, length);
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
            if (kind.length < size) {
                kind = new byte[size];
                denominators = new long[size * LIMBS];
                prefix = new long[size * LIMBS];
            }
        }

        /**
         * Classifies every pair of the round, computes the slope denominators where one is needed and inverts them
         * all (Montgomery's simultaneous inversion, its prefix products taken in the same pass). The numerators are
         * cheap enough to compute again in {@link #apply}, which saves storing them. Returns the number of pairs.
         */
        private int classify(int[] start, int[] length) {
            int pairs = 0;
            int inverted = 0;
            for (int b = 1; b < length.length; b++) {
                int end = start[b] + (length[b] & ~1);
                for (int a = start[b]; a < end; a += 2) {
                    int c = a + 1;
                    byte k = ADD;
                    if (infinity[a] || infinity[c]) {
                        k = infinity[a] ? (infinity[c] ? INFINITY : TAKE_RIGHT) : TAKE_LEFT;
                    } else {
                        int at = LIMBS * inverted;
                        // λ = (y2 − y1) / (x2 − x1) unless x1 = x2
                        MontgomeryP256.sub(points, POINT * c, points, POINT * a, denominators, at);
                        if (MontgomeryP256.isZero(denominators, at)) {
                            MontgomeryP256.sub(points, POINT * c + LIMBS, points, POINT * a + LIMBS, t0, 0);
                            if (MontgomeryP256.isZero(t0, 0)) {
                                // Doubling: λ = (3x² + A) / (2y) with A = −3, i.e. 3·(x² − 1) / (2y).
                                k = DOUBLE;
                                MontgomeryP256.add(points, POINT * a + LIMBS, points, POINT * a + LIMBS,
                                        denominators, at);
                            } else {
                                k = INFINITY; // P + (−P); y = 0 does not occur on a prime-order curve
                            }
                        }
                        if (k != INFINITY) {
                            if (inverted == 0) {
                                MontgomeryP256.copy(denominators, 0, prefix, 0);
                            } else {
                                MontgomeryP256.mul(prefix, at - LIMBS, denominators, at, prefix, at);
                            }
                            inverted++;
                        }
                    }
                    kind[pairs++] = k;
                }
            }
            invertAll(inverted);
            return pairs;
        }

        /** x3 = λ² − x1 − x2, y3 = λ·(x1 − x3) − y1 for every pair, in the order {@link #classify} took them. */
        private void apply(int[] start, int[] length) {
            int pair = 0;
            int slope = 0;
            for (int b = 1; b < length.length; b++) {
                int end = start[b] + (length[b] & ~1);
                for (int a = start[b], to = start[b]; a < end; a += 2, to++) {
                    int c = a + 1;
                    byte k = kind[pair++];
                    if (k == INFINITY) {
                        infinity[to] = true;
                        continue;
                    }
                    if (k == TAKE_LEFT || k == TAKE_RIGHT) {
                        move(k == TAKE_LEFT ? a : c, to);
                        continue;
                    }
                    if (k == ADD) {
                        MontgomeryP256.difference(points, POINT * c + LIMBS, points, POINT * a + LIMBS, numerator,
                                0);
                    } else {
                        MontgomeryP256.square(points, POINT * a, t0, 0);
                        MontgomeryP256.sub(t0, 0, ONE, 0, t0, 0);
                        MontgomeryP256.mul(t0, 0, THREE, 0, numerator, 0);
                    }
                    // denominators hold the inverses now
                    MontgomeryP256.mul(numerator, 0, denominators, LIMBS * slope, lambda, 0);
                    slope++;
                    MontgomeryP256.square(lambda, 0, x3, 0);
                    MontgomeryP256.sub(x3, 0, points, POINT * a, x3, 0);
                    MontgomeryP256.sub(x3, 0, points, POINT * c, x3, 0);
                    MontgomeryP256.difference(points, POINT * a, x3, 0, t0, 0);
                    MontgomeryP256.mul(lambda, 0, t0, 0, t0, 0);
                    // y1 is read before slot a (possibly = to) is written
                    MontgomeryP256.sub(t0, 0, points, POINT * a + LIMBS, points, POINT * to + LIMBS);
                    MontgomeryP256.copy(x3, 0, points, POINT * to);
                    infinity[to] = false;
                }
            }
        }

        /**
         * Replaces denominators[0 .. count) by their inverses, given the prefix products
         * prefix[i] = d_0 ⋯ d_i: one field inversion, then two multiplications per element going back.
         */
        private void invertAll(int count) {
            if (count == 0) {
                return;
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
                copyPoint(points, from, points, to);
                infinity[to] = infinity[from];
            }
        }
    }
}
