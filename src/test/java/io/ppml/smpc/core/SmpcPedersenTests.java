package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.ppml.smpc.core.p256.P256;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pedersen commitments and their wire encoding. */
class SmpcPedersenTests {

    private static final BigInteger Q = Field.Q;

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
                    .satisfies(e -> assertThat(((SmpcException) e).problem()).isEqualTo(SmpcException.Problem.INVALID_INPUT))
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
            BigInteger rhs = bx.pow(3).subtract(bx.multiply(BigInteger.valueOf(3))).add(P256.CURVE.getB().toBigInteger()).mod(P256.P);
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

    static BigInteger[] randomVector(int length) {
        BigInteger[] out = new BigInteger[length];
        for (int j = 0; j < length; j++) {
            out[j] = Field.random();
        }
        return out;
    }
}
