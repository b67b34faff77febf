package io.ppml.he;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.ppml.he.core.EncryptedNumber;
import io.ppml.he.core.PaillierPublicKey;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The HTTP batch encrypt endpoint (1,000 values per request, a 2048-bit key the service holds) against the core's own
 * encryption of the same 1,000 values with the very key instance the service uses, in the same run, one thread each.
 * Both figures are batches of 1,000 per second; the ratio is what the HTTP layer costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class HeHttpEncryptBenchmark {

    private ServiceUnderTest service;
    private HttpClient http;
    private HttpRequest encrypt;
    private PaillierPublicKey heldKey;
    private final long[] values = new long[1000];

    @Setup(Level.Trial)
    public void start() throws Exception {
        service = ServiceUnderTest.start("bench", 1);
        int port = service.port();
        String owner = service.ownerSecret();
        Api api = service.api();
        api.post("/v1/he/keys", owner, Map.of("name", "bench", "scheme", "PAILLIER", "modulusBits", 2048));
        String tenantId = api.get("/v1/tenant", owner).json().at("/tenant/id").asString();
        heldKey = service.instance().context().getBean(HeKeyService.class).load(UUID.fromString(tenantId), "bench", 1)
                .publicKey();
        StringBuilder json = new StringBuilder("{\"values\":[");
        for (int i = 0; i < values.length; i++) {
            values[i] = 1000L + i * 37L;
            json.append(i == 0 ? "" : ",").append(values[i]);
        }
        json.append("]}");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        encrypt = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/he/keys/bench/encrypt"))
                .header("Authorization", "Bearer " + owner).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build();
        HttpResponse<String> probe = http.send(encrypt, HttpResponse.BodyHandlers.ofString());
        if (probe.statusCode() != 200) {
            throw new IllegalStateException("encrypt failed: " + probe.body());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        service.close();
    }

    @Benchmark
    public int httpBatchOf1000() throws Exception {
        HttpResponse<String> response = http.send(encrypt, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        return response.body().length();
    }

    @Benchmark
    public void coreBatchOf1000(Blackhole sink) {
        for (long value : values) {
            EncryptedNumber encrypted = heldKey.encrypt(value);
            sink.consume(encrypted.ciphertext().value().toString());
        }
    }
}
