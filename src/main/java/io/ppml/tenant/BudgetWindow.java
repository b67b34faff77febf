package io.ppml.tenant;

import java.time.Period;
import java.time.format.DateTimeParseException;

import io.ppml.refusal.Refusal;
import org.jspecify.annotations.Nullable;

/** Validates a budget window: an ISO-8601 period of whole days, weeks, months or years, at least one day. */
final class BudgetWindow {

    private static final String MESSAGE = "must be an ISO-8601 period of at least one day, such as P1D, P30D or P1M";

    private BudgetWindow() {
    }

    static @Nullable String normalize(@Nullable String window) {
        if (window == null) {
            return null;
        }
        try {
            Period period = Period.parse(window.strip());
            if (period.isNegative() || period.isZero() || period.getYears() > 100) {
                throw Refusal.invalid("budgetWindow", MESSAGE);
            }
            return period.toString();
        } catch (DateTimeParseException e) {
            throw Refusal.invalid("budgetWindow", MESSAGE);
        }
    }
}
