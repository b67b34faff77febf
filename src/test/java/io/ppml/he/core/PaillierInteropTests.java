package io.ppml.he.core;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.ppml.crypto.Randomness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our implementation against the textbook formulas computed independently here with plain {@code BigInteger}
 * (Paillier 1999, §3): encryption c = g^m·r^n mod n² with g = n + 1 from nothing but the JWK's n, and decryption
 * m = L(c^λ mod n²)·μ mod n with λ = lcm(p − 1, q − 1), μ = L(g^λ mod n²)^−1 mod n from p and q.
 */
class PaillierInteropTests {

    private static final PaillierPrivateKey KEY = PaillierTestKeys.key2048();

    @Property(tries = 10)
    void shouldSumAndDecryptTextbookCiphertextsMadeFromTheJwk(@ForAll long a, @ForAll long b, @ForAll int c) {
        Map<String, Object> jwk = KEY.publicKey().toJwk("interop");
        BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("n")));
        List<EncryptedNumber> bound = new ArrayList<>();
        PaillierPublicKey evaluator = PaillierPublicKey.fromJwk(jwk);
        for (long m : new long[]{a, b, c}) {
            bound.add(evaluator.bind(new Ciphertext(textbookEncrypt(n, BigInteger.valueOf(m)), 0)));
        }
        BigInteger expected = BigInteger.valueOf(a).add(BigInteger.valueOf(b)).add(BigInteger.valueOf(c));
        assertThat(KEY.decrypt(evaluator.sum(bound)).toBigIntegerExact()).isEqualTo(expected);
    }

    @Property(tries = 10)
    void shouldProduceCiphertextsTheTextbookDecryptionReads(@ForAll long x, @ForAll boolean imported) {
        PaillierPublicKey encryptor = imported ? PaillierPublicKey.of(KEY.publicKey().modulus()) : KEY.publicKey();
        BigInteger c = encryptor.encrypt(x).ciphertext().value();
        BigInteger residue = textbookDecrypt(KEY.p(), KEY.q(), c);
        BigInteger n = KEY.publicKey().modulus();
        assertThat(x < 0 ? residue.subtract(n) : residue).isEqualTo(BigInteger.valueOf(x));
    }

    /**
     * Known answer on the embedded key: encryptTextbook(m, r) equals g^m·r^n mod n² evaluated with
     * {@code modPow} (our implementation uses the shortcut (1 + n)^m = 1 + mn instead), and the CRT decryption
     * and the λ/μ decryption both return m.
     */
    @Test
    void shouldMatchTheTextbookFormulaOnAFixedKey() {
        PaillierPrivateKey key = PaillierTestKeys.vectorKey();
        BigInteger p = PaillierTestKeys.VECTOR_P;
        BigInteger q = PaillierTestKeys.VECTOR_Q;
        BigInteger n = p.multiply(q);
        BigInteger nSquared = n.multiply(n);
        BigInteger g = n.add(BigInteger.ONE);
        BigInteger r = BigInteger.valueOf(0x5eed).pow(100).mod(n); // fixed, coprime to n (no factor near p or q)
        for (long m : new long[]{0, 1, 42, -42, Long.MAX_VALUE}) {
            BigInteger residue = BigInteger.valueOf(m).mod(n);
            BigInteger expected = g.modPow(residue, nSquared).multiply(r.modPow(n, nSquared)).mod(nSquared);
            EncryptedNumber c = key.publicKey().encryptTextbook(EncodedNumber.of(m), r);
            assertThat(c.ciphertext().value()).isEqualTo(expected);
            assertThat(key.decrypt(c).toBigIntegerExact()).isEqualTo(BigInteger.valueOf(m));
            assertThat(textbookDecrypt(p, q, expected)).isEqualTo(residue);
        }
    }

    /** c = (n + 1)^m · r^n mod n², r uniform in Z*_n — only n is used. */
    private static BigInteger textbookEncrypt(BigInteger n, BigInteger m) {
        SecureRandom random = Randomness.secureRandom();
        BigInteger nSquared = n.multiply(n);
        BigInteger r;
        do {
            r = new BigInteger(n.bitLength(), random);
        } while (r.signum() == 0 || r.compareTo(n) >= 0 || !r.gcd(n).equals(BigInteger.ONE));
        return n.add(BigInteger.ONE).modPow(m.mod(n), nSquared).multiply(r.modPow(n, nSquared)).mod(nSquared);
    }

    /** L(c^λ mod n²)·μ mod n. */
    private static BigInteger textbookDecrypt(BigInteger p, BigInteger q, BigInteger c) {
        BigInteger n = p.multiply(q);
        BigInteger nSquared = n.multiply(n);
        BigInteger pm1 = p.subtract(BigInteger.ONE);
        BigInteger qm1 = q.subtract(BigInteger.ONE);
        BigInteger lambda = pm1.multiply(qm1).divide(pm1.gcd(qm1));
        BigInteger mu = n.add(BigInteger.ONE).modPow(lambda, nSquared).subtract(BigInteger.ONE).divide(n).modInverse(n);
        return c.modPow(lambda, nSquared).subtract(BigInteger.ONE).divide(n).multiply(mu).mod(n);
    }
}
