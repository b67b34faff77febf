package io.ppml.smpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.ppml.support.Api;
import io.ppml.support.ServiceUnderTest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Sustained share intake on one node (H2): each request submits a new contributor's 10-coordinate share to an open
 * session without verification (key binding checked, sealed and stored, checksum updated under the session's row
 * lock), against {@code GET /actuator/health} with the same client (8 threads, keep-alive) in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class ShareIntakeBenchmark {

    private ServiceUnderTest service;
    private HttpClient http;
    private URI shares;
    private URI health;
    private String contributor;
    private final AtomicLong counter = new AtomicLong();
    private String share;

    @Setup(Level.Trial)
    public void start() throws Exception {
        service = ServiceUnderTest.start("node", 1);
        int port = service.port();
        Api api = service.api();
        String owner = service.ownerSecret();
        contributor = api.post("/v1/keys", owner, Map.of("name", "banks", "role", "CONTRIBUTOR")).json()
                .get("secret").asString();
        api.request("PUT", "/v1/smpc/sessions/bench").bearer(owner).json(Map.of("scheme", "ADDITIVE", "parties", 2,
                "partyIndex", 1, "vectorLength", 10, "fractionBits", 16, "minContributors", 1,
                "deadline", "2099-01-01T00:00:00Z", "verification", "NONE",
                // one key plays every contributor here, so the session must allow it (SmpcDtos.MAX_CONTRIBUTORS_PER_KEY)
                "contributorsPerKey", 1_000_000)).send();
        StringBuilder values = new StringBuilder();
        for (int j = 0; j < 10; j++) {
            values.append(j == 0 ? "" : ",").append('"').append(1_000_000L * (j + 1)).append('"');
        }
        share = values.toString();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        shares = URI.create("http://127.0.0.1:" + port + "/v1/smpc/sessions/bench/shares");
        health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
    }

    @TearDown(Level.Trial)
    public void stop() {
        service.close();
    }

    @Benchmark
    public int submitShare() throws Exception {
        long n = counter.incrementAndGet();
        String body = "{\"contributorId\":\"c" + n + "\",\"submissionId\":\"s" + n + "\",\"share\":[" + share + "]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(shares)
                .header("Authorization", "Bearer " + contributor).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body().length();
    }

    @Benchmark
    public int baselineHealth() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        return response.body().length();
    }
}
