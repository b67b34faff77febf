package io.ppml.crypto;

import java.security.SecureRandom;

/**
 * The one source of randomness for keys, tokens, nonces and noise: one {@link SecureRandom} per thread, so that
 * concurrent requests never contend on a shared generator's lock. Never use {@code java.util.Random} or a
 * commons-math default generator for anything an adversary could exploit.
 */
public final class Randomness {

    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(SecureRandom::new);

    private Randomness() {
    }

    /** This thread's generator; do not hand it to another thread. */
    public static SecureRandom secureRandom() {
        return PER_THREAD.get();
    }

    public static byte[] bytes(int length) {
        byte[] out = new byte[length];
        secureRandom().nextBytes(out);
        return out;
    }
}
