package io.ppml.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.ppml.budget.core.PrivacyAccountant.Spend;
import io.ppml.budget.core.RdpCurve;
import io.ppml.persistence.DurableJournal;
import io.ppml.tenant.TenantBudgets;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Makes every charge durable before the answer it pays for leaves (see {@link DurableJournal}): a charge is
 * journaled as the two rows it wrote — the account as it stands after the charge and the new ledger entry — and at
 * start-up a journaled charge that the database lost is restored: its ledger entry inserted, and the account set to
 * the journaled state if that is later (more charges) than the stored one. Both are idempotent. The database keeps
 * a prefix of its commits, and charges to one tenant commit in sequence order under the account's row lock, so
 * restoring the latest journaled state of each account restores the spend of every lost charge before it too.
 * Decimals and instants travel as strings, so that they come back exactly.
 */
@Component
class ChargeJournal {

    static final String KIND = "budget.charge";

    private final BudgetAccountRepository accounts;
    private final BudgetLedgerEntryRepository ledger;
    private final TenantBudgets tenants;
    private final DurableJournal journal;

    ChargeJournal(BudgetAccountRepository accounts, BudgetLedgerEntryRepository ledger, TenantBudgets tenants,
            DurableJournal journal) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.tenants = tenants;
        this.journal = journal;
        journal.register(KIND, this::replay);
    }

    /** Journals the charge when the current transaction commits; the commit returns once it is durable. */
    void record(BudgetAccount account, BudgetLedgerEntry entry) {
        journal.append(KIND, journaled(account, entry));
    }

    /** The journal's record of the charge that left {@code account} so and wrote {@code entry}. */
    static Journaled journaled(BudgetAccount account, BudgetLedgerEntry entry) {
        return new Journaled(
                new AccountRow(account.windowStart().toString(), spend(account.window()),
                        account.epsilonSpent().toPlainString(), spend(account.lifetime()),
                        account.lifetimeEpsilon().toPlainString(), account.charges(), account.updatedAt().toString()),
                new EntryRow(entry.getId().toString(), entry.tenantId().toString(), entry.sequence(),
                        entry.createdAt().toString(), entry.keyId() == null ? null : entry.keyId().toString(),
                        entry.operation(), entry.resource(), entry.mechanism(), entry.epsilon().toPlainString(),
                        entry.delta().toPlainString(), entry.rho().toPlainString(), entry.idempotencyKey(),
                        entry.windowStart().toString(), entry.epsilonSpent().toPlainString(),
                        entry.deltaSpent().toPlainString()));
    }

    /** The journal's record of a charge; its shape is the file format, so it changes only with a replay of both. */
    record Journaled(AccountRow account, EntryRow entry) {
    }

    record AccountRow(String windowStart, SpendRow window, String epsilonSpent, SpendRow lifetime,
            String lifetimeEpsilon, long charges, String updatedAt) {
    }

    /** {@code rdpRho} and {@code rdpCurve} (Base64 of its stored form) are absent in records from before RDP. */
    record SpendRow(String pureEpsilon, String epsilonSquares, String rho, String delta, @Nullable String rdpRho,
            @Nullable String rdpCurve) {
    }

    record EntryRow(String id, String tenantId, long sequence, String createdAt, @Nullable String keyId,
            String operation, @Nullable String resource, String mechanism, String epsilon, String delta, String rho,
            @Nullable String idempotencyKey, String windowStart, String epsilonSpent, String deltaSpent) {
    }

    private static SpendRow spend(Spend spend) {
        return new SpendRow(spend.pureEpsilon().toPlainString(), spend.epsilonSquares().toPlainString(),
                spend.rho().toPlainString(), spend.delta().toPlainString(), spend.rdpRho().toPlainString(),
                spend.rdpCurve().isZero() ? null : Base64.getEncoder().encodeToString(spend.rdpCurve().toBytes()));
    }

    /** Restores what the database lost of one journaled charge, in the replay's transaction. */
    boolean replay(JsonNode record) {
        BudgetLedgerEntry entry = entry(record.get("entry"));
        if (tenants.find(entry.tenantId()).isEmpty()) {
            return false; // deleted since, with its ledger
        }
        boolean entryLost = !ledger.existsById(entry.getId());
        if (entryLost) {
            ledger.save(entry);
        }
        BudgetAccount journaled = account(entry.tenantId(), record.get("account"));
        BudgetAccount stored = accounts.findById(entry.tenantId()).orElse(null);
        if (stored == null) {
            accounts.save(journaled);
            return true;
        }
        if (stored.charges() >= journaled.charges()) {
            return entryLost;
        }
        stored.restore(journaled);
        return true;
    }

    private static BudgetLedgerEntry entry(JsonNode e) {
        return new BudgetLedgerEntry(UUID.fromString(text(e, "id")), UUID.fromString(text(e, "tenantId")),
                e.get("sequence").asLong(), Instant.parse(text(e, "createdAt")),
                e.hasNonNull("keyId") ? UUID.fromString(text(e, "keyId")) : null, text(e, "operation"),
                e.hasNonNull("resource") ? text(e, "resource") : null, text(e, "mechanism"), decimal(e, "epsilon"),
                decimal(e, "delta"), decimal(e, "rho"),
                e.hasNonNull("idempotencyKey") ? text(e, "idempotencyKey") : null,
                Instant.parse(text(e, "windowStart")), decimal(e, "epsilonSpent"), decimal(e, "deltaSpent"));
    }

    private static BudgetAccount account(UUID tenantId, JsonNode a) {
        return new BudgetAccount(tenantId, Instant.parse(text(a, "windowStart")), spend(a.get("window")),
                decimal(a, "epsilonSpent"), spend(a.get("lifetime")), decimal(a, "lifetimeEpsilon"),
                a.get("charges").asLong(), Instant.parse(text(a, "updatedAt")));
    }

    private static Spend spend(JsonNode s) {
        return new Spend(decimal(s, "pureEpsilon"), decimal(s, "epsilonSquares"), decimal(s, "rho"),
                decimal(s, "delta"), s.hasNonNull("rdpRho") ? decimal(s, "rdpRho") : BigDecimal.ZERO,
                s.hasNonNull("rdpCurve") ? RdpCurve.fromBytes(Base64.getDecoder().decode(text(s, "rdpCurve")))
                        : RdpCurve.ZERO);
    }

    private static String text(JsonNode node, String field) {
        return node.get(field).asString();
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(text(node, field));
    }
}
