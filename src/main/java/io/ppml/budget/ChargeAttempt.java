package io.ppml.budget;

import org.jspecify.annotations.Nullable;

/**
 * What {@link BudgetService#attempt} did: recorded the charge, or refused it — then {@code refusal} says why (the
 * cost, and what remains) and nothing was spent.
 */
public record ChargeAttempt(@Nullable Charge charge, @Nullable String refusal) {

    public ChargeAttempt {
        if ((charge == null) == (refusal == null)) {
            throw new IllegalArgumentException("an attempt is either charged or refused");
        }
    }
}
