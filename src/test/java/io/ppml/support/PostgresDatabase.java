package io.ppml.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs a Spring Boot test class against PostgreSQL (profile {@code postgres}) in a fresh schema named
 * {@link #value()}, with a fresh data directory — or skips it visibly, or fails it in CI, as
 * {@link PostgresSupport} decides. The schema name must be unique to the class: two classes sharing one would drop
 * each other's tables.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresSupport.class)
@ActiveProfiles("postgres")
@ContextCustomizerFactories(TestDatabases.class)
public @interface PostgresDatabase {

    /** The schema, created afresh for the test class's application context. */
    String value();
}
