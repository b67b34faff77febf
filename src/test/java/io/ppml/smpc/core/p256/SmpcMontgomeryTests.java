package io.ppml.smpc.core.p256;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MontgomeryP256} against {@link BigInteger} arithmetic modulo p, on every representative the lazy form
 * allows ([0, 2p), not only [0, p)): edge values whose limbs are all zeros or all ones, p and its neighbours (the
 * second representative of zero and of small numbers), and pseudo-random values from a fixed seed so that a failure
 * reproduces.
 */
class SmpcMontgomeryTests {

    private static final BigInteger P = P256.P;
    private static final BigInteger TWO_P = P.shiftLeft(1);
    private static final BigInteger FOUR_P = P.shiftLeft(2);
    private static final BigInteger R = BigInteger.ONE.shiftLeft(260);
    private static final BigInteger R_INVERSE = R.modInverse(P);
    private static final int L = MontgomeryP256.LIMBS;

    @Test
    void theLimbPackingMatchesTheDocumentedRepresentation() {
        long[] one = new long[L];
        MontgomeryP256.fromBigInteger(BigInteger.ONE, one, 0);
        assertThat(raw(one)).isEqualTo(R.mod(P)); // 1 is held as R mod p
        assertThat(MontgomeryP256.toBigInteger(one, 0)).isEqualTo(BigInteger.ONE);
        assertThat(MontgomeryP256.toBigInteger(pack(P), 0)).isZero();
        assertThat(MontgomeryP256.toBigInteger(pack(P.add(R.mod(P))), 0)).isEqualTo(BigInteger.ONE);
    }

    @Test
    void operationsAgreeWithModularArithmeticOnEdgeRepresentatives() {
        List<BigInteger> edges = edges();
        for (BigInteger a : edges) {
            for (BigInteger b : edges) {
                check(a, b);
            }
        }
    }

    @Test
    void operationsAgreeWithModularArithmeticOnRandomRepresentatives() {
        SplittableRandom random = new SplittableRandom(20261128);
        for (int i = 0; i < 50_000; i++) {
            check(randomBelow(TWO_P, random), randomBelow(TWO_P, random));
        }
    }

    @Test
    void conversionsRoundTripAndReduceTheirInput() {
        SplittableRandom random = new SplittableRandom(7);
        long[] z = new long[L];
        for (int i = 0; i < 1_000; i++) {
            BigInteger x = randomBelow(BigInteger.ONE.shiftLeft(300), random);
            MontgomeryP256.fromBigInteger(x, z, 0);
            assertThat(MontgomeryP256.toBigInteger(z, 0)).isEqualTo(x.mod(P));
        }
        MontgomeryP256.fromBigInteger(BigInteger.valueOf(-5), z, 0);
        assertThat(MontgomeryP256.toBigInteger(z, 0)).isEqualTo(P.subtract(BigInteger.valueOf(5)));
    }

    @Test
    void zeroHasTwoRepresentativesAndNoInverse() {
        assertThat(MontgomeryP256.isZero(pack(BigInteger.ZERO), 0)).isTrue();
        assertThat(MontgomeryP256.isZero(pack(P), 0)).isTrue();
        for (BigInteger nonZero : List.of(BigInteger.ONE, P.subtract(BigInteger.ONE), P.add(BigInteger.ONE),
                TWO_P.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(52))) {
            assertThat(MontgomeryP256.isZero(pack(nonZero), 0)).as("%s", nonZero).isFalse();
        }
        assertThatThrownBy(() -> MontgomeryP256.invert(pack(P), 0, new long[L], 0))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void outputsMayOverwriteTheirInputs() {
        BigInteger a = P.subtract(BigInteger.valueOf(12345));
        BigInteger b = TWO_P.subtract(BigInteger.valueOf(3));
        long[] both = new long[2 * L];
        System.arraycopy(pack(a), 0, both, 0, L);
        System.arraycopy(pack(b), 0, both, L, L);
        MontgomeryP256.mul(both, 0, both, L, both, 0);
        assertThat(meaning(both, 0)).isEqualTo(meaning(a).multiply(meaning(b)).mod(P));
        MontgomeryP256.sub(both, L, both, 0, both, L);
        assertThat(meaning(both, L)).isEqualTo(meaning(b).subtract(meaning(a).multiply(meaning(b))).mod(P));
    }

    @Test
    void differencesStayBelowFourPAndMultiplyBackIntoRange() {
        SplittableRandom random = new SplittableRandom(11);
        List<BigInteger> operands = new ArrayList<>(edges());
        for (int i = 0; i < 2_000; i++) {
            operands.add(randomBelow(TWO_P, random));
        }
        long[] d = new long[L];
        long[] e = new long[L];
        long[] z = new long[L];
        for (int i = 0; i < operands.size(); i++) {
            BigInteger a = operands.get(i);
            BigInteger b = operands.get((7 * i + 3) % operands.size());
            MontgomeryP256.difference(pack(a), 0, pack(b), 0, d, 0);
            assertThat(raw(d)).isPositive().isLessThan(FOUR_P);
            assertThat(meaning(d, 0)).isEqualTo(meaning(a).subtract(meaning(b)).mod(P));
            // the largest factors mul accepts: two differences, and a difference with a reduced element
            MontgomeryP256.difference(pack(b), 0, pack(a), 0, e, 0);
            MontgomeryP256.mul(d, 0, e, 0, z, 0);
            assertElement(z, meaning(d, 0).multiply(meaning(e, 0)).mod(P), "mul of differences");
            MontgomeryP256.mul(d, 0, pack(a), 0, z, 0);
            assertElement(z, meaning(d, 0).multiply(meaning(a)).mod(P), "mul of a difference");
            MontgomeryP256.square(d, 0, z, 0);
            assertElement(z, meaning(d, 0).pow(2).mod(P), "square of a difference");
        }
        // the extreme factors: just below 4p, with every limb as large as it gets
        long[] top = pack(FOUR_P.subtract(BigInteger.ONE));
        MontgomeryP256.mul(top, 0, top, 0, z, 0);
        assertElement(z, meaning(FOUR_P.subtract(BigInteger.ONE)).pow(2).mod(P), "mul of 4p − 1");
    }

    /** Each operation on the raw representatives a, b: the right element, in range, with normalised limbs. */
    private static void check(BigInteger a, BigInteger b) {
        long[] x = pack(a);
        long[] y = pack(b);
        long[] z = new long[L];
        BigInteger ea = meaning(a);
        BigInteger eb = meaning(b);
        String operands = "a = " + a.toString(16) + ", b = " + b.toString(16);

        MontgomeryP256.mul(x, 0, y, 0, z, 0);
        assertElement(z, ea.multiply(eb).mod(P), "mul " + operands);
        MontgomeryP256.square(x, 0, z, 0);
        assertElement(z, ea.multiply(ea).mod(P), "square " + operands);
        MontgomeryP256.add(x, 0, y, 0, z, 0);
        assertElement(z, ea.add(eb).mod(P), "add " + operands);
        MontgomeryP256.sub(x, 0, y, 0, z, 0);
        assertElement(z, ea.subtract(eb).mod(P), "sub " + operands);
        MontgomeryP256.negateIf(-1L, x, 0, z, 0);
        assertElement(z, ea.negate().mod(P), "negateIf(−1) " + operands);
        MontgomeryP256.negateIf(0L, x, 0, z, 0);
        assertThat(z).as("negateIf(0) " + operands).containsExactly(x);
        assertThat(MontgomeryP256.isZero(x, 0)).as("isZero " + operands).isEqualTo(ea.signum() == 0);
        if (ea.signum() != 0) {
            MontgomeryP256.invert(x, 0, z, 0);
            assertElement(z, ea.modInverse(P), "invert " + operands);
        }
    }

    private static void assertElement(long[] z, BigInteger expected, String what) {
        for (int k = 0; k < L - 1; k++) {
            assertThat(z[k]).as("%s: limb %d", what, k).isBetween(0L, (1L << 52) - 1);
        }
        assertThat(z[L - 1]).as("%s: top limb", what).isNotNegative();
        assertThat(raw(z)).as("%s: representative below 2p", what).isLessThan(TWO_P);
        assertThat(meaning(z, 0)).as(what).isEqualTo(expected);
    }

    private static List<BigInteger> edges() {
        List<BigInteger> edges = new ArrayList<>();
        for (BigInteger base : List.of(BigInteger.ZERO, P, TWO_P, BigInteger.ONE.shiftLeft(256),
                BigInteger.ONE.shiftLeft(52), BigInteger.ONE.shiftLeft(208), R.mod(P), P.shiftRight(1))) {
            for (int d = -2; d <= 2; d++) {
                BigInteger v = base.add(BigInteger.valueOf(d));
                if (v.signum() >= 0 && v.compareTo(TWO_P) < 0) {
                    edges.add(v);
                }
            }
        }
        return edges;
    }

    private static BigInteger randomBelow(BigInteger bound, SplittableRandom random) {
        byte[] bytes = new byte[bound.bitLength() / 8 + 1];
        random.nextBytes(bytes);
        return new BigInteger(1, bytes).mod(bound);
    }

    /** The element a raw representative stands for: raw·R^(−1) mod p. */
    private static BigInteger meaning(BigInteger raw) {
        return raw.multiply(R_INVERSE).mod(P);
    }

    private static BigInteger meaning(long[] limbs, int offset) {
        long[] slice = new long[L];
        System.arraycopy(limbs, offset, slice, 0, L);
        return meaning(raw(slice));
    }

    private static long[] pack(BigInteger raw) {
        long[] limbs = new long[L];
        for (int k = 0; k < L; k++) {
            limbs[k] = raw.shiftRight(52 * k).longValue() & ((1L << 52) - 1);
        }
        return limbs;
    }

    private static BigInteger raw(long[] limbs) {
        BigInteger v = BigInteger.ZERO;
        for (int k = L - 1; k >= 0; k--) {
            v = v.shiftLeft(52).add(BigInteger.valueOf(limbs[k]));
        }
        return v;
    }
}
