package io.ppml.budget;

import java.nio.file.Path;

import io.ppml.support.PostgresSupport;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The privacy ledger on PostgreSQL (profile {@code postgres}), in a fresh schema. */
@ExtendWith(PostgresSupport.class)
@ActiveProfiles("postgres")
class PostgresBudgetServiceTests extends AbstractBudgetServiceTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("ppml.data-dir", () -> dataDir.toString());
        registry.add("spring.datasource.url", () -> PostgresSupport.freshSchema("budget_service"));
        registry.add("spring.datasource.username", PostgresSupport::user);
        registry.add("spring.datasource.password", PostgresSupport::password);
    }
}
