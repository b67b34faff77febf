package io.ppml.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The version 1 sealing code path as it was before sub-keys rotated: one HKDF sub-key per purpose (info
 * {@code "aead:" + purpose}), {@code [1][nonce][ciphertext][tag]}, only the caller's associated data authenticated.
 * {@code SealedDataTests} checks that it reproduces, byte for byte, a vector made by that old code.
 */
final class LegacySealing {

    private LegacySealing() {
    }

    static byte[] sealVersion1(MasterKey master, String purpose, byte[] nonce, byte[] plaintext, byte[] ad) {
        byte[] key = master.derive(("aead:" + purpose).getBytes(StandardCharsets.UTF_8));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(ad);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + nonce.length + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sealVersion1(MasterKey master, String purpose, byte[] plaintext, byte[] ad) {
        return sealVersion1(master, purpose, Randomness.bytes(12), plaintext, ad);
    }
}
