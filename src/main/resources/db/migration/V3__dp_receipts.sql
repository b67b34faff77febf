-- Receipts of differentially private releases (module dp): what was released, how, and what it cost.

create table dp_receipts (
    id              uuid primary key,
    tenant_id       uuid            not null references tenants (id) on delete cascade,
    created_at      timestamp with time zone not null,
    key_id          uuid,
    operation       varchar(64)     not null,
    statistic       varchar(32),
    resource        varchar(200),
    mechanism       varchar(32)     not null,
    scale           double precision not null,
    sensitivity     double precision not null,
    epsilon         numeric(40, 24) not null,
    delta           numeric(40, 24) not null,
    rho             numeric(40, 24) not null,
    ledger_entry_id uuid            not null,
    ledger_sequence bigint          not null,
    -- the released (already noisy) answer, as JSON
    released        text            not null
);

create index ix_dp_receipts_tenant on dp_receipts (tenant_id, created_at);
