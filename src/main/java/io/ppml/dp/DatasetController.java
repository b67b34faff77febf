package io.ppml.dp;

import java.math.BigDecimal;
import java.util.UUID;

import io.ppml.dp.DatasetDtos.CreateDatasetRequest;
import io.ppml.dp.DatasetDtos.CsvUpload;
import io.ppml.dp.DatasetDtos.DatasetQuery;
import io.ppml.dp.DatasetDtos.DatasetView;
import io.ppml.dp.DpDtos.StatisticsResponse;
import io.ppml.persistence.Idempotency;
import io.ppml.tenant.Caller;
import io.ppml.web.ApiTags;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import io.ppml.web.ProblemCode;
import io.ppml.web.ProblemResponses;
import io.ppml.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.DP_DATASETS)
@RestController
@RequestMapping("/v1/dp/datasets")
class DatasetController {

    private final DatasetService datasets;
    private final DpService dp;

    DatasetController(DatasetService datasets, DpService dp) {
        this.datasets = datasets;
        this.dp = dp;
    }

    @Operation(operationId = "createDataset", summary = "Upload a dataset as JSON rows",
            description = "Each row is an array with one cell per column. Rows are sealed at rest and never returned.")
    @ApiResponse(responseCode = "201", description = "The dataset's metadata")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.CONFLICT, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping(consumes = "application/json")
    ResponseEntity<DatasetView> upload(@AuthenticationPrincipal Caller caller,
            @Valid @RequestBody CreateDatasetRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        return created(datasets.create(caller, request, idempotencyKey));
    }

    @Operation(operationId = "uploadDatasetCsv",
            summary = "Upload a dataset as CSV, with the schema in query parameters",
            description = "The first CSV row must name the columns in order. columns is a comma-separated list of "
                    + "name:NUMERIC[:lower:upper] or name:CATEGORICAL:cat1|cat2|...")
    @ApiResponse(responseCode = "201", description = "The dataset's metadata")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.CONFLICT, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping(path = "/csv", consumes = "text/csv")
    ResponseEntity<DatasetView> uploadCsv(@AuthenticationPrincipal Caller caller,
            @Parameter(example = "patients") @RequestParam String name,
            @Parameter(example = "age:NUMERIC:0:120,sex:CATEGORICAL:F|M") @RequestParam String columns,
            @RequestParam(required = false) @Nullable String privacyUnit,
            @RequestParam(required = false) @Nullable Integer maxContributions,
            @RequestParam(required = false) @Nullable BigDecimal epsilonCap,
            @RequestParam(required = false) @Nullable Boolean rowCountPublic,
            @RequestBody String csv,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        return created(datasets.create(caller, new CsvUpload(name, columns, privacyUnit, maxContributions,
                epsilonCap, rowCountPublic, csv), idempotencyKey));
    }

    @Operation(operationId = "listDatasets", summary = "List datasets (metadata only), oldest first, a page at a time",
            description = "rowCount is shown to OWNER keys, and to analysts only for datasets whose owner declared it "
                    + "public: a dataset's exact size is itself private")
    @ProblemResponses(ProblemCode.FORBIDDEN)
    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping
    Items<DatasetView> list(@AuthenticationPrincipal Caller caller, Paging paging) {
        return datasets.list(caller, paging);
    }

    @Operation(operationId = "getDataset", summary = "Read a dataset's metadata (never its rows)",
            description = "rowCount is shown to OWNER keys, and to analysts only if the owner declared it public")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/{id}")
    DatasetView get(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        return datasets.view(caller, id);
    }

    @Operation(operationId = "deleteDataset", summary = "Delete a dataset and its rows",
            description = "Deletes the dataset's metadata and its sealed rows. Budget already spent on it stays spent.")
    @ApiResponse(responseCode = "204", description = "Deleted, with its rows")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
    @PreAuthorize("hasRole('OWNER')")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        datasets.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "queryDataset", summary = "A differentially private statistic over a stored column",
            description = "Like /v1/dp/statistics on a stored column, optionally grouped by the declared categories "
                    + "of a CATEGORICAL column. With a privacy unit, each person's rows are bounded to "
                    + "maxContributions and sensitivities scale with it. Charged to the tenant and to the dataset's "
                    + "ε cap.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.BUDGET_EXHAUSTED,
            ProblemCode.CONFLICT, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('ANALYST')")
    @PostMapping("/{id}/query")
    ResponseEntity<StatisticsResponse> query(@AuthenticationPrincipal Caller caller, @PathVariable UUID id,
            @Valid @RequestBody DatasetQuery query,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        return Responses.ok(dp.queryDataset(caller, id, query, idempotencyKey));
    }

    private static ResponseEntity<DatasetView> created(Idempotency.Outcome<DatasetView> outcome) {
        return Responses.created(outcome, "/v1/dp/datasets/" + outcome.response().id());
    }
}
