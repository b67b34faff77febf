package io.ppml.smpc;

import io.ppml.support.H2Database;

/** SMPC sessions on the embedded H2 database (in PostgreSQL mode), as a user gets it by default. */
@H2Database
class H2SmpcSessionApiTests extends AbstractSmpcSessionApiTests {
}
