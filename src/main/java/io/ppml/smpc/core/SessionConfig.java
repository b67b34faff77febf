package io.ppml.smpc.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * The parameters of an SMPC session that every node must agree on — everything except the node's own
 * {@code partyIndex}. Validated on construction; {@link #configHash()} is equal on all nodes of a session, so a
 * contributor or a collector can check that the nodes were configured alike.
 *
 * @param threshold the number of shares needed to reconstruct: t for Shamir (2 ≤ t ≤ n; t = 1 would make every
 *                  share the secret itself), always n for additive sharing
 * @param deadline  truncated to microseconds, the finest precision PostgreSQL and H2 timestamps keep, so that the
 *                  hash of a configuration read back from the database equals the hash of the one that was stored
 */
public record SessionConfig(Scheme scheme, int parties, int threshold, int vectorLength, int fractionBits,
        int minContributors, Instant deadline, Verification verification) {

    public SessionConfig {
        if (parties < 2 || parties > SecretSharing.MAX_PARTIES) {
            throw SmpcException.invalidInput("parties", "must be in [2, " + SecretSharing.MAX_PARTIES + "]");
        }
        if (scheme == Scheme.ADDITIVE && threshold != parties) {
            throw SmpcException.invalidInput("threshold",
                    "additive sharing needs all parties: threshold must equal parties");
        }
        if (scheme == Scheme.SHAMIR && (threshold < 2 || threshold > parties)) {
            throw SmpcException.invalidInput("threshold", "must be in [2, parties] for Shamir sharing");
        }
        if (vectorLength < 1 || vectorLength > Generators.MAX_LENGTH) {
            throw SmpcException.invalidInput("vectorLength", "must be in [1, " + Generators.MAX_LENGTH + "]");
        }
        if (fractionBits < 0 || fractionBits > FixedPoint.MAX_FRACTION_BITS) {
            throw SmpcException.invalidInput("fractionBits", "must be in [0, " + FixedPoint.MAX_FRACTION_BITS + "]");
        }
        if (minContributors < 1) {
            throw SmpcException.invalidInput("minContributors", "must be at least 1");
        }
        deadline = deadline.truncatedTo(ChronoUnit.MICROS);
    }

    /** A configuration with the threshold defaulted: n for additive sharing (where it may be omitted). */
    public static SessionConfig of(Scheme scheme, int parties, @Nullable Integer threshold, int vectorLength,
            int fractionBits, int minContributors, Instant deadline, Verification verification) {
        int t = threshold != null ? threshold : scheme == Scheme.ADDITIVE ? parties : -1;
        if (t == -1) {
            throw SmpcException.invalidInput("threshold", "is required for Shamir sharing");
        }
        return new SessionConfig(scheme, parties, t, vectorLength, fractionBits, minContributors, deadline,
                verification);
    }

    /**
     * SHA-256, in lower-case hex, of the canonical encoding of every parameter: the UTF-8 bytes of
     * <pre>
     * ppml-service/smpc/config/v1
     * scheme=SHAMIR
     * parties=3
     * threshold=2
     * vectorLength=1000
     * fractionBits=16
     * minContributors=5
     * deadline=2026-12-01T00:00:00Z
     * verification=PEDERSEN
     * </pre>
     * one {@code key=value} line each, ending in a newline, in this fixed order. The values are enum names, decimal
     * integers and the ISO-8601 UTC form of the deadline ({@link Instant#toString()}), none of which can contain a
     * newline or '=', so the encoding is unambiguous and two configurations hash alike exactly when they are equal.
     */
    public String configHash() {
        String canonical = "ppml-service/smpc/config/v1\n"
                + "scheme=" + scheme.name() + "\n"
                + "parties=" + parties + "\n"
                + "threshold=" + threshold + "\n"
                + "vectorLength=" + vectorLength + "\n"
                + "fractionBits=" + fractionBits + "\n"
                + "minContributors=" + minContributors + "\n"
                + "deadline=" + deadline + "\n"
                + "verification=" + verification.name() + "\n";
        return HexFormat.of().formatHex(Checksums.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The binding carried by every share of the session {@code sessionId}: the session id and the config hash, so
     * that neither two sessions with the same configuration nor two configurations under the same id can mix
     * shares. The hash has a fixed length of 64 characters at the end, so the string is unambiguous whatever the id.
     */
    public String shareBinding(String sessionId) {
        if (sessionId.isBlank()) {
            throw SmpcException.invalidInput("sessionId", "must not be blank");
        }
        return sessionId + "#" + configHash();
    }

    /** The sharing scheme of this session. */
    public SecretSharing sharing() {
        return SecretSharing.of(scheme, parties, threshold);
    }

    public FixedPoint fixedPoint() {
        return new FixedPoint(fractionBits);
    }
}
