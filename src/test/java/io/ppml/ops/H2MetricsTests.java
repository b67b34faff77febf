package io.ppml.ops;

import io.ppml.support.H2Database;

/** The domain metrics on the embedded H2 database. */
@H2Database
class H2MetricsTests extends AbstractMetricsTests {
}
