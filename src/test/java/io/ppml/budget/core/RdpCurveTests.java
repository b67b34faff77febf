package io.ppml.budget.core;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** The RDP curve value type: its orders, upward-rounded arithmetic, copies and stored form. No randomness. */
class RdpCurveTests {

    /**
     * pytorch/opacus, opacus/accountants/rdp.py: {@code DEFAULT_ALPHAS = [1 + x / 10.0 for x in range(1, 100)] +
     * list(range(12, 64))} — 99 fractional orders 1.1 … 10.9 (including the integers 2 … 10) and the integers 12 … 63;
     * 11 is not among them.
     */
    @Test
    void ordersAreOpacusDefaultAlphas() {
        double[] orders = RdpCurve.orders();
        assertThat(orders).hasSize(151).hasSize(RdpCurve.SIZE);
        assertThat(orders[0]).isEqualTo(1.1);
        assertThat(orders[9]).isEqualTo(2.0);
        assertThat(orders[28]).isEqualTo(3.9); // Opacus's optimum in AccountingTest.test_rdp_accountant
        assertThat(orders[98]).isEqualTo(10.9);
        assertThat(orders[99]).isEqualTo(12.0);
        assertThat(orders[150]).isEqualTo(63.0);
        assertThat(orders).doesNotContain(11.0).isSorted();
    }

    /** Sums and multiples are never below the exact value, and at most an ulp or two above it. */
    @Property(tries = 500)
    void arithmeticRoundsUp(@ForAll @DoubleRange(min = 0, max = 1e6) double a,
            @ForAll @DoubleRange(min = 0, max = 1e6) double b, @ForAll @LongRange(min = 0, max = 1L << 60) long n) {
        BigDecimal exactSum = new BigDecimal(a).add(new BigDecimal(b));
        double sum = RdpCurve.addUp(a, b);
        assertThat(new BigDecimal(sum)).isGreaterThanOrEqualTo(exactSum);
        assertThat(new BigDecimal(Math.nextDown(sum))).as("the least double not below the sum").isLessThan(exactSum);

        double[] values = new double[RdpCurve.SIZE];
        values[0] = a;
        double product = RdpCurve.of(values).times(n).value(0);
        BigDecimal exactProduct = new BigDecimal(a).multiply(BigDecimal.valueOf(n));
        assertThat(new BigDecimal(product)).isGreaterThanOrEqualTo(exactProduct);
        assertThat(product).isLessThanOrEqualTo(Math.nextUp(Math.nextUp(Math.nextUp(a * (double) n))));
    }

    @Test
    void plusAndTimesCompose() {
        RdpCurve one = RdpCurve.subsampledGaussian(0.01, 1.1);
        RdpCurve three = one.plus(one).plus(one);
        RdpCurve times = one.times(3);
        for (int i = 0; i < RdpCurve.SIZE; i++) {
            assertThat(three.value(i)).isGreaterThanOrEqualTo(one.value(i) * 3 * (1 - 1e-15));
            assertThat(times.value(i)).isCloseTo(three.value(i), within(1e-14 * three.value(i)));
        }
        assertThat(one.times(0)).isEqualTo(RdpCurve.ZERO);
        assertThat(one.times(1)).isSameAs(one);
        assertThat(one.plus(RdpCurve.ZERO)).isSameAs(one);
        assertThat(RdpCurve.ZERO.plus(one)).isSameAs(one);
        assertThatIllegalArgumentException().isThrownBy(() -> one.times(-1));
    }

    @Test
    void copiesGoInAndOut() {
        double[] values = new double[RdpCurve.SIZE];
        values[3] = 0.5;
        RdpCurve curve = RdpCurve.of(values);
        values[3] = 7;
        assertThat(curve.value(3)).isEqualTo(0.5);
        curve.values()[3] = 9;
        assertThat(curve.value(3)).isEqualTo(0.5);
        RdpCurve.orders()[0] = 5;
        assertThat(RdpCurve.order(0)).isEqualTo(1.1);
        assertThat(curve).isEqualTo(RdpCurve.of(curve.values())).hasSameHashCodeAs(RdpCurve.of(curve.values()));
        assertThat(RdpCurve.of(new double[RdpCurve.SIZE])).isSameAs(RdpCurve.ZERO);
    }

    /** The stored form: empty for no RDP charges, else a format byte and 151 little-endian doubles. */
    @Test
    void storedFormRoundTrips() {
        assertThat(RdpCurve.ZERO.toBytes()).isEmpty();
        assertThat(RdpCurve.fromBytes(null)).isSameAs(RdpCurve.ZERO);
        assertThat(RdpCurve.fromBytes(new byte[0])).isSameAs(RdpCurve.ZERO);

        double[] values = RdpCurve.subsampledGaussian(0.04, 1.5).times(2250).values();
        values[150] = Double.POSITIVE_INFINITY;
        RdpCurve curve = RdpCurve.of(values);
        byte[] bytes = curve.toBytes();
        assertThat(bytes).hasSize(1 + 8 * 151);
        assertThat(bytes[0]).isEqualTo(RdpCurve.FORMAT_OPACUS_ORDERS);
        assertThat(ByteBuffer.wrap(bytes, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble()).isEqualTo(values[0]);
        assertThat(RdpCurve.fromBytes(bytes)).isEqualTo(curve);

        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 2;
        assertThatIllegalArgumentException().isThrownBy(() -> RdpCurve.fromBytes(otherFormat));
        assertThatIllegalArgumentException().isThrownBy(() -> RdpCurve.fromBytes(java.util.Arrays.copyOf(bytes, 100)));
        byte[] negative = bytes.clone();
        ByteBuffer.wrap(negative, 1, 8).order(ByteOrder.LITTLE_ENDIAN).putDouble(-1);
        assertThatIllegalArgumentException().isThrownBy(() -> RdpCurve.fromBytes(negative));
    }

    @Test
    void rejectsInvalidValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> RdpCurve.of(1, 2, 3));
        double[] nan = new double[RdpCurve.SIZE];
        nan[5] = Double.NaN;
        assertThatIllegalArgumentException().isThrownBy(() -> RdpCurve.of(nan));
        double[] negative = new double[RdpCurve.SIZE];
        negative[5] = -1e-300;
        assertThatIllegalArgumentException().isThrownBy(() -> RdpCurve.of(negative));
    }
}
