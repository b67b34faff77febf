package io.ppml.budget;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The privacy ledger on the embedded H2 database (in PostgreSQL mode), as a user gets it by default. */
class H2BudgetServiceTests extends AbstractBudgetServiceTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("ppml.data-dir", () -> dataDir.toString());
    }
}
