/**
 * The pure mathematics of Paillier homomorphic encryption, plain Java with no Spring: keys, python-paillier's number
 * encoding, encryption with fast randomness, CRT decryption and ciphertext arithmetic.
 *
 * <ul>
 *   <li>{@link io.ppml.he.core.PaillierPublicKey} encrypts and evaluates (sum, dot, mean; JWK in python-paillier's
 *       shape) and says which randomness it uses and on what assumption
 *       ({@link io.ppml.he.core.EncryptionMethod});</li>
 *   <li>{@link io.ppml.he.core.PaillierPrivateKey} generates keys (2048 or 3072 bits), decrypts, and serialises for
 *       sealing; its primes come from a {@link io.ppml.he.core.PrimeSource}, on demand or from a
 *       {@link io.ppml.he.core.PrimePool} of primes made ahead by a background thread;</li>
 *   <li>{@link io.ppml.he.core.EncryptedNumber} is a ciphertext bound to its key, with the homomorphic operations;
 *       {@link io.ppml.he.core.Ciphertext} is its unvalidated wire form;</li>
 *   <li>{@link io.ppml.he.core.EncodedNumber} is python-paillier's value = mantissa × 16^exponent.</li>
 * </ul>
 * Every refusal is a {@link io.ppml.he.core.HeException} naming its {@link io.ppml.he.core.HeException.Problem}.
 * All randomness comes from {@link io.ppml.crypto.Randomness#secureRandom()}.
 */
@NullMarked
package io.ppml.he.core;

import org.jspecify.annotations.NullMarked;
