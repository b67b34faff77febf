package io.ppml.dp;

import io.ppml.support.H2Database;

/** The DP API on the embedded H2 database (in PostgreSQL mode), as a user gets it by default. */
@H2Database
class H2DpApiTests extends AbstractDpApiTests {
}
