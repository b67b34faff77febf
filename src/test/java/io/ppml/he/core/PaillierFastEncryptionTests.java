package io.ppml.he.core;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import io.ppml.crypto.Randomness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast encryption paths: the fixed-base table agrees with {@code modPow}, Barrett with {@code mod}, and every
 * method's ciphertexts lie in Z*_{n²}, hide their randomness in the n-th residues (c^λ = 1 for m = 0) and decrypt.
 */
class PaillierFastEncryptionTests {

    private static final SecureRandom RANDOM = Randomness.secureRandom();

    @Property(tries = 30)
    void shouldAgreeWithModPowForRandomExponents(@ForAll @IntRange(min = 1, max = 1100) int exponentBits,
            @ForAll @IntRange(min = 64, max = 2100) int modulusBits) {
        BigInteger modulus = new BigInteger(modulusBits, RANDOM).setBit(modulusBits - 1).setBit(0);
        BigInteger base = new BigInteger(modulusBits + 8, RANDOM);
        FixedBaseExponentiator table = new FixedBaseExponentiator(base, new BarrettReducer(modulus), exponentBits);
        for (int i = 0; i < 5; i++) {
            BigInteger e = new BigInteger(exponentBits, RANDOM);
            assertThat(table.pow(e)).isEqualTo(base.modPow(e, modulus));
        }
        BigInteger all = BigInteger.ONE.shiftLeft(exponentBits).subtract(BigInteger.ONE);
        assertThat(table.pow(all)).isEqualTo(base.modPow(all, modulus));
        assertThat(table.pow(BigInteger.ZERO)).isEqualTo(BigInteger.ONE.mod(modulus));
    }

    @Test
    void shouldAgreeWithModPowOnTheKeysTables() {
        PaillierPrivateKey key = PaillierTestKeys.key2048();
        BigInteger nSquared = key.publicKey().modulus().pow(2);
        BigInteger base = new BigInteger(4000, RANDOM);
        FixedBaseExponentiator table = new FixedBaseExponentiator(base, new BarrettReducer(nSquared), 1024);
        for (int i = 0; i < 10; i++) {
            BigInteger e = new BigInteger(1024, RANDOM);
            assertThat(table.pow(e)).isEqualTo(base.modPow(e, nSquared));
        }
    }

    @Property(tries = 200)
    void shouldReduceLikeMod(@ForAll @IntRange(min = 2, max = 4200) int bits) {
        BigInteger modulus = new BigInteger(bits, RANDOM).setBit(bits - 1);
        BarrettReducer reducer = new BarrettReducer(modulus);
        BigInteger a = new BigInteger(bits, RANDOM).mod(modulus);
        BigInteger b = new BigInteger(bits, RANDOM).mod(modulus);
        assertThat(reducer.multiply(a, b)).isEqualTo(a.multiply(b).mod(modulus));
        BigInteger top = modulus.subtract(BigInteger.ONE);
        assertThat(reducer.multiply(top, top)).isEqualTo(top.multiply(top).mod(modulus));
    }

    @Test
    void shouldEncryptIntoTheNthResiduesWithEveryMethod() {
        PaillierPrivateKey generated = PaillierTestKeys.key2048();
        PaillierPrivateKey fromPrimes = PaillierTestKeys.vectorKey();
        PaillierPrivateKey large = PaillierTestKeys.key3072();
        record Case(PaillierPrivateKey key, PaillierPublicKey encryptor, EncryptionMethod method) {
        }
        Case[] cases = {
            new Case(generated, generated.publicKey(), EncryptionMethod.CRT_GENERATOR),
            new Case(generated, PaillierPublicKey.of(generated.publicKey().modulus()),
                    EncryptionMethod.DJN_SHORT_EXPONENT),
            new Case(fromPrimes, fromPrimes.publicKey(), EncryptionMethod.CRT_LIFT),
            new Case(large, large.publicKey(), EncryptionMethod.CRT_GENERATOR),
            new Case(large, PaillierPublicKey.of(large.publicKey().modulus()), EncryptionMethod.DJN_SHORT_EXPONENT),
        };
        for (Case c : cases) {
            assertThat(c.encryptor().encryptionMethod()).isEqualTo(c.method());
            BigInteger p = c.key().p();
            BigInteger q = c.key().q();
            BigInteger n = p.multiply(q);
            BigInteger nSquared = n.multiply(n);
            BigInteger lambda = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
            Set<BigInteger> seen = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                BigInteger zero = c.encryptor().encrypt(0L).ciphertext().value();
                assertThat(zero.signum()).isPositive();
                assertThat(zero).isLessThan(nSquared);
                assertThat(zero.gcd(n)).isEqualTo(BigInteger.ONE);
                // an encryption of 0 is its randomness alone: an n-th residue, so its λ-th power is 1 mod n²
                assertThat(zero.modPow(lambda, nSquared)).isEqualTo(BigInteger.ONE);
                assertThat(seen.add(zero)).isTrue();
                long value = RANDOM.nextLong();
                assertThat(c.key().decrypt(c.encryptor().encrypt(value)).toBigIntegerExact())
                        .isEqualTo(BigInteger.valueOf(value));
            }
        }
    }

    @Test
    void shouldFindPrimitiveRootsFromTheFactorsOfPMinusOne() {
        PaillierKeyGenerator.PrimeWithFactors prime = PaillierKeyGenerator.generatePrime(1024);
        BigInteger p = prime.prime();
        PrimeFactors factors = prime.factors();
        assertThat(factors.factor(p)).isTrue();
        assertThat(p.bitLength()).isEqualTo(1024);
        assertThat(p).isGreaterThanOrEqualTo(PaillierKeyGenerator.sqrtTwoTimesPowerOfTwo(1023));
        BigInteger g = factors.primitiveRoot(p);
        BigInteger order = p.subtract(BigInteger.ONE);
        assertThat(g.modPow(order, p)).isEqualTo(BigInteger.ONE);
        for (BigInteger l : new BigInteger[]{BigInteger.TWO, factors.u(), factors.v()}) {
            assertThat(g.modPow(order.divide(l), p)).isNotEqualTo(BigInteger.ONE);
        }
        assertThat(new PrimeFactors(factors.u(), factors.v().add(BigInteger.TWO)).factor(p)).isFalse();
    }
}
