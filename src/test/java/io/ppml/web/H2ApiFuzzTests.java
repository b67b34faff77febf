package io.ppml.web;

import io.ppml.support.H2Database;

/** The API fuzz on the embedded H2 database (in PostgreSQL mode), as a user gets it by default. */
@H2Database
class H2ApiFuzzTests extends AbstractApiFuzzTests {
}
