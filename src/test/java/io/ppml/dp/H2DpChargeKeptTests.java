package io.ppml.dp;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class H2DpChargeKeptTests extends AbstractDpChargeKeptTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("ppml.data-dir", () -> dataDir.toString());
    }
}
