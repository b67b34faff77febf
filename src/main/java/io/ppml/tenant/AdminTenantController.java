package io.ppml.tenant;

import java.util.UUID;

import io.ppml.persistence.Idempotency;
import io.ppml.tenant.TenantDtos.CreateTenantRequest;
import io.ppml.tenant.TenantDtos.CreatedTenant;
import io.ppml.tenant.TenantDtos.TenantPatch;
import io.ppml.tenant.TenantDtos.TenantView;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.TENANTS)
@RestController
@RequestMapping("/v1/admin/tenants")
class AdminTenantController {

    private final TenantService tenants;

    AdminTenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @Operation(operationId = "createTenant", summary = "Create a tenant with its privacy budget and first OWNER key",
            description = "Returns the OWNER key's secret once. Send an Idempotency-Key to retry safely: the same "
                    + "key and body within 24 h return the same tenant and key.")
    @ApiResponse(responseCode = "201", description = "The tenant, its budget and its first OWNER key with the "
            + "secret (shown only here)")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.CONFLICT, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PostMapping
    ResponseEntity<CreatedTenant> create(@Valid @RequestBody CreateTenantRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        var outcome = tenants.create(request, idempotencyKey);
        return Responses.created(outcome, "/v1/admin/tenants/" + outcome.response().id());
    }

    @Operation(operationId = "listTenants", summary = "List tenants, oldest first, a page at a time",
            description = "Every tenant with its budget totals and window. Admin token only.")
    @ProblemResponses(ProblemCode.FORBIDDEN)
    @GetMapping
    Items<TenantView> list(Paging paging) {
        return tenants.list(paging);
    }

    @Operation(operationId = "getTenant", summary = "Read a tenant",
            description = "A tenant with its budget totals and window. Admin token only.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND})
    @GetMapping("/{id}")
    TenantView get(@PathVariable UUID id) {
        return tenants.get(id);
    }

    @Operation(operationId = "updateTenant", summary = "Change a tenant's budget totals or window",
            description = "Absent fields stay as they are; \"budgetWindow\": null removes the window. Spend already "
                    + "recorded is never lowered: a smaller total only leaves less to spend, and a changed window "
                    + "starts now, keeping the spend of the window in progress (it then resets after the new period; "
                    + "never, without one). Resending the same window changes nothing. 409 if the tenant was "
                    + "changed concurrently.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    @PatchMapping("/{id}")
    TenantView update(@PathVariable UUID id, @Valid @RequestBody TenantPatch patch) {
        return tenants.update(id, patch);
    }
}
