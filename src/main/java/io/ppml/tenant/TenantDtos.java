package io.ppml.tenant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the tenant endpoints. */
final class TenantDtos {

    static final String NAME_PATTERN = "^[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]*$";
    static final String NAME_MESSAGE = "must start with a letter or digit and hold only letters, digits, "
            + "spaces, '.', '_' and '-'";

    private TenantDtos() {
    }

    @Schema(description = "A new tenant and its privacy budget")
    record CreateTenantRequest(
            @Schema(example = "hospital-research", description = "The tenant's display name: letters, digits, "
                    + "spaces, '.', '_' and '-'") @NotBlank @Size(max = 100)
            @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
            @Schema(example = "10.0", description = "Total ε the tenant may spend per window (≥ 0)")
            @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 18) BigDecimal epsilonBudget,
            @Schema(example = "1e-5", description = "Total δ the tenant may spend per window, in [0, 1)")
            @NotNull @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) @Digits(integer = 1, fraction = 18)
            BigDecimal deltaBudget,
            @Schema(example = "P30D", nullable = true,
                    description = "Optional ISO-8601 period (days, months or years) after which spend starts "
                            + "again from zero; absent means the budget never resets")
            @Nullable String budgetWindow) {
    }

    /**
     * A partial change to a tenant's budget: absent fields stay as they are; {@code "budgetWindow": null} removes
     * the window.
     */
    @Schema(description = "Fields to change; absent fields stay as they are, \"budgetWindow\": null removes the window")
    static final class TenantPatch {

        @Schema(example = "20.0", description = "New total ε per window (≥ 0); what was spent stays spent, so a "
                + "lower total may leave nothing to spend")
        @DecimalMin("0") @Digits(integer = 12, fraction = 18)
        private @Nullable BigDecimal epsilonBudget;

        @Schema(example = "1e-5", description = "New total δ per window, in [0, 1)")
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) @Digits(integer = 1, fraction = 18)
        private @Nullable BigDecimal deltaBudget;

        @Schema(example = "P7D", nullable = true, description = "A new window starts now and keeps the spend of the "
                + "window in progress; null removes the window; the same period again changes nothing")
        private @Nullable String budgetWindow;

        @JsonIgnore
        private boolean budgetWindowPresent;

        public @Nullable BigDecimal getEpsilonBudget() {
            return epsilonBudget;
        }

        public void setEpsilonBudget(@Nullable BigDecimal epsilonBudget) {
            this.epsilonBudget = epsilonBudget;
        }

        public @Nullable BigDecimal getDeltaBudget() {
            return deltaBudget;
        }

        public void setDeltaBudget(@Nullable BigDecimal deltaBudget) {
            this.deltaBudget = deltaBudget;
        }

        public @Nullable String getBudgetWindow() {
            return budgetWindow;
        }

        @JsonSetter("budgetWindow")
        public void setBudgetWindow(@Nullable String budgetWindow) {
            this.budgetWindow = budgetWindow;
            this.budgetWindowPresent = true;
        }

        boolean budgetWindowPresent() {
            return budgetWindowPresent;
        }
    }

    @Schema(name = "TenantBudget", description = "The budget a tenant was given: totals per window, and the window")
    record BudgetView(
            @Schema(example = "10.0", description = "Total ε per window") double epsilon,
            @Schema(example = "1.0E-5", description = "Total δ per window") double delta,
            @Schema(example = "P30D", nullable = true, description = "ISO-8601 period after which spend starts again "
                    + "from zero; null when the budget never resets") @Nullable String window) {

        static BudgetView of(Tenant tenant) {
            return new BudgetView(tenant.epsilonBudget().doubleValue(), tenant.deltaBudget().doubleValue(),
                    tenant.budgetWindow());
        }
    }

    @Schema(description = "A tenant and the budget it was given (GET /v1/budget shows what it spent)")
    record TenantView(@Schema(description = "The tenant's id") UUID id,
            @Schema(example = "hospital-research", description = "The tenant's display name") String name,
            BudgetView budget,
            @Schema(description = "When the tenant was created") Instant createdAt,
            @Schema(description = "When the tenant was last changed with PATCH (its creation if never)")
            Instant updatedAt) {

        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id(), tenant.name(), BudgetView.of(tenant), tenant.createdAt(),
                    tenant.updatedAt());
        }
    }

    @Schema(description = "A new API key. The secret is shown in this response only (and in an idempotent replay "
            + "of the request that created it); the service keeps only its keyed hash.")
    record IssuedKey(@Schema(description = "The key's id: revoke it with DELETE /v1/keys/{id}") UUID id,
            @Schema(example = "ci-pipeline", description = "The key's name") String name,
            @Schema(example = "ANALYST", description = "What the key may do: OWNER (everything in its tenant), "
                    + "ANALYST (DP queries, read the budget) or CONTRIBUTOR (SMPC shares, FL updates, HE encrypt "
                    + "and compute)") Role role,
            @Schema(example = "ppml_4fT9...", description = "The bearer secret: \"ppml_\" and 43 base62 "
                    + "characters. Store it now: no other response shows it (but an idempotent replay of this one)")
            String secret,
            @Schema(example = "ppml_4fT9kQ", description = "The first characters of the secret, for recognising it")
            String prefix,
            @Schema(description = "When the key was issued") Instant createdAt) {
    }

    @Schema(description = "The new tenant and its first OWNER key")
    record CreatedTenant(@Schema(description = "The tenant's id") UUID id,
            @Schema(example = "hospital-research", description = "The tenant's display name") String name,
            BudgetView budget,
            @Schema(description = "When the tenant was created") Instant createdAt,
            @Schema(description = "The tenant's first API key, with role OWNER; its secret is shown only here")
            IssuedKey apiKey) {
    }

    @Schema(name = "CreateApiKeyRequest", description = "A new API key of the caller's tenant")
    record CreateKeyRequest(
            @Schema(example = "analytics-dashboard", description = "A name to recognise the key by (not unique)")
            @NotBlank @Size(max = 100) @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
            @Schema(example = "ANALYST", description = "OWNER (everything in the tenant, including keys), ANALYST "
                    + "(DP queries, read the budget; never raw data or decryption) or CONTRIBUTOR (SMPC shares, FL "
                    + "updates, HE encrypt and compute)") @NotNull Role role) {
    }

    @Schema(description = "An API key, without its secret")
    record ApiKeyView(@Schema(description = "The key's id") UUID id,
            @Schema(example = "ci-pipeline", description = "The key's name") String name,
            @Schema(example = "ANALYST", description = "OWNER, ANALYST or CONTRIBUTOR") Role role,
            @Schema(example = "ppml_4fT9kQ", description = "The first characters of the secret, for recognising it")
            String prefix,
            @Schema(description = "When the key was issued") Instant createdAt,
            @Schema(description = "When the key last authenticated a request, to within a minute; null if never")
            @Nullable Instant lastUsedAt,
            @Schema(description = "When the key was revoked (it authenticates nothing since); null while active")
            @Nullable Instant revokedAt) {

        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id(), key.name(), key.role(), key.secretPrefix(), key.createdAt(),
                    key.lastUsedAt(), key.revokedAt());
        }
    }

    @Schema(description = "The calling key's tenant and role")
    record CallerView(@Schema(description = "The caller's tenant") TenantView tenant,
            @Schema(description = "The id of the key that made this request") UUID keyId,
            @Schema(example = "ANALYST", description = "The key's role: OWNER, ANALYST or CONTRIBUTOR") Role role) {
    }
}
