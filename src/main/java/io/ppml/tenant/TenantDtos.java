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
            @Schema(example = "hospital-research") @NotBlank @Size(max = 100)
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

        @Schema(example = "20.0")
        @DecimalMin("0") @Digits(integer = 12, fraction = 18)
        private @Nullable BigDecimal epsilonBudget;

        @Schema(example = "1e-5")
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
            @Schema(example = "10.0") double epsilon,
            @Schema(example = "1.0E-5") double delta,
            @Schema(example = "P30D", nullable = true) @Nullable String window) {

        static BudgetView of(Tenant tenant) {
            return new BudgetView(tenant.epsilonBudget().doubleValue(), tenant.deltaBudget().doubleValue(),
                    tenant.budgetWindow());
        }
    }

    record TenantView(UUID id, @Schema(example = "hospital-research") String name, BudgetView budget,
            Instant createdAt, Instant updatedAt) {

        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.id(), tenant.name(), BudgetView.of(tenant), tenant.createdAt(),
                    tenant.updatedAt());
        }
    }

    @Schema(description = "A new API key. The secret is shown in this response only (and in an idempotent replay "
            + "of the request that created it); the service keeps only its keyed hash.")
    record IssuedKey(UUID id, @Schema(example = "ci-pipeline") String name, Role role,
            @Schema(example = "ppml_4fT9...") String secret,
            @Schema(example = "ppml_4fT9kQ", description = "The first characters of the secret, for recognising it")
            String prefix, Instant createdAt) {
    }

    record CreatedTenant(UUID id, String name, BudgetView budget, Instant createdAt, IssuedKey apiKey) {
    }

    @Schema(name = "CreateApiKeyRequest", description = "A new API key of the caller's tenant")
    record CreateKeyRequest(
            @Schema(example = "analytics-dashboard") @NotBlank @Size(max = 100)
            @Pattern(regexp = NAME_PATTERN, message = NAME_MESSAGE) String name,
            @Schema(example = "ANALYST") @NotNull Role role) {
    }

    record ApiKeyView(UUID id, String name, Role role, @Schema(example = "ppml_4fT9kQ") String prefix,
            Instant createdAt, @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {

        static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id(), key.name(), key.role(), key.secretPrefix(), key.createdAt(),
                    key.lastUsedAt(), key.revokedAt());
        }
    }

    @Schema(description = "The calling key's tenant and role")
    record CallerView(TenantView tenant, UUID keyId, Role role) {
    }
}
