package io.ppml.smpc;

import java.time.Instant;
import java.util.UUID;

import io.ppml.smpc.SmpcDtos.SessionView;
import io.ppml.smpc.core.Checksums;
import io.ppml.smpc.core.Scheme;
import io.ppml.smpc.core.SessionConfig;
import io.ppml.smpc.core.Verification;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * This node's part of a session: the configuration every node shares, this node's party index and its
 * {@code contributorsPerKey} policy — which sits beside the {@link SessionConfig} rather than in it, because API keys
 * exist per node, and so stays out of the configHash that every node must agree on (and that sessions created before
 * it existed already published) — then the running count and checksum of accepted submissions and, once closed, the
 * released aggregate.
 */
@Entity
@Table(name = "smpc_sessions")
class SmpcSession {

    enum Status {
        OPEN, CLOSED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private @Nullable UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    @Column(name = "session_id", nullable = false, updatable = false, length = 100)
    private String sessionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 16)
    private Scheme scheme;

    @Column(nullable = false, updatable = false)
    private int parties;

    @Column(name = "party_index", nullable = false, updatable = false)
    private int partyIndex;

    @Column(nullable = false, updatable = false)
    private int threshold;

    @Column(name = "vector_length", nullable = false, updatable = false)
    private int vectorLength;

    @Column(name = "fraction_bits", nullable = false, updatable = false)
    private int fractionBits;

    @Column(name = "min_contributors", nullable = false, updatable = false)
    private int minContributors;

    @Column(nullable = false, updatable = false)
    private Instant deadline;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 16)
    private Verification verification;

    @Column(name = "config_hash", nullable = false, updatable = false, length = 64)
    private String configHash;

    @Column(name = "contributors_per_key", nullable = false, updatable = false)
    private int contributorsPerKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Status status;

    @Column(nullable = false)
    private int contributors;

    @Column(nullable = false, length = 64)
    private String checksum;

    /** The released {@link SmpcDtos.CloseResponse} as JSON, set once at close. */
    @Column(columnDefinition = "text")
    private @Nullable String aggregate;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "closed_at")
    private @Nullable Instant closedAt;

    /** Built from the columns on first use: a locked submission asks for it several times. */
    private transient @Nullable SessionConfig config;

    @SuppressWarnings("NullAway.Init")
    protected SmpcSession() {
    }

    SmpcSession(UUID tenantId, String sessionId, SessionConfig config, int partyIndex, int contributorsPerKey,
            Instant now) {
        this.tenantId = tenantId;
        this.sessionId = sessionId;
        this.scheme = config.scheme();
        this.parties = config.parties();
        this.partyIndex = partyIndex;
        this.threshold = config.threshold();
        this.vectorLength = config.vectorLength();
        this.fractionBits = config.fractionBits();
        this.minContributors = config.minContributors();
        this.deadline = config.deadline();
        this.verification = config.verification();
        this.configHash = config.configHash();
        this.contributorsPerKey = contributorsPerKey;
        this.status = Status.OPEN;
        this.contributors = 0;
        this.checksum = Checksums.EMPTY;
        this.createdAt = now;
        this.config = config;
    }

    /** The row's id; set once the session is stored. */
    UUID id() {
        if (id == null) {
            throw new IllegalStateException("the session is not stored yet");
        }
        return id;
    }

    String sessionId() {
        return sessionId;
    }

    SessionConfig config() {
        SessionConfig c = config;
        if (c == null) {
            c = new SessionConfig(scheme, parties, threshold, vectorLength, fractionBits, minContributors, deadline,
                    verification);
            config = c;
        }
        return c;
    }

    int partyIndex() {
        return partyIndex;
    }

    int contributorsPerKey() {
        return contributorsPerKey;
    }

    boolean isOpen() {
        return status == Status.OPEN;
    }

    int contributors() {
        return contributors;
    }

    String checksum() {
        return checksum;
    }

    @Nullable String aggregate() {
        return aggregate;
    }

    /** What binds this node's shares of the session, so that shares of different sessions cannot be mixed. */
    String shareBinding() {
        return config().shareBinding(sessionId);
    }

    /** Counts an accepted submission into the contributors and the checksum; the caller holds the row lock. */
    void accept(String submissionId) {
        contributors++;
        checksum = Checksums.withSubmission(checksum, submissionId);
    }

    /** Closes the session with its released aggregate; the caller holds the row lock. */
    void close(String aggregateJson, Instant now) {
        status = Status.CLOSED;
        aggregate = aggregateJson;
        closedAt = now;
    }

    SessionView view() {
        SessionConfig c = config();
        return new SessionView(sessionId, c.configHash(), status.name(), c.scheme(), c.parties(), partyIndex,
                c.threshold(), c.vectorLength(), c.fractionBits(), c.minContributors(), c.deadline(),
                c.verification(), contributorsPerKey, contributors, checksum);
    }
}
