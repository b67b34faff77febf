package io.ppml.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the PostgreSQL tests run. By default they expect a server on 127.0.0.1:5432 (trust or password auth,
 * user {@code postgres}); override with {@code -Dppml.test.postgres.url=jdbc:postgresql://host:port/},
 * {@code -Dppml.test.postgres.user=...} and {@code -Dppml.test.postgres.password=...}.
 *
 * <p>When PostgreSQL cannot be reached the tests are skipped with a visible message, so the test command passes on
 * a machine without it — unless {@code CI=true} or {@code -Dppml.test.postgres=required}, where an unreachable
 * server fails the run: in CI the PostgreSQL tests must run, never skip.
 */
public final class PostgresSupport implements ExecutionCondition {

    static final String DATABASE = "ppml_test";

    public static String serverUrl() {
        String url = System.getProperty("ppml.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
        return url.endsWith("/") ? url : url + "/";
    }

    public static String user() {
        return System.getProperty("ppml.test.postgres.user", "postgres");
    }

    public static String password() {
        return System.getProperty("ppml.test.postgres.password", "");
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"))
                || "required".equalsIgnoreCase(System.getProperty("ppml.test.postgres", ""));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        try (Connection c = connect("postgres")) {
            return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + serverUrl() + " ("
                    + c.getMetaData().getDatabaseProductVersion() + ")");
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + serverUrl() + " (" + e.getMessage() + ")";
            if (required()) {
                throw new IllegalStateException(message + ": PostgreSQL tests are required here (CI=true or "
                        + "-Dppml.test.postgres=required), so this is a failure, not a skip.", e);
            }
            System.err.println("SKIPPED PostgreSQL tests: " + message
                    + ". Start PostgreSQL or pass -Dppml.test.postgres=required to make this a failure.");
            return ConditionEvaluationResult.disabled("SKIPPED: " + message);
        }
    }

    /**
     * A new, empty schema in the test database (created when missing), and the JDBC URL that makes it current.
     * An earlier run's schema of the same name is dropped first, so reruns start clean.
     */
    public static String freshSchema(String schema) {
        String name = schema.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try {
            try (Connection admin = connect("postgres"); Statement s = admin.createStatement()) {
                var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
                if (!rs.next()) {
                    try {
                        s.execute("create database " + DATABASE);
                    } catch (SQLException raced) {
                        // created by a concurrent run meanwhile
                    }
                }
            }
            try (Connection db = connect(DATABASE); Statement s = db.createStatement()) {
                s.execute("drop schema if exists " + name + " cascade");
                s.execute("create schema " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL schema " + name, e);
        }
        return serverUrl() + DATABASE + "?currentSchema=" + name;
    }

    private static Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user());
        properties.setProperty("password", password());
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(serverUrl() + database, properties);
    }
}
