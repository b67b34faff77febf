package io.ppml.dp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

import io.ppml.refusal.Refusal;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.jspecify.annotations.Nullable;

/**
 * A stored dataset as its row holds it: the schema in the clear (public to the tenant's analysts), the rows sealed
 * ({@link DatasetService} seals and opens them), and what its queries have spent of its ε cap — the one thing that
 * changes after the upload. {@code @DynamicUpdate}: a query's charge writes {@code epsilon_spent} alone, not the
 * sealed rows (megabytes for a large dataset) with it.
 */
@Entity
@Table(name = "dp_datasets")
@DynamicUpdate
class Dataset {

    /** The scale of the ε columns: a spend is rounded up to it, so rounding can only over-count. */
    static final int EPSILON_SCALE = 24;

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(nullable = false, length = 100, updatable = false)
    private String name;

    /** The column schema as JSON: [{name, type, lower?, upper?, categories?}]. */
    @Column(name = "columns_json", nullable = false, updatable = false, columnDefinition = "text")
    private String columnsJson;

    @Column(name = "privacy_unit", length = 100, updatable = false)
    private @Nullable String privacyUnit;

    @Column(name = "max_contributions", nullable = false, updatable = false)
    private int maxContributions;

    @Column(name = "epsilon_cap", precision = 40, scale = EPSILON_SCALE, updatable = false)
    private @Nullable BigDecimal epsilonCap;

    @Column(name = "epsilon_spent", nullable = false, precision = 40, scale = EPSILON_SCALE)
    private BigDecimal epsilonSpent;

    @Column(name = "row_count", nullable = false, updatable = false)
    private int rowCount;

    @Column(name = "row_count_public", nullable = false, updatable = false)
    private boolean rowCountPublic;

    /** The row limit the dataset was uploaded under (public): its queries are sized by it, never by rowCount. */
    @Column(name = "max_rows", nullable = false, updatable = false)
    private int maxRows;

    /** Base64 of the AES-GCM sealed JSON rows. */
    @Column(name = "sealed_rows", nullable = false, updatable = false, columnDefinition = "text")
    private String sealedRows;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @SuppressWarnings("NullAway.Init")
    protected Dataset() {
    }

    Dataset(UUID id, UUID tenantId, String name, String columnsJson, @Nullable String privacyUnit,
            int maxContributions, @Nullable BigDecimal epsilonCap, int rowCount, boolean rowCountPublic, int maxRows,
            String sealedRows, Instant createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.columnsJson = columnsJson;
        this.privacyUnit = privacyUnit;
        this.maxContributions = maxContributions;
        // as the column stores it, so that the upload's answer shows what every later read shows
        this.epsilonCap = epsilonCap == null ? null : epsilonCap.setScale(EPSILON_SCALE, RoundingMode.HALF_UP);
        this.epsilonSpent = BigDecimal.ZERO;
        this.rowCount = rowCount;
        this.rowCountPublic = rowCountPublic;
        this.maxRows = maxRows;
        this.sealedRows = sealedRows;
        this.createdAt = createdAt;
    }

    /**
     * Adds {@code epsilon}, rounded up, to what the dataset's queries have spent, refusing (403) beyond its cap.
     * The caller holds the row lock ({@link DatasetRepository#lockByIdAndTenantId}).
     *
     * @return the new spend
     */
    BigDecimal chargeCap(BigDecimal epsilon) {
        BigDecimal after = epsilonSpent.add(epsilon.setScale(EPSILON_SCALE, RoundingMode.CEILING));
        if (epsilonCap != null && after.compareTo(epsilonCap) > 0) {
            throw Refusal.budgetExhausted("This query needs ε = " + epsilon.stripTrailingZeros().toPlainString()
                    + " but dataset '" + name + "' has only ε = " + epsilonCap.subtract(epsilonSpent)
                    .max(BigDecimal.ZERO).stripTrailingZeros().toPlainString()
                    + " left of its cap. Nothing was spent.");
        }
        epsilonSpent = after;
        return after;
    }

    UUID id() {
        return id;
    }

    UUID tenantId() {
        return tenantId;
    }

    String name() {
        return name;
    }

    String columnsJson() {
        return columnsJson;
    }

    @Nullable String privacyUnit() {
        return privacyUnit;
    }

    int maxContributions() {
        return maxContributions;
    }

    @Nullable BigDecimal epsilonCap() {
        return epsilonCap;
    }

    BigDecimal epsilonSpent() {
        return epsilonSpent;
    }

    int rowCount() {
        return rowCount;
    }

    boolean rowCountPublic() {
        return rowCountPublic;
    }

    int maxRows() {
        return maxRows;
    }

    String sealedRows() {
        return sealedRows;
    }

    Instant createdAt() {
        return createdAt;
    }
}
