package io.ppml.tenant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "tenants")
class Tenant {

    @Id
    private UUID id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "epsilon_budget", nullable = false, precision = 30, scale = 18)
    private BigDecimal epsilonBudget;

    @Column(name = "delta_budget", nullable = false, precision = 30, scale = 18)
    private BigDecimal deltaBudget;

    @Column(name = "budget_window", length = 32)
    private @Nullable String budgetWindow;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    @SuppressWarnings("NullAway.Init")
    protected Tenant() {
    }

    Tenant(UUID id, String name, BigDecimal epsilonBudget, BigDecimal deltaBudget, @Nullable String budgetWindow,
            Instant now) {
        this.id = id;
        this.name = name;
        this.epsilonBudget = epsilonBudget;
        this.deltaBudget = deltaBudget;
        this.budgetWindow = budgetWindow;
        this.createdAt = now;
        this.updatedAt = now;
    }

    UUID id() {
        return id;
    }

    String name() {
        return name;
    }

    BigDecimal epsilonBudget() {
        return epsilonBudget;
    }

    BigDecimal deltaBudget() {
        return deltaBudget;
    }

    @Nullable String budgetWindow() {
        return budgetWindow;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    void changeBudget(BigDecimal epsilon, BigDecimal delta, @Nullable String window, Instant now) {
        this.epsilonBudget = epsilon;
        this.deltaBudget = delta;
        this.budgetWindow = window;
        this.updatedAt = now;
    }
}
