package io.ppml.budget.core;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A Rényi-DP curve: upper bounds r(α) on the Rényi divergence of order α (Mironov 2017, "Rényi Differential
 * Privacy") at a fixed set of orders, so that a mechanism or a composition of mechanisms is
 * (α, r(α))-RDP for each of them. Immutable; arrays go in and out as copies.
 *
 * <p>The orders are those of Opacus's {@code RDPAccountant.DEFAULT_ALPHAS} ({@code opacus/accountants/rdp.py} in
 * pytorch/opacus: {@code [1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64))}): 1.1, 1.2, …, 10.9 and 12, 13,
 * …, 63: 151 orders, computed here with the same double arithmetic ({@code 1 + x / 10.0}) so that each order is the
 * same double as Opacus's. Published Opacus figures are therefore comparable like for like, and the fractional
 * orders near 1 serve large ε while the integers up to 63 serve small ones.
 *
 * <p>Curves compose by adding (Mironov 2017, Proposition 1). Every sum and multiple here is rounded <em>up</em>
 * (the exact result is never above the stored double): the rounding error of each addition is found exactly by
 * Knuth's TwoSum, that of each product by a fused multiply-add, and the result is moved one ulp up when the exact
 * value lies above it. A value may be +∞ (no guarantee at that order); NaN and negative values are refused.
 *
 * <p>Stored form ({@link #toBytes()}): an all-zero curve is the empty array; any other curve is one format byte
 * ({@value #FORMAT_OPACUS_ORDERS}: the orders above) followed by the 151 values as little-endian IEEE-754 doubles,
 * 1,209 bytes. A later change of orders gets a new format byte, so a stored curve is never read against the wrong
 * orders.
 */
public final class RdpCurve {

    /** Format byte of {@link #toBytes()}: the values are at Opacus's default orders, in order. */
    public static final byte FORMAT_OPACUS_ORDERS = 1;

    private static final double[] ORDERS = defaultOrders();

    /** How many orders a curve has values at (151). */
    public static final int SIZE = ORDERS.length;

    /** The curve of no charge at all: 0 at every order. */
    public static final RdpCurve ZERO = new RdpCurve(new double[SIZE]);

    private final double[] values;

    private RdpCurve(double[] values) {
        this.values = values;
    }

    /** The orders α, ascending, as a fresh array. */
    public static double[] orders() {
        return ORDERS.clone();
    }

    /** The order at {@code index} (0 ≤ index &lt; {@link #SIZE}). */
    public static double order(int index) {
        return ORDERS[index];
    }

    /**
     * The curve with these values at {@link #orders()} (copied).
     *
     * @throws IllegalArgumentException unless there are {@link #SIZE} values, each ≥ 0 or +∞
     */
    public static RdpCurve of(double... values) {
        if (values.length != SIZE) {
            throw new IllegalArgumentException("an RDP curve has " + SIZE + " values, got " + values.length);
        }
        double[] copy = values.clone();
        for (double v : copy) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("RDP values are never negative or NaN, got " + v);
            }
        }
        return allZero(copy) ? ZERO : new RdpCurve(copy);
    }

    /**
     * The curve of one Poisson-subsampled Gaussian mechanism with sampling rate q and noise multiplier z = σ/Δ₂ (see
     * {@link SampledGaussianRdp}); for q = 1 it is α/(2z²) rounded up, for q = 0 it is {@link #ZERO}.
     */
    public static RdpCurve subsampledGaussian(double samplingRate, double noiseMultiplier) {
        return SampledGaussianRdp.curve(samplingRate, noiseMultiplier);
    }

    /** The value at the order with this index. */
    public double value(int index) {
        return values[index];
    }

    /** The values at {@link #orders()}, as a fresh array. */
    public double[] values() {
        return values.clone();
    }

    public boolean isZero() {
        return this == ZERO || allZero(values);
    }

    /** The curve of both compositions together (Mironov 2017, Proposition 1), each value rounded up. */
    public RdpCurve plus(RdpCurve other) {
        if (other.isZero()) {
            return this;
        }
        if (isZero()) {
            return other;
        }
        double[] sum = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            sum[i] = addUp(values[i], other.values[i]);
        }
        return new RdpCurve(sum);
    }

    /** The curve of {@code times} compositions of this one, each value rounded up. */
    public RdpCurve times(long times) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0, was " + times);
        }
        if (times == 0 || isZero()) {
            return ZERO;
        }
        if (times == 1) {
            return this;
        }
        double n = (double) times;
        if (new BigDecimal(n).compareTo(BigDecimal.valueOf(times)) < 0) {
            n = Math.nextUp(n); // above 2⁵³ a long may round down on its way to double
        }
        double[] product = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            product[i] = mulUp(values[i], n);
        }
        return new RdpCurve(product);
    }

    /**
     * The ε of the (ε, δ)-DP guarantee this curve implies by Balle et al. 2020's conversion, the best over the
     * orders ({@link RdpConversion#epsilon}).
     */
    public double epsilon(double delta) {
        return RdpConversion.epsilon(ORDERS, values, delta);
    }

    /** The stored form described in the class comment: empty for an all-zero curve. */
    public byte[] toBytes() {
        if (isZero()) {
            return new byte[0];
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 + Double.BYTES * SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(FORMAT_OPACUS_ORDERS);
        for (double v : values) {
            buffer.putDouble(v);
        }
        return buffer.array();
    }

    /**
     * The curve {@link #toBytes()} wrote; {@code null} or empty is {@link #ZERO}.
     *
     * @throws IllegalArgumentException for an unknown format byte, a wrong length or a negative or NaN value
     */
    public static RdpCurve fromBytes(byte @Nullable [] bytes) {
        if (bytes == null || bytes.length == 0) {
            return ZERO;
        }
        if (bytes[0] != FORMAT_OPACUS_ORDERS) {
            throw new IllegalArgumentException("unknown RDP curve format " + bytes[0]);
        }
        if (bytes.length != 1 + Double.BYTES * SIZE) {
            throw new IllegalArgumentException("a stored RDP curve has " + (1 + Double.BYTES * SIZE) + " bytes, got "
                    + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, Double.BYTES * SIZE).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            values[i] = buffer.getDouble();
        }
        return of(values);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof RdpCurve other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        if (isZero()) {
            return "RdpCurve[0]";
        }
        return "RdpCurve[α=" + ORDERS[0] + ": " + values[0] + ", α=2: " + values[9] + ", α=" + ORDERS[SIZE - 1] + ": "
                + values[SIZE - 1] + "]";
    }

    /** a + b rounded up: TwoSum (Knuth, TAOCP vol. 2, §4.2.2) gives the exact rounding error of the addition. */
    static double addUp(double a, double b) {
        double s = a + b;
        if (!Double.isFinite(s)) {
            return s;
        }
        double bVirtual = s - a;
        double aVirtual = s - bVirtual;
        double error = (a - aVirtual) + (b - bVirtual);
        return error > 0 ? Math.nextUp(s) : s;
    }

    /**
     * a · b rounded up for a, b ≥ 0: the fused multiply-add a·b − p is exact while p is a normal double; below that
     * the product is moved up unconditionally.
     */
    static double mulUp(double a, double b) {
        double p = a * b;
        if (!Double.isFinite(p) || a == 0 || b == 0) {
            return p;
        }
        if (p < Double.MIN_NORMAL) {
            return Math.nextUp(p);
        }
        return Math.fma(a, b, -p) > 0 ? Math.nextUp(p) : p;
    }

    /** The smallest double not below {@code value}. */
    static double upDouble(BigDecimal value) {
        double d = value.doubleValue();
        return Double.isFinite(d) && new BigDecimal(d).compareTo(value) < 0 ? Math.nextUp(d) : d;
    }

    private static boolean allZero(double[] values) {
        for (double v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static double[] defaultOrders() {
        double[] orders = new double[99 + 52];
        int i = 0;
        for (int x = 1; x < 100; x++) {
            orders[i++] = 1 + x / 10.0;
        }
        for (int a = 12; a < 64; a++) {
            orders[i++] = a;
        }
        return orders;
    }
}
