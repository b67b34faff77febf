package io.ppml.budget;

import io.ppml.support.PostgresDatabase;

/** The privacy ledger on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@PostgresDatabase("budget_service")
class PostgresBudgetServiceTests extends AbstractBudgetServiceTests {
}
