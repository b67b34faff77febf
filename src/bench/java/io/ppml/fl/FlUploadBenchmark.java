package io.ppml.fl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.ppml.support.Api.Response;
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
 * Upload of 1,000,000-parameter updates as little-endian float32 (4 MB each) to one instance on H2: each operation
 * is one {@code POST /v1/fl/tasks/{id}/updates} from a new client — read and checked (dimension, finite), digested,
 * sealed with AES-GCM and stored — and every tenth completes a FEDAVG round (ten updates unsealed, averaged and added
 * to the model, which is stored). Two client threads, keep-alive. MB/s = operations/s × 4. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per update, client and server together (the service runs in the
 * benchmark's JVM) — an upper bound of the heap an update in flight holds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class FlUploadBenchmark {

    private static final int DIMENSION = 1_000_000;

    private ServiceUnderTest service;
    private HttpClient http;
    private URI updates;
    private String contributor;
    private byte[] body;
    private final AtomicLong counter = new AtomicLong();
    private final AtomicLong round = new AtomicLong(1);

    @Setup(Level.Trial)
    public void start() throws Exception {
        service = ServiceUnderTest.start("bench-fl", 1);
        Response key = service.api().post("/v1/keys", service.ownerSecret(), Map.of("name", "phones",
                "role", "CONTRIBUTOR"));
        contributor = key.json().get("secret").asString();
        Response task = service.api().post("/v1/fl/tasks", service.ownerSecret(), Map.of("name", "upload",
                "dimension", DIMENSION, "rounds", 100_000, "minClients", 10, "roundTimeout", "P1D",
                "aggregation", "FEDAVG"));
        if (task.status() != 201) {
            throw new IllegalStateException("task: " + task);
        }
        updates = URI.create("http://127.0.0.1:" + service.port() + "/v1/fl/tasks/" + task.json().get("id")
                .asString() + "/updates");
        ByteBuffer buffer = ByteBuffer.allocate(DIMENSION * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < DIMENSION; i++) {
            buffer.putFloat((i % 1000) * 1e-4f);
        }
        body = buffer.array();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @TearDown(Level.Trial)
    public void stop() {
        service.close();
    }

    @Benchmark
    public int uploadFloat32Update() throws Exception {
        long n = counter.incrementAndGet();
        while (true) {
            long r = round.get();
            HttpRequest request = HttpRequest.newBuilder(updates)
                    .header("Authorization", "Bearer " + contributor)
                    .header("Content-Type", "application/octet-stream")
                    .header("Ppml-Client-Id", "client-" + n).header("Ppml-Round", String.valueOf(r))
                    .header("Ppml-Num-Examples", "1")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                if (response.body().contains("\"aggregated\":true")) {
                    round.compareAndSet(r, r + 1);
                }
                return response.body().length();
            }
            if (response.statusCode() != 409) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
            // the round moved on under this request: send it again for the next round
            round.compareAndSet(r, r + 1);
        }
    }
}
