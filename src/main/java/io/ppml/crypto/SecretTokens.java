package io.ppml.crypto;

import java.security.SecureRandom;

/** Random bearer secrets in base62, the shape a user can paste into a header or a shell without quoting. */
public final class SecretTokens {

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private SecretTokens() {
    }

    /**
     * {@code prefix} followed by {@code length} base62 characters, each drawn without modulo bias
     * (rejection sampling on 6 random bits), so the secret carries {@code length · log2(62)} bits of entropy.
     */
    public static String generate(String prefix, int length) {
        if (length < 32) {
            throw new IllegalArgumentException("a secret needs at least 32 random characters");
        }
        SecureRandom random = Randomness.secureRandom();
        StringBuilder out = new StringBuilder(prefix.length() + length).append(prefix);
        while (out.length() < prefix.length() + length) {
            int sixBits = random.nextInt() & 0x3f;
            if (sixBits < BASE62.length) {
                out.append(BASE62[sixBits]);
            }
        }
        return out.toString();
    }

    /** True when {@code s} is {@code prefix} followed by at least 32 base62 characters. */
    public static boolean hasShape(String s, String prefix) {
        if (!s.startsWith(prefix) || s.length() < prefix.length() + 32 || s.length() > prefix.length() + 128) {
            return false;
        }
        for (int i = prefix.length(); i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
