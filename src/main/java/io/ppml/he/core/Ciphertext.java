package io.ppml.he.core;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A ciphertext as it travels: the integer {@code value} of Z*_{n²} and the base-16 {@code exponent} of the encoded
 * number inside it (python-paillier's {@code EncryptedNumber.ciphertext()} and {@code .exponent}; pheutil writes
 * them as {@code {"v": "<decimal>", "e": <int>}}). It is not bound to any key and not validated: it becomes usable
 * only through {@link PaillierPublicKey#bind(Ciphertext)}, which checks it lies in Z*_{n²} of that key.
 */
public record Ciphertext(BigInteger value, int exponent) {

    public Ciphertext {
        Objects.requireNonNull(value, "value");
    }
}
