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
import java.util.function.IntFunction;

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
 *   <li>the same for federated learning rounds, whose charges must agree with the models released;</li>
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
            owner = tenant(service, data, 0);
            load = new Load(statistics(service.api(), owner));
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

    /**
     * The same for federated learning: THREADS DP-FedAvg tasks, each aggregating a round per update. After SIGKILL
     * and a restart, every round whose aggregation was answered is charged and no round twice; no task's model is
     * ahead of its charges. On PostgreSQL each model is exactly as far along as its charges; on H2 a model (not
     * journaled, README "Durability") may have lost its last rounds while their charges were kept.
     */
    @Test
    void shouldKeepEveryAnsweredFlRoundChargeThroughSigkill() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> env = database("flcrash");
        int port = PackagedJar.freePort();
        Load load;
        String owner;
        List<String> taskIds = new ArrayList<>();
        try (PackagedJar service = PackagedJar.start(data, port, env, work.resolve("first.log"))) {
            owner = tenant(service, data, 0.5);
            for (int t = 0; t < THREADS; t++) {
                Response task = service.api().post("/v1/fl/tasks", owner, Map.of("name", "crash-" + t,
                        "dimension", 3, "rounds", 100_000, "minClients", 1, "roundTimeout", "PT10M",
                        "aggregation", "FEDAVG", "dp", Map.of("clipNorm", 1.0, "noiseMultiplier", 20.0,
                                "expectedClients", 1, "delta", 1e-9)));
                assertThat(task.status()).as(task.toString()).isEqualTo(201);
                taskIds.add(task.json().get("id").asString());
            }
            load = new Load(flRounds(service.api(), owner, taskIds));
            load.start();
            load.awaitAnswered(100, Duration.ofSeconds(90));
            service.kill();
            load.stop();
        }
        assertThat(load.answered()).hasSizeGreaterThanOrEqualTo(100);
        assertThat(load.serverErrors()).as("5xx before the kill").isEmpty();

        try (PackagedJar restarted = PackagedJar.start(data, port, env, work.resolve("second.log"))) {
            List<String> charged = ledger(restarted.api(), owner, "resource");
            Set<String> distinct = new HashSet<>(charged);
            assertThat(distinct).as("no round is charged twice").hasSameSizeAs(charged);
            assertThat(load.sent()).as("every charge is a round that was sent").containsAll(distinct);
            assertThat(load.answered().stream().filter(round -> !distinct.contains(round)).toList())
                    .as("answered rounds without a charge after SIGKILL and restart (of %d answered)",
                            load.answered().size()).isEmpty();
            for (String taskId : taskIds) {
                JsonNode task = restarted.api().get("/v1/fl/tasks/" + taskId, owner).json();
                long chargedRounds = distinct.stream().filter(r -> r.startsWith(taskId + "/")).count();
                long version = task.get("modelVersion").asLong();
                assertThat(task.get("roundsCharged").asLong()).as(task.toString()).isEqualTo(version);
                assertThat(task.get("currentRound").asLong()).as(task.toString()).isEqualTo(version + 1);
                if (journaled()) {
                    assertThat(version).as("no model ahead of its charges: " + task).isLessThanOrEqualTo(
                            chargedRounds);
                } else {
                    assertThat(version).as("the model is as far along as its charges: " + task)
                            .isEqualTo(chargedRounds);
                }
            }
        }
    }

    @Test
    void shouldFinishRequestsInFlightOnSigterm() throws Exception {
        Path data = work.resolve("data");
        Path log = work.resolve("service.log");
        PackagedJar service = PackagedJar.start(data, PackagedJar.freePort(), database("term"), log);
        Load load = new Load(statistics(service.api(), tenant(service, data, 0)));
        load.start();
        load.awaitAnswered(200, Duration.ofSeconds(60));
        int exit = service.terminate(Duration.ofSeconds(40));
        load.stop();
        String output = service.log();
        assertThat(load.serverErrors()).as("5xx during a graceful shutdown; log:\n%s", output).isEmpty();
        assertThat(output).doesNotContain("Database is already closed");
        assertThat(exit).as("exit code after SIGTERM; log:\n%s", output).isIn(0, 143);
    }

    private static String tenant(PackagedJar service, Path data, double deltaBudget) throws IOException {
        String admin = Files.readString(data.resolve("admin-token")).strip();
        Response created = service.api().post("/v1/admin/tenants", admin, Map.of("name", "ops",
                "epsilonBudget", 1e6, "deltaBudget", deltaBudget));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().at("/apiKey/secret").asString();
    }

    /** Every idempotency key in the tenant's ledger, following the cursor. */
    private static List<String> ledgerKeys(Api api, String owner) {
        return ledger(api, owner, "idempotencyKey");
    }

    /** One member of every entry in the tenant's ledger, following the cursor. */
    private static List<String> ledger(Api api, String owner, String member) {
        List<String> keys = new ArrayList<>();
        String after = "";
        while (true) {
            Response page = api.get("/v1/budget/ledger?limit=500" + after, owner);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(entry -> keys.add(entry.get(member).asString()));
            JsonNode next = page.json().get("nextCursor");
            if (next == null || next.isNull()) {
                return keys;
            }
            after = "&after=" + next.asString();
        }
    }

    /** One load thread's requests: the key naming the next one, sending it, and whether its answer was given. */
    private interface Client {
        String next();

        Response send(String key);

        /** Whether {@code response} is an answer that released something (and so must have been charged). */
        boolean answered(Response response);
    }

    /** A client posting charged statistics, each request with a fresh Idempotency-Key. */
    private static IntFunction<Client> statistics(Api api, String owner) {
        AtomicInteger next = new AtomicInteger();
        return thread -> new Client() {
            @Override
            public String next() {
                return "crash-" + next.incrementAndGet();
            }

            @Override
            public Response send(String key) {
                return api.request("POST", "/v1/dp/statistics").bearer(owner).header("Idempotency-Key", key)
                        .json(STATISTIC).send();
            }

            @Override
            public boolean answered(Response response) {
                return response.status() == 200;
            }
        };
    }

    /**
     * A client of its own DP-FedAvg task with one client per round: each update aggregates a round, charged as
     * {@code fl.round} for resource {@code <taskId>/<round>} — the key — and answered with {@code aggregated}.
     */
    private static IntFunction<Client> flRounds(Api api, String owner, List<String> taskIds) {
        return thread -> new Client() {
            private final String taskId = taskIds.get(thread);
            private int round = 1;

            @Override
            public String next() {
                return taskId + "/" + round;
            }

            @Override
            public Response send(String key) {
                Response response = api.post("/v1/fl/tasks/" + taskId + "/updates", owner, Map.of("clientId",
                        "client", "round", round, "numExamples", 1, "delta", new double[] {0.5, -0.25, 0.125}));
                if (answered(response)) {
                    round++;
                }
                return response;
            }

            @Override
            public boolean answered(Response response) {
                return response.status() == 202 && response.json().get("aggregated").asBoolean();
            }
        };
    }

    /**
     * THREADS clients sending requests until stopped; records the key of each request sent, of each answered,
     * and every 5xx. A request cut off by the kill (no response) is neither answered nor an error.
     */
    private static final class Load {
        private final IntFunction<Client> clients;
        private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Set<String> sent = Collections.synchronizedSet(new HashSet<>());
        private final List<String> answered = Collections.synchronizedList(new ArrayList<>());
        private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        private final List<Future<?>> workers = new ArrayList<>();

        Load(IntFunction<Client> clients) {
            this.clients = clients;
        }

        void start() {
            for (int t = 0; t < THREADS; t++) {
                Client client = clients.apply(t);
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        String key = client.next();
                        sent.add(key);
                        Response response;
                        try {
                            response = client.send(key);
                        } catch (UncheckedIOException cutOff) {
                            continue; // connection refused or reset: the service is gone or going
                        }
                        if (client.answered(response)) {
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
