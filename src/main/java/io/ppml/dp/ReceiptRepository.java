package io.ppml.dp;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.Repository;

/** Receipts: written once after a release ({@link ReceiptInsert}), read back by id within their tenant. */
interface ReceiptRepository extends Repository<Receipt, UUID>, ReceiptInsert {

    Optional<Receipt> findByIdAndTenantId(UUID id, UUID tenantId);
}
