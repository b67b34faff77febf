package io.ppml.budget;

import io.ppml.support.H2Database;

/** The privacy ledger on the embedded H2 database (in PostgreSQL mode), as a user gets it by default. */
@H2Database
class H2BudgetServiceTests extends AbstractBudgetServiceTests {
}
