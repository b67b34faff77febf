package io.ppml.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When budget windows start and reset, and what a change of the window period does to them. */
class WindowTests {

    private static final Instant CREATED = Instant.parse("2025-01-31T10:00:00Z");
    private static final Period DAY = Period.ofDays(1);

    @Test
    void shouldResetExactlyAtResetsAt() {
        Instant boundary = CREATED.plus(Duration.ofDays(1));
        assertThat(Window.containing(DAY, CREATED, CREATED, boundary.minusNanos(1_000)))
                .isEqualTo(new Window(CREATED, boundary, DAY));
        assertThat(Window.containing(DAY, CREATED, CREATED, boundary))
                .isEqualTo(new Window(boundary, boundary.plus(Duration.ofDays(1)), DAY));
    }

    @Test
    void shouldRollWindowsWithoutGapsFromTheKnownStartHoweverLongNothingHappened() {
        Window window = Window.containing(Period.ofDays(30), CREATED, CREATED, CREATED.plus(Duration.ofDays(75)));
        assertThat(window.start()).isEqualTo(CREATED.plus(Duration.ofDays(60)));
        assertThat(window.resetsAt()).isEqualTo(CREATED.plus(Duration.ofDays(90)));
    }

    @Test
    void shouldRollMonthsFromThePreviousStartInUtc() {
        // 31 January + P1M is 28 February; the next window is a month after that start: 28 March, not 31 March
        Period month = Period.ofMonths(1);
        Window second = Window.containing(month, CREATED, CREATED, Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(second.start()).isEqualTo(Instant.parse("2025-02-28T10:00:00Z"));
        assertThat(second.resetsAt()).isEqualTo(Instant.parse("2025-03-28T10:00:00Z"));
    }

    @Test
    void shouldNeverResetWithoutAPeriod() {
        Window window = Window.containing(null, CREATED, CREATED, CREATED.plus(Duration.ofDays(10_000)));
        assertThat(window).isEqualTo(new Window(CREATED, null, null));
    }

    @Test
    void shouldStayInTheKnownWindowWhenTheClockReadsEarlier() {
        Instant known = CREATED.plus(Duration.ofDays(3));
        assertThat(Window.containing(DAY, CREATED, known, known.minus(Duration.ofHours(2))))
                .isEqualTo(new Window(known, known.plus(Duration.ofDays(1)), DAY));
    }

    @Test
    void shouldCarryTheSpendOfTheWindowInProgressIntoAWindowStartingAtTheChange() {
        Instant known = CREATED.plus(Duration.ofDays(30));
        Instant at = CREATED.plus(Duration.ofDays(45));
        assertThat(Window.afterChange(Period.ofDays(30), CREATED, known, at)).isEqualTo(new Window.Change(at, true));
        assertThat(Window.afterChange(null, CREATED, CREATED, at)).isEqualTo(new Window.Change(at, true));
    }

    @Test
    void shouldCarryNothingFromAWindowThatHadAlreadyEnded() {
        Instant at = CREATED.plus(Duration.ofDays(45));
        assertThat(Window.afterChange(Period.ofDays(30), CREATED, CREATED, at)).isEqualTo(new Window.Change(at, false));
        Instant end = CREATED.plus(Duration.ofDays(30));
        assertThat(Window.afterChange(Period.ofDays(30), CREATED, CREATED, end))
                .as("a window has ended at its resetsAt").isEqualTo(new Window.Change(end, false));
    }

    @Test
    void shouldStartTheNewWindowNoEarlierThanTheKnownStartWhenTheClockReadsEarlier() {
        Instant known = CREATED.plus(Duration.ofDays(3));
        Instant lagging = known.minus(Duration.ofHours(2));
        assertThat(Window.afterChange(DAY, CREATED, known, lagging)).isEqualTo(new Window.Change(known, true));
    }

    /**
     * The spend the tenant sees at the moment of a change is the same before and after it, for any periods, any
     * recorded start and any clock reading; the new window starts at the change (or at the recorded start, if the
     * clock reads earlier) and resets one new period later.
     */
    @Property(tries = 2_000)
    void shouldNeverLowerNorRaiseVisibleSpendAtTheChange(@ForAll("periods") @Nullable Period previous,
            @ForAll("periods") @Nullable Period current, @ForAll @LongRange(min = 0, max = 3_000) long knownAfterDays,
            @ForAll @LongRange(min = -86_400, max = 400L * 86_400) long atAfterKnownSeconds) {
        Instant known = recordedStart(previous, knownAfterDays);
        Instant at = known.plusSeconds(atAfterKnownSeconds);
        boolean visibleBefore = Window.containing(previous, CREATED, known, at).start().equals(known);

        Window.Change change = Window.afterChange(previous, CREATED, known, at);
        Window after = Window.containing(current, CREATED, change.start(), at);

        assertThat(change.carriesSpend()).isEqualTo(visibleBefore);
        assertThat(after.start()).as("the carried window is the current one").isEqualTo(change.start());
        assertThat(change.start()).isEqualTo(at.isBefore(known) ? known : at);
        assertThat(after.resetsAt()).isEqualTo(current == null ? null
                : change.start().atOffset(ZoneOffset.UTC).plus(current).toInstant());
    }

    /** A start the account could have recorded: one on the previous period's grid from the tenant's creation. */
    private static Instant recordedStart(@Nullable Period period, long days) {
        return period == null ? CREATED
                : Window.containing(period, CREATED, CREATED, CREATED.plus(Duration.ofDays(days))).start();
    }

    @Provide
    Arbitrary<@Nullable Period> periods() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 400).map(Period::ofDays),
                Arbitraries.integers().between(1, 24).map(Period::ofMonths),
                Arbitraries.just((Period) null));
    }
}
