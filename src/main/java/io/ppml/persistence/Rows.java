package io.ppml.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Small conversions every hand-written SQL statement needs, kept in one place. */
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
}
