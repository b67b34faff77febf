package io.ppml.budget;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * One budget window, {@code [start, resetsAt)}; without a period it never ends ({@code resetsAt} null).
 *
 * <p>Windows follow each other without gaps from an <em>anchor</em>: the tenant's creation, or the moment its window
 * was last changed ({@link #afterChange}). The account stores the start of the window it last recorded spend in; the
 * current window is found by rolling that start forward by whole periods, so the boundaries never depend on when
 * requests happen to arrive.
 */
record Window(Instant start, @Nullable Instant resetsAt, @Nullable Period period) {

    private static final int MAX_ROLLS = 1_000_000;

    /**
     * The window containing {@code now}, rolled forward from {@code knownStart} (a start the account recorded) by
     * {@code period}. A clock that reads before {@code knownStart} (another instance lagging) stays in the known
     * window rather than going back, so it can never drop recorded spend.
     *
     * @param origin the tenant's creation: no window starts before it
     */
    static Window containing(@Nullable Period period, Instant origin, Instant knownStart, Instant now) {
        if (period == null) {
            return new Window(knownStart, null, null);
        }
        // periods of months or years are added as calendar months in UTC, as the tenant's view shows them
        OffsetDateTime start = (knownStart.isBefore(origin) ? origin : knownStart).atOffset(ZoneOffset.UTC);
        OffsetDateTime next = start.plus(period);
        int rolls = 0;
        while (!next.toInstant().isAfter(now)) {
            start = next;
            next = start.plus(period);
            if (++rolls > MAX_ROLLS) {
                throw new IllegalStateException("budget window too short to roll forward");
            }
        }
        return new Window(start.toInstant(), next.toInstant(), period);
    }

    /**
     * Where the account stands after the tenant's window period changes from {@code previous} to another one at
     * {@code at}. The change takes effect at that moment: the window then in progress — under the previous period —
     * ends, and its spend carries into a new window that starts at the change and rolls with the new period. If the
     * previous window had already ended at {@code at}, there is nothing to carry (the tenant's view showed zero
     * already). So a change never lowers what the tenant's budget shows as spent at the moment of the change.
     *
     * <p>A clock that reads before the recorded start (another instance lagging) starts the new window at the
     * recorded start instead: a window never moves back in time.
     *
     * @param knownStart the window start the account recorded
     */
    static Change afterChange(@Nullable Period previous, Instant origin, Instant knownStart, Instant at) {
        boolean inProgress = containing(previous, origin, knownStart, at).start().equals(knownStart);
        Instant start = at.isBefore(knownStart) ? knownStart : at;
        return new Change(start, inProgress);
    }

    /**
     * @param start        the new window's start, which the account records
     * @param carriesSpend whether the spend recorded since the old start stays (else it belonged to a window that had
     *                     already ended and restarts from zero)
     */
    record Change(Instant start, boolean carriesSpend) {
    }
}
