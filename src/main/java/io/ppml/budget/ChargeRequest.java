package io.ppml.budget;

import java.util.UUID;

import io.ppml.budget.core.PrivacyCost;
import org.jspecify.annotations.Nullable;

/**
 * One charge to a tenant's budget, with what the ledger entry records about it.
 *
 * @param operation      what was released, e.g. {@code dp.statistics.MEAN}
 * @param resource       what it was about (a dataset id, a key name), if anything
 * @param mechanism      e.g. {@code LAPLACE} or {@code GAUSSIAN}
 * @param idempotencyKey the request's {@code Idempotency-Key}, if it had one
 */
public record ChargeRequest(UUID tenantId, @Nullable UUID keyId, String operation, @Nullable String resource,
        String mechanism, PrivacyCost cost, @Nullable String idempotencyKey) {
}
