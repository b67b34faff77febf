package io.ppml.smpc;

import io.ppml.refusal.Refusal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.ppml.crypto.Aead;
import io.ppml.crypto.MasterKey;
import io.ppml.smpc.SmpcDtos.CloseResponse;
import io.ppml.smpc.SmpcDtos.SessionRequest;
import io.ppml.smpc.SmpcDtos.SessionView;
import io.ppml.smpc.SmpcDtos.SubmitShareRequest;
import io.ppml.smpc.SmpcDtos.SubmitShareResponse;
import io.ppml.smpc.core.Checksums;
import io.ppml.smpc.core.Commitment;
import io.ppml.smpc.core.Field;
import io.ppml.smpc.core.Scheme;
import io.ppml.smpc.core.SecretSharing;
import io.ppml.smpc.core.SessionConfig;
import io.ppml.smpc.core.Share;
import io.ppml.smpc.core.Verification;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions on this aggregator node. Each node sees only its own shares; it stores them sealed, verifies them against
 * the contributor's commitments (PEDERSEN), keeps the DAP-style checksum of accepted submission ids, and at close
 * releases its aggregate share once (collect-once: closing again returns the same aggregate).
 */
@Service
class SmpcSessions {

    private final JdbcClient jdbc;
    private final Aead seal;
    private final Clock clock;
    private final JsonMapper json;

    SmpcSessions(JdbcClient jdbc, MasterKey masterKey, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.seal = masterKey.aead("smpc-shares");
        this.clock = clock;
        this.json = json;
    }

    /**
     * A session as this node stores it. {@code contributorsPerKey} is this node's policy — API keys exist per node —
     * so it sits beside the {@link SessionConfig} rather than in it, and stays out of the configHash that every node
     * must agree on (and that sessions created before it existed already published).
     */
    private record Row(UUID id, String sessionId, SessionConfig config, int partyIndex, int contributorsPerKey,
            String status, int contributors, String checksum, @Nullable String aggregate) {

        SessionView view() {
            return new SessionView(sessionId, config.configHash(), status, config.scheme(), config.parties(),
                    partyIndex, config.threshold(), config.vectorLength(), config.fractionBits(),
                    config.minContributors(), config.deadline(), config.verification(), contributorsPerKey,
                    contributors, checksum);
        }
    }

    /**
     * Creates the session, or returns it when it exists with the same configuration (idempotent PUT); else 409. A
     * {@code contributorsPerKey} left out of a repeated PUT matches whatever the session has, so that repeating the
     * creating request — or one written before the parameter existed — stays idempotent.
     */
    @Transactional
    SessionView put(UUID tenantId, String sessionId, SessionRequest request) {
        SessionConfig config = SmpcWire.refusedAs400(() -> SessionConfig.of(request.scheme(), request.parties(),
                request.threshold(),
                request.vectorLength(), request.fractionBits(), request.minContributors(), request.deadline(),
                request.verification()));
        if (request.partyIndex() > request.parties()) {
            throw Refusal.invalid("partyIndex", "must be between 1 and parties");
        }
        Row existing = find(tenantId, sessionId, "");
        if (existing == null) {
            // "on conflict do nothing" rather than catching the violation: on PostgreSQL a failed statement aborts the
            // transaction, so the read below would fail and a racing PUT would answer 500
            jdbc.sql("""
                    insert into smpc_sessions (id, tenant_id, session_id, scheme, parties, party_index, threshold,
                        vector_length, fraction_bits, min_contributors, deadline, verification, config_hash,
                        contributors_per_key, status, contributors, checksum, created_at)
                    values (:id, :tenant, :session, :scheme, :parties, :party, :threshold, :length, :bits, :min,
                        :deadline, :verification, :hash, :perKey, 'OPEN', 0, :checksum, :now)
                    on conflict do nothing""")
                    .param("id", UUID.randomUUID()).param("tenant", tenantId).param("session", sessionId)
                    .param("scheme", config.scheme().name()).param("parties", config.parties())
                    .param("party", request.partyIndex()).param("threshold", config.threshold())
                    .param("length", config.vectorLength()).param("bits", config.fractionBits())
                    .param("min", config.minContributors()).param("deadline", utc(config.deadline()))
                    .param("verification", config.verification().name()).param("hash", config.configHash())
                    .param("perKey", request.contributorsPerKey() == null
                            ? SmpcDtos.DEFAULT_CONTRIBUTORS_PER_KEY : request.contributorsPerKey())
                    .param("checksum", Checksums.EMPTY).param("now", utc(clock.instant())).update();
            existing = find(tenantId, sessionId, ""); // ours, or the one a racing PUT created: compared below
        }
        if (!existing.config().configHash().equals(config.configHash())
                || existing.partyIndex() != request.partyIndex()) {
            throw Refusal.conflict("Session '" + sessionId + "' exists with another configuration "
                    + "(configHash " + existing.config().configHash() + ").");
        }
        if (request.contributorsPerKey() != null && request.contributorsPerKey() != existing.contributorsPerKey()) {
            throw Refusal.conflict("Session '" + sessionId + "' exists with contributorsPerKey "
                    + existing.contributorsPerKey() + " on this node.");
        }
        return existing.view();
    }

    @Transactional(readOnly = true)
    SessionView get(UUID tenantId, String sessionId) {
        return require(tenantId, sessionId, "").view();
    }

    /**
     * Accepts one contributor's share for this node, or answers a retry of one. A submissionId names one submission
     * of one contributor, and the contributorId belongs to the API key that first submitted for it here:
     * <ul>
     *   <li>a submissionId already stored is a replay — the first answer again, nothing changes — only when the
     *       contributorId and the body (share, blinding, commitments) are the same and it comes from the key bound
     *       to that contributor; a different contributorId or body is a 409, another key a 403;</li>
     *   <li>a new submissionId for a contributor that already submitted is a 409 from its own key, a 403 from
     *       another; a key that would exceed the session's {@code contributorsPerKey} gets a 403.</li>
     * </ul>
     * A body that is not a share of this session is a 400 whatever its ids. Every submission to a session takes the
     * session's row lock first, so racing requests are decided one after the other on the committed state.
     */
    @Transactional
    SubmitShareResponse submit(UUID tenantId, UUID keyId, String sessionId, SubmitShareRequest request) {
        Row session = require(tenantId, sessionId, " for update");
        Submitted submitted = parse(session, request);
        Earlier earlier = jdbc.sql("""
                select contributor_id, key_id, sealed_share, commitments, verified from smpc_submissions
                where session_pk = :s and submission_id = :id""")
                .param("s", session.id()).param("id", request.submissionId())
                .query((rs, n) -> new Earlier(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5)))
                .optional().orElse(null);
        if (earlier != null) {
            return replay(tenantId, keyId, session, request, submitted, earlier);
        }
        if (!"OPEN".equals(session.status())) {
            throw Refusal.conflict("Session '" + sessionId + "' is closed.");
        }
        if (!clock.instant().isBefore(session.config().deadline())) {
            throw Refusal.conflict("Session '" + sessionId + "' passed its deadline "
                    + session.config().deadline() + ".");
        }
        record Owned(String submissionId, @Nullable UUID keyId) {
        }
        Owned owned = jdbc.sql("""
                select submission_id, key_id from smpc_submissions where session_pk = :s and contributor_id = :c""")
                .param("s", session.id()).param("c", request.contributorId())
                .query((rs, n) -> new Owned(rs.getString(1), rs.getObject(2, UUID.class))).optional().orElse(null);
        if (owned != null) {
            if (owned.keyId() != null && !owned.keyId().equals(keyId)) {
                throw boundToAnotherKey(request.contributorId(), sessionId);
            }
            throw Refusal.conflict("Contributor '" + request.contributorId() + "' already submitted to "
                    + "session '" + sessionId + "' (submissionId '" + owned.submissionId() + "'); a contributor "
                    + "submits once per session.");
        }
        int ofThisKey = jdbc.sql("select count(*) from smpc_submissions where session_pk = :s and key_id = :k")
                .param("s", session.id()).param("k", keyId).query(Integer.class).single();
        if (ofThisKey >= session.contributorsPerKey()) {
            throw Refusal.forbidden("This API key already submitted for " + ofThisKey + " contributor"
                    + (ofThisKey == 1 ? "" : "s") + " in session '" + sessionId + "', which allows "
                    + session.contributorsPerKey() + " per key (contributorsPerKey); submit for '"
                    + request.contributorId() + "' with its own key.");
        }
        if (submitted.pedersen()) {
            SmpcWire.refusedAs400(() -> {
                session.config().sharing().verify(submitted.share(), submitted.commitments());
                return null;
            });
        }
        byte[] plain = json.writeValueAsBytes(new Stored(SmpcWire.decimals(submitted.share().values()),
                submitted.share().blinding() == null ? null : submitted.share().blinding().toString()));
        String sealed = Base64.getEncoder().encodeToString(seal.encrypt(plain,
                associatedData(tenantId, sessionId, request.submissionId())));
        try {
            jdbc.sql("""
                    insert into smpc_submissions (session_pk, submission_id, contributor_id, key_id, sealed_share,
                        commitments, verified, created_at)
                    values (:s, :id, :contributor, :key, :sealed, :commitments, :verified, :now)""")
                    .param("s", session.id()).param("id", request.submissionId())
                    .param("contributor", request.contributorId()).param("key", keyId).param("sealed", sealed)
                    .param("commitments", submitted.pedersen() ? String.join(",", submitted.commitments().stream()
                            .map(Commitment::toHex).toList()) : null)
                    .param("verified", submitted.pedersen()).param("now", utc(clock.instant())).update();
        } catch (DuplicateKeyException raced) {
            // Unreachable while every insert holds the session's row lock (taken above); kept so that a writer that
            // did not would meet a problem rather than a 500.
            throw Refusal.conflict("Submission '" + request.submissionId() + "' or contributor '"
                    + request.contributorId() + "' was stored by a concurrent request; send it again to learn "
                    + "whether this one is a replay.");
        }
        jdbc.sql("update smpc_sessions set contributors = contributors + 1, checksum = :checksum where id = :id")
                .param("checksum", Checksums.withSubmission(session.checksum(), request.submissionId()))
                .param("id", session.id()).update();
        return new SubmitShareResponse(request.submissionId(), submitted.pedersen());
    }

    /** A submission as stored: who made it, with which key (null before migration V9), and its sealed share. */
    private record Earlier(String contributorId, @Nullable UUID keyId, String sealed, @Nullable String commitments,
            boolean verified) {
    }

    /** A request's share, parsed and bound to this node's slot of the session; not yet verified. */
    private record Submitted(Share share, List<Commitment> commitments, boolean pedersen) {
    }

    /**
     * The request as a share of this session, or a 400: the session's vector length, field elements, and the
     * blinding and commitments exactly when the session verifies. (Without verification they are refused rather than
     * ignored, so that what a replay is compared against is everything the request said.)
     */
    private static Submitted parse(Row session, SubmitShareRequest request) {
        if (request.share().size() != session.config().vectorLength()) {
            throw Refusal.invalid("share", "must have " + session.config().vectorLength()
                    + " elements (the session's vectorLength)");
        }
        BigInteger[] values = SmpcWire.elements(request.share(), "share");
        boolean pedersen = session.config().verification() == Verification.PEDERSEN;
        if (!pedersen) {
            if (request.blinding() != null || request.commitments() != null) {
                throw Refusal.invalid(request.blinding() != null ? "blinding" : "commitments",
                        "session '" + session.sessionId() + "' has verification NONE: send neither blinding nor "
                                + "commitments");
            }
            return new Submitted(SmpcWire.refusedAs400(() -> Share.of(binding(session), session.partyIndex(),
                    values)), List.of(), false);
        }
        if (request.blinding() == null || request.commitments() == null) {
            throw Refusal.invalid("commitments", "PEDERSEN sessions need the share's blinding and "
                    + "the contributor's commitments");
        }
        BigInteger blinding = SmpcWire.element(request.blinding(), "blinding");
        List<Commitment> commitments = SmpcWire.commitments(request.commitments(), "commitments");
        return new Submitted(SmpcWire.refusedAs400(() -> new Share(binding(session), session.partyIndex(), values,
                blinding)), commitments, true);
    }

    /**
     * The answer to a submissionId already stored: the first answer again when contributor, key and body match,
     * else the problem that names what differs. The stored share is unsealed and compared in constant time; its
     * values never appear in a detail.
     */
    private SubmitShareResponse replay(UUID tenantId, UUID keyId, Row session, SubmitShareRequest request,
            Submitted submitted, Earlier earlier) {
        String id = request.submissionId();
        if (!earlier.contributorId().equals(request.contributorId())) {
            throw Refusal.conflict("Submission '" + id + "' was made by another contributor in session '"
                    + session.sessionId() + "'; a submissionId names one submission of one contributor, so choose "
                    + "a new one.");
        }
        if (earlier.keyId() != null && !earlier.keyId().equals(keyId)) {
            throw boundToAnotherKey(request.contributorId(), session.sessionId());
        }
        Stored stored = unseal(tenantId, session.sessionId(), id, earlier.sealed());
        if (!Field.equalInConstantTime(stored.values(), submitted.share().values())) {
            throw differentBody(id, "share");
        }
        if (!sameBlinding(stored.blindingValue(), submitted.share().blinding())) {
            throw differentBody(id, "blinding");
        }
        List<String> storedCommitments = earlier.commitments() == null ? List.of()
                : SmpcWire.commitments(List.of(earlier.commitments().split(",")), "commitments").stream()
                        .map(Commitment::toHex).toList();
        if (!storedCommitments.equals(submitted.commitments().stream().map(Commitment::toHex).toList())) {
            throw differentBody(id, "commitments");
        }
        return new SubmitShareResponse(id, earlier.verified()); // a replay: counted once
    }

    private static boolean sameBlinding(@Nullable BigInteger stored, @Nullable BigInteger sent) {
        if (stored == null || sent == null) {
            return stored == sent;
        }
        return Field.equalInConstantTime(new BigInteger[] {stored}, new BigInteger[] {sent});
    }

    private static Refusal differentBody(String submissionId, String field) {
        return Refusal.conflict("Submission '" + submissionId + "' exists with a different " + field
                + "; a retry must repeat the first body exactly, and a new share needs a new submissionId.");
    }

    private static Refusal boundToAnotherKey(String contributorId, String sessionId) {
        return Refusal.forbidden("Contributor '" + contributorId + "' belongs to another API key in "
                + "session '" + sessionId + "': only the key that first submitted for it may submit or retry as it.");
    }

    private Stored unseal(UUID tenantId, String sessionId, String submissionId, String sealed) {
        return json.readValue(seal.decrypt(Base64.getDecoder().decode(sealed),
                associatedData(tenantId, sessionId, submissionId)), Stored.class);
    }

    private record Stored(List<String> share, @Nullable String blinding) {

        BigInteger[] values() {
            return share.stream().map(BigInteger::new).toArray(BigInteger[]::new);
        }

        @Nullable BigInteger blindingValue() {
            return blinding == null ? null : new BigInteger(blinding);
        }
    }

    /** Aggregates once and releases this node's aggregate share; closing again returns the same aggregate. */
    @Transactional
    CloseResponse close(UUID tenantId, String sessionId) {
        Row session = require(tenantId, sessionId, " for update");
        if (session.aggregate() != null) {
            return json.readValue(session.aggregate(), CloseResponse.class);
        }
        if (session.contributors() < session.config().minContributors()) {
            throw Refusal.conflict("Session '" + sessionId + "' has " + session.contributors()
                    + " contributors; it needs at least " + session.config().minContributors() + " to close.");
        }
        record Submission(String id, String sealed, @Nullable String commitments) {
        }
        List<Submission> submissions = jdbc.sql("""
                select submission_id, sealed_share, commitments from smpc_submissions where session_pk = :s""")
                .param("s", session.id())
                .query((rs, n) -> new Submission(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        List<Share> shares = new ArrayList<>();
        List<List<Commitment>> perContributor = new ArrayList<>();
        for (Submission submission : submissions) {
            Stored stored = unseal(tenantId, sessionId, submission.id(), submission.sealed());
            shares.add(new Share(binding(session), session.partyIndex(), stored.values(), stored.blindingValue()));
            if (submission.commitments() != null) {
                perContributor.add(SmpcWire.commitments(List.of(submission.commitments().split(",")),
                        "commitments"));
            }
        }
        Share total = Share.sum(shares);
        List<String> aggregateCommitments = perContributor.isEmpty() ? null
                : SecretSharing.aggregateCommitments(perContributor).stream().map(Commitment::toHex).toList();
        CloseResponse response = new CloseResponse(SmpcWire.decimals(total.values()),
                total.blinding() == null ? null : total.blinding().toString(), aggregateCommitments,
                session.contributors(), session.checksum());
        jdbc.sql("update smpc_sessions set status = 'CLOSED', aggregate = :aggregate, closed_at = :now where id = :id")
                .param("aggregate", json.writeValueAsString(response)).param("now", utc(clock.instant()))
                .param("id", session.id()).update();
        return response;
    }

    private static String binding(Row session) {
        return session.config().shareBinding(session.sessionId());
    }

    private Row require(UUID tenantId, String sessionId, String lock) {
        Row row = find(tenantId, sessionId, lock);
        if (row == null) {
            throw Refusal.notFound("There is no session '" + sessionId + "'.");
        }
        return row;
    }

    private @Nullable Row find(UUID tenantId, String sessionId, String lock) {
        return jdbc.sql("""
                select id, session_id, scheme, parties, threshold, vector_length, fraction_bits, min_contributors,
                    deadline, verification, party_index, contributors_per_key, status, contributors, checksum,
                    aggregate
                from smpc_sessions where tenant_id = :tenant and session_id = :session""" + lock)
                .param("tenant", tenantId).param("session", sessionId)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2),
                        new SessionConfig(Scheme.valueOf(rs.getString(3)), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                                rs.getInt(7), rs.getInt(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                                Verification.valueOf(rs.getString(10))),
                        rs.getInt(11), rs.getInt(12), rs.getString(13), rs.getInt(14), rs.getString(15),
                        rs.getString(16)))
                .optional().orElse(null);
    }

    private static byte[] associatedData(UUID tenantId, String sessionId, String submissionId) {
        return ("smpc-share\0" + tenantId + "\0" + sessionId + "\0" + submissionId).getBytes(StandardCharsets.UTF_8);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
