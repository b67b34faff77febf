package io.ppml.fl;

import io.ppml.support.PostgresDatabase;

/** Federated learning on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@PostgresDatabase("fl_api")
class PostgresFlApiTests extends AbstractFlApiTests {
}
