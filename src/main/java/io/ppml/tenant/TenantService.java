package io.ppml.tenant;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.ppml.persistence.Idempotency;
import io.ppml.persistence.Rows;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.TenantDtos.BudgetView;
import io.ppml.tenant.TenantDtos.CreateTenantRequest;
import io.ppml.tenant.TenantDtos.CreatedTenant;
import io.ppml.tenant.TenantDtos.IssuedKey;
import io.ppml.tenant.TenantDtos.TenantPatch;
import io.ppml.tenant.TenantDtos.TenantView;
import io.ppml.web.Cursor;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, reads and changes tenants; a new tenant comes with its first OWNER key. */
@Service
class TenantService implements TenantBudgets {

    private static final Cursor<Cursor.Created> CURSOR = Cursor.byCreation("tenants");

    private final TenantRepository tenants;
    private final ApiKeyService keys;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Idempotency idempotency;

    TenantService(TenantRepository tenants, ApiKeyService keys, Clock clock, ApplicationEventPublisher events,
            JdbcClient jdbc, Idempotency idempotency) {
        this.tenants = tenants;
        this.keys = keys;
        this.clock = clock;
        this.events = events;
        this.jdbc = jdbc;
        this.idempotency = idempotency;
    }

    /**
     * Creates a tenant with its first OWNER key, once per {@code idempotencyKey}: a retry returns the same tenant
     * and key. The transaction is the idempotency record's; the other modules set up their part of the tenant in it
     * ({@link TenantCreated}).
     */
    Idempotency.Outcome<CreatedTenant> create(CreateTenantRequest request, @Nullable String idempotencyKey) {
        return idempotency.run(new Idempotency.Request(AdminPrincipal.IDEMPOTENCY_SCOPE, idempotencyKey,
                "POST /v1/admin/tenants", request), CreatedTenant.class, () -> newTenant(request));
    }

    private CreatedTenant newTenant(CreateTenantRequest request) {
        String name = request.name().strip();
        if (tenants.existsByName(name)) {
            throw Refusal.conflict("A tenant named '" + name + "' already exists.");
        }
        String window = BudgetWindow.normalize(request.budgetWindow());
        Tenant tenant;
        try {
            tenant = tenants.saveAndFlush(new Tenant(UUID.randomUUID(), name, request.epsilonBudget(),
                    request.deltaBudget(), window, clock.instant()));
        } catch (DataIntegrityViolationException raced) {
            throw Refusal.conflict("A tenant named '" + name + "' already exists.");
        }
        IssuedKey owner = keys.issue(tenant.id(), "owner", Role.OWNER);
        events.publishEvent(new TenantCreated(tenant.id(), tenant.createdAt()));
        return new CreatedTenant(tenant.id(), tenant.name(), BudgetView.of(tenant), tenant.createdAt(), owner);
    }

    /** One page of the tenants, in creation order. */
    @Transactional(readOnly = true)
    Items<TenantView> list(Paging paging) {
        return paging.page(CURSOR, (after, limit) -> after == null ? tenants.findAllByOrderByCreatedAtAscIdAsc(limit)
                : tenants.findAfter(after.at(), after.id(), limit),
                tenant -> new Cursor.Created(tenant.createdAt(), tenant.id()), TenantView::of);
    }

    @Transactional(readOnly = true)
    TenantView get(UUID id) {
        return TenantView.of(load(id));
    }

    /**
     * Changes budget totals or the window. Spend already recorded is never lowered by this: a smaller total only
     * leaves less (possibly nothing) to spend, and a window change (adding, changing or removing it) takes effect
     * now — the privacy ledger carries the spend of the window in progress into a window that starts at this moment
     * ({@link BudgetWindowChanged}, handled in this transaction). Resending the same period changes nothing, so a
     * retried PATCH does not move the window again.
     */
    @Transactional
    TenantView update(UUID id, TenantPatch patch) {
        Tenant tenant = load(id);
        BigDecimal epsilon = patch.getEpsilonBudget() == null ? tenant.epsilonBudget() : patch.getEpsilonBudget();
        BigDecimal delta = patch.getDeltaBudget() == null ? tenant.deltaBudget() : patch.getDeltaBudget();
        String window = patch.budgetWindowPresent() ? BudgetWindow.normalize(patch.getBudgetWindow())
                : tenant.budgetWindow();
        Period previous = period(tenant.budgetWindow());
        Period current = period(window);
        Instant now = clock.instant();
        tenant.changeBudget(epsilon, delta, window, now);
        try {
            Tenant saved = tenants.saveAndFlush(tenant);
            if (!Objects.equals(normalized(previous), normalized(current))) {
                events.publishEvent(new BudgetWindowChanged(id, previous, current, now));
            }
            return TenantView.of(saved);
        } catch (ConcurrencyFailureException raced) {
            // another change of this tenant committed first (its version moved on): this one must not overwrite it
            throw Refusal.conflict("The tenant was changed by another request at the same time; read it "
                    + "again and retry.");
        }
    }

    /**
     * Read on every charge, inside the charging transaction: one plain SQL statement, with no nested transactional
     * proxy or ORM session work of its own.
     */
    @Override
    public Optional<BudgetSettings> find(UUID tenantId) {
        return jdbc.sql("""
                select id, epsilon_budget, delta_budget, budget_window, created_at from tenants where id = :id""")
                .param("id", tenantId)
                .query(TenantService::budgetSettings)
                .optional();
    }

    @Override
    public List<BudgetSettings> all() {
        return jdbc.sql("select id, epsilon_budget, delta_budget, budget_window, created_at from tenants")
                .query(TenantService::budgetSettings)
                .list();
    }

    private static BudgetSettings budgetSettings(ResultSet rs, int row) throws SQLException {
        return new BudgetSettings(Rows.uuid(rs, "id"), rs.getBigDecimal("epsilon_budget"),
                rs.getBigDecimal("delta_budget"), period(rs.getString("budget_window")), Rows.instant(rs, "created_at"));
    }

    private static @Nullable Period period(@Nullable String window) {
        return window == null ? null : Period.parse(window);
    }

    /** P12M and P1Y move a date alike ({@link Period#addTo} adds whole months), so neither is a change of the other. */
    private static @Nullable Period normalized(@Nullable Period period) {
        return period == null ? null : period.normalized();
    }

    private Tenant load(UUID id) {
        return tenants.findById(id).orElseThrow(() -> Refusal.notFound("There is no tenant " + id + "."));
    }
}
