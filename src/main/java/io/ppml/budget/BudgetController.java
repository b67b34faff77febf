package io.ppml.budget;

import io.ppml.tenant.Caller;
import io.ppml.web.ApiTags;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import io.ppml.web.ProblemCode;
import io.ppml.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.BUDGET)
@RestController
@RequestMapping("/v1/budget")
class BudgetController {

    private final BudgetService budget;

    BudgetController(BudgetService budget) {
        this.budget = budget;
    }

    @Operation(operationId = "getBudget",
            summary = "The tenant's budget: totals, spent and remaining in the current window, lifetime spend",
            description = "Any key. Total, spent and remaining ε and δ in the current window, when the window "
                    + "resets, and the lifetime spend, which never resets.")
    @GetMapping
    BudgetView budget(@AuthenticationPrincipal Caller caller) {
        return budget.view(caller.tenantId());
    }

    @Operation(operationId = "listLedgerEntries",
            summary = "Ledger entries, newest first, one per charge, a page at a time",
            description = "One entry per charge: time, key, operation, resource, ε, δ, ρ and idempotency key. Pass "
                    + "the response's nextCursor as ?after= to get the next page.")
    @ProblemResponses(ProblemCode.FORBIDDEN)
    @PreAuthorize("hasRole('ANALYST')")
    @GetMapping("/ledger")
    Items<LedgerEntry> ledger(@AuthenticationPrincipal Caller caller, Paging paging) {
        return budget.ledger(caller.tenantId(), paging);
    }
}
