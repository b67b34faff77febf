package io.ppml.dp;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.Repository;

/**
 * Receipts: written once after a release ({@link ReceiptInsert}), read back within their tenant by id or by the ledger
 * entry of the charge that paid for them.
 */
interface ReceiptRepository extends Repository<Receipt, UUID>, ReceiptInsert {

    Optional<Receipt> findByIdAndTenantId(UUID id, UUID tenantId);

    Optional<Receipt> findByLedgerEntryIdAndTenantId(UUID ledgerEntryId, UUID tenantId);
}
