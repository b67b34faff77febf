package io.ppml.budget;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ppml.persistence.AfterCommit;
import org.springframework.stereotype.Component;

/**
 * {@code ppml_budget_charges_total{operation, outcome}}: charges the ledger recorded ({@code charged}) and refused
 * because they did not fit the budget ({@code refused}). {@code operation} is the ledger's operation
 * ({@code dp.noise}, {@code dp.statistics.<statistic>}, {@code dp.datasets.query.<statistic>}, {@code he.decrypt},
 * {@code fl.round}): a fixed set, so the label stays bounded.
 *
 * <p>A charge counts once its transaction has committed — one rolled back (the release it paid for failed) spent
 * nothing. A refusal counts when it is decided: it changed nothing, whatever its transaction does next.
 */
@Component
class BudgetMetrics {

    private final MeterRegistry registry;

    BudgetMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A charge recorded in the current transaction; counted if that transaction commits. */
    void charged(String operation) {
        AfterCommit.run(counter(operation, "charged")::increment);
    }

    void refused(String operation) {
        counter(operation, "refused").increment();
    }

    private Counter counter(String operation, String outcome) {
        return Counter.builder("ppml.budget.charges")
                .description("Privacy-budget charges by ledger operation: charged (committed) or refused (did not fit)")
                .tag("operation", operation).tag("outcome", outcome)
                .register(registry);
    }
}
