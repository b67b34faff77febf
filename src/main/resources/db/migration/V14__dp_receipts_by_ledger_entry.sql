-- GET /v1/dp/receipts/by-ledger-entry/{entryId} (the dashboard's receipt behind a ledger step) finds a receipt by
-- its ledger entry within the caller's tenant; without this index that was a scan of the tenant's receipts.
create index ix_dp_receipts_ledger_entry on dp_receipts (tenant_id, ledger_entry_id);
