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

    private SmpcDtos() {
    }

    @Schema(description = "A contributor's own values, to be split into one share per aggregator node")
    record SplitRequest(
            @Schema(example = "[1250000.5, -42.25]") @NotEmpty @Size(max = SecretSharing.MAX_LENGTH)
            List<@NotNull Double> values,
            @Schema(example = "SHAMIR") @NotNull Scheme scheme,
            @Schema(example = "3") @NotNull @Min(2) @Max(SecretSharing.MAX_PARTIES) Integer parties,
            @Schema(example = "2", nullable = true, description = "Shamir only: shares needed to reconstruct")
            @Nullable Integer threshold,
            @Schema(example = "16") @NotNull @Min(0) @Max(FixedPoint.MAX_FRACTION_BITS) Integer fractionBits,
            @Schema(example = "PEDERSEN") @NotNull Verification verification) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ShareDto(int partyIndex, List<String> share, @Nullable String blinding) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SplitResponse(List<ShareDto> shares,
            @Schema(description = "Compressed SEC1 points, hex: per party (ADDITIVE) or per coefficient (SHAMIR)")
            @Nullable List<String> commitments) {
    }

    record Part(
            @Schema(example = "1") @NotNull @Min(1) @Max(SecretSharing.MAX_PARTIES) Integer partyIndex,
            @NotEmpty @Size(max = SecretSharing.MAX_LENGTH) List<@NotNull String> aggregateShare,
            @Schema(nullable = true) @Nullable String aggregateBlinding,
            @Schema(example = "3f5a…", description = "The node's checksum of accepted submissions")
            @NotNull String checksum) {
    }

    @Schema(description = "Aggregate shares from the nodes of one session; stateless")
    record ReconstructRequest(
            @Schema(example = "SHAMIR") @NotNull Scheme scheme,
            @Schema(example = "2", nullable = true) @Nullable Integer threshold,
            @Schema(example = "16") @NotNull @Min(0) @Max(FixedPoint.MAX_FRACTION_BITS) Integer fractionBits,
            @NotEmpty @Size(max = SecretSharing.MAX_PARTIES) List<@Valid @NotNull Part> parts,
            @Schema(nullable = true, description = "The aggregate commitments every node reported (hex); when given, "
                    + "each part and the total must open them") @Nullable List<@NotNull String> aggregateCommitments) {
    }

    record ReconstructResponse(List<Double> values, boolean verified) {
    }

    @Schema(description = "The same on every node of the session, except partyIndex")
    record SessionRequest(
            @Schema(example = "SHAMIR") @NotNull Scheme scheme,
            @Schema(example = "3") @NotNull @Min(2) @Max(SecretSharing.MAX_PARTIES) Integer parties,
            @Schema(example = "1", description = "Which node this is, 1..parties") @NotNull @Min(1)
            @Max(SecretSharing.MAX_PARTIES) Integer partyIndex,
            @Schema(example = "2", nullable = true) @Nullable Integer threshold,
            @Schema(example = "1") @NotNull @Min(1) @Max(SecretSharing.MAX_LENGTH) Integer vectorLength,
            @Schema(example = "16") @NotNull @Min(0) @Max(FixedPoint.MAX_FRACTION_BITS) Integer fractionBits,
            @Schema(example = "3") @NotNull @Min(1) Integer minContributors,
            @Schema(example = "2030-01-01T00:00:00Z") @NotNull java.time.Instant deadline,
            @Schema(example = "PEDERSEN") @NotNull Verification verification,
            @Schema(example = "1", nullable = true, description = "This node's policy, not part of configHash: how "
                    + "many contributorIds one API key may submit for (default 1 at creation; omitted on a repeated "
                    + "PUT, it matches whatever the session has)")
            @Nullable @Min(1) @Max(MAX_CONTRIBUTORS_PER_KEY) Integer contributorsPerKey) {
    }

    record SessionView(String sessionId, String configHash, String status, Scheme scheme, int parties,
            int partyIndex, int threshold, int vectorLength, int fractionBits, int minContributors,
            java.time.Instant deadline, Verification verification,
            @Schema(description = "This node's policy, not part of configHash") int contributorsPerKey,
            int contributors, String checksum) {
    }

    record SubmitShareRequest(
            @Schema(example = "bank-a", description = "Bound to the API key that first submits for it in the session")
            @NotBlank @Size(max = 100) String contributorId,
            @Schema(example = "bank-a-2026-q4", description = "Sent again with the same contributorId and body, a "
                    + "replay (the first answer again); with anything else, 409")
            @NotBlank @Size(max = 100) String submissionId,
            @NotEmpty @Size(max = SecretSharing.MAX_LENGTH) List<@NotNull String> share,
            @Schema(nullable = true, description = "Required with PEDERSEN, refused with NONE")
            @Nullable String blinding,
            @Schema(nullable = true, description = "The contributor's commitments (hex), required with PEDERSEN, "
                    + "refused with NONE")
            @Nullable List<@NotNull String> commitments) {
    }

    record SubmitShareResponse(String submissionId, boolean verified) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CloseResponse(List<String> aggregateShare, @Nullable String aggregateBlinding,
            @Nullable List<String> aggregateCommitments, int contributors, String checksum) {
    }
}
