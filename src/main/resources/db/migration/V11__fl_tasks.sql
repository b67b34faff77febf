-- Federated learning (module fl): tasks, the current global model of each, and the client updates of the round in
-- progress. Models and updates are little-endian float32 vectors; updates are sealed with AES-256-GCM under a key
-- derived from the master key, bound to tenant, task, round and client. A round's updates are deleted once the round
-- has been aggregated or retried; only the current model version is kept.

create table fl_tasks (
    id                    uuid primary key,
    tenant_id             uuid         not null references tenants (id) on delete cascade,
    name                  varchar(100) not null,
    dimension             integer      not null,
    rounds                integer      not null,
    min_clients           integer      not null,
    round_timeout_seconds bigint       not null,
    aggregation           varchar(16)  not null,
    trim_fraction         double precision,
    -- DP-FedAvg; all null without DP
    clip_norm             double precision,
    noise_multiplier      double precision,
    expected_clients      integer,
    population            bigint,
    dp_delta              double precision,
    status                varchar(32)  not null,
    status_detail         varchar(1000),
    -- the round collecting updates (1-based); after the last round it stays at the last
    current_round         integer      not null,
    round_attempt         integer      not null,
    round_started_at      timestamp with time zone not null,
    -- round_started_at + round timeout: what the sweeper of timed-out rounds looks for
    round_deadline        timestamp with time zone not null,
    updates_in_round      integer      not null,
    model_version         integer      not null,
    rounds_charged        integer      not null,
    -- the task's δ is charged with its first round, and again with the first round of each new budget window;
    -- the end of the window it was last charged in (null: the tenant's budget has no window)
    delta_charged_until   timestamp with time zone,
    created_at            timestamp with time zone not null,
    updated_at            timestamp with time zone not null,
    constraint uq_fl_tasks_name unique (tenant_id, name)
);

create index ix_fl_tasks_open_deadline on fl_tasks (status, round_deadline);

create table fl_models (
    task_id    uuid    not null references fl_tasks (id) on delete cascade,
    version    integer not null,
    round      integer not null,
    weights    bytea   not null,
    created_at timestamp with time zone not null,
    constraint pk_fl_models primary key (task_id, version)
);

create table fl_updates (
    id           uuid primary key,
    task_id      uuid         not null references fl_tasks (id) on delete cascade,
    round        integer      not null,
    client_id    varchar(100) not null,
    key_id       uuid,
    num_examples bigint       not null,
    -- SHA-256 of the update as sent (numExamples and the float32 bytes), to answer a retry of the same update
    digest       varchar(64)  not null,
    sealed_delta bytea        not null,
    created_at   timestamp with time zone not null,
    constraint uq_fl_updates unique (task_id, round, client_id)
);
