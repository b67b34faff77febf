package io.ppml.he;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pool of pre-generated primes that makes HE key creation and rotation take milliseconds
 * ({@link io.ppml.he.core.PrimePool}; README, "Prime pool").
 *
 * @param enabled     keep primes ready; false: every key's primes are searched for on the request's thread, which
 *                    takes 0.5–2 s for a 2048-bit key on a quiet machine ({@code PPML_HE_PRIME_POOL_ENABLED})
 * @param size        how many primes to keep, two per key: the default 8 serves a burst of 4 key creations or
 *                    rotations at once, which the refill makes good in a few seconds of one core; a larger pool
 *                    only keeps more secret material waiting in memory and costs more CPU after every start
 *                    ({@code PPML_HE_PRIME_POOL_SIZE})
 * @param modulusBits the key size the pool serves, 2048 (the usual size) or 3072; keys of the other size are made on
 *                    demand ({@code PPML_HE_PRIME_POOL_MODULUS_BITS})
 */
@ConfigurationProperties("ppml.he.prime-pool")
public record HePrimePoolProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("8") int size,
        @DefaultValue("2048") int modulusBits) {
}
