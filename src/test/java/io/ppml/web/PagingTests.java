package io.ppml.web;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cursors and pages without a database: what every list's keyset pagination shares. */
class PagingTests {

    private static final Cursor<Long> NUMBERS = Cursor.bySequence("numbers");

    /** 1..count, after {@code after}, at most {@code limit}: a keyset query over a sorted list. */
    private static Paging.Query<Long, Long> upTo(long count) {
        return (after, limit) -> IntStream.rangeClosed(1, (int) count).mapToObj(i -> (long) i)
                .filter(i -> after == null || i > after).limit(limit.max()).toList();
    }

    @Test
    void shouldWalkEveryItemOnceWhateverTheLimit() {
        for (int count : new int[]{0, 1, 7, 10, 11}) {
            for (int limit : new int[]{1, 3, 5, 10, 500}) {
                List<Long> seen = new ArrayList<>();
                @Nullable String after = null;
                int pages = 0;
                do {
                    Items<Long> page = new Paging(limit, after).page(NUMBERS, upTo(count), n -> n, n -> n);
                    seen.addAll(page.items());
                    after = page.nextCursor();
                    pages++;
                } while (after != null);
                assertThat(seen).as("%d items by %d", count, limit)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, count).mapToObj(i -> (long) i).toList());
                assertThat(pages).isEqualTo(Math.max(1, (count + limit - 1) / limit));
            }
        }
    }

    @Test
    void shouldAskTheQueryForOneItemMoreThanThePageShows() {
        List<Limit> asked = new ArrayList<>();
        Items<Long> page = new Paging(null, null).page(NUMBERS, (after, limit) -> {
            asked.add(limit);
            return upTo(100).fetch(after, limit);
        }, n -> n, n -> n);
        assertThat(asked).containsExactly(Limit.of(Paging.DEFAULT_LIMIT + 1));
        assertThat(page.items()).hasSize(Paging.DEFAULT_LIMIT);
        assertThat(page.nextCursor()).isNotNull();
    }

    @Test
    void shouldRefuseALimitOutOfRangeNamingIt() {
        for (int limit : new int[]{0, -1, Paging.MAX_LIMIT + 1, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> new Paging(limit, null).page(NUMBERS, upTo(3), n -> n, n -> n))
                    .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.errors())
                            .containsExactly(new FieldError("limit", "must be between 1 and 500")));
        }
        assertThat(new Paging(Paging.MAX_LIMIT, null).page(NUMBERS, upTo(3), n -> n, n -> n).items()).hasSize(3);
    }

    @Test
    void shouldReadBackWhatItWrote() {
        Cursor<Cursor.Created> created = Cursor.byCreation("things");
        Cursor.Created key = new Cursor.Created(Instant.parse("2026-11-30T12:34:56.123456Z"), UUID.randomUUID());
        assertThat(created.read(created.write(key))).isEqualTo(key);
        Cursor<String> named = Cursor.byName("names");
        for (String name : List.of("a", "Zürich ☃", "x".repeat(100), "")) {
            assertThat(named.read(named.write(name))).isEqualTo(name);
        }
        assertThat(NUMBERS.read(NUMBERS.write(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(NUMBERS.read(null)).isNull();
        assertThat(created.write(key)).as("URL-safe as it is").matches("[A-Za-z0-9_-]+");
    }

    @Test
    void shouldRefuseACursorOfAnotherListOrOneThatWasChanged() {
        Cursor<Long> ledger = Cursor.bySequence("ledger");
        String cursor = ledger.write(42L);
        for (String after : List.of(NUMBERS.write(42L), Cursor.byName("ledger").write("42"), cursor + "AA",
                cursor.substring(0, cursor.length() - 1), "", "not base64!", "x".repeat(2000))) {
            assertRefused(ledger, after);
        }
        Cursor<Cursor.Created> created = Cursor.byCreation("things");
        String createdCursor = created.write(new Cursor.Created(Instant.now(), UUID.randomUUID()));
        assertRefused(created, createdCursor.substring(0, createdCursor.length() - 4));
        // an instant no database stores, a name PostgreSQL cannot compare: refused before they reach a query
        assertRefused(created, created.write(new Cursor.Created(Instant.parse("+100000-01-01T00:00:00Z"),
                UUID.randomUUID())));
        assertRefused(Cursor.byName("names"), Cursor.byName("names").write("a\0b"));
        // seconds and nanoseconds that overflow an Instant (Long.MAX_VALUE s + 1.5e9 ns): refused, not a 500
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(forged)) {
            out.writeUTF("things");
            out.writeLong(Long.MAX_VALUE);
            out.writeInt(1_500_000_000);
            out.writeLong(0);
            out.writeLong(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertRefused(created, Base64.getUrlEncoder().withoutPadding().encodeToString(forged.toByteArray()));

        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        bytes[bytes.length - 1] ^= 1;
        assertThat(ledger.read(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)))
                .as("an unsigned cursor only moves the position within the caller's own list").isEqualTo(43L);
    }

    private static void assertRefused(Cursor<?> cursor, String after) {
        assertThatThrownBy(() -> cursor.read(after)).as(after).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.errors()).extracting(FieldError::field).containsExactly("after"));
    }
}
