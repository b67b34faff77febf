package io.ppml.fl;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.ppml.fl.core.Aggregation;
import io.ppml.fl.core.DpSettings;
import io.ppml.persistence.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A federated learning task: its configuration (fixed at creation), and where its rounds stand — the round
 * collecting updates, its attempt (a round that timed out with fewer than {@code minClients} updates is retried), how
 * many updates it holds, the version of the current model and how many DP rounds were charged. The model and the
 * updates live in their own tables ({@link FlModel}, {@link FlUpdate}): reading or locking a task never loads them.
 */
@Entity
@Table(name = "fl_tasks")
class FlTask extends AssignedIdEntity<UUID> {

    enum Status {
        /** Collecting updates for {@code currentRound}. */
        WAITING_FOR_UPDATES,
        /** Every round was aggregated; the current model is the final one. */
        COMPLETED,
        /** A DP round's charge did not fit the tenant's budget: the task stopped, its previous model stays current. */
        BUDGET_EXHAUSTED
    }

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(nullable = false, updatable = false, length = 100)
    private String name;

    @Column(nullable = false, updatable = false)
    private int dimension;

    @Column(nullable = false, updatable = false)
    private int rounds;

    @Column(name = "min_clients", nullable = false, updatable = false)
    private int minClients;

    @Column(name = "round_timeout_seconds", nullable = false, updatable = false)
    private long roundTimeoutSeconds;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 16)
    private Aggregation aggregation;

    @Column(name = "trim_fraction", updatable = false)
    private @Nullable Double trimFraction;

    @Column(name = "clip_norm", updatable = false)
    private @Nullable Double clipNorm;

    @Column(name = "noise_multiplier", updatable = false)
    private @Nullable Double noiseMultiplier;

    @Column(name = "expected_clients", updatable = false)
    private @Nullable Integer expectedClients;

    @Column(updatable = false)
    private @Nullable Long population;

    @Column(name = "dp_delta", updatable = false)
    private @Nullable Double dpDelta;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private Status status;

    @Column(name = "status_detail", length = 1000)
    private @Nullable String statusDetail;

    @Column(name = "current_round", nullable = false)
    private int currentRound;

    @Column(name = "round_attempt", nullable = false)
    private int roundAttempt;

    @Column(name = "round_started_at", nullable = false)
    private Instant roundStartedAt;

    @Column(name = "round_deadline", nullable = false)
    private Instant roundDeadline;

    @Column(name = "updates_in_round", nullable = false)
    private int updatesInRound;

    @Column(name = "model_version", nullable = false)
    private int modelVersion;

    @Column(name = "rounds_charged", nullable = false)
    private int roundsCharged;

    @Column(name = "delta_charged_until")
    private @Nullable Instant deltaChargedUntil;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @SuppressWarnings("NullAway.Init")
    protected FlTask() {
    }

    FlTask(UUID id, UUID tenantId, String name, int dimension, int rounds, int minClients, Duration roundTimeout,
            Aggregation aggregation, @Nullable Double trimFraction, @Nullable DpSettings dp, Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.dimension = dimension;
        this.rounds = rounds;
        this.minClients = minClients;
        this.roundTimeoutSeconds = roundTimeout.toSeconds();
        this.aggregation = aggregation;
        this.trimFraction = trimFraction;
        if (dp != null) {
            this.clipNorm = dp.clipNorm();
            this.noiseMultiplier = dp.noiseMultiplier();
            this.expectedClients = dp.expectedClients();
            this.population = dp.population();
            this.dpDelta = dp.delta();
        }
        this.status = Status.WAITING_FOR_UPDATES;
        this.currentRound = 1;
        this.roundAttempt = 1;
        startRound(now);
        this.modelVersion = 0;
        this.createdAt = now;
        this.updatedAt = now;
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID tenantId() {
        return tenantId;
    }

    String name() {
        return name;
    }

    int dimension() {
        return dimension;
    }

    int rounds() {
        return rounds;
    }

    int minClients() {
        return minClients;
    }

    Duration roundTimeout() {
        return Duration.ofSeconds(roundTimeoutSeconds);
    }

    Aggregation aggregation() {
        return aggregation;
    }

    @Nullable Double trimFraction() {
        return trimFraction;
    }

    /** The DP-FedAvg settings the task was created with, or null without DP. */
    @Nullable DpSettings dp() {
        if (clipNorm == null || noiseMultiplier == null || expectedClients == null || dpDelta == null) {
            return null;
        }
        return new DpSettings(clipNorm, noiseMultiplier, expectedClients, population, dpDelta);
    }

    Status status() {
        return status;
    }

    @Nullable String statusDetail() {
        return statusDetail;
    }

    int currentRound() {
        return currentRound;
    }

    int roundAttempt() {
        return roundAttempt;
    }

    Instant roundStartedAt() {
        return roundStartedAt;
    }

    /** When the round in progress times out. */
    Instant roundDeadline() {
        return roundDeadline;
    }

    private void startRound(Instant now) {
        roundStartedAt = now;
        roundDeadline = now.plusSeconds(roundTimeoutSeconds);
    }

    int updatesInRound() {
        return updatesInRound;
    }

    int modelVersion() {
        return modelVersion;
    }

    int roundsCharged() {
        return roundsCharged;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    boolean isOpen() {
        return status == Status.WAITING_FOR_UPDATES;
    }

    void accepted(Instant now) {
        updatesInRound++;
        updatedAt = now;
    }

    /** The round timed out short of {@code minClients}: its updates are dropped and it starts again. */
    void retryRound(Instant now) {
        updatesInRound = 0;
        roundAttempt++;
        startRound(now);
        updatedAt = now;
    }

    /**
     * Whether the next round's charge must carry the task's δ: the first round's does, and the first of every budget
     * window after the one δ was last charged in — the budget converts each window's spend at that window's δ.
     */
    boolean chargesDelta(Instant now) {
        return roundsCharged == 0 || deltaChargedUntil != null && !now.isBefore(deltaChargedUntil);
    }

    /**
     * The round's DP charge was recorded; if it carried δ, {@code windowEnd} is the end of the budget window it was
     * charged in (null when the budget has no window).
     */
    void charged(boolean withDelta, @Nullable Instant windowEnd) {
        roundsCharged++;
        if (withDelta) {
            deltaChargedUntil = windowEnd;
        }
    }

    /** The round was aggregated into model {@code version}; the next round starts, or the task completes. */
    void released(int version, Instant now) {
        modelVersion = version;
        updatesInRound = 0;
        updatedAt = now;
        if (currentRound >= rounds) {
            status = Status.COMPLETED;
            return;
        }
        currentRound++;
        roundAttempt = 1;
        startRound(now);
    }

    /** The round's charge did not fit: the task stops, its model stays at the previous version. */
    void budgetExhausted(String detail, Instant now) {
        status = Status.BUDGET_EXHAUSTED;
        statusDetail = detail.length() > 1000 ? detail.substring(0, 1000) : detail;
        updatesInRound = 0;
        updatedAt = now;
    }
}
