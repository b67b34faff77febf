package io.ppml.he;

import io.ppml.support.PostgresDatabase;

/** The HE API on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@PostgresDatabase("he_api")
class PostgresHeApiTests extends AbstractHeApiTests {
}
