package io.ppml.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CryptoPrimitivesTests {

    private final MasterKey master = MasterKey.generate();

    @Test
    void hmacMatchesRfc4231TestCase2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?"
        KeyedHash hmac = new KeyedHash("Jefe".getBytes(StandardCharsets.US_ASCII));
        assertThat(hmac.hashHex("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void subKeysDependOnPurposeAndMasterKey() {
        String a = master.keyedHash("bearer-secrets").hashHex("x");
        assertThat(master.keyedHash("bearer-secrets").hashHex("x")).isEqualTo(a);
        assertThat(master.keyedHash("other").hashHex("x")).isNotEqualTo(a);
        assertThat(MasterKey.generate().keyedHash("bearer-secrets").hashHex("x")).isNotEqualTo(a);
        MasterKey same = MasterKey.fromBase64(master.exportBase64());
        assertThat(same.keyedHash("bearer-secrets").hashHex("x")).isEqualTo(a);
        assertThat(same).isEqualTo(master);
    }

    @Property(tries = 200)
    void sealedDataOpensOnlyWithTheSameAssociatedData(@ForAll byte[] plaintext, @ForAll String context) {
        Aead aead = master.aead("test");
        byte[] ad = context.getBytes(StandardCharsets.UTF_8);
        byte[] sealed = aead.encrypt(plaintext, ad);
        assertThat(aead.decrypt(sealed, ad)).isEqualTo(plaintext);
        assertThatThrownBy(() -> aead.decrypt(sealed, (context + "!").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SealedDataException.class);
        assertThatThrownBy(() -> master.aead("other").decrypt(sealed, ad)).isInstanceOf(SealedDataException.class);
    }

    @Test
    void anyAlteredByteIsDetected() {
        Aead aead = master.aead("test");
        byte[] sealed = aead.encrypt("secret".getBytes(StandardCharsets.UTF_8), new byte[0]);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 1;
            assertThatThrownBy(() -> aead.decrypt(altered, new byte[0])).isInstanceOf(SealedDataException.class);
        }
        assertThat(aead.encrypt(new byte[1], new byte[0])).isNotEqualTo(aead.encrypt(new byte[1], new byte[0]));
    }

    @Test
    void masterKeyNeverPrintsItself() {
        assertThat(master.toString()).doesNotContain(master.exportBase64()).contains("redacted");
        assertThat(master.keyedHash("x").toString()).contains("redacted");
        assertThatThrownBy(() -> MasterKey.fromBase64("c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64!")).hasMessageContaining("base64");
        assertThat(HexFormat.of().parseHex("00")).hasSize(1);
    }

    @Test
    void tokensHaveTheAdvertisedShapeAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String token = SecretTokens.generate("ppml_", 43);
            assertThat(token).matches("ppml_[0-9A-Za-z]{43}");
            assertThat(SecretTokens.hasShape(token, "ppml_")).isTrue();
            assertThat(seen.add(token)).isTrue();
        }
        assertThat(SecretTokens.hasShape("ppml_short", "ppml_")).isFalse();
        assertThat(SecretTokens.hasShape("ppml_" + "a".repeat(42) + "-", "ppml_")).isFalse();
    }

    /**
     * Every base62 character is equally likely (no modulo bias). Pearson's χ² over 62 cells with 61 degrees of
     * freedom: the bound 101.6 is the 0.999 quantile, so a correct generator fails this test once in 1,000 runs.
     */
    @Test
    void tokenCharactersAreUniform() {
        int[] counts = new int[128];
        int samples = 0;
        for (int i = 0; i < 3_000; i++) {
            String token = SecretTokens.generate("", 62);
            for (char c : token.toCharArray()) {
                counts[c]++;
                samples++;
            }
        }
        double expected = samples / 62.0;
        double chiSquare = 0;
        for (char c : "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray()) {
            chiSquare += Math.pow(counts[c] - expected, 2) / expected;
        }
        assertThat(chiSquare).isLessThan(101.6);
    }
}
