package io.ppml.he.core;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.ppml.crypto.Randomness;
import org.jspecify.annotations.Nullable;

/**
 * Generates Paillier primes p, q of equal length whose p − 1 and q − 1 have a known factorisation 2·u·v with u, v
 * primes of half the length ("Lim–Lee primes", Lim &amp; Lee, CRYPTO '97: p = 2·q₁⋯q_k + 1 with large q_i).
 *
 * <h2>Why this form</h2>
 * Knowing u and v lets the service find a generator of Z*_p and so draw encryption randomness with fixed-base
 * tables while keeping the exact textbook distribution ({@link EncryptionMethod#CRT_GENERATOR}). The form costs no
 * security that we know of: p − 1 has two prime factors of |p|/2 bits, far beyond Pollard's p − 1 method
 * (which needs p − 1 smooth), in the spirit of the FIPS 186-4 Appendix B.3.6 primes whose p − 1 must have a large
 * prime factor; u, v stay secret with p.
 *
 * <h2>Checks (DESIGN §6, FIPS 186-4 B.3.1)</h2>
 * p, q probable primes of exactly |n|/2 bits, both ≥ √2·2^(|n|/2 − 1) so that n has exactly |n| bits;
 * |p − q| &gt; 2^(|n|/2 − 100); gcd(n, (p − 1)(q − 1)) = 1 (which Paillier needs for g = n + 1 and for the
 * bijection r ↦ r^n).
 *
 * <h2>How</h2>
 * Two growing pools of random primes u, v of |p|/2 bits; every new pair (u, v) is sieved by small primes through
 * their residues, so that most candidates 2uv + 1 are dismissed with a few integer operations, and the survivors
 * get a probabilistic primality test. About 1 in 355·(1/0.375) pairs yields a prime at 1024 bits.
 */
final class PaillierKeyGenerator {

    /** Certainty for {@link BigInteger#isProbablePrime(int)}: error ≤ 2^−128 (and a Lucas test at these sizes). */
    static final int PRIME_CERTAINTY = 128;
    private static final int[] SMALL_PRIMES = smallOddPrimes(4096);

    private PaillierKeyGenerator() {
    }

    /** A prime p of exactly {@code bits} bits, p ≥ √2·2^(bits−1), with p − 1 = 2·u·v. */
    static PrimeWithFactors generatePrime(int bits) {
        PrimeWithFactors prime = generatePrime(bits, () -> false);
        if (prime == null) {
            throw new IllegalStateException("unreachable: the search was never asked to stop");
        }
        return prime;
    }

    /**
     * {@link #generatePrime(int)}, or null as soon as {@code stop} says so: asked between candidate pairs (a few
     * milliseconds apart), so that {@link PrimePool#close()} need not wait for a whole search.
     */
    static @Nullable PrimeWithFactors generatePrime(int bits, BooleanSupplier stop) {
        SecureRandom random = Randomness.secureRandom();
        BigInteger lower = sqrtTwoTimesPowerOfTwo(bits - 1);
        BigInteger upper = BigInteger.ONE.shiftLeft(bits); // exclusive
        int half = bits / 2;
        List<Candidate> us = new ArrayList<>();
        List<Candidate> vs = new ArrayList<>();
        while (!stop.getAsBoolean()) {
            Candidate u = new Candidate(BigInteger.probablePrime(half, random));
            Candidate v = new Candidate(BigInteger.probablePrime(half, random));
            us.add(u);
            vs.add(v);
            for (Candidate other : vs) {
                PrimeWithFactors found = tryPair(u, other, lower, upper);
                if (found != null) {
                    return found;
                }
            }
            for (Candidate other : us) {
                if (other != u) {
                    PrimeWithFactors found = tryPair(other, v, lower, upper);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private static PrimeWithFactors tryPair(Candidate u, Candidate v, BigInteger lower, BigInteger upper) {
        if (u.value.equals(v.value)) {
            return null;
        }
        for (int i = 0; i < SMALL_PRIMES.length; i++) {
            long residue = (2L * u.residues[i] * v.residues[i] + 1) % SMALL_PRIMES[i];
            if (residue == 0) {
                return null;
            }
        }
        BigInteger p = u.value.multiply(v.value).shiftLeft(1).add(BigInteger.ONE);
        if (p.compareTo(lower) < 0 || p.compareTo(upper) >= 0 || !p.isProbablePrime(PRIME_CERTAINTY)) {
            return null;
        }
        return new PrimeWithFactors(p, new PrimeFactors(u.value, v.value));
    }

    /** ⌈√2 · 2^k⌉. */
    static BigInteger sqrtTwoTimesPowerOfTwo(int k) {
        BigInteger square = BigInteger.ONE.shiftLeft(2 * k + 1); // (√2·2^k)² = 2^(2k+1)
        BigInteger root = square.sqrt();
        return root.multiply(root).equals(square) ? root : root.add(BigInteger.ONE);
    }

    private static int[] smallOddPrimes(int below) {
        boolean[] composite = new boolean[below];
        List<Integer> primes = new ArrayList<>();
        for (int i = 3; i < below; i += 2) {
            if (!composite[i]) {
                primes.add(i);
                for (long j = (long) i * i; j < below; j += 2L * i) {
                    composite[(int) j] = true;
                }
            }
        }
        return primes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A generated prime with the factors of p − 1; as secret as a private key, so {@link #toString()} hides it. */
    record PrimeWithFactors(BigInteger prime, PrimeFactors factors) {

        @Override
        public String toString() {
            return "PrimeWithFactors[" + prime.bitLength() + " bits]";
        }
    }

    private static final class Candidate {
        final BigInteger value;
        final int[] residues;

        Candidate(BigInteger value) {
            this.value = value;
            this.residues = new int[SMALL_PRIMES.length];
            for (int i = 0; i < SMALL_PRIMES.length; i++) {
                residues[i] = value.mod(BigInteger.valueOf(SMALL_PRIMES[i])).intValue();
            }
        }
    }
}
