package io.ppml.tenant;

import io.ppml.support.H2Database;

/** The tenant API on the embedded H2 database (in PostgreSQL mode), as a user gets it by default. */
@H2Database
class H2TenantApiTests extends AbstractTenantApiTests {
}
