package io.ppml.web;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API fuzz on the embedded H2 database (in PostgreSQL mode), as a user gets it by default. */
class H2ApiFuzzTests extends AbstractApiFuzzTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("ppml.data-dir", () -> dataDir.toString());
    }
}
