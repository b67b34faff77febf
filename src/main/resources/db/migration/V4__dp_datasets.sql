-- Datasets for differentially private queries (module dp). Rows are sealed with AES-256-GCM under a key derived
-- from the master key (bound to tenant and dataset id) and are never returned by any endpoint.

create table dp_datasets (
    id                uuid primary key,
    tenant_id         uuid            not null references tenants (id) on delete cascade,
    name              varchar(100)    not null,
    -- the column schema as JSON: [{name, type, lower?, upper?, categories?}]
    columns_json      text            not null,
    privacy_unit      varchar(100),
    max_contributions integer         not null,
    epsilon_cap       numeric(40, 24),
    epsilon_spent     numeric(40, 24) not null,
    row_count         integer         not null,
    sealed_rows       text            not null,
    created_at        timestamp with time zone not null,
    constraint uq_dp_datasets_name unique (tenant_id, name)
);
