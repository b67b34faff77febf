package io.ppml.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.ppml.persistence.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One charge in the ledger, written once and never changed: who was charged what for which release, and the
 * window's spend after it. {@code sequence} numbers a tenant's entries 1, 2, 3, ... under its account's row lock.
 */
@Entity
@Table(name = "budget_ledger")
class BudgetLedgerEntry extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(name = "sequence", nullable = false)
    private long sequence;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "key_id")
    private @Nullable UUID keyId;

    @Column(name = "operation", nullable = false, length = 64)
    private String operation;

    @Column(name = "resource", length = 200)
    private @Nullable String resource;

    @Column(name = "mechanism", nullable = false, length = 32)
    private String mechanism;

    @Column(name = "epsilon", nullable = false, precision = 40, scale = 24)
    private BigDecimal epsilon;

    @Column(name = "delta", nullable = false, precision = 40, scale = 24)
    private BigDecimal delta;

    @Column(name = "rho", nullable = false, precision = 40, scale = 24)
    private BigDecimal rho;

    @Column(name = "idempotency_key", length = 255)
    private @Nullable String idempotencyKey;

    @Column(name = "window_start", nullable = false)
    private Instant windowStart;

    /** The window's reported ε after this charge. */
    @Column(name = "epsilon_spent", nullable = false, precision = 40, scale = 24)
    private BigDecimal epsilonSpent;

    /** The window's δ after this charge. */
    @Column(name = "delta_spent", nullable = false, precision = 40, scale = 24)
    private BigDecimal deltaSpent;

    @SuppressWarnings("NullAway.Init")
    protected BudgetLedgerEntry() {
    }

    BudgetLedgerEntry(UUID id, UUID tenantId, long sequence, Instant createdAt, @Nullable UUID keyId,
            String operation, @Nullable String resource, String mechanism, BigDecimal epsilon, BigDecimal delta,
            BigDecimal rho, @Nullable String idempotencyKey, Instant windowStart, BigDecimal epsilonSpent,
            BigDecimal deltaSpent) {
        this.id = id;
        this.tenantId = tenantId;
        this.sequence = sequence;
        this.createdAt = createdAt;
        this.keyId = keyId;
        this.operation = operation;
        this.resource = resource;
        this.mechanism = mechanism;
        this.epsilon = epsilon;
        this.delta = delta;
        this.rho = rho;
        this.idempotencyKey = idempotencyKey;
        this.windowStart = windowStart;
        this.epsilonSpent = epsilonSpent;
        this.deltaSpent = deltaSpent;
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID tenantId() {
        return tenantId;
    }

    long sequence() {
        return sequence;
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

    @Nullable String resource() {
        return resource;
    }

    String mechanism() {
        return mechanism;
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

    @Nullable String idempotencyKey() {
        return idempotencyKey;
    }

    Instant windowStart() {
        return windowStart;
    }

    BigDecimal epsilonSpent() {
        return epsilonSpent;
    }

    BigDecimal deltaSpent() {
        return deltaSpent;
    }

    /** The entry as the ledger endpoint shows it. */
    LedgerEntry view() {
        return new LedgerEntry(id, sequence, createdAt, keyId, operation, resource, mechanism, epsilon.doubleValue(),
                delta.doubleValue(), rho.doubleValue(), idempotencyKey, windowStart, epsilonSpent.doubleValue(),
                deltaSpent.doubleValue());
    }
}
