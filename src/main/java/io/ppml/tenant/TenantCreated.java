package io.ppml.tenant;

import java.time.Instant;
import java.util.UUID;

/** Published inside the transaction that creates a tenant, so that other modules can set up their part of it. */
public record TenantCreated(UUID tenantId, Instant createdAt) {
}
