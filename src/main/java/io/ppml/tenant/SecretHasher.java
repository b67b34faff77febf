package io.ppml.tenant;

import io.ppml.crypto.KeyedHash;
import io.ppml.crypto.MasterKey;
import org.springframework.stereotype.Component;

/**
 * Hashes bearer secrets (API keys and the admin token) with HMAC-SHA-256 under a pepper derived from the master key
 * (HKDF, purpose "bearer-secrets"). Secrets have ≥ 190 bits of entropy, so a fast keyed hash is enough: there is
 * nothing to brute-force, and the pepper means a stolen database alone cannot even test a guess.
 */
@Component
class SecretHasher {

    static final String API_KEY_PREFIX = "ppml_";
    static final String ADMIN_TOKEN_PREFIX = "ppml_admin_";
    static final int SECRET_LENGTH = 43;
    static final int DISPLAY_PREFIX_LENGTH = 11;

    private final KeyedHash hash;

    SecretHasher(MasterKey masterKey) {
        this.hash = masterKey.keyedHash("bearer-secrets");
    }

    String hash(String secret) {
        return hash.hashHex(secret);
    }

    boolean matches(String secret, String expectedHash) {
        return hash.matches(secret, expectedHash);
    }
}
