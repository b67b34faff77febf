/**
 * The privacy ledger: each tenant's (ε, δ) budget is charged in one database transaction under a row lock, so no
 * interleaving of requests, threads or instances can overspend it; every charge leaves one ledger entry. Pure-ε
 * mechanisms and zCDP (ρ) mechanisms are tracked separately and combined by
 * {@link io.ppml.budget.core.PrivacyAccountant}. Other modules charge only through
 * {@link io.ppml.budget.BudgetService}.
 */
@NullMarked
package io.ppml.budget;

import org.jspecify.annotations.NullMarked;
