package io.ppml.he.core;

import java.math.BigInteger;

/**
 * The odd prime factors u, v of p − 1 = 2·u·v for a prime p made by {@link PaillierKeyGenerator}. Knowing them
 * lets us find a primitive root mod p (and so a generator of the order-(p−1) subgroup mod p², see
 * {@link CrtSampler}); they are as secret as p itself.
 */
record PrimeFactors(BigInteger u, BigInteger v) {

    private static final BigInteger TWO = BigInteger.TWO;

    /** Whether p = 2·u·v + 1 with u ≠ v probable primes. */
    boolean factor(BigInteger p) {
        return !u.equals(v) && TWO.multiply(u).multiply(v).add(BigInteger.ONE).equals(p)
                && u.isProbablePrime(PaillierKeyGenerator.PRIME_CERTAINTY)
                && v.isProbablePrime(PaillierKeyGenerator.PRIME_CERTAINTY);
    }

    /**
     * The smallest primitive root g ≥ 2 mod p: g generates Z*_p iff g^((p−1)/ℓ) ≠ 1 for each prime ℓ | p − 1
     * (ℓ ∈ {2, u, v}). Deterministic, so it need not be stored. About a third of all g qualify.
     */
    BigInteger primitiveRoot(BigInteger p) {
        BigInteger order = p.subtract(BigInteger.ONE);
        BigInteger[] cofactors = {order.shiftRight(1), order.divide(u), order.divide(v)};
        for (BigInteger g = TWO; ; g = g.add(BigInteger.ONE)) {
            boolean generates = true;
            for (BigInteger cofactor : cofactors) {
                if (g.modPow(cofactor, p).equals(BigInteger.ONE)) {
                    generates = false;
                    break;
                }
            }
            if (generates) {
                return g;
            }
        }
    }

    /** u and v are as secret as p: never printed. */
    @Override
    public String toString() {
        return "PrimeFactors[" + u.bitLength() + " and " + v.bitLength() + " bits]";
    }
}
