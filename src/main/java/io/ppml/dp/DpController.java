package io.ppml.dp;

import java.util.UUID;

import io.ppml.dp.DpDtos.NoiseRequest;
import io.ppml.dp.DpDtos.NoiseResponse;
import io.ppml.dp.DpDtos.PlanRequest;
import io.ppml.dp.DpDtos.PlanResponse;
import io.ppml.dp.DpDtos.Receipt;
import io.ppml.dp.DpDtos.StatisticsRequest;
import io.ppml.dp.DpDtos.StatisticsResponse;
import io.ppml.persistence.Idempotency;
import io.ppml.tenant.Caller;
import io.ppml.web.ApiTags;
import io.ppml.web.ProblemCode;
import io.ppml.web.ProblemResponses;
import io.ppml.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.DP)
@RestController
@RequestMapping("/v1/dp")
class DpController {

    private static final String AGES = "[34, 45, 29, 61, 52, 38, 47, 70, 25, 41, 56, 33]";
    static final String EXAMPLE_MEAN = "{\"statistic\": \"MEAN\", \"values\": " + AGES
            + ", \"lower\": 0, \"upper\": 100, \"epsilon\": 1.0}";
    static final String EXAMPLE_COUNT = "{\"statistic\": \"COUNT\", \"values\": " + AGES + ", \"epsilon\": 0.5}";
    static final String EXAMPLE_QUANTILES = "{\"statistic\": \"QUANTILES\", \"values\": " + AGES
            + ", \"lower\": 0, \"upper\": 100, \"quantiles\": [0.5, 0.9], \"epsilon\": 1.0}";
    static final String EXAMPLE_HISTOGRAM = "{\"statistic\": \"HISTOGRAM\", \"values\": [\"A\", \"B\", \"A\", "
            + "\"C\", \"A\", \"B\"], \"categories\": [\"A\", \"B\", \"C\"], \"epsilon\": 1.0}";

    private final DpService dp;

    DpController(DpService dp) {
        this.dp = dp;
    }

    @Operation(operationId = "addNoise",
            summary = "Add calibrated noise to values (the seed's add_laplace_noise, done safely)",
            description = "Laplace noise of scale sensitivity/ε (or Gaussian noise for (ε, δ)) on a power-of-two "
                    + "grid with exact discrete sampling; charged to the budget before the noise is drawn. Send an "
                    + "Idempotency-Key: a retry returns the same noisy values and is charged once.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.BUDGET_EXHAUSTED, ProblemCode.CONFLICT,
            ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping("/noise")
    ResponseEntity<NoiseResponse> noise(@AuthenticationPrincipal Caller caller,
            @Valid @RequestBody NoiseRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        return Responses.ok(dp.noise(caller, request, idempotencyKey));
    }

    @Operation(operationId = "releaseStatistic",
            summary = "A differentially private statistic over values (one per person)",
            description = "COUNT, SUM, MEAN, VARIANCE, STDDEV, QUANTILES or HISTOGRAM; each value is clamped to "
                    + "[lower, upper]. Returns the noisy result, a confidence interval from the noise distribution, "
                    + "the cost, the budget left and a receipt id.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = StatisticsRequest.class), examples = {
                            @ExampleObject(name = "mean", summary = "Mean age of 12 people, ages clamped to [0, 100]",
                                    value = EXAMPLE_MEAN),
                            @ExampleObject(name = "count", summary = "How many people (1 each)",
                                    value = EXAMPLE_COUNT),
                            @ExampleObject(name = "quantiles", summary = "Median and 90th percentile",
                                    value = EXAMPLE_QUANTILES),
                            @ExampleObject(name = "histogram", summary = "People per category",
                                    value = EXAMPLE_HISTOGRAM)})))
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.BUDGET_EXHAUSTED, ProblemCode.CONFLICT,
            ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping("/statistics")
    ResponseEntity<StatisticsResponse> statistics(@AuthenticationPrincipal Caller caller,
            @Valid @RequestBody StatisticsRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        return Responses.ok(dp.statistics(caller, request, idempotencyKey));
    }

    @Operation(operationId = "planRelease",
            summary = "Plan a release without spending: ε for a target half-width (or the reverse), its cost "
            + "and how many such releases the remaining budget allows",
            description = "Spends nothing. Give epsilon to learn the confidence interval's half-width, or a target "
                    + "halfWidth to learn the ε it needs; either way the cost, and how many such releases the "
                    + "remaining budget pays for. Statistics whose interval depends on the data (MEAN, VARIANCE, "
                    + "STDDEV, QUANTILES) get no half-width.")
    @ProblemResponses(ProblemCode.FORBIDDEN)
    @PreAuthorize("hasRole('ANALYST')")
    @PostMapping("/plan")
    PlanResponse plan(@AuthenticationPrincipal Caller caller, @Valid @RequestBody PlanRequest request) {
        return dp.plan(caller, request);
    }

    @Operation(operationId = "getReceipt", summary = "A receipt: what was released, how, and what it cost",
            description = "What a DP release returned, how (mechanism, scale, sensitivity), what it cost and where the "
                    + "ledger stood after it. The receiptId in a DP answer names it.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/receipts/{id}")
    Receipt receipt(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        return dp.receipt(caller.tenantId(), id);
    }

    @Operation(operationId = "getReceiptOfLedgerEntry", summary = "The receipt of the release a ledger entry paid for",
            description = "The receipt behind an entry of GET /v1/budget/ledger (its id), for DP releases and DP "
                    + "decrypts. FL rounds have none (their task shows them), nor has a charge kept after its release "
                    + "failed: both answer 404.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/receipts/by-ledger-entry/{entryId}")
    Receipt receiptOfLedgerEntry(@AuthenticationPrincipal Caller caller, @PathVariable UUID entryId) {
        return dp.receiptOfLedgerEntry(caller.tenantId(), entryId);
    }
}
