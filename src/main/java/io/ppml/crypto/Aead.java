package io.ppml.crypto;

/**
 * Authenticated encryption with associated data. {@code encrypt} chooses the nonce itself, so callers cannot
 * reuse one; {@code decrypt} fails unless the ciphertext was made by the same key with the same associated data,
 * which is how a sealed secret stays bound to the record it belongs to (tenant, name, version). A ciphertext names
 * the key that sealed it, so keys may rotate underneath callers while everything sealed earlier still opens.
 */
public interface Aead {

    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    /** @throws SealedDataException when the ciphertext was altered, truncated, or bound to other associated data */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData);
}
