package io.ppml.smpc;

import io.ppml.support.PostgresDatabase;

/** SMPC sessions on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@PostgresDatabase("smpc_sessions")
class PostgresSmpcSessionApiTests extends AbstractSmpcSessionApiTests {
}
