package io.ppml.tenant;

import java.time.Instant;
import java.time.Period;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Published inside the transaction that adds, changes or removes a tenant's budget window, after the tenant row is
 * updated, so that the privacy ledger can start the new window at the moment of the change (and so the change
 * commits or rolls back with it). Not published when the period stays the same.
 *
 * @param previous  the period before the change; null if there was no window
 * @param current   the period from now on; null if the window was removed
 * @param changedAt the moment of the change, as recorded in the tenant's {@code updatedAt}
 */
public record BudgetWindowChanged(UUID tenantId, @Nullable Period previous, @Nullable Period current,
        Instant changedAt) {
}
