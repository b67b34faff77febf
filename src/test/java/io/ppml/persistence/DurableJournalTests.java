package io.ppml.persistence;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.ppml.crypto.DataDirectory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The durability journal on its own, against an H2 file database: records of committed transactions only, replay
 * after a "crash" (a journal that was never closed), a torn last line, rotation with retirement, clean shutdown.
 * The end-to-end proof — SIGKILL under load, then every answered charge in the ledger — is
 * {@code H2CrashAndShutdownIT}.
 */
class DurableJournalTests {

    @TempDir
    Path dir;

    private JdbcDataSource dataSource;
    private JdbcClient jdbc;
    private TransactionTemplate inTransaction;
    private final List<DurableJournal> opened = new ArrayList<>();

    @BeforeEach
    void database() {
        dataSource = new JdbcDataSource();
        dataSource.setURL(url());
        dataSource.setUser("sa");
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("create table durability_marker (id integer primary key, flushes bigint not null)").update();
        jdbc.sql("insert into durability_marker values (1, 0)").update();
        jdbc.sql("create table effects (id varchar(20) primary key)").update();
        inTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterEach
    void close() throws Exception {
        for (DurableJournal journal : opened) {
            journal.destroy();
        }
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("db/test") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** A journal as the application would create it; replays {@code kind "effect"} into {@code effects}. */
    private DurableJournal journal(DataSize segmentSize, List<String> replayed) {
        DataSourceProperties properties = new DataSourceProperties();
        properties.setUrl(url());
        properties.setUsername("sa");
        properties.setPassword("");
        DurableJournal journal = new DurableJournal(properties, new DataDirectory(dir), JsonMapper.builder().build(),
                jdbc, new DataSourceTransactionManager(dataSource), new DurabilityProperties(true, segmentSize));
        journal.register("effect", record -> {
            String id = record.get("id").asString();
            replayed.add(id);
            if (jdbc.sql("select count(*) from effects where id = ?").param(id).query(Long.class).single() > 0) {
                return false;
            }
            jdbc.sql("insert into effects values (?)").param(id).update();
            return true;
        });
        journal.afterSingletonsInstantiated();
        opened.add(journal);
        return journal;
    }

    private void effect(DurableJournal journal, String id, boolean commit) {
        try {
            inTransaction.executeWithoutResult(status -> {
                jdbc.sql("insert into effects values (?)").param(id).update();
                journal.append("effect", Map.of("id", id));
                if (!commit) {
                    throw new IllegalStateException("roll back");
                }
            });
        } catch (IllegalStateException rolledBack) {
            assertThat(commit).isFalse();
        }
    }

    private List<Path> segments() throws Exception {
        Path journal = dir.resolve("journal");
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(journal)) {
            return files.sorted().toList();
        }
    }

    @Test
    void shouldJournalCommittedTransactionsOnlyAndReplayThemAfterACrash() throws Exception {
        DurableJournal first = journal(DataSize.ofMegabytes(4), new ArrayList<>());
        effect(first, "a", true);
        effect(first, "b", false);
        effect(first, "c", true);
        String written = Files.readString(segments().get(0));
        assertThat(written.lines()).hasSize(2).allMatch(line -> line.matches("[0-9a-f]{8} \\{.*\\}"));
        assertThat(written).contains("\"a\"", "\"c\"").doesNotContain("\"b\"");

        // the database loses "c" (as H2 loses commits it had not written when the process is killed)
        jdbc.sql("delete from effects where id = 'c'").update();
        opened.remove(first); // never closed: a crash

        List<String> replayed = new ArrayList<>();
        journal(DataSize.ofMegabytes(4), replayed);
        assertThat(replayed).containsExactly("a", "c");
        assertThat(jdbc.sql("select id from effects order by id").query(String.class).list()).containsExactly("a", "c");
        assertThat(segments()).as("replayed segments are deleted once H2's file is on disk").isEmpty();
    }

    @Test
    void shouldIgnoreATornLastLine() throws Exception {
        DurableJournal first = journal(DataSize.ofMegabytes(4), new ArrayList<>());
        effect(first, "a", true);
        opened.remove(first);
        Path segment = segments().get(0);
        String whole = Files.readString(segment);
        // a crash in the middle of the next append, and a line whose CRC does not match
        Files.writeString(segment, whole.substring(0, 20), StandardOpenOption.APPEND);
        List<String> replayed = new ArrayList<>();
        journal(DataSize.ofMegabytes(4), replayed);
        assertThat(replayed).containsExactly("a");

        Files.createDirectories(segment.getParent());
        Files.writeString(segment, "00000000 {\"kind\":\"effect\",\"record\":{\"id\":\"forged\"}}\n",
                StandardCharsets.UTF_8);
        List<String> again = new ArrayList<>();
        journal(DataSize.ofMegabytes(4), again);
        assertThat(again).as("a line whose checksum fails is never replayed").isEmpty();
    }

    @Test
    void shouldRotateAndRetireSegmentsOnceTheDatabaseIsOnDisk() throws Exception {
        DurableJournal journal = journal(DataSize.ofBytes(300), new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            effect(journal, "e" + i, true);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (segments().size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(segments()).as("full segments are deleted in the background").hasSize(1);
        assertThat(jdbc.sql("select flushes from durability_marker").query(Long.class).single())
                .as("each retirement made H2's file durable first").isPositive();

        journal.destroy();
        opened.remove(journal);
        assertThat(segments()).as("a clean shutdown retires the last segment too").isEmpty();
    }

    @Test
    void shouldRefuseUnregisteredKindsAndAppendsOutsideTransactions() {
        DurableJournal journal = journal(DataSize.ofMegabytes(4), new ArrayList<>());
        assertThatThrownBy(() -> journal.append("effect", Map.of("id", "x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
        assertThatThrownBy(() -> inTransaction.executeWithoutResult(s -> journal.append("unknown", Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown");
        assertThatThrownBy(() -> journal.register("effect", record -> true))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldSkipADamagedLineAndReplayTheRest() throws Exception {
        DurableJournal first = journal(DataSize.ofMegabytes(4), new ArrayList<>());
        effect(first, "a", true);
        effect(first, "b", true);
        effect(first, "c", true);
        opened.remove(first);
        Path segment = segments().get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(segment));
        lines.set(1, lines.get(1).replace("\"b\"", "\"x\""));
        Files.write(segment, lines);
        jdbc.sql("delete from effects").update();
        List<String> replayed = new ArrayList<>();
        journal(DataSize.ofMegabytes(4), replayed);
        assertThat(replayed).as("every record stands alone: a damaged one is skipped, not the rest").containsExactly(
                "a", "c");
    }

    @Test
    void shouldStopTakingRecordsOnceAWriteFailsAndSaySo() throws Exception {
        DurableJournal journal = journal(DataSize.ofMegabytes(4), new ArrayList<>());
        // the segment the writer is about to open is a directory: the open fails like a full or broken disk
        Files.createDirectories(dir.resolve("journal/journal-000000000001.log"));
        assertThatThrownBy(() -> commit(journal, "a")).hasMessageContaining("journal failed");
        assertThat(journal.failure()).isNotNull();
        assertThat(new JournalHealthIndicator(journal).health().getStatus().getCode()).isEqualTo("DOWN");
        assertThatThrownBy(journal::awaitDurable).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> commit(journal, "b")).hasMessageContaining("journal failed");
    }

    private void commit(DurableJournal journal, String id) {
        inTransaction.executeWithoutResult(status -> {
            jdbc.sql("insert into effects values (?)").param(id).update();
            journal.append("effect", Map.of("id", id));
        });
    }
}
