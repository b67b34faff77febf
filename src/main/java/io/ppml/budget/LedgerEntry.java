package io.ppml.budget;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One charge as the ledger shows it. */
public record LedgerEntry(UUID id, long sequence, Instant createdAt, @Nullable UUID keyId, String operation,
        @Nullable String resource, String mechanism, double epsilon, double delta, double rho,
        @Nullable String idempotencyKey, Instant windowStart, double epsilonSpent, double deltaSpent) {
}
