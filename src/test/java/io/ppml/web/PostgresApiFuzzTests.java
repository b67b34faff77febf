package io.ppml.web;

import io.ppml.support.PostgresDatabase;

/** The API fuzz on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@PostgresDatabase("api_fuzz")
class PostgresApiFuzzTests extends AbstractApiFuzzTests {
}
