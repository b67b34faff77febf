package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

import io.ppml.smpc.core.FixedBaseMsm.BaseTable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pedersen commitments, the fixed-base multi-scalar multiplication behind vector commitments (against Bouncy
 * Castle's own), and the wire encoding of commitments.
 */
class SmpcPedersenTests {

    private static final BigInteger Q = Field.Q;

    // ---- the multi-scalar multiplication, against Bouncy Castle's interleaved wNAF as the reference ----

    @Property(tries = 40)
    void fixedBaseMsmEqualsBouncyCastleOnRandomScalars(@ForAll @IntRange(min = 1, max = 300) int m) {
        BaseTable[] tables = Arrays.copyOf(Generators.coordinateTables(m), m);
        BigInteger[] scalars = new BigInteger[m];
        for (int i = 0; i < m; i++) {
            scalars[i] = Field.random();
        }
        assertThat(FixedBaseMsm.sum(tables, scalars)).isEqualTo(reference(tables, scalars));
    }

    @Test
    void fixedBaseMsmGivesTheSameResultsWhenThreadsShareItsWorkspacePool() throws Exception {
        // more threads than pooled workspaces, and sizes that grow and shrink, so that workspaces are both reused
        // (with leftovers of a larger call in them) and created beside the pool
        int threads = 2 * Runtime.getRuntime().availableProcessors() + 2;
        int[] sizes = {250, 7, 120, 4, 300, 33};
        List<BaseTable[]> tables = new ArrayList<>();
        List<BigInteger[]> scalars = new ArrayList<>();
        List<ECPoint> expected = new ArrayList<>();
        for (int size : sizes) {
            BaseTable[] t = Arrays.copyOf(Generators.coordinateTables(size), size);
            BigInteger[] s = new BigInteger[size];
            for (int i = 0; i < size; i++) {
                s[i] = Field.random();
            }
            tables.add(t);
            scalars.add(s);
            expected.add(reference(t, s));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 6 * threads; task++) {
                int which = task % sizes.length;
                results.add(pool.submit(() -> FixedBaseMsm.sum(tables.get(which), scalars.get(which))
                        .equals(expected.get(which))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fixedBaseMsmHandlesEdgeScalars() {
        int m = 64; // above the wNAF cut-off, so the bucket method runs
        BaseTable[] tables = Arrays.copyOf(Generators.coordinateTables(m), m);
        BigInteger twoTo255 = BigInteger.ONE.shiftLeft(255);
        BigInteger[][] cases = {
            filled(m, BigInteger.ZERO), // all zero: the point at infinity
            filled(m, BigInteger.ONE),
            filled(m, Q.subtract(BigInteger.ONE)), // top digits carry
            filled(m, twoTo255),
            filled(m, BigInteger.valueOf(FixedBaseMsm.BUCKETS)), // digit exactly 2^(c−1): the largest bucket
            filled(m, BigInteger.valueOf(2L * FixedBaseMsm.BUCKETS - 1)), // all-ones window → digit −1 and a carry
            filled(m, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)), // all 256 bits set
        };
        for (BigInteger[] scalars : cases) {
            assertThat(FixedBaseMsm.sum(tables, scalars)).isEqualTo(reference(tables, scalars));
        }
        BigInteger[] mixed = filled(m, BigInteger.ZERO);
        mixed[17] = Q.subtract(BigInteger.TWO);
        assertThat(FixedBaseMsm.sum(tables, mixed)).isEqualTo(reference(tables, mixed));
        assertThat(FixedBaseMsm.sum(tables, filled(m, BigInteger.ZERO)).isInfinity()).isTrue();
    }

    /**
     * Equal and opposite points in one bucket — impossible to arrange for hashed generators without knowing their
     * discrete logs, so forced here with repeated and negated bases — take the doubling and infinity branches.
     */
    @Test
    void fixedBaseMsmHandlesEqualAndOppositePoints() {
        ECPoint p = Generators.coordinate(0);
        BaseTable plus = new BaseTable(p);
        BaseTable minus = new BaseTable(p.negate());
        BaseTable other = new BaseTable(Generators.coordinate(1));
        int m = 48;
        BaseTable[] tables = new BaseTable[m];
        BigInteger[] scalars = new BigInteger[m];
        BigInteger s = Field.random();
        for (int i = 0; i < m; i++) {
            tables[i] = switch (i % 4) {
                case 0, 2 -> plus; // P, P: doubling in the first round
                case 1 -> minus; // P, −P: infinity
                default -> other;
            };
            scalars[i] = i % 4 == 3 ? Field.random() : s;
        }
        assertThat(FixedBaseMsm.sum(tables, scalars)).isEqualTo(reference(tables, scalars));
        // every pair cancels: the total is the point at infinity
        BaseTable[] cancelling = new BaseTable[m];
        for (int i = 0; i < m; i++) {
            cancelling[i] = i % 2 == 0 ? plus : minus;
        }
        assertThat(FixedBaseMsm.sum(cancelling, filled(m, s)).isInfinity()).isTrue();
        // all equal: repeated doublings
        BaseTable[] same = new BaseTable[m];
        Arrays.fill(same, plus);
        assertThat(FixedBaseMsm.sum(same, filled(m, s))).isEqualTo(p.multiply(s.multiply(BigInteger.valueOf(m)))
                .normalize());
    }

    // ---- scalar and vector commitments ----

    @Test
    void scalarCommitmentOpensOnlyToItsValueAndBlinding() {
        BigInteger x = Field.random();
        BigInteger r = Pedersen.randomBlinding();
        Commitment c = Pedersen.commit(x, r);
        assertThat(c.point()).isEqualTo(Generators.g().multiply(x).add(Generators.h().multiply(r)).normalize());
        assertThat(Pedersen.verify(c, x, r)).isTrue();
        assertThat(Pedersen.verify(c, Field.add(x, BigInteger.ONE), r)).isFalse();
        assertThat(Pedersen.verify(c, x, Field.add(r, BigInteger.ONE))).isFalse();
        assertThat(Pedersen.commit(x, Pedersen.randomBlinding())).isNotEqualTo(c); // hiding needs fresh blinding
    }

    @Property(tries = 30)
    void vectorCommitmentRejectsAnyChangedCoordinateOrBlinding(@ForAll @IntRange(min = 1, max = 200) int length,
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll @IntRange(min = 1, max = 1000) int delta) {
        BigInteger[] values = randomVector(length);
        BigInteger r = Pedersen.randomBlinding();
        Commitment c = Pedersen.commitVector(values, r);
        assertThat(Pedersen.verifyVector(c, values, r)).isTrue();

        int j = position % length;
        BigInteger[] tampered = values.clone();
        tampered[j] = Field.add(tampered[j], BigInteger.valueOf(delta));
        assertThat(Pedersen.verifyVector(c, tampered, r)).isFalse();
        assertThat(Pedersen.verifyVector(c, values, Field.add(r, BigInteger.valueOf(delta)))).isFalse();
        if (length > 1) { // swapping two different coordinates is a change too: generators are per coordinate
            BigInteger[] swapped = values.clone();
            int k = (j + 1) % length;
            swapped[j] = values[k];
            swapped[k] = values[j];
            assertThat(Pedersen.verifyVector(c, swapped, r)).isFalse();
        }
    }

    @Test
    void vectorCommitmentMatchesItsDefinition() {
        BigInteger[] values = randomVector(40);
        BigInteger r = Pedersen.randomBlinding();
        ECPoint expected = Generators.h().multiply(r);
        for (int j = 0; j < values.length; j++) {
            expected = expected.add(Generators.coordinate(j).multiply(values[j]));
        }
        assertThat(Pedersen.commitVector(values, r).point()).isEqualTo(expected.normalize());
    }

    @Test
    void commitmentsAddUpLikeTheirOpenings() {
        BigInteger[] x = randomVector(30);
        BigInteger[] y = randomVector(30);
        BigInteger r = Pedersen.randomBlinding();
        BigInteger s = Pedersen.randomBlinding();
        BigInteger[] sum = new BigInteger[30];
        for (int j = 0; j < 30; j++) {
            sum[j] = Field.add(x[j], y[j]);
        }
        Commitment total = Pedersen.commitVector(x, r).plus(Pedersen.commitVector(y, s));
        assertThat(Pedersen.verifyVector(total, sum, Field.add(r, s))).isTrue();
        assertThat(Pedersen.sum(List.of(Pedersen.commitVector(x, r), Pedersen.commitVector(y, s)))).isEqualTo(total);
    }

    @Test
    void commitmentsRefuseValuesOutsideTheFieldAndTheTrivialCommitment() {
        assertThatThrownBy(() -> Pedersen.commit(Q, BigInteger.ONE)).isInstanceOf(SmpcException.class)
                .hasMessageContaining("value");
        assertThatThrownBy(() -> Pedersen.commitVector(new BigInteger[] {BigInteger.ONE.negate()}, BigInteger.ONE))
                .isInstanceOf(SmpcException.class).hasMessageContaining("values[0]");
        assertThatThrownBy(() -> Pedersen.commitVector(new BigInteger[] {BigInteger.ZERO}, BigInteger.ZERO))
                .isInstanceOf(SmpcException.class).hasMessageContaining("infinity");
        assertThatThrownBy(() -> Pedersen.commitVector(new BigInteger[0], BigInteger.ONE))
                .isInstanceOf(SmpcException.class);
        Commitment c = Pedersen.commit(BigInteger.ONE, BigInteger.ONE);
        assertThatThrownBy(() -> c.plus(new Commitment(c.point().negate())))
                .isInstanceOf(SmpcException.class).hasMessageContaining("cancel");
    }

    // ---- the wire encoding ----

    @Property(tries = 50)
    void commitmentsRoundTripThroughHexAndBase64(@ForAll @IntRange(min = 1, max = 1_000_000) int seed) {
        Commitment c = Pedersen.commit(BigInteger.valueOf(seed), Pedersen.randomBlinding());
        assertThat(c.toHex()).hasSize(66).matches("0[23][0-9a-f]{64}");
        assertThat(Commitment.fromHex(c.toHex(), "c")).isEqualTo(c);
        assertThat(c.toBase64()).hasSize(44);
        assertThat(Commitment.fromBase64(c.toBase64(), "c")).isEqualTo(c);
        assertThat(Commitment.fromBytes(c.toBytes(), "c")).isEqualTo(c);
    }

    @Test
    void decodingRefusesEverythingButACompressedPointOnTheCurve() {
        Commitment c = Pedersen.commit(BigInteger.TEN, Pedersen.randomBlinding());
        byte[] good = c.toBytes();
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[] {0}); // SEC1 encoding of the point at infinity
        bad.add(new byte[33]); // prefix 00
        bad.add(Arrays.copyOf(good, 32)); // too short
        bad.add(Arrays.copyOf(good, 34)); // too long
        bad.add(c.point().getEncoded(false)); // uncompressed form: valid point, but not the canonical encoding
        byte[] wrongPrefix = good.clone();
        wrongPrefix[0] = 0x04;
        bad.add(wrongPrefix);
        byte[] xAtLeastP = new byte[33];
        xAtLeastP[0] = 0x02;
        System.arraycopy(toBytes32(P256.P.add(BigInteger.ONE)), 0, xAtLeastP, 1, 32); // x = p + 1 ≡ 1
        bad.add(xAtLeastP);
        bad.add(notOnCurve());
        for (byte[] encoded : bad) {
            assertThatThrownBy(() -> Commitment.fromBytes(encoded, "commitments[0]"))
                    .as(HexFormat.of().formatHex(encoded))
                    .isInstanceOf(SmpcException.class)
                    .satisfies(e -> assertThat(((SmpcException) e).kind()).isEqualTo(SmpcException.Kind.INVALID_INPUT))
                    .hasMessageStartingWith("commitments[0]");
        }
        assertThatThrownBy(() -> Commitment.fromHex("zz" + c.toHex().substring(2), "c"))
                .isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> Commitment.fromHex(c.toHex() + "00", "c")).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> Commitment.fromBase64("not base64!", "c")).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> Commitment.fromBase64(Base64.getEncoder().encodeToString(Arrays.copyOf(good, 32)),
                "c")).isInstanceOf(SmpcException.class);
        // the URL-safe alphabet is another encoding of the same bytes, refused so that each point has one encoding
        Commitment withSymbol = c;
        for (int x = 1; !withSymbol.toBase64().matches(".*[+/].*"); x++) {
            withSymbol = Pedersen.commit(BigInteger.valueOf(x), BigInteger.ONE);
        }
        String urlSafe = withSymbol.toBase64().replace('+', '-').replace('/', '_');
        assertThatThrownBy(() -> Commitment.fromBase64(urlSafe, "c")).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> new Commitment(P256.CURVE.getInfinity())).isInstanceOf(SmpcException.class);
    }

    /** 02 ‖ x for the smallest x whose x³ − 3x + b is not a square mod p: no point has that x. */
    private static byte[] notOnCurve() {
        for (int x = 0; ; x++) {
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger rhs = bx.pow(3).subtract(bx.multiply(BigInteger.valueOf(3))).add(P256.B).mod(P256.P);
            if (!rhs.modPow(P256.P.subtract(BigInteger.ONE).shiftRight(1), P256.P).equals(BigInteger.ONE)
                    && rhs.signum() != 0) {
                byte[] encoded = new byte[33];
                encoded[0] = 0x02;
                System.arraycopy(toBytes32(bx), 0, encoded, 1, 32);
                return encoded;
            }
        }
    }

    private static byte[] toBytes32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static ECPoint reference(BaseTable[] tables, BigInteger[] scalars) {
        ECPoint[] points = new ECPoint[tables.length];
        for (int i = 0; i < tables.length; i++) {
            points[i] = tables[i].base;
        }
        return ECAlgorithms.sumOfMultiplies(points, scalars).normalize();
    }

    private static BigInteger[] filled(int m, BigInteger value) {
        BigInteger[] out = new BigInteger[m];
        Arrays.fill(out, value);
        return out;
    }

    static BigInteger[] randomVector(int length) {
        BigInteger[] out = new BigInteger[length];
        for (int j = 0; j < length; j++) {
            out[j] = Field.random();
        }
        return out;
    }
}
