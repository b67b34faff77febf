package io.ppml.tenant;

import java.util.UUID;

import io.ppml.persistence.Idempotency;
import io.ppml.tenant.TenantDtos.ApiKeyView;
import io.ppml.tenant.TenantDtos.CreateKeyRequest;
import io.ppml.tenant.TenantDtos.IssuedKey;
import io.ppml.web.ApiTags;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import io.ppml.web.ProblemCode;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.KEYS)
@RestController
@RequestMapping("/v1/keys")
class ApiKeyController {

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @Operation(operationId = "createApiKey", summary = "Create an API key",
            description = "The secret is in this response only; the service keeps its keyed hash. Send an "
                    + "Idempotency-Key to retry safely.")
    @ApiResponse(responseCode = "201", description = "The key with its secret (shown only here)")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.CONFLICT, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping
    ResponseEntity<IssuedKey> create(@AuthenticationPrincipal Caller caller,
            @Valid @RequestBody CreateKeyRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        var outcome = keys.create(caller, request, idempotencyKey);
        return Responses.created(outcome, "/v1/keys/" + outcome.response().id());
    }

    @Operation(operationId = "listApiKeys",
            summary = "List the tenant's API keys (never their secrets), oldest first, a page at a time",
            description = "Every key of the caller's tenant with its role, prefix, creation, last use and "
                    + "revocation time. Secrets are never shown again after creation.")
    @ProblemResponses(ProblemCode.FORBIDDEN)
    @PreAuthorize("hasRole('OWNER')")
    @GetMapping
    Items<ApiKeyView> list(@AuthenticationPrincipal Caller caller, Paging paging) {
        return keys.list(caller.tenantId(), paging);
    }

    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key, effective immediately",
            description = "Effective immediately, on every instance: the key is refused (401) from the next "
                    + "request on. Revoking a revoked key changes nothing.")
    @ApiResponse(responseCode = "204", description = "Revoked: the key is refused from now on")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
    @PreAuthorize("hasRole('OWNER')")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal Caller caller, @PathVariable UUID id) {
        keys.revoke(caller.tenantId(), id);
        return ResponseEntity.noContent().build();
    }
}
