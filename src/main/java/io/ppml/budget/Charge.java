package io.ppml.budget;

import java.util.UUID;

/** A recorded charge: its ledger entry and the budget after it. */
public record Charge(UUID entryId, long sequence, BudgetView budget) {
}
