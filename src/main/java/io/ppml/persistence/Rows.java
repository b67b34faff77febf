package io.ppml.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The one place that converts between Java values and the columns of the few statements still written by hand (the
 * hot reads of authentication and budget settings, the idempotency records, the journal; the rest is JPA). Columns
 * are read by name, never by position.
 */
public final class Rows {

    private Rows() {
    }

    /**
     * {@code instant} as a {@code TIMESTAMP WITH TIME ZONE} parameter in UTC: H2 and PostgreSQL both store and
     * compare it exactly, whatever the JVM's default zone.
     */
    public static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A non-null {@code TIMESTAMP WITH TIME ZONE} column as an instant. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        Instant value = nullableInstant(row, column);
        if (value == null) {
            throw new SQLException("column " + column + " is null");
        }
        return value;
    }

    /** A {@code TIMESTAMP WITH TIME ZONE} column as an instant, or null. */
    public static @Nullable Instant nullableInstant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A UUID column (H2 and PostgreSQL both have the type). */
    public static UUID uuid(ResultSet row, String column) throws SQLException {
        return row.getObject(column, UUID.class);
    }
}
