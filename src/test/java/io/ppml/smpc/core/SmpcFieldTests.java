package io.ppml.smpc.core;

import java.math.BigInteger;

import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scalar field of P-256 and the fixed-point encoding of reals into it. */
class SmpcFieldTests {

    private static final BigInteger Q = Field.Q;

    @Test
    void fieldIsTheP256GroupOrder() {
        // FIPS 186-5 / SEC 2 v2 §2.4.2: n of secp256r1
        assertThat(Q).isEqualTo(new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16));
        assertThat(Q.isProbablePrime(64)).isTrue();
    }

    @Test
    void valuesOutsideTheFieldAreRefused() {
        assertThat(Field.requireElement(BigInteger.ZERO, "x")).isZero();
        assertThat(Field.requireElement(Q.subtract(BigInteger.ONE), "x")).isEqualTo(Q.subtract(BigInteger.ONE));
        for (BigInteger bad : new BigInteger[] {Q, Q.add(BigInteger.ONE), BigInteger.ONE.negate(),
                BigInteger.ONE.shiftLeft(300)}) {
            assertThatThrownBy(() -> Field.requireElement(bad, "share[2]"))
                    .isInstanceOf(SmpcException.class).hasMessageStartingWith("share[2]")
                    .satisfies(e -> assertThat(((SmpcException) e).problem())
                            .isEqualTo(SmpcException.Problem.INVALID_INPUT));
        }
    }

    @Test
    void refusalsAreInvalidRequestsNamingTheField() {
        assertThatThrownBy(() -> Field.requireElement(Q, "share[2]"))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.INVALID);
                    assertThat(refusal.errors()).containsExactly(new FieldError("share[2]", refusal.reason()));
                    assertThat(refusal.detail()).isEqualTo("share[2]: " + refusal.reason());
                });
    }

    @Test
    void decimalSharesParseOnlyInCanonicalForm() {
        assertThat(Field.parse("0", "s")).isZero();
        assertThat(Field.parse(Q.subtract(BigInteger.ONE).toString(), "s")).isEqualTo(Q.subtract(BigInteger.ONE));
        for (String bad : new String[] {"", "-1", "+5", "007", "1e3", "0x10", " 1", Q.toString(), "9".repeat(79)}) {
            assertThatThrownBy(() -> Field.parse(bad, "share[0]")).as("'%s'", bad).isInstanceOf(SmpcException.class);
        }
    }

    @Test
    void vectorsCompareEqualExactlyWhenEveryElementIs() {
        BigInteger top = Q.subtract(BigInteger.ONE); // 256 bits: BigInteger adds a 33rd sign byte
        BigInteger[] stored = {BigInteger.ZERO, top, BigInteger.valueOf(255)};
        assertThat(Field.equalInConstantTime(stored, stored.clone())).isTrue();
        assertThat(Field.equalInConstantTime(stored, new BigInteger[] {BigInteger.ZERO, top, BigInteger.valueOf(256)}))
                .isFalse();
        assertThat(Field.equalInConstantTime(stored, new BigInteger[] {BigInteger.ZERO, top})).isFalse();
        // each element keeps its own 32 bytes, so values cannot shift between positions
        assertThat(Field.equalInConstantTime(new BigInteger[] {BigInteger.ONE, BigInteger.ZERO},
                new BigInteger[] {BigInteger.ZERO, BigInteger.ONE})).isFalse();
        assertThatThrownBy(() -> Field.equalInConstantTime(new BigInteger[] {Q}, new BigInteger[] {Q}))
                .isInstanceOf(SmpcException.class);
    }

    @Property(tries = 200)
    void fieldOperationsAgreeWithModularArithmetic(@ForAll @IntRange(min = 0, max = 4) int edgeA,
            @ForAll @IntRange(min = 0, max = 4) int edgeB) {
        BigInteger a = pick(edgeA);
        BigInteger b = pick(edgeB);
        assertThat(Field.add(a, b)).isEqualTo(a.add(b).mod(Q));
        assertThat(Field.sub(a, b)).isEqualTo(a.subtract(b).mod(Q));
        assertThat(Field.mul(a, b)).isEqualTo(a.multiply(b).mod(Q));
        assertThat(Field.add(a, Field.neg(a))).isZero();
        for (BigInteger r : new BigInteger[] {Field.add(a, b), Field.sub(a, b), Field.mul(a, b), Field.neg(a)}) {
            assertThat(Field.isElement(r)).isTrue();
        }
        if (a.signum() != 0) {
            assertThat(Field.mul(a, Field.inverse(a))).isEqualTo(BigInteger.ONE);
        }
    }

    @Test
    void zeroHasNoInverseAndRandomElementsAreInRange() {
        assertThatThrownBy(() -> Field.inverse(BigInteger.ZERO)).isInstanceOf(ArithmeticException.class);
        for (int i = 0; i < 1000; i++) {
            assertThat(Field.isElement(Field.random())).isTrue();
        }
    }

    // ---- fixed point ----

    @Property(tries = 500)
    void encodeDecodeRoundsToTheGrid(@ForAll @DoubleRange(min = -1e12, max = 1e12) double x,
            @ForAll @IntRange(min = 0, max = 64) int fractionBits) {
        FixedPoint fp = new FixedPoint(fractionBits);
        BigInteger encoded = fp.encode(x);
        assertThat(Field.isElement(encoded)).isTrue();
        double decoded = fp.decode(encoded);
        // rounding to the grid 2^(−f) moves x by at most half a step, plus the final conversion to a double
        assertThat(Math.abs(decoded - x)).isLessThanOrEqualTo(Math.scalb(1.0, -fractionBits - 1) + Math.ulp(x));
        // values on the grid come back exactly
        double onGrid = Math.scalb(Math.rint(Math.scalb(x, Math.min(fractionBits, 20))), -Math.min(fractionBits, 20));
        assertThat(fp.decode(fp.encode(onGrid))).isEqualTo(onGrid);
    }

    @Test
    void negativesAreStoredAsQMinusTheirMagnitude() {
        FixedPoint fp = new FixedPoint(16);
        assertThat(fp.encode(-1.5)).isEqualTo(Q.subtract(BigInteger.valueOf(3L << 15)));
        assertThat(fp.encode(1.5)).isEqualTo(BigInteger.valueOf(3L << 15));
        assertThat(fp.decode(Q.subtract(BigInteger.ONE))).isEqualTo(-Math.scalb(1.0, -16));
        assertThat(fp.encode(-0.0)).isZero();
        assertThat(new FixedPoint(0).encode(2.5)).isEqualTo(BigInteger.TWO); // half to even
        assertThat(new FixedPoint(0).encode(3.5)).isEqualTo(BigInteger.valueOf(4));
        assertThat(new FixedPoint(0).encode(-2.5)).isEqualTo(Q.subtract(BigInteger.TWO));
    }

    @Property(tries = 200)
    void sumsOfEncodingsDecodeToSums(@ForAll @DoubleRange(min = -1e9, max = 1e9) double a,
            @ForAll @DoubleRange(min = -1e9, max = 1e9) double b) {
        FixedPoint fp = new FixedPoint(20);
        double qa = fp.decode(fp.encode(a));
        double qb = fp.decode(fp.encode(b));
        // both on the 2^(−20) grid and below 2^30: their sum is exact in a double
        assertThat(fp.decode(Field.add(fp.encode(a), fp.encode(b)))).isEqualTo(qa + qb);
    }

    @Test
    void overflowGuardRefusesValuesThatCouldWrapAround() {
        FixedPoint fp = new FixedPoint(16);
        assertThat(fp.maxMagnitude()).isEqualTo(Math.scalb(1.0, 222 - 16));
        double largest = Math.nextDown(fp.maxMagnitude());
        assertThat(fp.decode(fp.encode(largest))).isEqualTo(largest);
        assertThat(fp.decode(fp.encode(-largest))).isEqualTo(-largest);
        for (double bad : new double[] {fp.maxMagnitude(), -fp.maxMagnitude(), Double.MAX_VALUE, 1e300,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> fp.encode(bad, "values[3]")).as("%s", bad)
                    .isInstanceOf(SmpcException.class).hasMessageStartingWith("values[3]");
        }
        // 2^32 maximal contributions of the same sign still decode: the guard leaves that much headroom
        BigInteger maxEncoded = FixedPoint.MAX_ENCODED.subtract(BigInteger.ONE);
        BigInteger worstSum = maxEncoded.shiftLeft(FixedPoint.HEADROOM_BITS);
        assertThat(worstSum.compareTo(FixedPoint.MAX_DECODED)).isLessThan(0);
        assertThat(fp.toSigned(worstSum, "total")).isEqualTo(worstSum);
        assertThat(fp.toSigned(Q.subtract(worstSum), "total")).isEqualTo(worstSum.negate());
        // the positive range [0, 2^254) and the negative range (q − 2^254, q) are disjoint: 2·2^254 < q
        assertThat(FixedPoint.MAX_DECODED.shiftLeft(1).compareTo(Q)).isLessThan(0);
    }

    @Test
    void decodeRefusesTheBandNoGuardedSumReaches() {
        FixedPoint fp = new FixedPoint(8);
        for (BigInteger v : new BigInteger[] {FixedPoint.MAX_DECODED, Q.shiftRight(1), Q.subtract(FixedPoint.MAX_DECODED)}) {
            assertThatThrownBy(() -> fp.decode(v, "values[0]")).isInstanceOf(SmpcException.class)
                    .satisfies(e -> assertThat(((SmpcException) e).problem()).isEqualTo(SmpcException.Problem.OVERFLOW));
        }
        assertThatThrownBy(() -> fp.decode(Q)).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> fp.decode(BigInteger.ONE.negate())).isInstanceOf(SmpcException.class);
    }

    @Test
    void fractionBitsAreLimited() {
        assertThatThrownBy(() -> new FixedPoint(-1)).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> new FixedPoint(65)).isInstanceOf(SmpcException.class);
        assertThat(new FixedPoint(64).decode(new FixedPoint(64).encode(0x1p-64))).isEqualTo(0x1p-64);
    }

    private static BigInteger pick(int edge) {
        return switch (edge) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.ONE;
            case 2 -> Q.subtract(BigInteger.ONE);
            default -> Field.random();
        };
    }
}
