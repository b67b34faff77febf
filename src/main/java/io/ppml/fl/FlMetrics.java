package io.ppml.fl;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ppml.persistence.AfterCommit;
import org.springframework.stereotype.Component;

/**
 * {@code ppml_fl_rounds_total{aggregation, dp, outcome}}: federated rounds that ended — {@code released} (a new
 * model version), {@code budget-exhausted} (the DP charge did not fit; the task stopped) or {@code timed-out} (too few
 * updates by the deadline; the round starts again) — by aggregation rule ({@code fedavg}, {@code median},
 * {@code trimmed-mean}) and whether it is DP-FedAvg ({@code dp="true"}). {@code ppml_fl_updates_total}: client updates
 * accepted (a retry of the same update is not counted again). Both count after their transaction commits.
 */
@Component
class FlMetrics {

    private final MeterRegistry registry;
    private final Counter updates;

    FlMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.updates = Counter.builder("ppml.fl.updates").description("Federated-learning client updates accepted")
                .register(registry);
    }

    void updateAccepted() {
        AfterCommit.run(updates::increment);
    }

    void roundEnded(FlTask task, String outcome) {
        Counter rounds = Counter.builder("ppml.fl.rounds")
                .description("Federated-learning rounds that ended: released, budget-exhausted or timed-out")
                .tag("aggregation", task.aggregation().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .tag("dp", String.valueOf(task.dp() != null))
                .tag("outcome", outcome)
                .register(registry);
        AfterCommit.run(rounds::increment);
    }
}
