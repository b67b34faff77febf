package io.ppml.tenant;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Read access to tenants' budget totals, for the privacy ledger. */
public interface TenantBudgets {

    Optional<BudgetSettings> find(UUID tenantId);

    /** Every tenant's settings, in one query (for the budget gauges, io.ppml.budget.BudgetGauges). */
    List<BudgetSettings> all();
}
