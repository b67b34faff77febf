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
            @Schema(example = "age") @NotBlank @Size(max = 100) @Pattern(regexp = NAME_PATTERN) String name,
            @Schema(example = "NUMERIC") @NotNull ColumnType type,
            @Schema(example = "0", nullable = true) @Nullable Double lower,
            @Schema(example = "120", nullable = true) @Nullable Double upper,
            @Schema(example = "[\"F\", \"M\"]", nullable = true) @Nullable List<@NotBlank String> categories) {
    }

    @Schema(description = "A dataset to upload; rows are stored sealed and never returned")
    record CreateDatasetRequest(
            @Schema(example = "patients") @NotBlank @Size(max = 100) @Pattern(regexp = NAME_PATTERN) String name,
            @NotEmpty @Size(max = 100) List<@Valid @NotNull Column> columns,
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
            @Schema(example = "[[34, \"F\", \"p1\"], [51, \"M\", \"p2\"]]") @NotNull List<@NotNull List<Object>> rows) {
    }

    /**
     * A CSV upload as it arrives: the schema and options in query parameters, the CSV in the body
     * ({@link DatasetCsv} reads it into a {@link CreateDatasetRequest}).
     */
    record CsvUpload(String name, String columns, @Nullable String privacyUnit, @Nullable Integer maxContributions,
            @Nullable BigDecimal epsilonCap, @Nullable Boolean rowCountPublic, String csv) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DatasetView(UUID id, String name, List<Column> columns, @Nullable String privacyUnit, int maxContributions,
            @Nullable Double epsilonCap, double epsilonSpent,
            @Schema(nullable = true, description = "The exact number of rows: shown to OWNER keys, and to analysts "
                    + "only when the owner declared it public (rowCountPublic); absent otherwise")
            @Nullable Integer rowCount, boolean rowCountPublic, Instant createdAt) {

        /** What a caller of {@code role} may see: the exact size only for the owner, or when it was declared public. */
        DatasetView visibleTo(Role role) {
            return role == Role.OWNER || rowCountPublic ? this : new DatasetView(id, name, columns, privacyUnit,
                    maxContributions, epsilonCap, epsilonSpent, null, false, createdAt);
        }
    }

    @Schema(description = "A statistic over a stored column, optionally per declared category of another column")
    record DatasetQuery(
            @Schema(example = "MEAN") @NotNull Statistic statistic,
            @Schema(example = "age") @NotBlank String column,
            @Schema(example = "sex", nullable = true, description = "A CATEGORICAL column; one result per category")
            @Nullable String groupBy,
            @Schema(example = "0.5") @NotNull Double epsilon,
            @Nullable Double delta,
            @Nullable MechanismKind mechanism,
            @Schema(description = "Overrides the column's lower bound", nullable = true) @Nullable Double lower,
            @Schema(description = "Overrides the column's upper bound", nullable = true) @Nullable Double upper,
            @Nullable List<Double> quantiles,
            @Nullable List<Double> bins,
            @Nullable Double confidenceLevel) {
    }
}
