package io.ppml.dp;

/**
 * The one write of a receipt, in plain SQL rather than through the JPA session — not for speed but for the rule
 * that a failure after a charge keeps the charge. The receipt is written after the charge, inside a savepoint
 * ({@code DpService.release}); should the insert fail, the savepoint is rolled back and the transaction commits the
 * charge alone. Hibernate cannot take part in that: a failed flush marks the whole transaction rollback-only (the
 * JPA rule), so a receipt persisted through the session would take the charge down with it — a failure would then
 * be a free answer. The statement runs at once on the transaction's connection, which JdbcClient shares with JPA.
 */
interface ReceiptInsert {

    /** Inserts {@code receipt} now, on the current transaction's connection, outside the persistence context. */
    void insertNow(Receipt receipt);
}
