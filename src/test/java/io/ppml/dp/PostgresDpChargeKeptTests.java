package io.ppml.dp;

import java.nio.file.Path;

import io.ppml.support.PostgresSupport;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ExtendWith(PostgresSupport.class)
@ActiveProfiles("postgres")
class PostgresDpChargeKeptTests extends AbstractDpChargeKeptTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("ppml.data-dir", () -> dataDir.toString());
        registry.add("spring.datasource.url", () -> PostgresSupport.freshSchema("dp_charge_kept"));
        registry.add("spring.datasource.username", PostgresSupport::user);
        registry.add("spring.datasource.password", PostgresSupport::password);
    }
}
