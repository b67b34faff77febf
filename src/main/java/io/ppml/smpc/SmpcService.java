package io.ppml.smpc;

import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import io.ppml.refusal.Refusal;
import io.ppml.smpc.SmpcMetrics.Reason;
import io.ppml.smpc.SmpcDtos.CloseResponse;
import io.ppml.smpc.SmpcDtos.Part;
import io.ppml.smpc.SmpcDtos.ReconstructRequest;
import io.ppml.smpc.SmpcDtos.ReconstructResponse;
import io.ppml.smpc.SmpcDtos.SessionRequest;
import io.ppml.smpc.SmpcDtos.SessionView;
import io.ppml.smpc.SmpcDtos.ShareDto;
import io.ppml.smpc.SmpcDtos.SplitRequest;
import io.ppml.smpc.SmpcDtos.SplitResponse;
import io.ppml.smpc.SmpcDtos.SubmitShareRequest;
import io.ppml.smpc.SmpcDtos.SubmitShareResponse;
import io.ppml.smpc.core.Commitment;
import io.ppml.smpc.core.Dealing;
import io.ppml.smpc.core.Field;
import io.ppml.smpc.core.FixedPoint;
import io.ppml.smpc.core.Scheme;
import io.ppml.smpc.core.SecretSharing;
import io.ppml.smpc.core.SessionConfig;
import io.ppml.smpc.core.Share;
import io.ppml.smpc.core.SmpcException;
import io.ppml.smpc.core.Verification;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every SMPC endpoint of this aggregator node, and the transaction of each.
 *
 * <p>Sessions: each node sees only its own shares; it stores them sealed ({@link ShareSeal}), verifies them against
 * the contributor's commitments (PEDERSEN), keeps the DAP-style checksum of accepted submission ids, and at close
 * releases its aggregate share once (collect-once: closing again returns the same aggregate). Every submission and
 * the close take the session's row lock first, so racing requests are decided one after the other on the committed
 * state.
 *
 * <p>Stateless: {@code split} runs on a contributor's own node (it sees the contributor's values: the point of
 * running it there). {@code reconstruct} combines the aggregate shares the nodes released at close; it refuses parts
 * whose checksums differ (409: the nodes did not aggregate the same submissions) and, with the aggregate
 * commitments, a part or a total that does not open them (409: a node tampered with its share).
 */
@Service
class SmpcService {

    /** Shares from this endpoint belong to no stored session; the binding only keeps them from mixing in memory. */
    private static final String STATELESS = "stateless";

    private final SmpcSessionRepository sessions;
    private final SubmissionRepository submissions;
    private final ShareSeal seal;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final JsonMapper json;
    private final SmpcMetrics metrics;

    SmpcService(SmpcSessionRepository sessions, SubmissionRepository submissions, ShareSeal seal,
            PlatformTransactionManager transactions, Clock clock, JsonMapper json, SmpcMetrics metrics) {
        this.sessions = sessions;
        this.submissions = submissions;
        this.seal = seal;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.json = json;
        this.metrics = metrics;
    }

    // ---- sessions ----

    /**
     * Creates the session, or returns it when it exists with the same configuration (idempotent PUT); else 409. A
     * {@code contributorsPerKey} left out of a repeated PUT matches whatever the session has, so that repeating the
     * creating request — or one written before the parameter existed — stays idempotent.
     *
     * <p>Not {@code @Transactional}: it runs one transaction, and a second one if a racing PUT stored the session
     * between its read and its insert. On PostgreSQL a failed statement aborts its transaction, so the session the
     * racer stored can only be read, and compared, in a new one — which makes a lost race a 200 or a 409, never a
     * 500.
     */
    SessionView put(UUID tenantId, String sessionId, SessionRequest request) {
        if (!sessionId.matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")) {
            throw Refusal.invalid("sessionId", "must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        SessionConfig config = SessionConfig.of(request.scheme(), request.parties(), request.threshold(),
                request.vectorLength(), request.fractionBits(), request.minContributors(), request.deadline(),
                request.verification());
        if (request.partyIndex() > request.parties()) {
            throw Refusal.invalid("partyIndex", "must be between 1 and parties");
        }
        SmpcSession stored;
        try {
            stored = transaction.execute(tx -> sessions.findByTenantIdAndSessionId(tenantId, sessionId)
                    .orElseGet(() -> sessions.saveAndFlush(new SmpcSession(tenantId, sessionId, config,
                            request.partyIndex(), request.contributorsPerKey() == null
                                    ? SmpcDtos.DEFAULT_CONTRIBUTORS_PER_KEY : request.contributorsPerKey(),
                            clock.instant()))));
        } catch (DataIntegrityViolationException raced) {
            stored = transaction.execute(tx -> require(sessions.findByTenantIdAndSessionId(tenantId, sessionId),
                    sessionId));
        }
        if (!stored.config().configHash().equals(config.configHash())
                || stored.partyIndex() != request.partyIndex()) {
            throw Refusal.conflict("Session '" + sessionId + "' exists with another configuration "
                    + "(configHash " + stored.config().configHash() + ").");
        }
        if (request.contributorsPerKey() != null && request.contributorsPerKey() != stored.contributorsPerKey()) {
            throw Refusal.conflict("Session '" + sessionId + "' exists with contributorsPerKey "
                    + stored.contributorsPerKey() + " on this node.");
        }
        return stored.view();
    }

    @Transactional(readOnly = true)
    SessionView get(UUID tenantId, String sessionId) {
        return require(sessions.findByTenantIdAndSessionId(tenantId, sessionId), sessionId).view();
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
     * A body that is not a share of this session is a 400 whatever its ids.
     */
    @Transactional
    SubmitShareResponse submit(UUID tenantId, UUID keyId, String sessionId, SubmitShareRequest request) {
        SmpcSession session = refusedAs(Reason.NOT_FOUND,
                () -> require(sessions.findLockedByTenantIdAndSessionId(tenantId, sessionId), sessionId));
        Submitted submitted = refusedAs(Reason.INVALID, () -> parse(session, request));
        Optional<Submission> earlier = submissions.findBySessionPkAndSubmissionId(session.id(),
                request.submissionId());
        if (earlier.isPresent()) {
            // a replay's refusals: a contributor bound to another key, else a submissionId reused for another share
            SubmitShareResponse again = refusedAs(refusal -> refusal.kind() == Refusal.Kind.FORBIDDEN
                    ? Reason.KEY_NOT_ALLOWED : Reason.DUPLICATE,
                    () -> replay(tenantId, keyId, session, request, submitted, earlier.get()));
            metrics.replayed();
            return again;
        }
        if (!session.isOpen()) {
            throw refused(Reason.SESSION_CLOSED, Refusal.conflict("Session '" + sessionId + "' is closed."));
        }
        if (!clock.instant().isBefore(session.config().deadline())) {
            throw refused(Reason.SESSION_CLOSED, Refusal.conflict("Session '" + sessionId + "' passed its deadline "
                    + session.config().deadline() + "."));
        }
        Optional<Submission> owned = submissions.findBySessionPkAndContributorId(session.id(),
                request.contributorId());
        if (owned.isPresent()) {
            if (owned.get().keyId() != null && !keyId.equals(owned.get().keyId())) {
                throw refused(Reason.KEY_NOT_ALLOWED, boundToAnotherKey(request.contributorId(), sessionId));
            }
            throw refused(Reason.DUPLICATE, Refusal.conflict("Contributor '" + request.contributorId()
                    + "' already submitted to session '" + sessionId + "' (submissionId '"
                    + owned.get().submissionId() + "'); a contributor submits once per session."));
        }
        long ofThisKey = submissions.countBySessionPkAndKeyId(session.id(), keyId);
        if (ofThisKey >= session.contributorsPerKey()) {
            throw refused(Reason.KEY_NOT_ALLOWED, Refusal.forbidden("This API key already submitted for "
                    + ofThisKey + " contributor" + (ofThisKey == 1 ? "" : "s") + " in session '" + sessionId
                    + "', which allows " + session.contributorsPerKey() + " per key (contributorsPerKey); submit "
                    + "for '" + request.contributorId() + "' with its own key."));
        }
        if (submitted.pedersen()) {
            refusedAs(Reason.COMMITMENT_MISMATCH, () -> {
                session.config().sharing().verify(submitted.share(), submitted.commitments());
                return null;
            });
        }
        try {
            submissions.saveAndFlush(new Submission(session.id(), request.submissionId(), request.contributorId(),
                    keyId, seal.seal(tenantId, sessionId, request.submissionId(), submitted.share()),
                    submitted.pedersen() ? String.join(",", hex(submitted.commitments())) : null,
                    submitted.pedersen(), clock.instant()));
        } catch (DataIntegrityViolationException raced) {
            // Unreachable while every insert holds the session's row lock (taken above); kept so that a writer that
            // did not would meet a problem rather than a 500.
            throw refused(Reason.DUPLICATE, Refusal.conflict("Submission '" + request.submissionId()
                    + "' or contributor '" + request.contributorId() + "' was stored by a concurrent request; send "
                    + "it again to learn whether this one is a replay."));
        }
        session.accept(request.submissionId());
        metrics.accepted();
        return new SubmitShareResponse(request.submissionId(), submitted.pedersen());
    }

    /** {@code refusal}, counted as a submission refused for {@code reason}. */
    private Refusal refused(Reason reason, Refusal refusal) {
        metrics.refused(reason);
        return refusal;
    }

    /** {@code step}'s result; a refusal from it is counted as a submission refused for {@code reason}. */
    private <T> T refusedAs(Reason reason, Supplier<T> step) {
        return refusedAs(refusal -> reason, step);
    }

    private <T> T refusedAs(Function<Refusal, Reason> reason, Supplier<T> step) {
        try {
            return step.get();
        } catch (Refusal refusal) {
            metrics.refused(reason.apply(refusal));
            throw refusal;
        }
    }

    /** A request's share, parsed and bound to this node's slot of the session; not yet verified. */
    private record Submitted(Share share, List<Commitment> commitments, boolean pedersen) {
    }

    /**
     * The request as a share of this session, or a 400: the session's vector length, field elements, and the
     * blinding and commitments exactly when the session verifies. (Without verification they are refused rather than
     * ignored, so that what a replay is compared against is everything the request said.)
     */
    private static Submitted parse(SmpcSession session, SubmitShareRequest request) {
        if (request.share().size() != session.config().vectorLength()) {
            throw Refusal.invalid("share", "must have " + session.config().vectorLength()
                    + " elements (the session's vectorLength)");
        }
        BigInteger[] values = SmpcWire.elements(request.share(), "share");
        if (session.config().verification() != Verification.PEDERSEN) {
            if (request.blinding() != null || request.commitments() != null) {
                throw Refusal.invalid(request.blinding() != null ? "blinding" : "commitments",
                        "session '" + session.sessionId() + "' has verification NONE: send neither blinding nor "
                                + "commitments");
            }
            return new Submitted(Share.of(session.shareBinding(), session.partyIndex(), values), List.of(), false);
        }
        if (request.blinding() == null || request.commitments() == null) {
            throw Refusal.invalid("commitments", "PEDERSEN sessions need the share's blinding and "
                    + "the contributor's commitments");
        }
        BigInteger blinding = Field.parse(request.blinding(), "blinding");
        List<Commitment> commitments = SmpcWire.commitments(request.commitments(), "commitments");
        return new Submitted(new Share(session.shareBinding(), session.partyIndex(), values, blinding), commitments,
                true);
    }

    /**
     * The answer to a submissionId already stored: the first answer again when contributor, key and body match,
     * else the problem that names what differs. The stored share is unsealed and compared in constant time; its
     * values never appear in a detail.
     */
    private SubmitShareResponse replay(UUID tenantId, UUID keyId, SmpcSession session, SubmitShareRequest request,
            Submitted submitted, Submission earlier) {
        String id = request.submissionId();
        if (!earlier.contributorId().equals(request.contributorId())) {
            throw Refusal.conflict("Submission '" + id + "' was made by another contributor in session '"
                    + session.sessionId() + "'; a submissionId names one submission of one contributor, so choose "
                    + "a new one.");
        }
        if (earlier.keyId() != null && !keyId.equals(earlier.keyId())) {
            throw boundToAnotherKey(request.contributorId(), session.sessionId());
        }
        Share stored = seal.unseal(tenantId, session, id, earlier.sealedShare());
        if (!Field.equalInConstantTime(stored.values(), submitted.share().values())) {
            throw differentBody(id, "share");
        }
        if (!sameBlinding(stored.blinding(), submitted.share().blinding())) {
            throw differentBody(id, "blinding");
        }
        if (!storedCommitments(earlier).equals(hex(submitted.commitments()))) {
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

    /** Aggregates once and releases this node's aggregate share; closing again returns the same aggregate. */
    @Transactional
    CloseResponse close(UUID tenantId, String sessionId) {
        SmpcSession session = require(sessions.findLockedByTenantIdAndSessionId(tenantId, sessionId), sessionId);
        if (session.aggregate() != null) {
            return json.readValue(session.aggregate(), CloseResponse.class);
        }
        if (session.contributors() < session.config().minContributors()) {
            throw Refusal.conflict("Session '" + sessionId + "' has " + session.contributors()
                    + " contributors; it needs at least " + session.config().minContributors() + " to close.");
        }
        List<Share> shares = new ArrayList<>();
        List<List<Commitment>> perContributor = new ArrayList<>();
        for (Submission submission : submissions.findBySessionPk(session.id())) {
            shares.add(seal.unseal(tenantId, session, submission.submissionId(), submission.sealedShare()));
            if (submission.commitments() != null) {
                perContributor.add(SmpcWire.commitments(storedCommitments(submission), "commitments"));
            }
        }
        Share total = Share.sum(shares);
        List<String> aggregateCommitments = perContributor.isEmpty() ? null
                : hex(SecretSharing.aggregateCommitments(perContributor));
        CloseResponse response = new CloseResponse(SmpcWire.decimals(total.values()),
                total.blinding() == null ? null : total.blinding().toString(), aggregateCommitments,
                session.contributors(), session.checksum());
        session.close(json.writeValueAsString(response), clock.instant());
        return response;
    }

    private static SmpcSession require(Optional<SmpcSession> session, String sessionId) {
        return session.orElseThrow(() -> Refusal.notFound("There is no session '" + sessionId + "'."));
    }

    /** A submission's commitments as stored (hex, in order); empty without verification. */
    private static List<String> storedCommitments(Submission submission) {
        return submission.commitments() == null ? List.of() : List.of(submission.commitments().split(","));
    }

    private static List<String> hex(List<Commitment> commitments) {
        return commitments.stream().map(Commitment::toHex).toList();
    }

    // ---- stateless ----

    SplitResponse split(SplitRequest request) {
        SecretSharing sharing = sharing(request.scheme(), request.parties(), request.threshold());
        FixedPoint fixed = new FixedPoint(request.fractionBits());
        double[] values = request.values().stream().mapToDouble(Double::doubleValue).toArray();
        Dealing dealing = sharing.split(STATELESS, fixed.encodeAll(values), request.verification());
        List<ShareDto> shares = new ArrayList<>();
        for (Share share : dealing.shares()) {
            shares.add(new ShareDto(share.partyIndex(), SmpcWire.decimals(share.values()),
                    share.blinding() == null ? null : share.blinding().toString()));
        }
        List<String> commitments = request.verification() == Verification.PEDERSEN ? hex(dealing.commitments())
                : null;
        return new SplitResponse(shares, commitments);
    }

    ReconstructResponse reconstruct(ReconstructRequest request) {
        Set<String> checksums = new HashSet<>();
        request.parts().forEach(part -> checksums.add(part.checksum()));
        if (checksums.size() > 1) {
            throw Refusal.conflict("The parts' checksums differ: the nodes did not aggregate the same "
                    + "set of submissions, so their shares do not belong together.");
        }
        // the request names no party count: additive sharing needs every part, Shamir any t of at least that many
        int highestIndex = request.parts().stream().mapToInt(Part::partyIndex).max().orElse(0);
        SecretSharing sharing = request.scheme() == Scheme.ADDITIVE
                ? sharing(Scheme.ADDITIVE, request.parts().size(), request.threshold())
                : sharing(Scheme.SHAMIR, Math.max(highestIndex, request.threshold() == null ? 0
                        : request.threshold()), request.threshold());
        List<Share> parts = new ArrayList<>();
        for (int k = 0; k < request.parts().size(); k++) {
            Part part = request.parts().get(k);
            String field = "parts[" + k + "]";
            BigInteger[] values = SmpcWire.elements(part.aggregateShare(), field + ".aggregateShare");
            BigInteger blinding = part.aggregateBlinding() == null ? null
                    : Field.parse(part.aggregateBlinding(), field + ".aggregateBlinding");
            parts.add(new Share(STATELESS, part.partyIndex(), values, blinding));
        }
        boolean verified = request.aggregateCommitments() != null;
        BigInteger[] total;
        try {
            total = verified ? sharing.reconstruct(parts, SmpcWire.commitments(request.aggregateCommitments(),
                    "aggregateCommitments")) : sharing.reconstruct(parts);
        } catch (SmpcException e) {
            // here a failed verification means a node's aggregate does not match the commitments — someone
            // tampered — which is a conflict between the parts, not a malformed request
            if (e.problem() == SmpcException.Problem.VERIFICATION_FAILED) {
                throw Refusal.conflict("Verification failed at " + e.field() + ": " + e.reason()
                        + ". A node's share does not match the commitments.");
            }
            throw e;
        }
        FixedPoint fixed = new FixedPoint(request.fractionBits());
        List<Double> values = new ArrayList<>();
        for (int j = 0; j < total.length; j++) {
            values.add(fixed.decode(total[j], "values[" + j + "]"));
        }
        return new ReconstructResponse(values, verified);
    }

    private static SecretSharing sharing(Scheme scheme, int parties, @Nullable Integer threshold) {
        if (scheme == Scheme.ADDITIVE && threshold != null && threshold != parties) {
            throw Refusal.invalid("threshold", "ADDITIVE sharing needs every party; leave threshold out");
        }
        if (scheme == Scheme.SHAMIR && threshold == null) {
            throw Refusal.invalid("threshold", "is required for SHAMIR");
        }
        return SecretSharing.of(scheme, parties, threshold == null ? parties : threshold);
    }
}
