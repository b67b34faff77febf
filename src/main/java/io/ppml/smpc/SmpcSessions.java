package io.ppml.smpc;

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
import io.ppml.smpc.core.Scheme;
import io.ppml.smpc.core.SecretSharing;
import io.ppml.smpc.core.SessionConfig;
import io.ppml.smpc.core.Share;
import io.ppml.smpc.core.Verification;
import io.ppml.web.ProblemException;
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

    private record Row(UUID id, String sessionId, SessionConfig config, int partyIndex, String status,
            int contributors, String checksum, @Nullable String aggregate) {

        SessionView view() {
            return new SessionView(sessionId, config.configHash(), status, config.scheme(), config.parties(),
                    partyIndex, config.threshold(), config.vectorLength(), config.fractionBits(),
                    config.minContributors(), config.deadline(), config.verification(), contributors, checksum);
        }
    }

    /** Creates the session, or returns it when it exists with the same configuration (idempotent PUT); else 409. */
    @Transactional
    SessionView put(UUID tenantId, String sessionId, SessionRequest request) {
        SessionConfig config = SmpcWire.refusedAs400(() -> SessionConfig.of(request.scheme(), request.parties(),
                request.threshold(),
                request.vectorLength(), request.fractionBits(), request.minContributors(), request.deadline(),
                request.verification()));
        if (request.partyIndex() > request.parties()) {
            throw new ProblemException.Invalid("partyIndex", "must be between 1 and parties");
        }
        Row existing = find(tenantId, sessionId, "");
        if (existing == null) {
            try {
                jdbc.sql("""
                        insert into smpc_sessions (id, tenant_id, session_id, scheme, parties, party_index, threshold,
                            vector_length, fraction_bits, min_contributors, deadline, verification, config_hash, status,
                            contributors, checksum, created_at)
                        values (:id, :tenant, :session, :scheme, :parties, :party, :threshold, :length, :bits, :min,
                            :deadline, :verification, :hash, 'OPEN', 0, :checksum, :now)""")
                        .param("id", UUID.randomUUID()).param("tenant", tenantId).param("session", sessionId)
                        .param("scheme", config.scheme().name()).param("parties", config.parties())
                        .param("party", request.partyIndex()).param("threshold", config.threshold())
                        .param("length", config.vectorLength()).param("bits", config.fractionBits())
                        .param("min", config.minContributors()).param("deadline", utc(config.deadline()))
                        .param("verification", config.verification().name()).param("hash", config.configHash())
                        .param("checksum", Checksums.EMPTY).param("now", utc(clock.instant())).update();
            } catch (DuplicateKeyException raced) {
                // created concurrently: compare below
            }
            existing = find(tenantId, sessionId, "");
        }
        if (!existing.config().configHash().equals(config.configHash())
                || existing.partyIndex() != request.partyIndex()) {
            throw new ProblemException.Conflict("Session '" + sessionId + "' exists with another configuration "
                    + "(configHash " + existing.config().configHash() + ").");
        }
        return existing.view();
    }

    @Transactional(readOnly = true)
    SessionView get(UUID tenantId, String sessionId) {
        return require(tenantId, sessionId, "").view();
    }

    @Transactional
    SubmitShareResponse submit(UUID tenantId, String sessionId, SubmitShareRequest request) {
        Row session = require(tenantId, sessionId, " for update");
        Boolean earlier = jdbc.sql(
                "select verified from smpc_submissions where session_pk = :s and submission_id = :id")
                .param("s", session.id()).param("id", request.submissionId()).query(Boolean.class).optional()
                .orElse(null);
        if (earlier != null) {
            return new SubmitShareResponse(request.submissionId(), earlier); // a retry: counted once
        }
        if (!"OPEN".equals(session.status())) {
            throw new ProblemException.Conflict("Session '" + sessionId + "' is closed.");
        }
        if (!clock.instant().isBefore(session.config().deadline())) {
            throw new ProblemException.Conflict("Session '" + sessionId + "' passed its deadline "
                    + session.config().deadline() + ".");
        }
        if (request.share().size() != session.config().vectorLength()) {
            throw new ProblemException.Invalid("share", "must have " + session.config().vectorLength()
                    + " elements (the session's vectorLength)");
        }
        BigInteger[] values = SmpcWire.elements(request.share(), "share");
        boolean pedersen = session.config().verification() == Verification.PEDERSEN;
        BigInteger blinding = null;
        List<Commitment> commitments = List.of();
        if (pedersen) {
            if (request.blinding() == null || request.commitments() == null) {
                throw new ProblemException.Invalid("commitments", "PEDERSEN sessions need the share's blinding and "
                        + "the contributor's commitments");
            }
            blinding = SmpcWire.element(request.blinding(), "blinding");
            commitments = SmpcWire.commitments(request.commitments(), "commitments");
        }
        Share share = SmpcWire.refusedAs400(() -> new Share(binding(session), session.partyIndex(), values,
                null));
        if (pedersen) {
            BigInteger r = blinding;
            List<Commitment> c = commitments;
            Share blinded = SmpcWire.refusedAs400(() -> new Share(binding(session), session.partyIndex(), values, r));
            SmpcWire.refusedAs400(() -> {
                session.config().sharing().verify(blinded, c);
                return null;
            });
            share = blinded;
        }
        byte[] plain = json.writeValueAsBytes(new Stored(SmpcWire.decimals(share.values()),
                share.blinding() == null ? null : share.blinding().toString()));
        String sealed = Base64.getEncoder().encodeToString(seal.encrypt(plain,
                associatedData(tenantId, sessionId, request.submissionId())));
        try {
            jdbc.sql("""
                    insert into smpc_submissions (session_pk, submission_id, contributor_id, sealed_share, commitments,
                        verified, created_at)
                    values (:s, :id, :contributor, :sealed, :commitments, :verified, :now)""")
                    .param("s", session.id()).param("id", request.submissionId())
                    .param("contributor", request.contributorId()).param("sealed", sealed)
                    .param("commitments", pedersen ? String.join(",", request.commitments()) : null)
                    .param("verified", pedersen).param("now", utc(clock.instant())).update();
        } catch (DuplicateKeyException twice) {
            throw new ProblemException.Conflict("Contributor '" + request.contributorId() + "' already submitted to "
                    + "session '" + sessionId + "'.");
        }
        jdbc.sql("update smpc_sessions set contributors = contributors + 1, checksum = :checksum where id = :id")
                .param("checksum", Checksums.withSubmission(session.checksum(), request.submissionId()))
                .param("id", session.id()).update();
        return new SubmitShareResponse(request.submissionId(), pedersen);
    }

    private record Stored(List<String> share, @Nullable String blinding) {
    }

    /** Aggregates once and releases this node's aggregate share; closing again returns the same aggregate. */
    @Transactional
    CloseResponse close(UUID tenantId, String sessionId) {
        Row session = require(tenantId, sessionId, " for update");
        if (session.aggregate() != null) {
            return json.readValue(session.aggregate(), CloseResponse.class);
        }
        if (session.contributors() < session.config().minContributors()) {
            throw new ProblemException.Conflict("Session '" + sessionId + "' has " + session.contributors()
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
            Stored stored = json.readValue(seal.decrypt(Base64.getDecoder().decode(submission.sealed()),
                    associatedData(tenantId, sessionId, submission.id())), Stored.class);
            BigInteger[] values = stored.share().stream().map(BigInteger::new).toArray(BigInteger[]::new);
            shares.add(new Share(binding(session), session.partyIndex(), values,
                    stored.blinding() == null ? null : new BigInteger(stored.blinding())));
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
            throw new ProblemException.NotFound("There is no session '" + sessionId + "'.");
        }
        return row;
    }

    private @Nullable Row find(UUID tenantId, String sessionId, String lock) {
        return jdbc.sql("""
                select id, session_id, scheme, parties, threshold, vector_length, fraction_bits, min_contributors,
                    deadline, verification, party_index, status, contributors, checksum, aggregate
                from smpc_sessions where tenant_id = :tenant and session_id = :session""" + lock)
                .param("tenant", tenantId).param("session", sessionId)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2),
                        new SessionConfig(Scheme.valueOf(rs.getString(3)), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                                rs.getInt(7), rs.getInt(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                                Verification.valueOf(rs.getString(10))),
                        rs.getInt(11), rs.getString(12), rs.getInt(13), rs.getString(14), rs.getString(15)))
                .optional().orElse(null);
    }

    private static byte[] associatedData(UUID tenantId, String sessionId, String submissionId) {
        return ("smpc-share\0" + tenantId + "\0" + sessionId + "\0" + submissionId).getBytes(StandardCharsets.UTF_8);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
