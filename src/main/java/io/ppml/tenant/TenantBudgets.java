package io.ppml.tenant;

import java.util.Optional;
import java.util.UUID;

/** Read access to tenants' budget totals, for the privacy ledger. */
public interface TenantBudgets {

    Optional<BudgetSettings> find(UUID tenantId);
}
