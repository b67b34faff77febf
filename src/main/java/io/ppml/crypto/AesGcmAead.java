package io.ppml.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per message (NIST SP 800-38D §8.2.2: random nonces are safe up to
 * 2^32 messages under one key, far beyond what one service key seals). Wire format: one version byte (1), the
 * 12-byte nonce, then ciphertext and 16-byte tag.
 */
final class AesGcmAead implements Aead {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    AesGcmAead(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = Randomness.bytes(NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8 || ciphertext[0] != VERSION) {
            throw new SealedDataException("sealed data is truncated or of an unknown version");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealedDataException("sealed data does not authenticate under this key and associated data");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "AesGcmAead[key redacted]";
    }
}
