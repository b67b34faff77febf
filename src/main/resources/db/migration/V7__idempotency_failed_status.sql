-- An idempotent request may now end FAILED: it failed after an effect that is kept (a privacy charge for a release
-- that had begun), and a retry with the same key replays the failure instead of being charged again.
alter table idempotency_records drop constraint ck_idempotency_status;
alter table idempotency_records add constraint ck_idempotency_status
    check (status in ('IN_FLIGHT', 'COMPLETED', 'FAILED'));
