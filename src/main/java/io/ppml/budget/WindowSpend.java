package io.ppml.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What an account's window has spent, read for every account at once ({@link BudgetAccountRepository}). */
record WindowSpend(UUID tenantId, Instant windowStart, BigDecimal epsilonSpent, BigDecimal deltaSpent) {
}
