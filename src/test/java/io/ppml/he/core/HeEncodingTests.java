package io.ppml.he.core;

import java.math.BigDecimal;
import java.math.BigInteger;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** python-paillier's number encoding (phe/encoding.py), without any key. */
class HeEncodingTests {

    @Test
    void shouldChooseThePythonPaillierExponentForFloats() {
        // python-paillier: EncodedNumber.encode(pk, 1.5) → encoding 1.5·16^13, exponent −13 (frexp(1.5) = (0.75, 1)).
        assertThat(EncodedNumber.of(1.5)).isEqualTo(new EncodedNumber(BigInteger.valueOf(6755399441055744L), -13));
        // 0.1 is 3602879701896397·2^−55 exactly; frexp(0.1) = (0.8, −3) → exponent ⌊(−3 − 53)/4⌋ = −14.
        assertThat(EncodedNumber.of(0.1)).isEqualTo(new EncodedNumber(BigInteger.valueOf(7205759403792794L), -14));
        // frexp(0.0) = (0.0, 0) → exponent ⌊−53/4⌋ = −14.
        assertThat(EncodedNumber.of(0.0)).isEqualTo(new EncodedNumber(BigInteger.ZERO, -14));
        // max_exponent only lowers the exponent.
        assertThat(EncodedNumber.of(1.5, -20).exponent()).isEqualTo(-20);
        assertThat(EncodedNumber.of(1.5, 5).exponent()).isEqualTo(-13);
    }

    @Test
    void shouldGiveIntegersExponentZero() {
        assertThat(EncodedNumber.of(-42L)).isEqualTo(new EncodedNumber(BigInteger.valueOf(-42), 0));
        assertThat(EncodedNumber.of(BigInteger.TEN.pow(100)).exponent()).isZero();
    }

    /** The documented round-trip guarantee: every finite double comes back bit for bit (−0.0 as 0.0). */
    @Property(tries = 2000)
    void shouldEncodeEveryFiniteDoubleExactly(@ForAll double x) {
        EncodedNumber encoded = EncodedNumber.of(x);
        assertThat(encoded.toBigDecimal()).isEqualByComparingTo(new BigDecimal(x));
        assertThat(encoded.doubleValue()).isEqualTo(x == 0 ? 0.0 : x);
        assertThat(encoded.mantissa().bitLength()).isLessThanOrEqualTo(56);
        assertThat(encoded.exponent()).isEqualTo(Math.floorDiv(frexpExponent(x) - 53, 4));
    }

    @Property(tries = 200)
    void shouldEncodeSubnormalsExactly(@ForAll @LongRange(min = 1, max = (1L << 52) - 1) long significand) {
        double x = -Double.longBitsToDouble(significand); // a negative subnormal
        assertThat(EncodedNumber.of(x).doubleValue()).isEqualTo(x);
        assertThat(EncodedNumber.of(x).exponent()).isEqualTo(Math.floorDiv(frexpExponent(x) - 53, 4));
    }

    @Test
    void shouldRefuseNonFiniteNumbers() {
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> EncodedNumber.of(bad)).isInstanceOf(HeException.class)
                    .extracting(e -> ((HeException) e).problem()).isEqualTo(HeException.Problem.INVALID_PLAINTEXT);
        }
    }

    @Test
    void shouldRoundHalfToEvenAtAFixedExponent() {
        // 16^−1 = 0.0625: 0.03125 is half a unit → rounds to the even mantissa 0; 0.09375 → 2.
        assertThat(EncodedNumber.of(new BigDecimal("0.03125"), -1).mantissa()).isEqualTo(BigInteger.ZERO);
        assertThat(EncodedNumber.of(new BigDecimal("0.09375"), -1).mantissa()).isEqualTo(BigInteger.TWO);
        assertThat(EncodedNumber.of(new BigDecimal("48"), 1).mantissa()).isEqualTo(BigInteger.valueOf(3));
        assertThat(EncodedNumber.of(new BigDecimal("-1.25"), -2).toBigDecimal()).isEqualByComparingTo("-1.25");
    }

    @Test
    void shouldDecreaseTheExponentWithoutChangingTheValue() {
        EncodedNumber x = EncodedNumber.of(3.75);
        EncodedNumber lower = x.decreaseExponentTo(x.exponent() - 3);
        assertThat(lower.toBigDecimal()).isEqualByComparingTo(x.toBigDecimal());
        assertThat(lower.mantissa()).isEqualTo(x.mantissa().shiftLeft(12));
        assertThatThrownBy(() -> x.decreaseExponentTo(x.exponent() + 1)).isInstanceOf(HeException.class);
    }

    @Test
    void shouldRefuseExponentsBeyondTheCap() {
        assertThatThrownBy(() -> new EncodedNumber(BigInteger.ONE, EncodedNumber.MAX_EXPONENT_MAGNITUDE + 1))
                .isInstanceOf(HeException.class)
                .extracting(e -> ((HeException) e).problem()).isEqualTo(HeException.Problem.EXPONENT_OUT_OF_RANGE);
    }

    @Test
    void shouldConvertIntegralValuesExactly() {
        assertThat(new EncodedNumber(BigInteger.valueOf(48), -1).toBigIntegerExact()).isEqualTo(BigInteger.valueOf(3));
        assertThatThrownBy(() -> new EncodedNumber(BigInteger.valueOf(47), -1).toBigIntegerExact())
                .isInstanceOf(HeException.class);
        assertThat(new EncodedNumber(BigInteger.valueOf(-3), 2).toBigIntegerExact())
                .isEqualTo(BigInteger.valueOf(-768));
    }

    /**
     * Independent frexp: the e with 2^(e−1) ≤ |x| &lt; 2^e (0 for zero). |x|·2^1100 is an integer (doubles are
     * multiples of 2^−1074), whose bit length is ⌊log₂|x|⌋ + 1 + 1100.
     */
    private static int frexpExponent(double x) {
        if (x == 0) {
            return 0;
        }
        BigDecimal scaled = new BigDecimal(Math.abs(x)).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(1100)));
        return scaled.toBigIntegerExact().bitLength() - 1100;
    }
}
