package io.ppml.he.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ppml.he.core.HeException.Problem;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key generation, validation, JWK and the private-key serialisation. */
class PaillierKeyTests {

    @Test
    void shouldGenerateKeysThatPassEveryCheck() {
        for (PaillierPrivateKey key : List.of(PaillierTestKeys.key2048(), PaillierTestKeys.key3072())) {
            int bits = key.publicKey().modulusBits();
            BigInteger p = key.p();
            BigInteger q = key.q();
            assertThat(bits).isIn(2048, 3072);
            assertThat(p.multiply(q)).isEqualTo(key.publicKey().modulus());
            assertThat(p.bitLength()).isEqualTo(bits / 2).isEqualTo(q.bitLength());
            assertThat(p.isProbablePrime(128)).isTrue();
            assertThat(q.isProbablePrime(128)).isTrue();
            assertThat(q.subtract(p).abs()).isGreaterThan(BigInteger.ONE.shiftLeft(bits / 2 - 100));
            BigInteger totient = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
            assertThat(p.multiply(q).gcd(totient)).isEqualTo(BigInteger.ONE);
            assertThat(key.publicKey().encryptionMethod()).isEqualTo(EncryptionMethod.CRT_GENERATOR);
            assertThat(key.publicKey().maxInt()).isEqualTo(p.multiply(q).divide(BigInteger.valueOf(3))
                    .subtract(BigInteger.ONE));
        }
    }

    @Test
    void shouldRefuseKeySizesOtherThan2048And3072() {
        for (int bits : new int[]{512, 1024, 2047, 4096}) {
            assertProblem(() -> PaillierPrivateKey.generate(bits), Problem.INVALID_KEY);
        }
        BigInteger small = BigInteger.probablePrime(512, random()).multiply(BigInteger.probablePrime(512,
                random()));
        assertProblem(() -> PaillierPublicKey.of(small), Problem.INVALID_KEY);
        BigInteger p = BigInteger.probablePrime(512, random());
        BigInteger q = BigInteger.probablePrime(512, random());
        assertProblem(() -> PaillierPrivateKey.fromPrimes(p, q), Problem.INVALID_KEY);
    }

    @Test
    void shouldRefuseBadModuli() {
        BigInteger n = PaillierTestKeys.key2048().publicKey().modulus();
        assertProblem(() -> PaillierPublicKey.of(n.add(BigInteger.ONE)), Problem.INVALID_KEY); // even
        assertProblem(() -> PaillierPublicKey.of(n.multiply(BigInteger.valueOf(3))), Problem.INVALID_KEY); // small factor
        BigInteger prime = BigInteger.probablePrime(2048, random());
        assertProblem(() -> PaillierPublicKey.of(prime), Problem.INVALID_KEY);
        BigInteger p = PaillierTestKeys.key2048().q();
        assertProblem(() -> PaillierPublicKey.of(p.multiply(p)), Problem.INVALID_KEY); // a square
        assertProblem(() -> PaillierPublicKey.of(BigInteger.ONE.shiftLeft(9000).add(BigInteger.ONE)),
                Problem.INVALID_KEY); // too large
    }

    @Test
    void shouldRefusePrimesThatFailTheChecks() {
        BigInteger p = PaillierTestKeys.VECTOR_P;
        BigInteger q = PaillierTestKeys.VECTOR_Q;
        assertProblem(() -> PaillierPrivateKey.fromPrimes(p, p), Problem.INVALID_KEY); // too close (equal)
        assertProblem(() -> PaillierPrivateKey.fromPrimes(p, q.add(BigInteger.TWO)), Problem.INVALID_KEY); // not prime
        BigInteger near = p.add(BigInteger.TWO).nextProbablePrime();
        assertProblem(() -> PaillierPrivateKey.fromPrimes(p, near), Problem.INVALID_KEY); // |p − q| small
        BigInteger shorter = BigInteger.probablePrime(1000, random());
        assertProblem(() -> PaillierPrivateKey.fromPrimes(p, shorter), Problem.INVALID_KEY); // unequal lengths
    }

    @Test
    void shouldNeverPrintKeyMaterial() {
        PaillierPrivateKey key = PaillierTestKeys.key2048();
        String text = key.toString();
        for (BigInteger secret : List.of(key.p(), key.q())) {
            assertThat(text).doesNotContain(secret.toString()).doesNotContain(secret.toString(16))
                    .doesNotContain(secret.toString().substring(0, 12));
        }
        assertThat(text).contains("2048").contains(key.publicKey().fingerprint());
    }

    @Test
    void shouldRoundTripThePrivateKeyBytes() {
        for (PaillierPrivateKey key : List.of(PaillierTestKeys.key2048(), PaillierTestKeys.vectorKey())) {
            PaillierPrivateKey copy = PaillierPrivateKey.fromBytes(key.toBytes());
            assertThat(copy).isEqualTo(key);
            assertThat(copy.publicKey()).isEqualTo(key.publicKey());
            assertThat(copy.publicKey().encryptionMethod()).isEqualTo(key.publicKey().encryptionMethod());
            assertThat(key.decrypt(copy.publicKey().encrypt(-17L)).toBigIntegerExact()).isEqualTo(-17);
        }
        assertThat(PaillierTestKeys.vectorKey().publicKey().encryptionMethod()).isEqualTo(EncryptionMethod.CRT_LIFT);
    }

    @Test
    void shouldRefuseDamagedPrivateKeyBytes() {
        byte[] bytes = PaillierTestKeys.key2048().toBytes();
        byte[] flipped = bytes.clone();
        flipped[40] ^= 1; // inside p
        assertProblem(() -> PaillierPrivateKey.fromBytes(flipped), Problem.INVALID_KEY);
        byte[] lastFactor = bytes.clone();
        lastFactor[lastFactor.length - 1] ^= 2; // v of q: no longer q = 2uv + 1
        assertProblem(() -> PaillierPrivateKey.fromBytes(lastFactor), Problem.INVALID_KEY);
        assertProblem(() -> PaillierPrivateKey.fromBytes(Arrays.copyOf(bytes, bytes.length - 5)), Problem.INVALID_KEY);
        assertProblem(() -> PaillierPrivateKey.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)), Problem.INVALID_KEY);
        byte[] version = bytes.clone();
        version[3] = 2;
        assertProblem(() -> PaillierPrivateKey.fromBytes(version), Problem.INVALID_KEY);
        assertProblem(() -> PaillierPrivateKey.fromBytes(new byte[0]), Problem.INVALID_KEY);
    }

    @Test
    void shouldWriteTheJwkInPythonPailliersShape() {
        PaillierPublicKey key = PaillierTestKeys.key2048().publicKey();
        Map<String, Object> jwk = key.toJwk("key-1");
        assertThat(jwk).containsOnlyKeys("kty", "alg", "key_ops", "kid", "n");
        assertThat(jwk).containsEntry("kty", "DAJ").containsEntry("alg", "PAI-GN1")
                .containsEntry("key_ops", List.of("encrypt")).containsEntry("kid", "key-1");
        String n = (String) jwk.get("n");
        assertThat(n).doesNotContain("=").matches("[A-Za-z0-9_-]+");
        // python-paillier int_to_base64: minimal big-endian bytes (2048 bits = 256 bytes, no sign byte).
        byte[] decoded = Base64.getUrlDecoder().decode(n);
        assertThat(decoded).hasSize(256);
        assertThat(new BigInteger(1, decoded)).isEqualTo(key.modulus());
        PaillierPublicKey read = PaillierPublicKey.fromJwk(jwk);
        assertThat(read).isEqualTo(key);
        assertThat(read.encryptionMethod()).isEqualTo(EncryptionMethod.DJN_SHORT_EXPONENT);
    }

    @Test
    void shouldRefuseMalformedJwks() {
        Map<String, Object> good = new HashMap<>(PaillierTestKeys.key2048().publicKey().toJwk("k"));
        assertProblem(() -> PaillierPublicKey.fromJwk(with(good, "kty", "RSA")), Problem.INVALID_KEY);
        assertProblem(() -> PaillierPublicKey.fromJwk(with(good, "alg", "PAI-GN2")), Problem.INVALID_KEY);
        assertProblem(() -> PaillierPublicKey.fromJwk(with(good, "key_ops", List.of("decrypt"))), Problem.INVALID_KEY);
        assertProblem(() -> PaillierPublicKey.fromJwk(with(good, "n", good.get("n") + "==")), Problem.INVALID_KEY);
        assertProblem(() -> PaillierPublicKey.fromJwk(with(good, "n", "not base64!")), Problem.INVALID_KEY);
        assertProblem(() -> PaillierPublicKey.fromJwk(with(good, "n", 12345)), Problem.INVALID_KEY);
        BigInteger n = PaillierTestKeys.key2048().publicKey().modulus();
        String even = Base64.getUrlEncoder().withoutPadding().encodeToString(n.add(BigInteger.ONE).toByteArray());
        assertProblem(() -> PaillierPublicKey.fromJwk(with(good, "n", even)), Problem.INVALID_KEY);
        String small = Base64.getUrlEncoder().withoutPadding().encodeToString(n.shiftRight(1100).toByteArray());
        assertProblem(() -> PaillierPublicKey.fromJwk(with(good, "n", small)), Problem.INVALID_KEY);
        Map<String, Object> withoutOps = new HashMap<>(good);
        withoutOps.remove("key_ops");
        assertThat(PaillierPublicKey.fromJwk(withoutOps)).isEqualTo(PaillierTestKeys.key2048().publicKey());
    }

    private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(field, value);
        return copy;
    }

    static void assertProblem(ThrowingCallable call, Problem problem) {
        assertThatThrownBy(call).isInstanceOf(HeException.class)
                .extracting(e -> ((HeException) e).problem()).isEqualTo(problem);
    }

    private static java.security.SecureRandom random() {
        return io.ppml.crypto.Randomness.secureRandom();
    }
}
