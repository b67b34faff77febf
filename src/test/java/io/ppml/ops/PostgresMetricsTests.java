package io.ppml.ops;

import io.ppml.support.PostgresDatabase;

/** The domain metrics on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@PostgresDatabase("ops_metrics")
class PostgresMetricsTests extends AbstractMetricsTests {
}
