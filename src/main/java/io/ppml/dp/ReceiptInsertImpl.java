package io.ppml.dp;

import io.ppml.persistence.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link ReceiptInsert} for {@link ReceiptRepository} (Spring Data finds it by its name). */
class ReceiptInsertImpl implements ReceiptInsert {

    private final JdbcClient jdbc;

    ReceiptInsertImpl(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insertNow(Receipt r) {
        jdbc.sql("""
                insert into dp_receipts (id, tenant_id, created_at, key_id, operation, statistic, resource, mechanism,
                    scale, sensitivity, epsilon, delta, rho, ledger_entry_id, ledger_sequence, released)
                values (:id, :tenant, :createdAt, :key, :operation, :statistic, :resource, :mechanism, :scale,
                    :sensitivity, :epsilon, :delta, :rho, :entry, :sequence, :released)""")
                .param("id", r.id()).param("tenant", r.tenantId()).param("createdAt", Rows.utc(r.createdAt()))
                .param("key", r.keyId()).param("operation", r.operation())
                .param("statistic", r.statistic() == null ? null : r.statistic().name())
                .param("resource", r.resource()).param("mechanism", r.mechanism().name())
                .param("scale", r.scale()).param("sensitivity", r.sensitivity())
                .param("epsilon", r.epsilon()).param("delta", r.delta()).param("rho", r.rho())
                .param("entry", r.ledgerEntryId()).param("sequence", r.ledgerSequence())
                .param("released", r.released()).update();
    }
}
