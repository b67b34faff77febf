package io.ppml.he;

import io.ppml.support.H2Database;

/** The HE API on the embedded H2 database (in PostgreSQL mode), as a user gets it by default. */
@H2Database
class H2HeApiTests extends AbstractHeApiTests {
}
