package io.ppml.tenant;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.Period;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's privacy-budget totals as the admin set them: what the privacy ledger may spend per window.
 *
 * @param window          after each such period spend starts again from zero; null means never
 * @param tenantCreatedAt the first window starts here; the privacy ledger records where the current one started
 *                        (a change of the window starts a new one, see {@link BudgetWindowChanged})
 */
public record BudgetSettings(UUID tenantId, BigDecimal epsilon, BigDecimal delta, @Nullable Period window,
        Instant tenantCreatedAt) {
}
