package io.ppml.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A write-ahead journal, with group commit, for the effects that must survive a crash once they are acknowledged —
 * privacy charges above all: an answer paid for by a charge must never leave the service before the charge is on
 * disk. A service calls {@link #append} inside the transaction that makes the effect; when that transaction commits,
 * the record is appended to the journal and the commit returns — in the request's thread, before the response is
 * written — only once the record is durable. At start-up, before the service takes requests, every record is
 * replayed through the handler its module {@link #register registered}; handlers are idempotent (a record whose effect
 * the database kept changes nothing).
 *
 * <h2>Why a journal, on H2</h2>
 * H2 (the embedded default) acknowledges a commit before writing it: its background writer stores the changes of
 * the last 500 ms at once, so a kill lost about 6 % of answered charges. Writing every commit through
 * ({@code WRITE_DELAY=0}), or a CHECKPOINT per group of commits, makes each one a new chunk of H2's log-structured
 * file, and with H2's 45-second retention of old chunks the file grew by about 30 KB per charge under load (1.9 GB
 * in 80 s, against 0.15 GB as it is). A journal line is about 700 bytes, appended; one {@code force} (fsync) covers
 * every line written before it began, so concurrent charges share it (group commit). Segments are retired once a
 * {@code CHECKPOINT SYNC} has put H2's own file on disk, and the journal stays small.
 *
 * <h2>Guarantees</h2>
 * With {@code ppml.durability.journal-sync=true} (the default) a record is forced to the device before its commit
 * returns: it survives a crash of the process and power loss. With {@code false} it is written to the operating
 * system only, which survives a crash of the process, not power loss. On PostgreSQL the journal is off: a commit
 * returns after its WAL record is flushed ({@code synchronous_commit = on}, the server's default).
 *
 * <h2>Format</h2>
 * Segments {@code journal-<n>.log} in a directory beside the H2 file; one record per line: the CRC-32C of the JSON
 * in 8 hex digits, a space, the JSON {@code {"kind": ..., "record": ...}}. A torn last line (a crash in the middle of
 * a write) fails its CRC and is ignored: its commit had not returned.
 */
@Component
public class DurableJournal implements SmartInitializingSingleton, DisposableBean {

    /**
     * Replays one record of its kind, inside a transaction; must be idempotent. Returns whether it restored anything
     * (false when the database had kept the record's effect).
     */
    @FunctionalInterface
    public interface Replay {
        boolean replay(JsonNode record);
    }

    private static final Logger log = LoggerFactory.getLogger(DurableJournal.class);
    private static final Object BOUND = new Object();

    private final JsonMapper json;
    private final JdbcClient jdbc;
    private final boolean postgres;
    private final TransactionTemplate inTransaction;
    private final DurabilityProperties properties;
    private final Map<String, Replay> replays = new ConcurrentHashMap<>();
    private final @Nullable H2 h2;

    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final AtomicReference<Position> synced = new AtomicReference<>(new Position(0, 0));
    private final ExecutorService retirer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "journal-retirer");
        t.setDaemon(true);
        return t;
    });
    private @Nullable FileChannel channel;
    private long segment;
    private long written;

    DurableJournal(DataSourceProperties dataSource, JsonMapper json, PlatformTransactionManager transactions,
            DurabilityProperties properties, JdbcClient jdbc) {
        this.json = json;
        this.inTransaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.jdbc = jdbc;
        this.h2 = H2.of(dataSource);
        String url = dataSource.determineUrl();
        this.postgres = url != null && url.startsWith("jdbc:postgresql:");
    }

    /** Whether records are journaled (H2 file databases) or the database's commit is durable already. */
    public boolean enabled() {
        return h2 != null;
    }

    /** Registers the handler that replays records of {@code kind} at start-up. */
    public void register(String kind, Replay replay) {
        if (replays.putIfAbsent(kind, replay) != null) {
            throw new IllegalStateException("a replay for '" + kind + "' is registered already");
        }
    }

    /**
     * Journals {@code record} (serialised as JSON) when the current transaction commits, and makes the commit wait
     * until it is durable. A record of a transaction that rolls back is never written.
     *
     * @throws IllegalStateException outside a transaction, or for a kind without a registered replay
     */
    public void append(String kind, Object record) {
        if (h2 == null) {
            return;
        }
        if (!replays.containsKey(kind)) {
            throw new IllegalStateException("no replay registered for '" + kind + "'");
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("append() needs a transaction");
        }
        @SuppressWarnings("unchecked")
        List<byte[]> pending = (List<byte[]>) TransactionSynchronizationManager.getResource(BOUND);
        if (pending == null) {
            List<byte[]> lines = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(BOUND, lines);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    makeDurable(lines);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(BOUND);
                }
            });
            pending = lines;
        }
        pending.add(line(kind, record));
    }

    private byte[] line(String kind, Object record) {
        byte[] body = json.writeValueAsBytes(Map.of("kind", kind, "record", record));
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer out = ByteBuffer.allocate(9 + body.length + 1);
        out.put(String.format("%08x ", crc.getValue()).getBytes(StandardCharsets.US_ASCII)).put(body).put((byte) '\n');
        return out.array();
    }

    /** Appends the lines, then — unless sync is off — waits until a force covers them. */
    private void makeDurable(List<byte[]> lines) {
        Position end;
        appendLock.lock();
        try {
            FileChannel c = openChannel();
            for (byte[] line : lines) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    written += c.write(buffer);
                }
            }
            end = new Position(segment, written);
            if (written >= properties.journalSegmentSize().toBytes()) {
                rotate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the durability journal", e);
        } finally {
            appendLock.unlock();
        }
        if (properties.journalSync()) {
            awaitForced(end);
        }
    }

    /**
     * Group commit: the first waiter not covered yet forces the file and so covers every line written before the
     * force began — including those of the requests that queued for the lock meanwhile.
     */
    private void awaitForced(Position end) {
        if (synced.get().covers(end)) {
            return;
        }
        syncLock.lock();
        try {
            if (synced.get().covers(end)) {
                return;
            }
            FileChannel c;
            Position target;
            appendLock.lock();
            try {
                c = channel;
                target = new Position(segment, written);
            } finally {
                appendLock.unlock();
            }
            try {
                if (c != null) {
                    c.force(false);
                }
            } catch (ClosedChannelException rotated) {
                // rotate() forced that segment before closing it, and advanced `synced` past it
            } catch (IOException e) {
                throw new UncheckedIOException("could not force the durability journal to disk", e);
            }
            advance(target);
            if (!synced.get().covers(end)) {
                throw new IllegalStateException("journal position " + end + " not covered after a force");
            }
        } finally {
            syncLock.unlock();
        }
    }

    private void advance(Position to) {
        synced.accumulateAndGet(to, (a, b) -> a.covers(b) ? a : b);
    }

    /** Under appendLock: force and close the full segment, start the next, retire the old one in the background. */
    private void rotate() throws IOException {
        FileChannel old = channel;
        long oldSegment = segment;
        if (old != null) {
            old.force(false);
            advance(new Position(segment, written));
            old.close();
        }
        segment++;
        written = 0;
        channel = open(segment);
        retirer.execute(() -> retire(List.of(oldSegment)));
    }

    /**
     * Deletes segments once H2's own file holds their effects on disk: every record in them was appended after its
     * transaction committed, so a CHECKPOINT SYNC started now stores and forces them.
     */
    private void retire(List<Long> segments) {
        try {
            h2.checkpointSync();
            for (long n : segments) {
                Files.deleteIfExists(file(n));
            }
        } catch (RuntimeException | IOException e) {
            log.warn("Could not retire journal segments {}; they will be replayed (harmlessly) at the next start",
                    segments, e);
        }
    }

    private FileChannel openChannel() throws IOException {
        if (channel == null) {
            channel = open(segment);
        }
        return channel;
    }

    private FileChannel open(long n) throws IOException {
        Files.createDirectories(h2.journalDirectory());
        FileChannel c = FileChannel.open(file(n), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        written = c.size();
        return c;
    }

    private Path file(long n) {
        return h2.journalDirectory().resolve(String.format(Locale.ROOT, "journal-%012d.log", n));
    }

    /**
     * Replays every segment left by an earlier run — all singletons exist, so every module has registered its
     * handler, and the web server has not started — then puts H2's file on disk and deletes them.
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (postgres) {
            warnUnlessDurable();
        }
        if (h2 == null) {
            return;
        }
        List<Long> segments = existingSegments();
        long[] counts = new long[2];
        for (long n : segments) {
            replaySegment(n, counts);
        }
        if (!segments.isEmpty()) {
            h2.checkpointSync();
            for (long n : segments) {
                try {
                    Files.deleteIfExists(file(n));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not delete a replayed journal segment", e);
                }
            }
            log.info("Replayed {} journal record(s) from {} segment(s) left by the previous run; {} restored what "
                    + "the database had lost", counts[0], segments.size(), counts[1]);
        }
        segment = segments.isEmpty() ? 1 : segments.get(segments.size() - 1) + 1;
        synced.set(new Position(segment, 0));
    }

    /** PostgreSQL's commits are durable only with both settings on; say so when the server has turned one off. */
    private void warnUnlessDurable() {
        try {
            String synchronousCommit = jdbc.sql("show synchronous_commit").query(String.class).single();
            String fsync = jdbc.sql("show fsync").query(String.class).single();
            if ("off".equalsIgnoreCase(synchronousCommit) || "off".equalsIgnoreCase(fsync)) {
                log.warn("PostgreSQL has synchronous_commit = {} and fsync = {}: commits, privacy charges among "
                        + "them, can be acknowledged before they are on disk and be lost in a crash. Turn both on.",
                        synchronousCommit, fsync);
            }
        } catch (RuntimeException e) {
            log.warn("Could not read PostgreSQL's synchronous_commit and fsync settings", e);
        }
    }

    private List<Long> existingSegments() {
        Path directory = h2.journalDirectory();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.matches("journal-\\d+\\.log"))
                    .map(name -> Long.parseLong(name.substring(8, name.length() - 4))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the durability journal", e);
        }
    }

    /** Replays one segment; counts[0] += records read, counts[1] += records that restored something. */
    private void replaySegment(long n, long[] counts) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file(n), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read journal segment " + file(n), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            JsonNode entry = parse(lines.get(i));
            if (entry == null) {
                // a torn write: its commit never returned, so nothing was acknowledged on it
                log.warn("Journal segment {} line {} is incomplete or corrupt; it and any later line are skipped",
                        n, i + 1);
                break;
            }
            String kind = entry.get("kind").asString();
            Replay replay = replays.get(kind);
            if (replay == null) {
                throw new IllegalStateException("journal record of unknown kind '" + kind + "'");
            }
            Boolean restored = inTransaction.execute(status -> replay.replay(entry.get("record")));
            counts[0]++;
            counts[1] += Boolean.TRUE.equals(restored) ? 1 : 0;
        }
    }

    private @Nullable JsonNode parse(String line) {
        if (line.length() < 10 || line.charAt(8) != ' ') {
            return null;
        }
        byte[] body = line.substring(9).getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        long expected;
        try {
            expected = HexFormat.fromHexDigitsToLong(line.substring(0, 8));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (crc.getValue() != expected) {
            return null;
        }
        return json.readTree(body);
    }

    /**
     * On a clean shutdown — the web server has stopped, and the database outlives this bean, which depends on it —
     * the last segment is retired like the others, so that the next start has nothing to replay.
     */
    @Override
    public void destroy() throws IOException, InterruptedException {
        retirer.shutdown();
        retirer.awaitTermination(30, TimeUnit.SECONDS);
        if (h2 == null) {
            return;
        }
        boolean open;
        appendLock.lock();
        try {
            open = channel != null;
            if (open) {
                channel.force(false);
                channel.close();
                channel = null;
            }
        } finally {
            appendLock.unlock();
        }
        if (open) {
            retire(List.of(segment));
        }
        h2.close();
    }

    /** A place in the journal: segment number, then bytes into it. */
    private record Position(long segment, long offset) {
        boolean covers(Position other) {
            return segment > other.segment || segment == other.segment && offset >= other.offset;
        }
    }

    /** The H2 file database behind the journal: where the journal lives, and how to put H2's file on disk. */
    private static final class H2 {
        private final String url;
        private final @Nullable String user;
        private final @Nullable String password;
        private final Path journalDirectory;
        private @Nullable Connection connection;

        private H2(String url, @Nullable String user, @Nullable String password, Path journalDirectory) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.journalDirectory = journalDirectory;
        }

        static @Nullable H2 of(DataSourceProperties dataSource) {
            String url = dataSource.determineUrl();
            String prefix = "jdbc:h2:file:";
            if (url == null || !url.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return null;
            }
            String file = url.substring(prefix.length()).split(";", 2)[0];
            Path database = Path.of(file).toAbsolutePath();
            return new H2(url, dataSource.determineUsername(), dataSource.determinePassword(),
                    database.resolveSibling(database.getFileName() + ".journal"));
        }

        Path journalDirectory() {
            return journalDirectory;
        }

        /**
         * Stores every commit made so far in H2's file and forces it to the device. The marker update gives the
         * checkpoint a change of its own to store, so that its synchronous store queues behind — and waits for — any
         * asynchronous store of H2's background writer that already took earlier commits.
         */
        synchronized void checkpointSync() {
            try {
                if (connection == null || connection.isClosed()) {
                    // a connection of its own, outside the pool
                    connection = DriverManager.getConnection(url, user, password);
                    connection.setAutoCommit(true);
                }
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("update durability_marker set flushes = flushes + 1 where id = 1");
                    statement.execute("checkpoint sync");
                }
            } catch (SQLException e) {
                close();
                throw new IllegalStateException("H2 checkpoint failed", e);
            }
        }

        synchronized void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    log.debug("closing the checkpoint connection failed", e);
                }
                connection = null;
            }
        }
    }
}
