package io.ppml.tenant;

import java.util.UUID;

/**
 * Who is calling: the tenant and API key behind the bearer secret, and the key's role. Controllers receive it
 * with {@code @AuthenticationPrincipal Caller caller}; every tenant-owned lookup is scoped by {@link #tenantId()}.
 */
public record Caller(UUID tenantId, UUID keyId, Role role) {

    /** The scope of this caller's idempotency keys. */
    public String idempotencyScope() {
        return "tenant:" + tenantId;
    }
}
