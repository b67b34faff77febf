package io.ppml.dp;

import io.ppml.support.H2Database;

/** Charges kept after a failed release on the embedded H2 database (in PostgreSQL mode), as a user gets it by default. */
@H2Database
class H2DpChargeKeptTests extends AbstractDpChargeKeptTests {
}
