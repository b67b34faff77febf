package io.ppml.he;

import io.ppml.he.HeDtos.ComputeRequest;
import io.ppml.he.HeDtos.ComputeResponse;
import io.ppml.he.HeDtos.CreateKeyRequest;
import io.ppml.he.HeDtos.DecryptRequest;
import io.ppml.he.HeDtos.DecryptResponse;
import io.ppml.he.HeDtos.EncryptRequest;
import io.ppml.he.HeDtos.EncryptResponse;
import io.ppml.he.HeDtos.ImportKeyRequest;
import io.ppml.he.HeDtos.KeyView;
import io.ppml.he.HeDtos.PatchKeyRequest;
import io.ppml.persistence.Idempotency;
import io.ppml.tenant.Caller;
import io.ppml.web.ApiTags;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import io.ppml.web.ProblemCode;
import io.ppml.web.Expensive;
import io.ppml.web.ProblemResponses;
import io.ppml.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.HE)
@RestController
@RequestMapping("/v1/he")
class HeController {

    private final HeKeyService keys;
    private final HeService he;

    HeController(HeKeyService keys, HeService he) {
        this.keys = keys;
        this.he = he;
    }

    @Operation(operationId = "createHeKey", summary = "Create a Paillier key (2048 or 3072 bits)",
            description = "The private key is generated and stored sealed; only its public key ever leaves.")
    @ApiResponse(responseCode = "201", description = "The key with its first version's public key")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.CONFLICT, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @Expensive
    @PostMapping("/keys")
    ResponseEntity<KeyView> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateKeyRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        var outcome = keys.create(caller, request, idempotencyKey);
        return Responses.created(outcome, "/v1/he/keys/" + outcome.response().name());
    }

    @Operation(operationId = "importHeKey", summary = "Import a client-held public key (python-paillier JWK)",
            description = "The service can encrypt and compute under it, never decrypt.")
    @ApiResponse(responseCode = "201", description = "The imported public key, which the service can compute on "
            + "but never decrypt with")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.CONFLICT, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping("/keys/import")
    ResponseEntity<KeyView> importKey(@AuthenticationPrincipal Caller caller,
            @Valid @RequestBody ImportKeyRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        var outcome = keys.importPublic(caller, request, idempotencyKey);
        return Responses.created(outcome, "/v1/he/keys/" + outcome.response().name());
    }

    @Operation(operationId = "listHeKeys",
            summary = "List keys by name, with the public keys of every version, a page at a time",
            description = "The tenant's Paillier keys, each with the public key of every version, the latest "
                    + "version and the minimum version that still decrypts. Private keys never leave the service.")
    @GetMapping("/keys")
    Items<KeyView> list(@AuthenticationPrincipal Caller caller, Paging paging) {
        return keys.list(caller.tenantId(), paging);
    }

    @Operation(operationId = "getHeKey", summary = "A key with the public keys of every version",
            description = "Any key of the tenant may read it: the public key (a python-paillier JWK) of every "
                    + "version, for client-side encryption.")
    @ProblemResponses(ProblemCode.NOT_FOUND)
    @GetMapping("/keys/{name}")
    KeyView get(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return keys.get(caller.tenantId(), name);
    }

    @Operation(operationId = "rotateHeKey",
            summary = "Rotate: a new version becomes the latest; older ones still decrypt unless below "
            + "minDecryptionVersion",
            description = "Generates a new key pair as the next version, which encryptions use from now on. "
                    + "Ciphertexts under older versions still decrypt until minDecryptionVersion is raised above them.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    @PreAuthorize("hasRole('OWNER')")
    @Expensive
    @PostMapping("/keys/{name}/rotate")
    KeyView rotate(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return keys.rotate(caller.tenantId(), name);
    }

    @Operation(operationId = "updateHeKey", summary = "Set minDecryptionVersion or deletionAllowed",
            description = "Absent fields stay as they are. minDecryptionVersion is between 1 and the latest version; "
                    + "deletionAllowed must be true before the key can be deleted.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
    @PreAuthorize("hasRole('OWNER')")
    @PatchMapping("/keys/{name}")
    KeyView update(@AuthenticationPrincipal Caller caller, @PathVariable String name,
            @Valid @RequestBody PatchKeyRequest request) {
        return keys.update(caller.tenantId(), name, request);
    }

    @Operation(operationId = "deleteHeKey", summary = "Delete a key and all its versions (only when deletionAllowed)",
            description = "Only when deletionAllowed was set with PATCH (409 otherwise). Ciphertexts under the key can "
                    + "never be decrypted afterwards.")
    @ApiResponse(responseCode = "204", description = "Deleted with all its versions")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    @PreAuthorize("hasRole('OWNER')")
    @DeleteMapping("/keys/{name}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        keys.delete(caller.tenantId(), name);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "encryptValues", summary = "Encrypt values under a key version (default the latest)",
            description = "Integers are encoded exactly; reals as python-paillier encodes floats (mantissa × 16^e). "
                    + "Each ciphertext is FRESH: it carries provenance FRESH, count 1 and a tag.")
    @ProblemResponses(ProblemCode.NOT_FOUND)
    @PostMapping("/keys/{name}/encrypt")
    EncryptResponse encrypt(@AuthenticationPrincipal Caller caller, @PathVariable String name,
            @Valid @RequestBody EncryptRequest request) {
        return he.encrypt(caller, name, request);
    }

    @Operation(operationId = "computeOnCiphertexts",
            summary = "Compute on ciphertexts: ADD, SUBTRACT, SUM, NEGATE, ADD_PLAIN, MULTIPLY_PLAIN, DOT, MEAN",
            description = "The result is re-randomised. A SUM, ADD or MEAN of distinct FRESH ciphertexts is an "
                    + "AGGREGATE with count = how many; one with an input repeated is DUPLICATE_INPUTS; anything "
                    + "else is DERIVED. All compute and decrypt alike; only FRESH and AGGREGATE pass minAggregated.")
    @ProblemResponses(ProblemCode.NOT_FOUND)
    @PostMapping("/compute")
    ComputeResponse compute(@AuthenticationPrincipal Caller caller, @Valid @RequestBody ComputeRequest request) {
        return he.compute(caller, request);
    }

    @Operation(operationId = "decryptCiphertexts",
            summary = "Decrypt (OWNER only), optionally with Laplace noise charged to the privacy budget",
            description = "minAggregated refuses, naming the reason, any ciphertext that is not a FRESH or AGGREGATE "
                    + "one the service issued from at least that many distinct encryptions. Send an Idempotency-Key "
                    + "with dp: a retry returns the same noisy values.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.CONFLICT,
            ProblemCode.BUDGET_EXHAUSTED, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping("/keys/{name}/decrypt")
    ResponseEntity<DecryptResponse> decrypt(@AuthenticationPrincipal Caller caller, @PathVariable String name,
            @Valid @RequestBody DecryptRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        return Responses.ok(he.decrypt(caller, name, request, idempotencyKey));
    }
}
