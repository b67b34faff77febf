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

    /** A public key as the key endpoints show it, for the OpenAPI examples. */
    private static final String JWK_EXAMPLE = "{\"kty\": \"DAJ\", \"alg\": \"PAI-GN1\", \"key_ops\": [\"encrypt\"], "
            + "\"kid\": \"patients/v1\", \"n\": \"u2Qm...\"}";

    private HeDtos() {
    }

    enum Scheme { PAILLIER }

    enum Operation { ADD, SUBTRACT, SUM, NEGATE, ADD_PLAIN, MULTIPLY_PLAIN, DOT, MEAN }

    @Schema(name = "CreateHeKeyRequest", description = "A new Paillier key, generated and kept by the service")
    record CreateKeyRequest(
            @Schema(example = "patients", description = "The key's name, unique in the tenant: letters, digits, '.', "
                    + "'_' and '-'; it names the key in every path") @NotBlank @Size(max = 100)
            @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
            @Schema(example = "PAILLIER", description = "The only scheme: Paillier with g = n + 1") @NotNull
            Scheme scheme,
            @Schema(example = "2048", description = "2048 or 3072") @NotNull Integer modulusBits) {
    }

    @Schema(description = "A client-held Paillier public key: the service encrypts and computes under it, and can "
            + "never decrypt")
    record ImportKeyRequest(
            @Schema(example = "client-key", description = "The key's name, unique in the tenant: letters, digits, "
                    + "'.', '_' and '-'") @NotBlank @Size(max = 100) @Pattern(regexp = NAME_PATTERN,
                    message = NAME_MESSAGE) String name,
            @Schema(description = "python-paillier's JWK: {kty: \"DAJ\", alg: \"PAI-GN1\", key_ops, kid, n}, n "
                    + "base64url (big-endian)", example = JWK_EXAMPLE)
            @NotNull Map<String, Object> publicKey) {
    }

    @Schema(description = "Changes to a key's policy; absent fields stay as they are")
    record PatchKeyRequest(
            @Schema(example = "2", nullable = true, description = "Versions below this no longer decrypt (they "
                    + "still encrypt and compute); between 1 and latestVersion, and may be lowered again")
            @Nullable @Min(1) Integer minDecryptionVersion,
            @Schema(example = "true", nullable = true, description = "Whether DELETE may remove the key (and with "
                    + "it every version, so that nothing encrypted under it decrypts again)")
            @Nullable Boolean deletionAllowed) {
    }

    @Schema(description = "One version of a key")
    record KeyVersionView(@Schema(example = "1", description = "The version number, from 1") int version,
            @Schema(example = "2048", description = "Size of the modulus n in bits") int modulusBits,
            @Schema(description = "This version's public key as a python-paillier JWK (kid \"<name>/v<version>\")",
                    example = JWK_EXAMPLE) Map<String, Object> publicKey,
            @Schema(description = "When this version was generated or imported") Instant createdAt) {
    }

    @Schema(description = "A named, versioned Paillier key: its policy and the public key of every version")
    record KeyView(@Schema(example = "patients", description = "The key's name, unique in the tenant") String name,
            @Schema(example = "PAILLIER", description = "The scheme: Paillier") Scheme scheme,
            @Schema(example = "false", description = "true for a client-held key imported with its public key only: "
                    + "the service cannot decrypt or rotate it") boolean imported,
            @Schema(example = "1", description = "The newest version: what encrypt uses by default") int latestVersion,
            @Schema(example = "1", description = "The oldest version that still decrypts") int minDecryptionVersion,
            @Schema(example = "false", description = "Whether DELETE may remove the key") boolean deletionAllowed,
            @Schema(description = "The latest version's public key as a python-paillier JWK", example = JWK_EXAMPLE)
            Map<String, Object> publicKey,
            @Schema(description = "Every version, oldest first") List<KeyVersionView> versions,
            @Schema(description = "When the key was created or imported") Instant createdAt) {
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
            @Schema(example = "8731947...", description = "The ciphertext c, a decimal integer in Z*_{n²} of the "
                    + "key version named by the request") @NotBlank @Pattern(regexp = "^[0-9]{1,4000}$",
                    message = "must be a decimal integer") String v,
            @Schema(example = "0", description = "The base-16 exponent of the encoded plaintext: value = "
                    + "mantissa × 16^e (python-paillier's encoding)") @NotNull Integer e,
            @Schema(nullable = true, example = "FRESH") @Nullable Provenance provenance,
            @Schema(nullable = true, example = "1", description = "Distinct encryptions summed; only on FRESH and "
                    + "AGGREGATE") @Nullable Long count,
            @Schema(nullable = true, example = "9b1f0c2d7e4a5b6c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e",
                    description = "HMAC (hex) by which the service recognises its own ciphertexts, over tenant, key "
                            + "version, v, e, provenance and count; absent on client-made ciphertexts")
            @Nullable String tag) {
    }

    @Schema(description = "Values to encrypt under one version of the key")
    record EncryptRequest(
            @Schema(example = "[120, 135.5, -7]", description = "Numbers to encrypt, 1 to 100,000; each must fit "
                    + "the key's encoding (|mantissa| ≤ n/3 − 1)") @NotEmpty @Size(max = 100_000)
            List<@NotNull BigDecimal> values,
            @Schema(nullable = true, example = "-2", description = "Fixed base-16 exponent for every value; by "
                    + "default integers get 0 and reals python-paillier's float encoding") @Nullable Integer exponent,
            @Schema(nullable = true, example = "1", description = "Key version; default the latest")
            @Nullable Integer version) {
    }

    @Schema(description = "The ciphertexts, one per value, in order")
    record EncryptResponse(@Schema(example = "patients", description = "The key's name") String key,
            @Schema(example = "1", description = "The key version they are encrypted under: send it with them")
            int version,
            @Schema(description = "One FRESH ciphertext per value, in order") List<CiphertextDto> ciphertexts) {
    }

    @Schema(description = "Arithmetic on ciphertexts of one key version; needs only the public key")
    record ComputeRequest(
            @Schema(example = "patients", description = "The key's name") @NotBlank @Size(max = 100)
            @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String key,
            @Schema(example = "1", description = "The key version every ciphertext is under") @NotNull @Min(1)
            Integer version,
            @Schema(example = "SUM", description = "ADD, SUBTRACT (exactly two ciphertexts); SUM, MEAN (one or "
                    + "more); NEGATE; ADD_PLAIN, MULTIPLY_PLAIN (one ciphertext, one operand); DOT (one weight per "
                    + "ciphertext)") @NotNull Operation operation,
            @Schema(description = "The inputs, 1 to 100,000, as the service issued them or as a client made them")
            @NotEmpty @Size(max = 100_000) List<@Valid @NotNull CiphertextDto> ciphertexts,
            @Schema(nullable = true, example = "[2.5]", description = "Plaintext operands: one for ADD_PLAIN and "
                    + "MULTIPLY_PLAIN, one weight per ciphertext for DOT")
            @Nullable List<@NotNull BigDecimal> operands) {
    }

    @Schema(description = "The result, re-randomised so that it does not show which operation made it")
    record ComputeResponse(@Schema(example = "patients", description = "The key's name") String key,
            @Schema(example = "1", description = "The key version of the result") int version,
            CiphertextDto ciphertext) {
    }

    @Schema(description = "Ciphertexts to decrypt with a version the service holds the private key of")
    record DecryptRequest(
            @Schema(example = "1", description = "The key version the ciphertexts are under; at least the key's "
                    + "minDecryptionVersion") @NotNull @Min(1) Integer version,
            @Schema(description = "1 to 10,000 ciphertexts of that version") @NotEmpty @Size(max = 10_000)
            List<@Valid @NotNull CiphertextDto> ciphertexts,
            @Schema(nullable = true, example = "10", description = "Refuse unless every ciphertext is a FRESH or "
                    + "AGGREGATE one this service issued, summing at least this many distinct encryptions")
            @Nullable @Min(1) Long minAggregated,
            @Valid @Nullable DpOption dp) {
    }

    @Schema(description = "Add Laplace noise to the decrypted values, charged to the privacy budget")
    record DpOption(
            @Schema(example = "0.5", description = "The ε this release spends, in [2⁻⁵⁰, 10]; the Laplace scale is "
                    + "sensitivity / ε") @NotNull Double epsilon,
            @Schema(example = "100", description = "L1 sensitivity of the decrypted vector: how much one person's "
                    + "data can change it") @NotNull @DecimalMin(value = "0", inclusive = false) Double sensitivity) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The plaintexts, one per ciphertext, in order")
    record DecryptResponse(
            @Schema(example = "[248.5]", description = "The decrypted values; with dp, noisy (a double's precision)")
            List<BigDecimal> values,
            @Schema(description = "With dp only: what the noise cost; absent otherwise") @Nullable DpRelease dp) {
    }

    @Schema(description = "The Laplace noise added to the decrypted values, and its cost")
    record DpRelease(@Schema(example = "0.5", description = "ε charged to the budget") double epsilon,
            @Schema(example = "200.0", description = "The Laplace scale b = sensitivity / ε") double scale,
            @Schema(example = "1337.6", description = "Every value lies within ± this of its true plaintext, all at "
                    + "once, with probability ≥ level") double confidenceHalfWidth,
            @Schema(example = "0.95", description = "The confidence level of confidenceHalfWidth") double level,
            @Schema(example = "1f0e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", description = "The receipt of this release: "
                    + "GET /v1/dp/receipts/{id}") String receiptId,
            @Schema(example = "9.5", description = "ε left in the tenant's current budget window")
            double epsilonRemaining) {
    }
}
