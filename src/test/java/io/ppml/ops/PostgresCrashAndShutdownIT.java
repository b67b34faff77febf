package io.ppml.ops;

import java.util.Map;

import io.ppml.support.PostgresSupport;
import org.junit.jupiter.api.extension.ExtendWith;

/** The service on PostgreSQL (profile {@code postgres}), one fresh schema per test. */
@ExtendWith(PostgresSupport.class)
class PostgresCrashAndShutdownIT extends AbstractCrashAndShutdownIT {

    @Override
    Map<String, String> database(String name) {
        return environment("SPRING_PROFILES_ACTIVE", "postgres",
                "SPRING_DATASOURCE_URL", PostgresSupport.freshSchema("ops_" + name),
                "SPRING_DATASOURCE_USERNAME", PostgresSupport.user(),
                "SPRING_DATASOURCE_PASSWORD", PostgresSupport.password());
    }

    @Override
    boolean journaled() {
        return false;
    }
}
