package io.ppml.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.ppml.support.Api;
import io.ppml.support.Api.Response;
import io.ppml.support.PackagedJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator's kill does to the privacy ledger, against the jar the build produced, run as its own process:
 * <ul>
 *   <li>SIGKILL under load from several threads: after a restart, every request that was answered is in the ledger
 *       — a charge is durable before its answer leaves — and no request is charged twice (each carries its own
 *       Idempotency-Key, which the ledger records); the ledger holds at most the in-flight requests more;</li>
 *   <li>SIGTERM under load: the requests in flight finish — no 5xx — and the process exits cleanly.</li>
 * </ul>
 * Once per database (see the subclasses).
 */
abstract class AbstractCrashAndShutdownIT {

    private static final int THREADS = 8;
    private static final String STATISTIC = "{\"statistic\":\"MEAN\",\"values\":[3,5,8,13],\"lower\":0,"
            + "\"upper\":20,\"epsilon\":0.001}";

    @TempDir
    Path work;

    /** The environment that points the service at this test's database. */
    abstract Map<String, String> database(String name);

    /** Whether the service keeps a durability journal on this database (H2), which the restart must replay. */
    abstract boolean journaled();

    @Test
    void shouldKeepEveryAnsweredChargeThroughSigkill() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> env = database("crash");
        int port = PackagedJar.freePort();
        Load load;
        String owner;
        try (PackagedJar service = PackagedJar.start(data, port, env, work.resolve("first.log"))) {
            owner = tenant(service, data);
            load = new Load(service.api(), owner);
            load.start();
            load.awaitAnswered(300, Duration.ofSeconds(60));
            service.kill();
            load.stop();
        }
        assertThat(load.answered()).hasSizeGreaterThanOrEqualTo(300);
        assertThat(load.serverErrors()).as("5xx before the kill").isEmpty();

        try (PackagedJar restarted = PackagedJar.start(data, port, env, work.resolve("second.log"))) {
            List<String> charged = ledgerKeys(restarted.api(), owner);
            Set<String> distinct = new HashSet<>(charged);
            assertThat(distinct).as("no request is charged twice").hasSameSizeAs(charged);
            assertThat(load.sent()).as("every charge is a request that was sent").containsAll(distinct);
            List<String> lost = load.answered().stream().filter(key -> !distinct.contains(key)).toList();
            assertThat(lost).as("answered requests without a charge after SIGKILL and restart (of %d answered)",
                    load.answered().size()).isEmpty();
            assertThat(distinct.size() - load.answered().size()).as("charges beyond the answers: at most those in "
                    + "flight").isBetween(0, THREADS);
            JsonNode budget = restarted.api().get("/v1/budget", owner).json();
            assertThat(budget.at("/epsilon/spent").asDouble()).isCloseTo(0.001 * distinct.size(),
                    org.assertj.core.data.Offset.offset(1e-9));
            String restart = restarted.log();
            if (journaled()) {
                String replayed = restart.lines().filter(l -> l.contains("Replayed")).findFirst()
                        .orElseThrow(() -> new AssertionError("no journal replay after SIGKILL:\n" + restart));
                System.out.printf("SIGKILL after %d answered charges; restart: %s%n", load.answered().size(),
                        replayed.substring(replayed.indexOf("Replayed")));
            }
        }
    }

    @Test
    void shouldFinishRequestsInFlightOnSigterm() throws Exception {
        Path data = work.resolve("data");
        Path log = work.resolve("service.log");
        PackagedJar service = PackagedJar.start(data, PackagedJar.freePort(), database("term"), log);
        Load load = new Load(service.api(), tenant(service, data));
        load.start();
        load.awaitAnswered(200, Duration.ofSeconds(60));
        int exit = service.terminate(Duration.ofSeconds(40));
        load.stop();
        String output = service.log();
        assertThat(load.serverErrors()).as("5xx during a graceful shutdown; log:\n%s", output).isEmpty();
        assertThat(output).doesNotContain("Database is already closed");
        assertThat(exit).as("exit code after SIGTERM; log:\n%s", output).isIn(0, 143);
    }

    private static String tenant(PackagedJar service, Path data) throws IOException {
        String admin = Files.readString(data.resolve("admin-token")).strip();
        Response created = service.api().post("/v1/admin/tenants", admin, Map.of("name", "ops",
                "epsilonBudget", 1e6, "deltaBudget", 0));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().at("/apiKey/secret").asString();
    }

    /** Every idempotency key in the tenant's ledger, following the cursor. */
    private static List<String> ledgerKeys(Api api, String owner) {
        List<String> keys = new ArrayList<>();
        String after = "";
        while (true) {
            Response page = api.get("/v1/budget/ledger?limit=500" + after, owner);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(entry -> keys.add(entry.get("idempotencyKey").asString()));
            JsonNode next = page.json().get("nextCursor");
            if (next == null || next.isNull()) {
                return keys;
            }
            after = "&after=" + next.asString();
        }
    }

    /**
     * THREADS clients posting charged statistics, each request with a fresh Idempotency-Key; records what was sent,
     * what was answered 200 and every 5xx. A request cut off by the kill (no response) is neither.
     */
    private static final class Load {
        private final Api api;
        private final String owner;
        private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger next = new AtomicInteger();
        private final Set<String> sent = Collections.synchronizedSet(new HashSet<>());
        private final List<String> answered = Collections.synchronizedList(new ArrayList<>());
        private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        private final List<Future<?>> workers = new ArrayList<>();

        Load(Api api, String owner) {
            this.api = api;
            this.owner = owner;
        }

        void start() {
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        String key = "crash-" + next.incrementAndGet();
                        sent.add(key);
                        Response response;
                        try {
                            response = api.request("POST", "/v1/dp/statistics").bearer(owner)
                                    .header("Idempotency-Key", key).json(STATISTIC).send();
                        } catch (UncheckedIOException cutOff) {
                            continue; // connection refused or reset: the service is gone or going
                        }
                        if (response.status() == 200) {
                            answered.add(key);
                        } else if (response.status() >= 500) {
                            serverErrors.add(response.toString());
                        }
                    }
                    return null;
                }));
            }
        }

        void awaitAnswered(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (answered.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        void stop() throws Exception {
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
            for (Future<?> worker : workers) {
                worker.get();
            }
        }

        List<String> answered() {
            return List.copyOf(answered);
        }

        Set<String> sent() {
            return Set.copyOf(sent);
        }

        List<String> serverErrors() {
            return List.copyOf(serverErrors);
        }
    }

    static Map<String, String> environment(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
