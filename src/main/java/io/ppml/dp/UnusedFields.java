package io.ppml.dp;

import java.util.ArrayList;
import java.util.List;

import io.ppml.dp.core.Statistic;
import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;
import org.jspecify.annotations.Nullable;

/**
 * Refuses the optional fields of a DP request that its statistic does not read ({@link Statistic#parameters}):
 * {@code bins} on a COUNT, bounds on a HISTOGRAM. Such a field is valid JSON of a known name, so the strict reading of
 * request bodies lets it through; answering as if it were not there would release something other than what the
 * caller thought they asked for.
 */
final class UnusedFields {

    private final Statistic statistic;
    private final List<FieldError> errors = new ArrayList<>();

    private UnusedFields(Statistic statistic) {
        this.statistic = statistic;
    }

    static UnusedFields of(Statistic statistic) {
        return new UnusedFields(statistic);
    }

    /** Notes {@code field} as unused when it is given ({@code value} not null) and the statistic does not read it. */
    UnusedFields check(String field, @Nullable Object value) {
        if (value != null && !statistic.parameters().contains(field)) {
            errors.add(new FieldError(field, "is not used by " + statistic + ": leave it out"));
        }
        return this;
    }

    /** Refuses the request if any field was noted. */
    void refuse() {
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
    }
}
