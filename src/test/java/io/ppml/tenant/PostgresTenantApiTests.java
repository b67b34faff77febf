package io.ppml.tenant;

import io.ppml.support.PostgresDatabase;

/** The tenant API on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@PostgresDatabase("tenant_api")
class PostgresTenantApiTests extends AbstractTenantApiTests {
}
