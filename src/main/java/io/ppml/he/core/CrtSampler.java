package io.ppml.he.core;

import java.math.BigInteger;
import java.security.SecureRandom;

import io.ppml.crypto.Randomness;

import org.jspecify.annotations.Nullable;

/**
 * The n-th residue for a key whose primes are known, computed mod p² and mod q² and recombined by the CRT
 * (the CRT acceleration of Paillier 1999, §7, applied to encryption as javallier's and python-paillier's
 * {@code raw_decrypt} apply it to decryption).
 *
 * <h2>Why the distribution is exactly textbook</h2>
 * The n-th residues mod n² form a group N ≅ Z*_n (Paillier 1999, Lemma 1 ff.), and by the CRT N ≅ T_p × T_q where
 * T_p = {x ∈ Z*_{p²} : x^(p−1) = 1} is cyclic of order p − 1. For uniform r ∈ Z*_n, r^n mod p² depends only on
 * a = r mod p (p | n kills the binomial cross terms), and equals ω(a)^q = ω(a^q mod p) with ω(a) = a^p mod p² the
 * Teichmüller lift, an isomorphism Z*_p → T_p. Since gcd(q, p − 1) = 1 (ensured by gcd(n, φ(n)) = 1), a ↦ a^q is
 * a bijection of Z*_p, so r^n mod p² is uniform on T_p, independently of the q side. Hence any method that draws
 * uniform, independent elements of T_p and T_q and recombines them yields exactly the textbook distribution:
 * <ul>
 *   <li>{@link EncryptionMethod#CRT_GENERATOR}: G_p = ω(g) for a primitive root g mod p (found with the known
 *       factorisation p − 1 = 2·u·v), and x uniform in [0, p − 1): G_p^x is uniform on T_p. G_p^x uses a
 *       {@link FixedBaseExponentiator}, so it costs ≈ |p|/10 multiplications mod p² instead of |n| squarings
 *       mod n².</li>
 *   <li>{@link EncryptionMethod#CRT_LIFT}: ω(a) = a^p mod p² for uniform a ∈ [1, p), one {@code modPow} with a
 *       |p|-bit exponent mod p² per prime.</li>
 * </ul>
 */
final class CrtSampler implements NthResidueSampler {

    private final Component pSide;
    private final Component qSide;
    private final BigInteger pSquared;
    private final BarrettReducer qSquared;
    private final BigInteger pSquaredInverseModQSquared;
    private final EncryptionMethod method;

    private CrtSampler(Component pSide, Component qSide, EncryptionMethod method) {
        this.pSide = pSide;
        this.qSide = qSide;
        this.pSquared = pSide.squared.modulus();
        this.qSquared = qSide.squared;
        this.pSquaredInverseModQSquared = pSquared.modInverse(qSquared.modulus());
        this.method = method;
    }

    /** The fast, exact method for primes of the form 2·u·v + 1 with u, v known. */
    static CrtSampler withGenerators(BigInteger p, PrimeFactors pFactors, BigInteger q, PrimeFactors qFactors) {
        return new CrtSampler(Component.withGenerator(p, pFactors), Component.withGenerator(q, qFactors),
                EncryptionMethod.CRT_GENERATOR);
    }

    /** The exact method for primes whose p − 1 is not factored. */
    static CrtSampler withLifts(BigInteger p, BigInteger q) {
        return new CrtSampler(Component.withLift(p), Component.withLift(q), EncryptionMethod.CRT_LIFT);
    }

    @Override
    public BigInteger sample() {
        SecureRandom random = Randomness.secureRandom();
        BigInteger rp = pSide.sample(random);
        BigInteger rq = qSide.sample(random);
        // Garner's recombination: R ≡ rp (mod p²), R ≡ rq (mod q²), 0 ≤ R < n².
        BigInteger t = rq.subtract(rp).mod(qSquared.modulus());
        return rp.add(pSquared.multiply(qSquared.multiply(t, pSquaredInverseModQSquared)));
    }

    @Override
    public EncryptionMethod method() {
        return method;
    }

    /** One prime's side: uniform elements of T_p ⊂ Z*_{p²}. */
    private static final class Component {
        private final BigInteger p;
        private final BigInteger order; // p − 1
        private final BarrettReducer squared;
        private final @Nullable FixedBaseExponentiator generatorPowers; // null for the lift method

        private Component(BigInteger p, @Nullable FixedBaseExponentiator generatorPowers, BarrettReducer squared) {
            this.p = p;
            this.order = p.subtract(BigInteger.ONE);
            this.squared = squared;
            this.generatorPowers = generatorPowers;
        }

        static Component withGenerator(BigInteger p, PrimeFactors factors) {
            BarrettReducer squared = new BarrettReducer(p.multiply(p));
            BigInteger g = factors.primitiveRoot(p);
            BigInteger lifted = g.modPow(p, squared.modulus()); // ω(g) generates T_p because g generates Z*_p
            BigInteger order = p.subtract(BigInteger.ONE);
            return new Component(p, new FixedBaseExponentiator(lifted, squared, order.bitLength()), squared);
        }

        static Component withLift(BigInteger p) {
            return new Component(p, null, new BarrettReducer(p.multiply(p)));
        }

        BigInteger sample(SecureRandom random) {
            if (generatorPowers != null) {
                return generatorPowers.pow(uniformBelow(order, random));
            }
            BigInteger a;
            do {
                a = uniformBelow(p, random);
            } while (a.signum() == 0);
            return a.modPow(p, squared.modulus());
        }
    }

    /** Uniform in [0, bound) by rejection (fewer than two draws on average). */
    static BigInteger uniformBelow(BigInteger bound, SecureRandom random) {
        BigInteger x;
        do {
            x = new BigInteger(bound.bitLength(), random);
        } while (x.compareTo(bound) >= 0);
        return x;
    }
}
