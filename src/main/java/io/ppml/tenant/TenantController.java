package io.ppml.tenant;

import io.ppml.tenant.TenantDtos.CallerView;
import io.ppml.web.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.TENANT)
@RestController
@RequestMapping("/v1/tenant")
class TenantController {

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @Operation(operationId = "getCallerTenant", summary = "The calling key's tenant and role",
            description = "Any key: the tenant it belongs to (with budget totals and window), the key's id and "
                    + "its role. A quick way to check a key.")
    @GetMapping
    CallerView whoAmI(@AuthenticationPrincipal Caller caller) {
        return new CallerView(tenants.get(caller.tenantId()), caller.keyId(), caller.role());
    }
}
