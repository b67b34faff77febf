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
            @Schema(example = "keyboard-next-word") @NotBlank @Size(max = 100) @Pattern(regexp = ID_PATTERN,
                    message = "must be 1 to 100 letters, digits, '.', '_' or '-'") String name,
            @Schema(example = "3") @NotNull @Min(1) @Max(MAX_DIMENSION) Integer dimension,
            @Schema(description = "The model before round 1; zeros when left out", example = "[0, 0, 0]",
                    nullable = true) float @Nullable [] initialModel,
            @Schema(example = "5") @NotNull @Min(1) @Max(MAX_ROUNDS) Integer rounds,
            @Schema(example = "3", description = "Updates that complete a round; the round aggregates as soon as "
                    + "this many are in") @NotNull @Min(1) @Max(MAX_CLIENTS) Integer minClients,
            @Schema(example = "PT10M", description = "ISO-8601 duration; a round with fewer than minClients updates "
                    + "by then is retried and its updates dropped") @NotNull String roundTimeout,
            @Schema(example = "FEDAVG") @NotNull Aggregation aggregation,
            @Schema(example = "0.1", nullable = true, description = "TRIMMED_MEAN only: the fraction of values "
                    + "dropped at each end of every coordinate") @Nullable Double trimFraction,
            @Valid @Nullable DpRequest dp) {
    }

    @Schema(description = "DP-FedAvg (FEDAVG only): clip each update, average over expectedClients, add Gaussian "
            + "noise σ = noiseMultiplier · clipNorm / expectedClients; each round is charged to the budget")
    record DpRequest(
            @Schema(example = "1.0") @NotNull @Positive Double clipNorm,
            @Schema(example = "1.1") @NotNull @Positive Double noiseMultiplier,
            @Schema(example = "3") @NotNull @Min(1) @Max(MAX_CLIENTS) Integer expectedClients,
            @Schema(example = "1000", nullable = true, description = "Clients each round is sampled from; "
                    + "q = expectedClients / population. Left out, q = 1") @Nullable @Min(1) Long population,
            @Schema(example = "1e-6") @NotNull @Positive Double delta) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DpView(double clipNorm, double noiseMultiplier, int expectedClients, @Nullable Long population,
            double delta, double samplingRate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A task and where its rounds stand")
    record TaskView(UUID id, String name,
            @Schema(example = "WAITING_FOR_UPDATES") String status,
            @Schema(nullable = true) @Nullable String statusDetail,
            int dimension, int rounds,
            @Schema(description = "The round collecting updates (the last round once completed)") int currentRound,
            @Schema(description = "1, or more when the round timed out and was retried") int roundAttempt,
            @Schema(description = "When the round in progress times out") Instant roundDeadline,
            int updatesInRound, int minClients, String roundTimeout, Aggregation aggregation,
            @Nullable Double trimFraction, @Nullable DpView dp,
            @Schema(description = "Version of the current model: 0 is the initial model, n the model after n "
                    + "aggregated rounds") int modelVersion,
            int roundsCharged,
            @Schema(description = "The task's own ε at the task's δ, over its charged rounds")
            @Nullable Double epsilonSpent,
            Instant createdAt, Instant updatedAt) {
    }

    @Schema(description = "The current global model")
    record ModelView(UUID taskId, int version,
            @Schema(description = "The round whose aggregation made it; 0 for the initial model") int round,
            float[] weights) {
    }

    @Schema(description = "One client's model update (delta) for one round")
    record UpdateRequest(
            @Schema(example = "phone-17") @NotBlank @Size(max = 100) @Pattern(regexp = ID_PATTERN,
                    message = "must be 1 to 100 letters, digits, '.', '_' or '-'") String clientId,
            @Schema(example = "1") @NotNull @Min(1) Integer round,
            @Schema(example = "[0.5, -0.25, 0.125]") @NotNull float[] delta,
            @Schema(example = "120", description = "Examples the client trained on: FEDAVG's weight")
            @NotNull @Min(1) Long numExamples) {
    }

    @Schema(description = "An accepted update, and the task after it")
    record UpdateAccepted(UUID taskId, String clientId, int round,
            @Schema(description = "true if this exact update had been accepted before (a retry)") boolean replayed,
            @Schema(description = "true if this update completed its round and the round was aggregated")
            boolean aggregated,
            String taskStatus, int currentRound, int updatesInRound, int modelVersion) {
    }
}
