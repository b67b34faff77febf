package io.ppml.he;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the homomorphic-encryption endpoints. Big integers travel as decimal strings. */
final class HeDtos {

    static final String NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]*$";
    static final String NAME_MESSAGE = "must start with a letter or digit and hold only letters, digits, '.', '_' "
            + "and '-'";

    private HeDtos() {
    }

    enum Scheme { PAILLIER }

    enum Operation { ADD, SUBTRACT, SUM, NEGATE, ADD_PLAIN, MULTIPLY_PLAIN, DOT, MEAN }

    @Schema(name = "CreateHeKeyRequest", description = "A new Paillier key, generated and kept by the service")
    record CreateKeyRequest(
            @Schema(example = "patients") @NotBlank @Size(max = 100) @Pattern(regexp = NAME_PATTERN,
                    message = NAME_MESSAGE) String name,
            @Schema(example = "PAILLIER") @NotNull Scheme scheme,
            @Schema(example = "2048", description = "2048 or 3072") @NotNull Integer modulusBits) {
    }

    record ImportKeyRequest(
            @Schema(example = "client-key") @NotBlank @Size(max = 100) @Pattern(regexp = NAME_PATTERN,
                    message = NAME_MESSAGE) String name,
            @Schema(description = "python-paillier's JWK: {kty: \"DAJ\", alg: \"PAI-GN1\", key_ops, kid, n}")
            @NotNull Map<String, Object> publicKey) {
    }

    record PatchKeyRequest(
            @Schema(example = "2", nullable = true) @Nullable @Min(1) Integer minDecryptionVersion,
            @Schema(example = "true", nullable = true) @Nullable Boolean deletionAllowed) {
    }

    record KeyVersionView(int version, int modulusBits, Map<String, Object> publicKey, Instant createdAt) {
    }

    record KeyView(String name, Scheme scheme, boolean imported, int latestVersion, int minDecryptionVersion,
            boolean deletionAllowed,
            @Schema(description = "The latest version's public key as a python-paillier JWK")
            Map<String, Object> publicKey, List<KeyVersionView> versions, Instant createdAt) {
    }

    /**
     * Where a ciphertext the service issued came from, as far as {@code minAggregated} is concerned; its tag covers
     * it. Only {@code FRESH} and {@code AGGREGATE} carry a {@code count}, and only they can pass {@code minAggregated}.
     */
    @Schema(description = "FRESH: one encryption from /encrypt (count 1). AGGREGATE: a SUM, ADD or MEAN of distinct "
            + "FRESH ciphertexts (count = how many). DUPLICATE_INPUTS: a SUM, ADD or MEAN in which one encryption "
            + "appears more than once. DERIVED: anything else (SUBTRACT, NEGATE, ADD_PLAIN, MULTIPLY_PLAIN, DOT, or "
            + "an operation on a computed, pre-provenance or client-made ciphertext). Only FRESH and AGGREGATE pass "
            + "minAggregated.")
    enum Provenance { FRESH, AGGREGATE, DUPLICATE_INPUTS, DERIVED }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A ciphertext: v (decimal) in Z*_{n²} and the base-16 exponent e. Ciphertexts the service "
            + "issued also carry provenance, count (FRESH and AGGREGATE only: how many distinct encryptions it sums) "
            + "and tag (an HMAC over all of them); send those back unchanged, or none of them")
    record CiphertextDto(
            @Schema(example = "8731947...") @NotBlank @Pattern(regexp = "^[0-9]{1,4000}$",
                    message = "must be a decimal integer") String v,
            @Schema(example = "0") @NotNull Integer e,
            @Schema(nullable = true) @Nullable Provenance provenance,
            @Schema(nullable = true, description = "Distinct encryptions summed; only on FRESH and AGGREGATE")
            @Nullable Long count,
            @Schema(nullable = true) @Nullable String tag) {
    }

    record EncryptRequest(
            @Schema(example = "[120, 135.5, -7]") @NotEmpty @Size(max = 100_000) List<@NotNull BigDecimal> values,
            @Schema(nullable = true, description = "Fixed base-16 exponent for every value; by default integers get 0 "
                    + "and reals python-paillier's float encoding") @Nullable Integer exponent,
            @Schema(nullable = true, description = "Key version; default the latest") @Nullable Integer version) {
    }

    record EncryptResponse(String key, int version, List<CiphertextDto> ciphertexts) {
    }

    record ComputeRequest(
            @Schema(example = "patients") @NotBlank @Size(max = 100) @Pattern(regexp = NAME_PATTERN,
                    message = NAME_MESSAGE) String key,
            @Schema(example = "1") @NotNull @Min(1) Integer version,
            @Schema(example = "SUM") @NotNull Operation operation,
            @NotEmpty @Size(max = 100_000) List<@Valid @NotNull CiphertextDto> ciphertexts,
            @Schema(nullable = true, description = "Plaintext operands: one for ADD_PLAIN and MULTIPLY_PLAIN, one "
                    + "weight per ciphertext for DOT") @Nullable List<@NotNull BigDecimal> operands) {
    }

    record ComputeResponse(String key, int version, CiphertextDto ciphertext) {
    }

    record DecryptRequest(
            @Schema(example = "1") @NotNull @Min(1) Integer version,
            @NotEmpty @Size(max = 10_000) List<@Valid @NotNull CiphertextDto> ciphertexts,
            @Schema(nullable = true, description = "Refuse unless every ciphertext is a FRESH or AGGREGATE one this "
                    + "service issued, summing at least this many distinct encryptions") @Nullable @Min(1)
            Long minAggregated,
            @Valid @Nullable DpOption dp) {
    }

    @Schema(description = "Add Laplace noise to the decrypted values, charged to the privacy budget")
    record DpOption(
            @Schema(example = "0.5") @NotNull Double epsilon,
            @Schema(example = "100", description = "L1 sensitivity of the decrypted vector: how much one person's "
                    + "data can change it") @NotNull @DecimalMin(value = "0", inclusive = false) Double sensitivity) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DecryptResponse(List<BigDecimal> values, @Nullable DpRelease dp) {
    }

    record DpRelease(double epsilon, double scale, double confidenceHalfWidth, double level, String receiptId,
            double epsilonRemaining) {
    }
}
