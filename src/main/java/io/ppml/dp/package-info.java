/**
 * Differentially private statistics over HTTP. The pure core ({@code io.ppml.dp.core}) holds the secure samplers,
 * the mechanisms and the bounded aggregations; this shell validates requests, charges the tenant's budget through
 * {@link io.ppml.budget.BudgetService} before any noise is drawn, and stores a receipt of every release.
 *
 * <p>Data flow of a charged request: validate → compute the true result in memory → charge the ledger (in the
 * request's one transaction; refused if it does not fit) → add noise → store the receipt → respond. A crash after
 * the charge loses budget, never privacy.
 */
@NullMarked
package io.ppml.dp;

import org.jspecify.annotations.NullMarked;
