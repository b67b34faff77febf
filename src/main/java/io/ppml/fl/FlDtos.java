package io.ppml.fl;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ppml.fl.core.Aggregation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of the federated learning endpoints. Models and updates are {@code float[]} — never a list of
 * boxed numbers — and for large models travel as little-endian float32 ({@code application/octet-stream}) instead.
 */
final class FlDtos {

    /** The largest model: 2,000,000 float32 parameters are 8 MB, within the default 10 MB request limit. */
    static final int MAX_DIMENSION = 2_000_000;

    static final int MAX_ROUNDS = 100_000;

    static final int MAX_CLIENTS = 10_000;

    static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$";

    private FlDtos() {
    }

    @Schema(description = "A federated learning task: the model's dimension, the rounds and how each is aggregated")
    record CreateTaskRequest(
            @Schema(example = "keyboard-next-word", description = "Unique among the tenant's tasks: 1 to 100 "
                    + "letters, digits, '.', '_' or '-'") @NotBlank @Size(max = 100) @Pattern(regexp = ID_PATTERN,
                    message = "must be 1 to 100 letters, digits, '.', '_' or '-'") String name,
            @Schema(example = "3", description = "Parameters in the model: the length of the model and of every "
                    + "update, at most 2,000,000") @NotNull @Min(1) @Max(MAX_DIMENSION) Integer dimension,
            @Schema(description = "The model before round 1; zeros when left out", example = "[0, 0, 0]",
                    nullable = true) float @Nullable [] initialModel,
            @Schema(example = "5", description = "Rounds to run; the task completes after the last one is "
                    + "aggregated") @NotNull @Min(1) @Max(MAX_ROUNDS) Integer rounds,
            @Schema(example = "3", description = "Updates that complete a round; the round aggregates as soon as "
                    + "this many are in") @NotNull @Min(1) @Max(MAX_CLIENTS) Integer minClients,
            @Schema(example = "PT10M", description = "ISO-8601 duration; a round with fewer than minClients updates "
                    + "by then is retried and its updates dropped") @NotNull String roundTimeout,
            @Schema(example = "FEDAVG", description = "How a round's updates combine: FEDAVG (mean weighted by "
                    + "numExamples), MEDIAN or TRIMMED_MEAN (coordinate-wise)") @NotNull Aggregation aggregation,
            @Schema(example = "0.1", nullable = true, description = "TRIMMED_MEAN only: the fraction of values "
                    + "dropped at each end of every coordinate") @Nullable Double trimFraction,
            @Schema(description = "DP-FedAvg, FEDAVG only; absent: no DP, nothing is charged")
            @Valid @Nullable DpRequest dp) {
    }

    @Schema(description = "DP-FedAvg (FEDAVG only): clip each update, average over expectedClients, add Gaussian "
            + "noise σ = noiseMultiplier · clipNorm / expectedClients; each round is charged to the budget")
    record DpRequest(
            @Schema(example = "1.0", description = "Each update is scaled down to L2 norm ≤ clipNorm") @NotNull
            @Positive Double clipNorm,
            @Schema(example = "1.1", description = "z: the noise's standard deviation in units of clipNorm / "
                    + "expectedClients; a round costs ρ = 1/(2z²) without sampling") @NotNull @Positive
            Double noiseMultiplier,
            @Schema(example = "3", description = "The fixed number the clipped updates are averaged over (not the "
                    + "number received)") @NotNull @Min(1) @Max(MAX_CLIENTS) Integer expectedClients,
            @Schema(example = "1000", nullable = true, description = "Clients each round is sampled from; "
                    + "q = expectedClients / population. Left out, q = 1") @Nullable @Min(1) Long population,
            @Schema(example = "1e-6", description = "The task's δ, in (0, 1): charged once (with the first round "
                    + "of each budget window), and the δ at which its ε is reported") @NotNull @Positive
            Double delta) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The task's DP-FedAvg settings")
    record DpView(@Schema(example = "1.0", description = "L2 bound each update is clipped to") double clipNorm,
            @Schema(example = "1.1", description = "z: noise σ = z · clipNorm / expectedClients") double
            noiseMultiplier,
            @Schema(example = "3", description = "The number the clipped updates are averaged over")
            int expectedClients,
            @Schema(example = "1000", description = "Clients each round is sampled from; absent when every client "
                    + "takes part in every round") @Nullable Long population,
            @Schema(example = "1.0E-6", description = "The task's δ") double delta,
            @Schema(example = "0.003", description = "q = expectedClients / population; 1 without population")
            double samplingRate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A task and where its rounds stand")
    record TaskView(@Schema(description = "The task's id, for /v1/fl/tasks/{taskId}") UUID id,
            @Schema(example = "keyboard-next-word", description = "The task's name, unique in the tenant")
            String name,
            @Schema(example = "WAITING_FOR_UPDATES", description = "WAITING_FOR_UPDATES: collecting updates for "
                    + "currentRound. COMPLETED: every round aggregated, the model is final. BUDGET_EXHAUSTED: a DP "
                    + "round's charge did not fit the budget; the task stopped and the previous model stays current")
            String status,
            @Schema(nullable = true, description = "Why the task stopped (BUDGET_EXHAUSTED: the refused charge); "
                    + "absent otherwise", example = "This release needs ε = 0.31 (ρ = 0.41, δ = 0.000001), but only "
                    + "ε = 0.2 and δ = 0.00001 remain in this window. Nothing was spent.")
            @Nullable String statusDetail,
            @Schema(example = "3", description = "Parameters in the model") int dimension,
            @Schema(example = "5", description = "Rounds the task runs") int rounds,
            @Schema(example = "2", description = "The round collecting updates (the last round once completed)")
            int currentRound,
            @Schema(example = "1", description = "1, or more when the round timed out and was retried")
            int roundAttempt,
            @Schema(description = "When the round in progress times out") Instant roundDeadline,
            @Schema(example = "1", description = "Updates accepted so far in the current round attempt")
            int updatesInRound,
            @Schema(example = "3", description = "Updates that complete a round") int minClients,
            @Schema(example = "PT10M", description = "ISO-8601 duration a round attempt waits for minClients "
                    + "updates") String roundTimeout,
            @Schema(example = "FEDAVG", description = "FEDAVG, MEDIAN or TRIMMED_MEAN") Aggregation aggregation,
            @Schema(example = "0.1", description = "TRIMMED_MEAN only: the fraction dropped at each end; absent "
                    + "otherwise") @Nullable Double trimFraction,
            @Schema(description = "The DP-FedAvg settings; absent for a task without DP") @Nullable DpView dp,
            @Schema(example = "1", description = "Version of the current model: 0 is the initial model, n the model "
                    + "after n aggregated rounds") int modelVersion,
            @Schema(example = "2", description = "DP rounds charged to the budget so far; 0 without DP")
            int roundsCharged,
            @Schema(description = "The task's own ε at the task's δ, over its charged rounds; absent without DP",
                    example = "1.84")
            @Nullable Double epsilonSpent,
            @Schema(description = "When the task was created") Instant createdAt,
            @Schema(description = "When the task last changed: an update accepted, a round aggregated or retried")
            Instant updatedAt) {
    }

    @Schema(description = "The current global model")
    record ModelView(@Schema(description = "The task") UUID taskId,
            @Schema(example = "2", description = "The model version, as in the ETag: 0 for the initial model, n "
                    + "after n aggregated rounds") int version,
            @Schema(example = "2", description = "The round whose aggregation made it; 0 for the initial model")
            int round,
            @Schema(example = "[0.25, -0.5, 0.125]", description = "The model's dimension parameters, as float32")
            float[] weights) {
    }

    @Schema(description = "One client's model update (delta) for one round")
    record UpdateRequest(
            @Schema(example = "phone-17", description = "The client, 1 to 100 letters, digits, '.', '_' or '-': one "
                    + "update per client per round") @NotBlank @Size(max = 100) @Pattern(regexp = ID_PATTERN,
                    message = "must be 1 to 100 letters, digits, '.', '_' or '-'") String clientId,
            @Schema(example = "1", description = "The task's current round, whose model the client trained on")
            @NotNull @Min(1) Integer round,
            @Schema(example = "[0.5, -0.25, 0.125]", description = "The change to the model: dimension finite "
                    + "float32 values") @NotNull float[] delta,
            @Schema(example = "120", description = "Examples the client trained on: FEDAVG's weight")
            @NotNull @Min(1) Long numExamples) {
    }

    @Schema(description = "An accepted update, and the task after it")
    record UpdateAccepted(@Schema(description = "The task") UUID taskId,
            @Schema(example = "phone-17", description = "The client the update came from") String clientId,
            @Schema(example = "1", description = "The round the update counts for") int round,
            @Schema(example = "false", description = "true if this exact update had been accepted before (a retry)")
            boolean replayed,
            @Schema(example = "false", description = "true if this update completed its round and the round was "
                    + "aggregated")
            boolean aggregated,
            @Schema(example = "WAITING_FOR_UPDATES", description = "The task's status after this update (see "
                    + "TaskView.status)") String taskStatus,
            @Schema(example = "2", description = "The task's current round after this update") int currentRound,
            @Schema(example = "0", description = "Updates accepted in the current round attempt") int updatesInRound,
            @Schema(example = "1", description = "The current model version after this update") int modelVersion) {
    }
}
