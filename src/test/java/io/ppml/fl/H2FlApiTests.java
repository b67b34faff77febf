package io.ppml.fl;

import io.ppml.support.H2Database;

/** Federated learning on the embedded H2 database, as a user gets it by default. */
@H2Database
class H2FlApiTests extends AbstractFlApiTests {
}
