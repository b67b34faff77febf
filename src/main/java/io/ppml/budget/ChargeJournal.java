package io.ppml.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.ppml.web.DurableJournal;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Makes every charge durable before the answer it pays for leaves (see {@link DurableJournal}): a charge is
 * journaled as the two rows it wrote — the account as it stands after the charge and the new ledger entry — and at
 * start-up a journaled charge that the database lost is restored: its ledger entry inserted, and the account set to
 * the journaled state if that is later (more charges) than the stored one. Both are idempotent. The database keeps
 * a prefix of its commits, and charges to one tenant commit in sequence order under the account's row lock, so
 * restoring the latest journaled state of each account restores every lost charge before it too.
 */
@Component
class ChargeJournal {

    static final String KIND = "budget.charge";

    private final JdbcClient jdbc;
    private final DurableJournal journal;

    ChargeJournal(JdbcClient jdbc, DurableJournal journal) {
        this.jdbc = jdbc;
        this.journal = journal;
        journal.register(KIND, this::replay);
    }

    /** The account row after a charge. Decimals and instants travel as strings, exactly. */
    record AccountRow(String windowStart, String pureEpsilon, String epsilonSquares, String rho, String delta,
            String epsilonSpent, String lifetimePureEpsilon, String lifetimeEpsilonSquares, String lifetimeRho,
            String lifetimeDelta, String lifetimeEpsilon, long charges, String updatedAt) {
    }

    /** The ledger entry a charge wrote. */
    record LedgerRow(String id, String tenantId, long sequence, String createdAt, @Nullable String keyId,
            String operation, @Nullable String resource, String mechanism, String epsilon, String delta, String rho,
            @Nullable String idempotencyKey, String windowStart, String epsilonSpent, String deltaSpent) {
    }

    record Journaled(AccountRow account, LedgerRow entry) {
    }

    /** Journals the charge when the current transaction commits; the commit returns once it is durable. */
    void record(AccountRow account, LedgerRow entry) {
        journal.append(KIND, new Journaled(account, entry));
    }

    static String decimal(BigDecimal value) {
        return value.toPlainString();
    }

    static String instant(Instant value) {
        return value.toString();
    }

    private boolean replay(JsonNode record) {
        JsonNode e = record.get("entry");
        JsonNode a = record.get("account");
        UUID tenant = UUID.fromString(e.get("tenantId").asString());
        boolean tenantExists = jdbc.sql("select count(*) from tenants where id = :tenant").param("tenant", tenant)
                .query(Long.class).single() > 0;
        if (!tenantExists) {
            return false;
        }
        UUID id = UUID.fromString(e.get("id").asString());
        boolean entryExists = jdbc.sql("select count(*) from budget_ledger where id = :id").param("id", id)
                .query(Long.class).single() > 0;
        if (!entryExists) {
            jdbc.sql("""
                    insert into budget_ledger (id, tenant_id, sequence, created_at, key_id, operation, resource,
                        mechanism, epsilon, delta, rho, idempotency_key, window_start, epsilon_spent, delta_spent)
                    values (:id, :tenant, :sequence, :createdAt, :key, :operation, :resource, :mechanism, :epsilon,
                        :delta, :rho, :idempotencyKey, :windowStart, :spent, :deltaSpent)""")
                    .param("id", id).param("tenant", tenant).param("sequence", e.get("sequence").asLong())
                    .param("createdAt", utc(e, "createdAt")).param("key", uuid(e, "keyId"))
                    .param("operation", e.get("operation").asString()).param("resource", text(e, "resource"))
                    .param("mechanism", e.get("mechanism").asString()).param("epsilon", decimal(e, "epsilon"))
                    .param("delta", decimal(e, "delta")).param("rho", decimal(e, "rho"))
                    .param("idempotencyKey", text(e, "idempotencyKey")).param("windowStart", utc(e, "windowStart"))
                    .param("spent", decimal(e, "epsilonSpent")).param("deltaSpent", decimal(e, "deltaSpent"))
                    .update();
        }
        Long stored = jdbc.sql("select charges from budget_accounts where tenant_id = :tenant")
                .param("tenant", tenant).query(Long.class).optional().orElse(null);
        long charges = a.get("charges").asLong();
        if (stored != null && stored >= charges) {
            return !entryExists;
        }
        if (stored == null) {
            jdbc.sql("""
                    insert into budget_accounts (tenant_id, window_start, pure_epsilon, epsilon_squares, rho, delta,
                        epsilon_spent, lifetime_pure_epsilon, lifetime_epsilon_squares, lifetime_rho, lifetime_delta,
                        lifetime_epsilon, charges, updated_at)
                    values (:tenant, :windowStart, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, :now)""")
                    .param("tenant", tenant).param("windowStart", utc(a, "windowStart"))
                    .param("now", utc(a, "updatedAt")).update();
        }
        jdbc.sql("""
                update budget_accounts set window_start = :windowStart, pure_epsilon = :e, epsilon_squares = :s,
                    rho = :r, delta = :d, epsilon_spent = :spent, lifetime_pure_epsilon = :le,
                    lifetime_epsilon_squares = :ls, lifetime_rho = :lr, lifetime_delta = :ld,
                    lifetime_epsilon = :lspent, charges = :charges, updated_at = :now
                where tenant_id = :tenant""")
                .param("windowStart", utc(a, "windowStart")).param("e", decimal(a, "pureEpsilon"))
                .param("s", decimal(a, "epsilonSquares")).param("r", decimal(a, "rho"))
                .param("d", decimal(a, "delta")).param("spent", decimal(a, "epsilonSpent"))
                .param("le", decimal(a, "lifetimePureEpsilon")).param("ls", decimal(a, "lifetimeEpsilonSquares"))
                .param("lr", decimal(a, "lifetimeRho")).param("ld", decimal(a, "lifetimeDelta"))
                .param("lspent", decimal(a, "lifetimeEpsilon")).param("charges", charges)
                .param("now", utc(a, "updatedAt")).param("tenant", tenant).update();
        return true;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asString());
    }

    private static OffsetDateTime utc(JsonNode node, String field) {
        return OffsetDateTime.ofInstant(Instant.parse(node.get(field).asString()), ZoneOffset.UTC);
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static @Nullable UUID uuid(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : UUID.fromString(value);
    }
}
