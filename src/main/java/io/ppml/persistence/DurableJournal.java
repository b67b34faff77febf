package io.ppml.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.ppml.crypto.DataDirectory;
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
 * in 80 s, against 0.2 GB with this journal). A journal line is about 700 bytes, appended. Segments are retired once
 * a {@code CHECKPOINT SYNC} has put H2's own file on disk, and the journal stays small.
 *
 * <h2>Group commit, on one writer thread</h2>
 * Committing requests hand their lines to a single writer thread and wait (uninterruptibly) for it. The writer takes
 * everything queued, writes it, forces the file once and releases every request it covered: concurrent charges
 * share one {@code fsync}. Request threads never touch the file, so an interrupted request cannot close it
 * ({@code FileChannel} closes itself when a thread is interrupted in an I/O call). A failed write or force is
 * fatal, as in PostgreSQL: a failed fsync may have dropped the pages, and a later successful one proves nothing
 * about them; the journal then refuses every further record (their requests answer 500 without releasing anything)
 * and the readiness probe reports it down until the service is restarted and has replayed what it has.
 *
 * <h2>Guarantees</h2>
 * With {@code ppml.durability.journal-sync=true} (the default) a record is forced to the device before its commit
 * returns: it survives a crash of the process and power loss. With {@code false} it is written to the operating
 * system only, which survives a crash of the process, not power loss. On PostgreSQL the journal is off: a commit
 * returns after its WAL record is flushed ({@code synchronous_commit = on} and {@code fsync = on}, the server's
 * defaults, which it checks at start-up).
 *
 * <h2>Format</h2>
 * Segments {@code journal-<n>.log} under {@code <data dir>/journal}; one record per line: the CRC-32C of the JSON in
 * 8 hex digits, a space, the JSON {@code {"kind": ..., "record": ...}}. A line that fails its CRC (torn by a crash in
 * the middle of a write) is skipped: its commit had not returned.
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

    private final JsonMapper json;
    private final JdbcClient jdbc;
    private final TransactionTemplate inTransaction;
    private final DurabilityProperties properties;
    private final Path directory;
    private final @Nullable H2 h2;
    private final boolean postgres;
    private final @Nullable String otherDatabase;
    private final Map<String, Replay> replays = new ConcurrentHashMap<>();

    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final Batch stop = new Batch(List.of(), new CompletableFuture<>());
    private final AtomicLong tickets = new AtomicLong();
    private final ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();
    private final Object settled = new Object();
    private final ExecutorService retirer = Executors.newSingleThreadExecutor(daemon("journal-retirer"));
    private volatile @Nullable Throwable broken;
    private @Nullable Thread writer;
    // owned by the writer thread once it runs
    private @Nullable FileChannel channel;
    private long segment;
    private long written;

    DurableJournal(DataSourceProperties dataSource, DataDirectory dataDirectory, JsonMapper json, JdbcClient jdbc,
            PlatformTransactionManager transactions, DurabilityProperties properties) {
        this.json = json;
        this.jdbc = jdbc;
        this.inTransaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.directory = dataDirectory.resolve("journal");
        String url = dataSource.determineUrl() == null ? "" : dataSource.determineUrl();
        String lower = url.toLowerCase(Locale.ROOT);
        boolean h2File = lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:mem:");
        this.h2 = h2File ? new H2(url, dataSource.determineUsername(), dataSource.determinePassword()) : null;
        this.postgres = lower.startsWith("jdbc:postgresql:");
        this.otherDatabase = h2File || postgres || lower.startsWith("jdbc:h2:mem:") ? null : url.split(":", 3)[1];
    }

    /** Whether records are journaled (H2) or the database's commit is durable already. */
    public boolean enabled() {
        return h2 != null;
    }

    /** Why the journal stopped taking records, or null while it works. */
    public @Nullable Throwable failure() {
        return broken;
    }

    /** Registers the handler that replays records of {@code kind} at start-up. */
    public void register(String kind, Replay replay) {
        if (replays.putIfAbsent(kind, replay) != null) {
            throw new IllegalStateException("a replay for '" + kind + "' is registered already");
        }
    }

    /**
     * Journals {@code record} (serialised as JSON) when the current transaction commits, and makes the commit wait
     * until it is durable. A record of a transaction that rolls back is never written. Append before any savepoint
     * that may be rolled back: the record belongs to the transaction, not to the savepoint.
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
        Pending pending = null;
        // the current transaction's synchronizations only: a suspended outer transaction keeps its own
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof Pending p && p.owner() == this) {
                pending = p;
            }
        }
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.lines.add(line(kind, record));
    }

    /**
     * Waits until every record of a transaction that had begun committing before this call is durable. A request
     * that shows what another one committed (the replay of a stored response) calls it, so that it never shows an
     * answer whose charge is not on disk yet.
     *
     * @throws IllegalStateException when the journal failed: the awaited records may never be durable
     */
    public void awaitDurable() {
        if (h2 == null) {
            return;
        }
        long upTo = tickets.get();
        synchronized (settled) {
            while (!outstanding.isEmpty() && outstanding.first() <= upTo) {
                try {
                    settled.wait(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the journal", e);
                }
            }
        }
        Throwable failure = broken;
        if (failure != null) {
            throw new IllegalStateException("the durability journal failed; restart the service", failure);
        }
    }

    /** The lines one transaction journals, written when it commits. */
    private final class Pending implements TransactionSynchronization {
        private final List<byte[]> lines = new ArrayList<>();
        private long ticket;

        DurableJournal owner() {
            return DurableJournal.this;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            // taken before the commit makes anything visible: see awaitDurable
            ticket = tickets.incrementAndGet();
            outstanding.add(ticket);
        }

        @Override
        public void afterCommit() {
            write(lines);
        }

        @Override
        public void afterCompletion(int status) {
            if (ticket != 0) {
                outstanding.remove(ticket);
                synchronized (settled) {
                    settled.notifyAll();
                }
            }
        }
    }

    private byte[] line(String kind, Object record) {
        byte[] body = json.writeValueAsBytes(Map.of("kind", kind, "record", record));
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(9 + body.length + 1)
                .put(String.format("%08x ", crc.getValue()).getBytes(StandardCharsets.US_ASCII)).put(body)
                .put((byte) '\n').array();
    }

    /** Hands the lines to the writer and waits — uninterruptibly — until they are durable, or throws. */
    private void write(List<byte[]> lines) {
        Throwable failure = broken;
        if (failure != null) {
            throw new IllegalStateException("the durability journal failed; restart the service", failure);
        }
        Batch batch = new Batch(List.copyOf(lines), new CompletableFuture<>());
        queue.add(batch);
        batch.done().join();
    }

    private record Batch(List<byte[]> lines, CompletableFuture<Void> done) {
    }


    /** The writer thread: takes everything queued, writes it, forces once, releases it all. */
    private void run() {
        List<Batch> batches = new ArrayList<>();
        while (true) {
            batches.clear();
            try {
                batches.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only destroy() stops the writer, through STOP
            }
            queue.drainTo(batches);
            boolean stopping = batches.removeIf(b -> b == stop);
            try {
                if (broken != null) {
                    throw new IllegalStateException("the durability journal failed earlier", broken);
                }
                writeAndForce(batches);
                batches.forEach(b -> b.done().complete(null));
            } catch (IOException | RuntimeException e) {
                if (broken == null) {
                    broken = e;
                    log.error("The durability journal failed; no further charge can be made durable, so every "
                            + "charged request now fails until the service is restarted", e);
                    closeQuietly();
                }
                batches.forEach(b -> b.done().completeExceptionally(
                        new IllegalStateException("the durability journal failed; restart the service", broken)));
            }
            if (stopping) {
                stop.done().complete(null);
                return;
            }
        }
    }

    private void writeAndForce(List<Batch> batches) throws IOException {
        if (batches.isEmpty()) {
            return;
        }
        FileChannel c = channel();
        for (Batch batch : batches) {
            for (byte[] line : batch.lines()) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    c.write(buffer);
                }
                written += line.length;
            }
        }
        if (properties.journalSync()) {
            c.force(false);
        }
        if (written >= properties.journalSegmentSize().toBytes()) {
            rotate();
        }
    }

    /** On the writer thread: force and close the full segment, start the next, retire the old in the background. */
    private void rotate() throws IOException {
        FileChannel old = channel;
        long oldSegment = segment;
        if (old != null) {
            old.force(false);
            old.close();
        }
        channel = null;
        segment++;
        written = 0;
        retirer.execute(() -> retire(List.of(oldSegment)));
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            Files.createDirectories(directory);
            channel = FileChannel.open(file(segment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            written = channel.size();
        }
        return channel;
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing the journal after its failure failed", e);
            }
            channel = null;
        }
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

    private Path file(long n) {
        return directory.resolve(String.format(Locale.ROOT, "journal-%012d.log", n));
    }

    /**
     * Replays every segment left by an earlier run — all singletons exist, so every module has registered its
     * handler, and the web server has not started — then puts H2's file on disk, deletes them and starts the writer.
     */
    @Override
    public void afterSingletonsInstantiated() {
        if (postgres) {
            warnUnlessDurable();
        }
        if (otherDatabase != null) {
            log.warn("The database ({}) is neither H2 nor PostgreSQL: privacy charges are as durable as its commits "
                    + "are; the service makes no further guarantee", otherDatabase);
        }
        if (h2 == null) {
            return;
        }
        List<Long> segments = existingSegments();
        long[] counts = new long[3];
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
                    + "the database had lost; {} unreadable line(s) skipped", counts[0], segments.size(), counts[1],
                    counts[2]);
        }
        segment = segments.isEmpty() ? 1 : segments.get(segments.size() - 1) + 1;
        Thread thread = daemon("journal-writer").newThread(this::run);
        writer = thread;
        thread.start();
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

    /** Replays one segment: counts[0] records read, counts[1] that restored something, counts[2] lines skipped. */
    private void replaySegment(long n, long[] counts) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file(n));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read journal segment " + file(n), e);
        }
        int start = 0;
        int line = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            line++;
            JsonNode entry = parse(bytes, start, end);
            start = end + 1;
            if (entry == null) {
                // torn by a crash (its commit never returned) or damaged: every record stands alone, so go on
                log.warn("Journal segment {} line {} is incomplete or corrupt; skipped", n, line);
                counts[2]++;
                continue;
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

    /** The record of a line whose CRC-32C matches, or null. */
    private @Nullable JsonNode parse(byte[] bytes, int start, int end) {
        if (end - start < 10 || bytes[start + 8] != ' ') {
            return null;
        }
        long expected;
        try {
            expected = HexFormat.fromHexDigitsToLong(new String(bytes, start, 8, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, start + 9, end - start - 9);
        if (crc.getValue() != expected) {
            return null;
        }
        try {
            return json.readTree(new String(bytes, start + 9, end - start - 9, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * On a clean shutdown — the web server has stopped, and the database outlives this bean, which depends on it —
     * the writer finishes what is queued and the last segment is retired like the others, so that the next start
     * has nothing to replay.
     */
    @Override
    public void destroy() throws InterruptedException {
        retirer.shutdown();
        retirer.awaitTermination(30, TimeUnit.SECONDS);
        if (h2 == null) {
            return;
        }
        Thread thread = writer;
        if (thread != null) {
            queue.add(stop);
            stop.done().join();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        boolean open = channel != null;
        if (open && broken == null) {
            try {
                channel.force(false);
            } catch (IOException e) {
                log.warn("Could not force the journal at shutdown; it will be replayed at the next start", e);
                open = false;
            }
        }
        closeQuietly();
        if (open && broken == null) {
            retire(List.of(segment));
        }
        h2.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The H2 database behind the journal, and how to put its own file on disk. */
    private static final class H2 {
        private final String url;
        private final @Nullable String user;
        private final @Nullable String password;
        private @Nullable Connection connection;

        H2(String url, @Nullable String user, @Nullable String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        /**
         * Stores every commit made so far in H2's file and forces it to the device. The marker update gives the
         * checkpoint a change of its own to store, so that its synchronous store queues behind — and waits for — any
         * asynchronous store of H2's background writer that already took earlier commits (H2 runs both through the
         * same single-threaded writers, in order).
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
