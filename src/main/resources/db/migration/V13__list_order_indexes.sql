-- Lists are read a page at a time, in a fixed order, from where the previous page's cursor points (keyset
-- pagination). These indexes follow those orders, so that a page starts at its cursor instead of sorting all of a
-- tenant's rows first. (API keys already have ix_api_keys_tenant, HE keys their unique (tenant, name), the ledger
-- its sequence.)
create index ix_tenants_created on tenants (created_at, id);
create index ix_dp_datasets_tenant_created on dp_datasets (tenant_id, created_at, id);
create index ix_fl_tasks_tenant_created on fl_tasks (tenant_id, created_at, id);
