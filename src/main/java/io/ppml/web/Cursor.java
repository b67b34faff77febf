package io.ppml.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import io.ppml.refusal.Refusal;
import org.jspecify.annotations.Nullable;

/**
 * Where the next page of one list starts, written as the opaque string a page returns as {@code nextCursor} and the
 * next request passes back as {@code after}. It holds the list's name and the sort key of the last item shown, so the
 * database continues right after that item (keyset pagination: no offset, and an item added or removed meanwhile
 * neither repeats nor skips another).
 *
 * <p>A cursor is not signed: it only positions a query that is always scoped to the caller's tenant, so a forged one
 * can at most skip or repeat the caller's own items. Reading one checks everything a query binds (the list, a
 * timestamp both databases can store, a string without NUL), so a mangled cursor is a 400 naming {@code after}.
 *
 * @param <K> the sort key: {@link Created} for a list in creation order, a name, a sequence number
 */
public final class Cursor<K> {

    /** The sort key of a list in creation order: the creation time, then the id for items created at once. */
    public record Created(Instant at, UUID id) {
    }

    /** Longer than any cursor this service writes (one holding a name of 100 characters has under 450). */
    private static final int MAX_LENGTH = 1024;
    // what both H2 and PostgreSQL store in a timestamp with time zone
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private interface Codec<K> {
        void write(DataOutputStream out, K key) throws IOException;

        K read(DataInputStream in) throws IOException;
    }

    private final String list;
    private final Codec<K> codec;

    private Cursor(String list, Codec<K> codec) {
        this.list = list;
        this.codec = codec;
    }

    /** The cursor of {@code list}, ordered by creation time and then id. */
    public static Cursor<Created> byCreation(String list) {
        return new Cursor<>(list, new Codec<>() {
            @Override
            public void write(DataOutputStream out, Created key) throws IOException {
                out.writeLong(key.at().getEpochSecond());
                out.writeInt(key.at().getNano());
                out.writeLong(key.id().getMostSignificantBits());
                out.writeLong(key.id().getLeastSignificantBits());
            }

            @Override
            public Created read(DataInputStream in) throws IOException {
                Instant at;
                try {
                    at = Instant.ofEpochSecond(in.readLong(), in.readInt());
                } catch (DateTimeException | ArithmeticException e) { // out of Instant's range, or overflowing it
                    throw new IOException("not an instant", e);
                }
                if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                    throw new IOException("an instant no database stores");
                }
                return new Created(at, new UUID(in.readLong(), in.readLong()));
            }
        });
    }

    /** The cursor of {@code list}, ordered by a unique name. */
    public static Cursor<String> byName(String list) {
        return new Cursor<>(list, new Codec<>() {
            @Override
            public void write(DataOutputStream out, String key) throws IOException {
                out.writeUTF(key);
            }

            @Override
            public String read(DataInputStream in) throws IOException {
                String name = in.readUTF();
                if (name.indexOf('\0') >= 0) {
                    throw new IOException("PostgreSQL cannot compare a string holding NUL");
                }
                return name;
            }
        });
    }

    /** The cursor of {@code list}, ordered by a sequence number. */
    public static Cursor<Long> bySequence(String list) {
        return new Cursor<>(list, new Codec<>() {
            @Override
            public void write(DataOutputStream out, Long key) throws IOException {
                out.writeLong(key);
            }

            @Override
            public Long read(DataInputStream in) throws IOException {
                return in.readLong();
            }
        });
    }

    /** The cursor that continues after the item whose sort key is {@code key}. */
    String write(K key) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(list);
            codec.write(out, key);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    /** The sort key {@code after} continues after; null for the first page (no {@code after}). */
    @Nullable K read(@Nullable String after) {
        if (after == null) {
            return null;
        }
        if (after.length() > MAX_LENGTH) {
            throw invalid();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(after);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (!list.equals(in.readUTF())) {
                throw invalid();
            }
            K key = codec.read(in);
            if (in.available() > 0) {
                throw invalid();
            }
            return key;
        } catch (IllegalArgumentException | IOException e) {
            throw invalid();
        }
    }

    private static Refusal invalid() {
        return Refusal.invalid("after", "is not a cursor of this list: pass the nextCursor of the previous page "
                + "unchanged, or leave after out for the first page");
    }
}
