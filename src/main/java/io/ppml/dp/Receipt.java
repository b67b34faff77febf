package io.ppml.dp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.ppml.dp.core.MechanismKind;
import io.ppml.dp.core.Statistic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;

/**
 * The receipt of a release as its row holds it: what was released — the noisy answer only, never the data it was
 * computed from — by which mechanism, at what cost, and the ledger entry that paid for it. Written once
 * ({@link ReceiptRepository#insertNow}), never changed.
 */
@Entity
@Immutable
@Table(name = "dp_receipts")
class Receipt {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "key_id")
    private @Nullable UUID keyId;

    @Column(nullable = false, length = 64)
    private String operation;

    @Enumerated(EnumType.STRING)
    @Column(length = 32)
    private @Nullable Statistic statistic;

    @Column(length = 200)
    private @Nullable String resource;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private MechanismKind mechanism;

    @Column(nullable = false)
    private double scale;

    @Column(nullable = false)
    private double sensitivity;

    @Column(nullable = false, precision = 40, scale = 24)
    private BigDecimal epsilon;

    @Column(nullable = false, precision = 40, scale = 24)
    private BigDecimal delta;

    @Column(nullable = false, precision = 40, scale = 24)
    private BigDecimal rho;

    @Column(name = "ledger_entry_id", nullable = false)
    private UUID ledgerEntryId;

    @Column(name = "ledger_sequence", nullable = false)
    private long ledgerSequence;

    /** The released (already noisy) answer, as JSON. */
    @Column(nullable = false, columnDefinition = "text")
    private String released;

    @SuppressWarnings("NullAway.Init")
    protected Receipt() {
    }

    Receipt(UUID id, UUID tenantId, Instant createdAt, @Nullable UUID keyId, String operation,
            @Nullable Statistic statistic, @Nullable String resource, MechanismKind mechanism, double scale,
            double sensitivity, BigDecimal epsilon, BigDecimal delta, BigDecimal rho, UUID ledgerEntryId,
            long ledgerSequence, String released) {
        this.id = id;
        this.tenantId = tenantId;
        this.createdAt = createdAt;
        this.keyId = keyId;
        this.operation = operation;
        this.statistic = statistic;
        this.resource = resource;
        this.mechanism = mechanism;
        this.scale = scale;
        this.sensitivity = sensitivity;
        this.epsilon = epsilon;
        this.delta = delta;
        this.rho = rho;
        this.ledgerEntryId = ledgerEntryId;
        this.ledgerSequence = ledgerSequence;
        this.released = released;
    }

    UUID id() {
        return id;
    }

    UUID tenantId() {
        return tenantId;
    }

    Instant createdAt() {
        return createdAt;
    }

    @Nullable UUID keyId() {
        return keyId;
    }

    String operation() {
        return operation;
    }

    @Nullable Statistic statistic() {
        return statistic;
    }

    @Nullable String resource() {
        return resource;
    }

    MechanismKind mechanism() {
        return mechanism;
    }

    double scale() {
        return scale;
    }

    double sensitivity() {
        return sensitivity;
    }

    BigDecimal epsilon() {
        return epsilon;
    }

    BigDecimal delta() {
        return delta;
    }

    BigDecimal rho() {
        return rho;
    }

    UUID ledgerEntryId() {
        return ledgerEntryId;
    }

    long ledgerSequence() {
        return ledgerSequence;
    }

    String released() {
        return released;
    }
}
