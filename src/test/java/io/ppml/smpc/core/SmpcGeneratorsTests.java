package io.ppml.smpc.core;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import io.ppml.smpc.core.p256.HashToCurve;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Pedersen generators, derived with RFC 9380 hash-to-curve from fixed public strings. */
class SmpcGeneratorsTests {

    @Test
    void generatorsAreDeterministicValidAndDistinct() {
        ECPoint h = Generators.h();
        assertThat(h.isValid()).isTrue();
        assertThat(h.isInfinity()).isFalse();
        // deterministic: recomputing from the documented strings gives the cached points
        assertThat(HashToCurve.hashToCurve(bytes("ppml-service/pedersen/H/v1"),
                bytes("ppml-service-V01-with-P256_XMD:SHA-256_SSWU_RO_"))).isEqualTo(h);
        byte[] g7 = HexFormat.of().parseHex(HexFormat.of().formatHex(bytes("ppml-service/pedersen/G/v1/")) + "00000007");
        assertThat(HashToCurve.hashToCurve(g7, bytes(Generators.DST))).isEqualTo(Generators.coordinate(7));

        Set<String> seen = new HashSet<>();
        seen.add(new Commitment(h).toHex());
        seen.add(new Commitment(Generators.g()).toHex());
        for (int j = 0; j < 64; j++) {
            ECPoint gj = Generators.coordinate(j);
            assertThat(gj.isValid()).isTrue();
            assertThat(seen.add(new Commitment(gj).toHex())).as("G_%d is new", j).isTrue();
        }
        assertThat(Generators.g()).isEqualTo(CustomNamedCurves.getByName("P-256").getG());
    }

    /**
     * Pins H, G_0 and G_999 (compressed SEC1) to values computed by a separate Python implementation of RFC 9380
     * (itself checked against Appendix J.1.1): all nodes must derive the same generators, and a change to the
     * derivation would invalidate every commitment in flight.
     */
    @Test
    void generatorsArePinned() {
        assertThat(new Commitment(Generators.h()).toHex())
                .isEqualTo("03dc08057ca52050e1770ab3a8dcadb1d02d18d9144a821eb19de4b1051fccbf64");
        assertThat(new Commitment(Generators.coordinate(0)).toHex())
                .isEqualTo("02e3972b3322b3b990aac89ee41c3226f2a91faf600c1042495080fc8b5c26bc4c");
        assertThat(new Commitment(Generators.coordinate(999)).toHex())
                .isEqualTo("028edaca8f99cab0aa9b4cd22941f03c0dc9796c777da1e5ac094d15f9d100e1c7");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
