-- Tenants, their API keys, the platform admin credential and idempotency records.
-- One dialect for H2 (MODE=PostgreSQL) and PostgreSQL. Never edit after it has landed: add V2, V3, ...

create table tenants (
    id             uuid primary key,
    name           varchar(100)    not null,
    -- budget totals, exact decimals; spending is recorded by the privacy ledger
    epsilon_budget numeric(30, 18) not null,
    delta_budget   numeric(30, 18) not null,
    budget_window  varchar(32),
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    version        bigint          not null,
    constraint uq_tenants_name unique (name),
    constraint ck_tenants_epsilon check (epsilon_budget >= 0),
    constraint ck_tenants_delta check (delta_budget >= 0 and delta_budget < 1)
);

create table api_keys (
    id            uuid primary key,
    tenant_id     uuid         not null references tenants (id) on delete cascade,
    name          varchar(100) not null,
    role          varchar(16)  not null,
    -- HMAC-SHA-256 of the secret under a pepper derived from the master key, lower-case hex
    secret_hash   varchar(64)  not null,
    -- the first characters of the secret, for display only
    secret_prefix varchar(16)  not null,
    created_at    timestamp with time zone not null,
    last_used_at  timestamp with time zone,
    revoked_at    timestamp with time zone,
    constraint uq_api_keys_secret_hash unique (secret_hash),
    constraint ck_api_keys_role check (role in ('OWNER', 'ANALYST', 'CONTRIBUTOR'))
);

create index ix_api_keys_tenant on api_keys (tenant_id, created_at);

create table platform_credentials (
    name        varchar(32) primary key,
    secret_hash varchar(64) not null,
    created_at  timestamp with time zone not null
);

create table idempotency_records (
    scope         varchar(64)  not null,
    idem_key      varchar(255) not null,
    -- SHA-256 of the operation and the request body
    request_hash  varchar(64)  not null,
    status        varchar(16)  not null,
    owner_token   varchar(36)  not null,
    -- the response, sealed with AES-256-GCM under a key derived from the master key, base64
    response_body text,
    locked_at     timestamp with time zone not null,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone not null,
    constraint pk_idempotency_records primary key (scope, idem_key),
    constraint ck_idempotency_status check (status in ('IN_FLIGHT', 'COMPLETED'))
);

create index ix_idempotency_expires on idempotency_records (expires_at);
