package io.ppml.tenant;

import java.util.List;

/** What an API key may do within its tenant. */
public enum Role {
    /** Everything in its tenant, including managing keys. */
    OWNER,
    /** Differentially private queries and reading the budget; never raw data, never decryption. */
    ANALYST,
    /** Submitting SMPC shares and FL updates; HE encryption and computation. */
    CONTRIBUTOR;

    /**
     * The Spring Security authorities of a key with this role: an OWNER holds the other roles' too, so an endpoint
     * names the least role that may call it.
     */
    List<String> authorities() {
        return switch (this) {
            case OWNER -> List.of("ROLE_OWNER", "ROLE_ANALYST", "ROLE_CONTRIBUTOR");
            case ANALYST -> List.of("ROLE_ANALYST");
            case CONTRIBUTOR -> List.of("ROLE_CONTRIBUTOR");
        };
    }
}
