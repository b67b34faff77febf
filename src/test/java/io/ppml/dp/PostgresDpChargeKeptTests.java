package io.ppml.dp;

import io.ppml.support.PostgresDatabase;

/** Charges kept after a failed release on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@PostgresDatabase("dp_charge_kept")
class PostgresDpChargeKeptTests extends AbstractDpChargeKeptTests {
}
