package io.ppml.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code ppml_budget_epsilon_spent}, {@code ppml_budget_epsilon_remaining}, {@code ppml_budget_delta_spent} and
 * {@code ppml_budget_delta_remaining}, one series each per tenant (label {@code tenant}): the current window's spend,
 * as {@code GET /v1/budget} reports it. A scrape reads a snapshot that is refreshed every
 * {@code ppml.metrics.budget-refresh-interval} (default 5 s) from two queries, so scraping costs the database nothing
 * and the cost of a refresh does not grow with the number of scrapes.
 *
 * <p>The label is the tenant's id, never its name: ids are not secret and cannot be chosen by a client, whereas a name
 * is free text an admin types. The series grow with the number of tenants (four per tenant), which only the admin
 * controls; a deployment with very many tenants should drop these series at the scraper
 * ({@code metric_relabel_configs}) or keep them for a chosen few.
 */
@Component
public class BudgetGauges {

    private final BudgetService budget;
    private final MultiGauge epsilonSpent;
    private final MultiGauge epsilonRemaining;
    private final MultiGauge deltaSpent;
    private final MultiGauge deltaRemaining;

    BudgetGauges(BudgetService budget, MeterRegistry registry) {
        this.budget = budget;
        this.epsilonSpent = gauge(registry, "ppml.budget.epsilon.spent", "ε spent in the tenant's current window");
        this.epsilonRemaining = gauge(registry, "ppml.budget.epsilon.remaining",
                "ε left in the tenant's current window");
        this.deltaSpent = gauge(registry, "ppml.budget.delta.spent", "δ spent in the tenant's current window");
        this.deltaRemaining = gauge(registry, "ppml.budget.delta.remaining", "δ left in the tenant's current window");
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    /** Reads every tenant's spend now; the scheduler calls it every refresh interval, tests when they need to. */
    @Scheduled(fixedDelayString = "${ppml.metrics.budget-refresh-interval:PT5S}")
    public void refresh() {
        List<BudgetService.TenantSpend> spends = budget.spendOfAllTenants();
        // overwrite: a tenant that is gone drops its series
        epsilonSpent.register(rows(spends, s -> s.epsilonSpent().doubleValue()), true);
        epsilonRemaining.register(rows(spends, s -> s.epsilonTotal().subtract(s.epsilonSpent())
                .max(java.math.BigDecimal.ZERO).doubleValue()), true);
        deltaSpent.register(rows(spends, s -> s.deltaSpent().doubleValue()), true);
        deltaRemaining.register(rows(spends, s -> s.deltaTotal().subtract(s.deltaSpent())
                .max(java.math.BigDecimal.ZERO).doubleValue()), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<BudgetService.TenantSpend> spends,
            Function<BudgetService.TenantSpend, Double> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(spends.size());
        for (BudgetService.TenantSpend spend : spends) {
            rows.add(MultiGauge.Row.of(Tags.of("tenant", spend.tenantId().toString()), value.apply(spend)));
        }
        return rows;
    }
}
