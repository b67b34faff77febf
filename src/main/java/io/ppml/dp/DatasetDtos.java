package io.ppml.dp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.ppml.dp.core.MechanismKind;
import io.ppml.dp.core.Statistic;
import io.ppml.tenant.Role;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the dataset endpoints. */
final class DatasetDtos {

    static final String NAME_PATTERN = "^[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]*$";

    private DatasetDtos() {
    }

    enum ColumnType { NUMERIC, CATEGORICAL }

    @Schema(description = "A column: NUMERIC with default clamping bounds, or CATEGORICAL with its declared categories "
            + "(needed to group by it; leave them out for free-form values such as person identifiers)")
    record Column(
            @Schema(example = "age", description = "The column's name, unique in the dataset; queries name it")
            @NotBlank @Size(max = 100) @Pattern(regexp = NAME_PATTERN) String name,
            @Schema(example = "NUMERIC", description = "NUMERIC: every cell a finite number. CATEGORICAL: every cell "
                    + "a string (a number is taken as its text)") @NotNull ColumnType type,
            @Schema(example = "0", nullable = true, description = "NUMERIC only: the default lower clamping bound of "
                    + "queries; give both bounds or neither") @Nullable Double lower,
            @Schema(example = "120", nullable = true, description = "NUMERIC only: the default upper clamping bound, "
                    + "≥ lower") @Nullable Double upper,
            @Schema(example = "[\"F\", \"M\"]", nullable = true, description = "CATEGORICAL only: the allowed "
                    + "values, unique and non-empty; every cell must be one of them. Needed to group by the column "
                    + "or to count it in a HISTOGRAM") @Nullable List<@NotBlank String> categories) {
    }

    @Schema(description = "A dataset to upload; rows are stored sealed and never returned")
    record CreateDatasetRequest(
            @Schema(example = "patients", description = "Unique among the tenant's datasets") @NotBlank
            @Size(max = 100) @Pattern(regexp = NAME_PATTERN) String name,
            @Schema(description = "The schema: 1 to 100 columns with unique names, in the order of each row's "
                    + "cells") @NotEmpty @Size(max = 100) List<@Valid @NotNull Column> columns,
            @Schema(example = "patientId", nullable = true,
                    description = "A column naming the person each row belongs to; without it each row is a person")
            @Nullable String privacyUnit,
            @Schema(example = "3", nullable = true, description = "With privacyUnit: rows kept per person (default 1)")
            @Nullable @Min(1) @Max(1000) Integer maxContributions,
            @Schema(example = "5.0", nullable = true, description = "Most ε that queries of this dataset may spend")
            @Nullable @DecimalMin(value = "0", inclusive = false) BigDecimal epsilonCap,
            @Schema(example = "false", nullable = true, description = "Declare the number of rows public, so that "
                    + "analysts see rowCount. By default only OWNER keys see it: under add/remove-one neighbours "
                    + "the size of a dataset is private (each row, or each privacy unit, is a person)")
            @Nullable Boolean rowCountPublic,
            @Schema(example = "[[34, \"F\", \"p1\"], [51, \"M\", \"p2\"]]", description = "The rows, each an "
                    + "array with one cell per column in column order: a number for NUMERIC, a string for "
                    + "CATEGORICAL; no nulls. At most ppml.dp.max-values (default 1,000,000) rows")
            @NotNull List<@NotNull List<Object>> rows) {
    }

    /**
     * A CSV upload as it arrives: the schema and options in query parameters, the CSV in the body
     * ({@link DatasetCsv} reads it into a {@link CreateDatasetRequest}).
     */
    record CsvUpload(String name, String columns, @Nullable String privacyUnit, @Nullable Integer maxContributions,
            @Nullable BigDecimal epsilonCap, @Nullable Boolean rowCountPublic, String csv) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A stored dataset's metadata; its rows are never returned")
    record DatasetView(@Schema(description = "The dataset's id, for /v1/dp/datasets/{id}") UUID id,
            @Schema(example = "patients", description = "The dataset's name, unique in the tenant") String name,
            @Schema(description = "The schema, as uploaded") List<Column> columns,
            @Schema(example = "patientId", description = "The column naming each row's person; "
                    + "absent when each row is a person") @Nullable String privacyUnit,
            @Schema(example = "1", description = "Rows kept per person in each query (1 without a privacyUnit)")
            int maxContributions,
            @Schema(example = "5.0", description = "Most ε that queries of this dataset may spend; "
                    + "absent when uncapped") @Nullable Double epsilonCap,
            @Schema(example = "0.5", description = "ε that queries of this dataset have spent so far, counted against "
                    + "epsilonCap") double epsilonSpent,
            @Schema(nullable = true, description = "The exact number of rows: shown to OWNER keys, and to analysts "
                    + "only when the owner declared it public (rowCountPublic); absent otherwise", example = "2")
            @Nullable Integer rowCount,
            @Schema(example = "false", description = "Whether the owner declared the number of rows public")
            boolean rowCountPublic,
            @Schema(description = "When the dataset was uploaded") Instant createdAt) {

        /** What a caller of {@code role} may see: the exact size only for the owner, or when it was declared public. */
        DatasetView visibleTo(Role role) {
            return role == Role.OWNER || rowCountPublic ? this : new DatasetView(id, name, columns, privacyUnit,
                    maxContributions, epsilonCap, epsilonSpent, null, false, createdAt);
        }
    }

    @Schema(description = "A statistic over a stored column, optionally per declared category of another column")
    record DatasetQuery(
            @Schema(example = "MEAN", description = "What to release; a CATEGORICAL column allows COUNT and "
                    + "HISTOGRAM only") @NotNull Statistic statistic,
            @Schema(example = "age", description = "The column to aggregate") @NotBlank String column,
            @Schema(example = "sex", nullable = true, description = "A CATEGORICAL column; one result per category")
            @Nullable String groupBy,
            @Schema(example = "0.5", description = "The ε this query spends, in [2⁻⁵⁰, 10]; charged to the tenant's "
                    + "budget and to the dataset's epsilonCap. One charge pays for all groups") @NotNull Double epsilon,
            @Schema(example = "0", description = "0 for LAPLACE (the default); in (0, 1) for "
                    + "GAUSSIAN") @Nullable Double delta,
            @Schema(example = "LAPLACE", description = "LAPLACE (the default) or GAUSSIAN")
            @Nullable MechanismKind mechanism,
            @Schema(description = "Overrides the column's lower bound", nullable = true, example = "18")
            @Nullable Double lower,
            @Schema(description = "Overrides the column's upper bound", nullable = true, example = "90")
            @Nullable Double upper,
            @Schema(example = "[0.5, 0.9]", description = "For QUANTILES, each in [0, 1]")
            @Nullable List<Double> quantiles,
            @Schema(example = "[0, 18, 65, 120]", description = "For a HISTOGRAM over a NUMERIC "
                    + "column: increasing bin edges") @Nullable List<Double> bins,
            @Schema(example = "0.95", defaultValue = "0.95", description = "Level of the confidence "
                    + "interval in the answer, in (0, 1)") @Nullable Double confidenceLevel) {
    }
}
