package io.ppml.smpc;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ppml.smpc.core.FixedPoint;
import io.ppml.smpc.core.Scheme;
import io.ppml.smpc.core.SecretSharing;
import io.ppml.smpc.core.Verification;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of the SMPC endpoints. Field elements travel as decimal strings. The bounds are the core's own
 * constants ({@link SecretSharing#MAX_PARTIES}, {@link SecretSharing#MAX_LENGTH},
 * {@link FixedPoint#MAX_FRACTION_BITS}), so that split, reconstruct and sessions accept the same sizes and the OpenAPI
 * document states them.
 */
final class SmpcDtos {

    /** The largest {@code contributorsPerKey}; sessions created before the limit existed have it (migration V9). */
    static final int MAX_CONTRIBUTORS_PER_KEY = 1_000_000;

    /** One key, one contributor, as DAP binds a report to one authenticated client: unless the owner says otherwise. */
    static final int DEFAULT_CONTRIBUTORS_PER_KEY = 1;

    /** How field elements travel, for the descriptions of the share fields. */
    private static final String ELEMENTS = "decimal strings: integers modulo q, the order of the P-256 group";

    /** A commitment as the endpoints show it (a compressed P-256 point, hex), for the OpenAPI examples. */
    private static final String COMMITMENTS_EXAMPLE =
            "[\"036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296\"]";

    private SmpcDtos() {
    }

    @Schema(description = "A contributor's own values, to be split into one share per aggregator node")
    record SplitRequest(
            @Schema(example = "[1250000.5, -42.25]", description = "The contributor's private vector; each value is "
                    + "encoded as fixed point, round(x · 2^fractionBits) mod q") @NotEmpty
            @Size(max = SecretSharing.MAX_LENGTH) List<@NotNull Double> values,
            @Schema(example = "SHAMIR", description = "ADDITIVE: n-of-n shares that sum to the input. SHAMIR: t-of-n "
                    + "shares, any threshold of them reconstruct") @NotNull Scheme scheme,
            @Schema(example = "3", description = "Number of aggregator nodes n: one share each") @NotNull @Min(2)
            @Max(SecretSharing.MAX_PARTIES) Integer parties,
            @Schema(example = "2", nullable = true, description = "Shamir only: shares needed to reconstruct")
            @Nullable Integer threshold,
            @Schema(example = "16", description = "Fixed-point precision: values are rounded to multiples of "
                    + "2^-fractionBits; must match the session's") @NotNull @Min(0) @Max(FixedPoint.MAX_FRACTION_BITS)
            Integer fractionBits,
            @Schema(example = "PEDERSEN", description = "PEDERSEN: also return a blinding per share and the "
                    + "commitments that let nodes verify them; NONE: neither") @NotNull Verification verification) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The share for one aggregator node: send it to that node's /shares")
    record ShareDto(@Schema(example = "1", description = "The node it is for, 1..parties") int partyIndex,
            @Schema(example = "[\"73480929105315432095\"]", description = "One field element per value, as "
                    + ELEMENTS) List<String> share,
            @Schema(example = "5573920174492019", description = "PEDERSEN only: this share's blinding factor r "
                    + "(decimal); absent with NONE") @Nullable String blinding) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A contributor's shares, one per node, and the commitments every node receives")
    record SplitResponse(@Schema(description = "One share per node, in partyIndex order") List<ShareDto> shares,
            @Schema(description = "Compressed SEC1 points, hex: per party (ADDITIVE) or per coefficient (SHAMIR)",
                    example = COMMITMENTS_EXAMPLE)
            @Nullable List<String> commitments) {
    }

    @Schema(description = "What one node released when its session closed")
    record Part(
            @Schema(example = "1", description = "The node's partyIndex") @NotNull @Min(1)
            @Max(SecretSharing.MAX_PARTIES) Integer partyIndex,
            @Schema(example = "[\"73480929105315432095\"]", description = "The node's aggregateShare from close, "
                    + "unchanged") @NotEmpty @Size(max = SecretSharing.MAX_LENGTH) List<@NotNull String> aggregateShare,
            @Schema(nullable = true, example = "5573920174492019", description = "The node's aggregateBlinding from "
                    + "close (PEDERSEN sessions); needed to check aggregateCommitments") @Nullable String
            aggregateBlinding,
            @Schema(example = "3f5a…", description = "The node's checksum of accepted submissions")
            @NotNull String checksum) {
    }

    @Schema(description = "Aggregate shares from the nodes of one session; stateless")
    record ReconstructRequest(
            @Schema(example = "SHAMIR", description = "The session's scheme") @NotNull Scheme scheme,
            @Schema(example = "2", nullable = true, description = "SHAMIR: the session's threshold (required); "
                    + "ADDITIVE: leave it out, every node's part is needed") @Nullable Integer threshold,
            @Schema(example = "16", description = "The session's fractionBits, to decode the total") @NotNull @Min(0)
            @Max(FixedPoint.MAX_FRACTION_BITS) Integer fractionBits,
            @Schema(description = "One part per node: all of them for ADDITIVE, at least threshold for SHAMIR; their "
                    + "checksums must be equal") @NotEmpty @Size(max = SecretSharing.MAX_PARTIES)
            List<@Valid @NotNull Part> parts,
            @Schema(nullable = true, example = COMMITMENTS_EXAMPLE, description = "The aggregate commitments every "
                    + "node reported (hex); when given, each part and the total must open them")
            @Nullable List<@NotNull String> aggregateCommitments) {
    }

    @Schema(description = "The total of every accepted contribution")
    record ReconstructResponse(
            @Schema(example = "[2500001.0, -84.5]", description = "The element-wise sum of the contributors' "
                    + "vectors, decoded from fixed point") List<Double> values,
            @Schema(example = "true", description = "true when aggregateCommitments were given and every part and "
                    + "the total opened them; false when none were given (nothing was checked)") boolean verified) {
    }

    @Schema(description = "The same on every node of the session, except partyIndex")
    record SessionRequest(
            @Schema(example = "SHAMIR", description = "ADDITIVE (n-of-n) or SHAMIR (t-of-n) sharing") @NotNull
            Scheme scheme,
            @Schema(example = "3", description = "Number of aggregator nodes n") @NotNull @Min(2)
            @Max(SecretSharing.MAX_PARTIES) Integer parties,
            @Schema(example = "1", description = "Which node this is, 1..parties") @NotNull @Min(1)
            @Max(SecretSharing.MAX_PARTIES) Integer partyIndex,
            @Schema(example = "2", nullable = true, description = "SHAMIR: shares needed to reconstruct, 2..parties "
                    + "(required); ADDITIVE: leave it out (it is parties)") @Nullable Integer threshold,
            @Schema(example = "1", description = "Elements in every contributor's vector") @NotNull @Min(1)
            @Max(SecretSharing.MAX_LENGTH) Integer vectorLength,
            @Schema(example = "16", description = "Fixed-point precision of the values: round(x · 2^fractionBits)")
            @NotNull @Min(0) @Max(FixedPoint.MAX_FRACTION_BITS) Integer fractionBits,
            @Schema(example = "3", description = "Accepted contributions needed before close releases the aggregate "
                    + "share") @NotNull @Min(1) Integer minContributors,
            @Schema(example = "2030-01-01T00:00:00Z", description = "After this instant the node accepts no more "
                    + "shares (kept to the microsecond)") @NotNull java.time.Instant deadline,
            @Schema(example = "PEDERSEN", description = "PEDERSEN: every share must come with its blinding and the "
                    + "contributor's commitments, and is verified; NONE: no verification") @NotNull
            Verification verification,
            @Schema(example = "1", nullable = true, description = "This node's policy, not part of configHash: how "
                    + "many contributorIds one API key may submit for (default 1 at creation; omitted on a repeated "
                    + "PUT, it matches whatever the session has)")
            @Nullable @Min(1) @Max(MAX_CONTRIBUTORS_PER_KEY) Integer contributorsPerKey) {
    }

    @Schema(description = "A session as this node sees it: its configuration and what it has accepted")
    record SessionView(@Schema(example = "survey-2026-q4", description = "The session's id, the same on every node")
            String sessionId,
            @Schema(example = "9f2c4e1a0b7d...", description = "SHA-256 (hex) of every session parameter except "
                    + "partyIndex: equal on all nodes of a session, so contributors can check they agree")
            String configHash,
            @Schema(example = "OPEN", description = "OPEN: accepting shares (until the deadline); CLOSED: the "
                    + "aggregate share was released") String status,
            @Schema(example = "SHAMIR", description = "ADDITIVE or SHAMIR") Scheme scheme,
            @Schema(example = "3", description = "Number of aggregator nodes") int parties,
            @Schema(example = "1", description = "This node's index, 1..parties") int partyIndex,
            @Schema(example = "2", description = "Shares needed to reconstruct (equal to parties for ADDITIVE)")
            int threshold,
            @Schema(example = "1", description = "Elements in every contributor's vector") int vectorLength,
            @Schema(example = "16", description = "Fixed-point precision of the values") int fractionBits,
            @Schema(example = "3", description = "Accepted contributions needed to close") int minContributors,
            @Schema(example = "2030-01-01T00:00:00Z", description = "No shares are accepted from this instant on")
            java.time.Instant deadline,
            @Schema(example = "PEDERSEN", description = "NONE or PEDERSEN") Verification verification,
            @Schema(example = "1", description = "How many contributorIds one API key may submit for: this node's "
                    + "policy, not part of configHash") int contributorsPerKey,
            @Schema(example = "2", description = "Contributions this node accepted") int contributors,
            @Schema(example = "0000000000000000000000000000000000000000000000000000000000000000", description = "XOR "
                    + "of the SHA-256 of every accepted submissionId (hex; 64 zeros for none): equal on nodes that "
                    + "accepted the same submissions") String checksum) {
    }

    @Schema(description = "One contributor's share for this node, once per session")
    record SubmitShareRequest(
            @Schema(example = "bank-a", description = "Bound to the API key that first submits for it in the session")
            @NotBlank @Size(max = 100) String contributorId,
            @Schema(example = "bank-a-2026-q4", description = "Sent again with the same contributorId and body, a "
                    + "replay (the first answer again); with anything else, 409")
            @NotBlank @Size(max = 100) String submissionId,
            @Schema(example = "[\"73480929105315432095\"]", description = "This node's share from split: "
                    + "vectorLength " + ELEMENTS) @NotEmpty @Size(max = SecretSharing.MAX_LENGTH)
            List<@NotNull String> share,
            @Schema(nullable = true, example = "5573920174492019", description = "This node's blinding from split "
                    + "(decimal); required with PEDERSEN, refused with NONE")
            @Nullable String blinding,
            @Schema(nullable = true, example = COMMITMENTS_EXAMPLE, description = "The contributor's commitments from "
                    + "split (hex), the same to every node; required with PEDERSEN, refused with NONE")
            @Nullable List<@NotNull String> commitments) {
    }

    @Schema(description = "An accepted share")
    record SubmitShareResponse(@Schema(example = "bank-a-2026-q4", description = "The submission accepted") String
            submissionId,
            @Schema(example = "true", description = "true when the share was checked against the contributor's "
                    + "commitments (PEDERSEN); false with NONE") boolean verified) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "This node's aggregate share, released once: closing again returns the same answer. "
            + "Send it to the collector as a part of /v1/smpc/reconstruct")
    record CloseResponse(
            @Schema(example = "[\"73480929105315432095\"]", description = "The element-wise sum of every accepted "
                    + "share, as " + ELEMENTS) List<String> aggregateShare,
            @Schema(example = "5573920174492019", description = "PEDERSEN only: the sum of the shares' blindings "
                    + "(decimal)") @Nullable String aggregateBlinding,
            @Schema(example = COMMITMENTS_EXAMPLE, description = "PEDERSEN only: the sum of every accepted "
                    + "contributor's commitments (hex), the same on every node") @Nullable List<String>
            aggregateCommitments,
            @Schema(example = "3", description = "Contributions in the aggregate") int contributors,
            @Schema(example = "0000000000000000000000000000000000000000000000000000000000000000", description = "The "
                    + "checksum of the aggregated submissions: reconstruct refuses parts whose checksums differ")
            String checksum) {
    }
}
