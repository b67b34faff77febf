package io.ppml.he.core;

import io.ppml.he.core.PaillierKeyGenerator.PrimeWithFactors;

/**
 * Where {@link PaillierPrivateKey#generate(int, PrimeSource)} takes its primes: {@link #onDemand()} searches for
 * each prime when it is asked for one; a {@link PrimePool} hands out primes it searched for ahead of time and falls
 * back to the same search when it has none. Either way every prime is an independent draw from
 * {@link PaillierKeyGenerator}'s distribution, made with the same {@code SecureRandom} and primality tests, and is
 * given out once — so a key is distributed the same whichever source made it.
 *
 * <p>Sealed, with package-private methods: only this package makes primes.
 */
public abstract sealed class PrimeSource permits PrimeSource.OnDemand, PrimePool {

    PrimeSource() {
    }

    /** The plain source: every prime is generated when it is asked for, on the caller's thread. */
    public static PrimeSource onDemand() {
        return OnDemand.INSTANCE;
    }

    /**
     * A prime of exactly {@code bits} bits made by {@link PaillierKeyGenerator#generatePrime(int)}, never given out
     * before by this source; the caller must use it in at most one key, and drop it otherwise.
     */
    abstract PrimeWithFactors take(int bits);

    static final class OnDemand extends PrimeSource {

        private static final OnDemand INSTANCE = new OnDemand();

        private OnDemand() {
        }

        @Override
        PrimeWithFactors take(int bits) {
            return PaillierKeyGenerator.generatePrime(bits);
        }

        @Override
        public String toString() {
            return "PrimeSource.onDemand()";
        }
    }
}
