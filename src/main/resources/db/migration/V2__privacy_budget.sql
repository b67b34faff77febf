-- The privacy ledger (module budget). Amounts are fixed-point decimals rounded UP when they are recorded,
-- so rounding can only over-count what was spent.

create table budget_accounts (
    tenant_id              uuid            primary key references tenants (id) on delete cascade,
    -- the current window; spend below restarts from zero when it ends
    window_start           timestamp with time zone not null,
    pure_epsilon           numeric(40, 24) not null,  -- E: sum of ε of pure mechanisms
    epsilon_squares        numeric(40, 24) not null,  -- S: sum of ε² of pure mechanisms
    rho                    numeric(40, 24) not null,  -- R: sum of zCDP ρ
    delta                  numeric(40, 24) not null,  -- D: sum of δ
    epsilon_spent          numeric(40, 24) not null,  -- the reported ε of the window (never decreases within it)
    lifetime_pure_epsilon  numeric(40, 24) not null,
    lifetime_epsilon_squares numeric(40, 24) not null,
    lifetime_rho           numeric(40, 24) not null,
    lifetime_delta         numeric(40, 24) not null,
    lifetime_epsilon       numeric(40, 24) not null,
    charges                bigint          not null,
    updated_at             timestamp with time zone not null
);

-- tenants that exist already get their (empty) account; new tenants get one when they are created
insert into budget_accounts (tenant_id, window_start, pure_epsilon, epsilon_squares, rho, delta, epsilon_spent,
                             lifetime_pure_epsilon, lifetime_epsilon_squares, lifetime_rho, lifetime_delta,
                             lifetime_epsilon, charges, updated_at)
select id, created_at, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, created_at from tenants;

create table budget_ledger (
    id              uuid primary key,
    tenant_id       uuid            not null references tenants (id) on delete cascade,
    -- 1, 2, 3, ... per tenant, assigned under the account's row lock: the ledger's order and its cursor
    sequence        bigint          not null,
    created_at      timestamp with time zone not null,
    key_id          uuid,
    operation       varchar(64)     not null,
    resource        varchar(200),
    mechanism       varchar(32)     not null,
    epsilon         numeric(40, 24) not null,
    delta           numeric(40, 24) not null,
    rho             numeric(40, 24) not null,
    idempotency_key varchar(255),
    window_start    timestamp with time zone not null,
    epsilon_spent   numeric(40, 24) not null,   -- the window's reported ε after this charge
    delta_spent     numeric(40, 24) not null,   -- the window's δ after this charge
    constraint uq_budget_ledger_sequence unique (tenant_id, sequence)
);
