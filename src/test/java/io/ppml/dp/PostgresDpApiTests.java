package io.ppml.dp;

import io.ppml.support.PostgresDatabase;

/** The DP API on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@PostgresDatabase("dp_api")
class PostgresDpApiTests extends AbstractDpApiTests {
}
