package io.ppml.he.core;

import java.math.BigDecimal;
import java.math.BigInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * decrypt(encrypt(x)) = x for every kind of plaintext, under each way of encrypting: the held key's public key
 * (exact CRT with generator tables) and the same modulus imported from its JWK (DJN short exponent). Keys are
 * generated once per JVM ({@link PaillierTestKeys}); 3072-bit keys get fewer tries.
 *
 * <p>The guarantee for doubles: every finite double comes back bit for bit (−0.0 as 0.0), because python-paillier's
 * exponent choice makes the encoding exact.
 */
class PaillierRoundTripTests {

    private static final PaillierPrivateKey KEY = PaillierTestKeys.key2048();
    private static final PaillierPublicKey HELD = KEY.publicKey();
    private static final PaillierPublicKey IMPORTED = PaillierPublicKey.fromJwk(HELD.toJwk("imported"));

    @Property(tries = 40)
    void shouldRoundTripLongs(@ForAll long x, @ForAll boolean imported) {
        PaillierPublicKey key = imported ? IMPORTED : HELD;
        assertThat(KEY.decrypt(key.encrypt(x))).isEqualTo(EncodedNumber.of(x));
    }

    @Property(tries = 40)
    void shouldRoundTripDoublesExactly(@ForAll double x, @ForAll boolean imported) {
        PaillierPublicKey key = imported ? IMPORTED : HELD;
        EncodedNumber decrypted = KEY.decrypt(key.encrypt(x));
        assertThat(decrypted.doubleValue()).isEqualTo(x == 0 ? 0.0 : x);
        assertThat(decrypted.toBigDecimal()).isEqualByComparingTo(new BigDecimal(x));
    }

    /** Integers at and next to ±max_int, the edges of the encodable range. */
    @Property(tries = 30)
    void shouldRoundTripIntegersNearMaxInt(@ForAll @IntRange(min = 0, max = 1000) int below, @ForAll boolean negative,
            @ForAll boolean imported) {
        PaillierPublicKey key = imported ? IMPORTED : HELD;
        BigInteger x = KEY.publicKey().maxInt().subtract(BigInteger.valueOf(below));
        BigInteger value = negative ? x.negate() : x;
        assertThat(KEY.decrypt(key.encrypt(value)).toBigIntegerExact()).isEqualTo(value);
    }

    @Property(tries = 30)
    void shouldRoundTripArbitraryBigIntegers(@ForAll("belowMaxInt") BigInteger x) {
        assertThat(KEY.decrypt(HELD.encrypt(x)).toBigIntegerExact()).isEqualTo(x);
    }

    @Provide
    Arbitrary<BigInteger> belowMaxInt() {
        BigInteger max = KEY.publicKey().maxInt();
        return Arbitraries.bigIntegers().between(max.negate(), max);
    }

    @Property(tries = 8)
    void shouldRoundTripAt3072Bits(@ForAll long x, @ForAll double y, @ForAll boolean imported) {
        PaillierPrivateKey key = PaillierTestKeys.key3072();
        PaillierPublicKey encryptor = imported ? PaillierPublicKey.of(key.publicKey().modulus()) : key.publicKey();
        assertThat(key.decrypt(encryptor.encrypt(x)).toBigIntegerExact()).isEqualTo(x);
        assertThat(key.decrypt(encryptor.encrypt(y)).doubleValue()).isEqualTo(y == 0 ? 0.0 : y);
        BigInteger edge = key.publicKey().maxInt().negate();
        assertThat(key.decrypt(encryptor.encrypt(edge)).toBigIntegerExact()).isEqualTo(edge);
    }

    @Test
    void shouldRefuseToEncryptBeyondMaxInt() {
        BigInteger tooLarge = HELD.maxInt().add(BigInteger.ONE);
        PaillierKeyTests.assertProblem(() -> HELD.encrypt(tooLarge), HeException.Problem.OVERFLOW);
        PaillierKeyTests.assertProblem(() -> IMPORTED.encrypt(tooLarge.negate()), HeException.Problem.OVERFLOW);
    }

    @Test
    void shouldGiveDifferentCiphertextsForTheSameValue() {
        for (PaillierPublicKey key : new PaillierPublicKey[]{HELD, IMPORTED, PaillierTestKeys.vectorKey().publicKey()}) {
            EncryptedNumber a = key.encrypt(7L);
            EncryptedNumber b = key.encrypt(7L);
            assertThat(a.ciphertext().value()).isNotEqualTo(b.ciphertext().value());
            EncryptedNumber c = a.rerandomize();
            assertThat(c.ciphertext().value()).isNotEqualTo(a.ciphertext().value());
        }
        EncryptedNumber fresh = HELD.encrypt(7L);
        assertThat(KEY.decrypt(fresh.rerandomize()).toBigIntegerExact()).isEqualTo(7);
    }

    @Test
    void shouldDecryptWireCiphertextsWithTheCheaperValidation() {
        EncryptedNumber x = HELD.encrypt(-123456789L);
        assertThat(KEY.decrypt(x.ciphertext()).toBigIntegerExact()).isEqualTo(-123456789L);
    }
}
