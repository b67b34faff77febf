package io.ppml.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ppml.support.ServiceUnderTest;
import io.ppml.support.PostgresSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Sustained HTTP throughput of a charged {@code POST /v1/dp/statistics} (MEAN of 100 values: a budget charge, a
 * ledger entry and a receipt per request) against {@code GET /actuator/health} as the baseline, with the same
 * client (8 threads of blocking java.net.http requests over keep-alive connections) against one instance started
 * in the benchmark's JVM, on H2 and on PostgreSQL. Client and server share the machine's cores, equally for both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
public class HttpThroughputBenchmark {

    @Param({"h2", "postgres"})
    public String database;

    private ServiceUnderTest service;
    private HttpClient http;
    private HttpRequest statistics;
    private HttpRequest health;
    private HttpRequest budget;

    @Setup(Level.Trial)
    public void start() throws Exception {
        List<String> args = new ArrayList<>();
        if (database.equals("postgres")) {
            args.add("spring.profiles.active=postgres");
            args.add("spring.datasource.url=" + PostgresSupport.freshSchema("bench_http"));
            args.add("spring.datasource.username=" + PostgresSupport.user());
            args.add("spring.datasource.password=" + PostgresSupport.password());
        }
        service = ServiceUnderTest.start("bench", 1e11, args.toArray(String[]::new));
        int port = service.port();
        String owner = service.ownerSecret();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            values.append(i == 0 ? "" : ",").append(20 + i % 50);
        }
        String body = "{\"statistic\":\"MEAN\",\"values\":[" + values + "],\"lower\":0,\"upper\":100,\"epsilon\":0.01}";
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        statistics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/dp/statistics"))
                .header("Authorization", "Bearer " + owner).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).GET().build();
        budget = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/budget"))
                .header("Authorization", "Bearer " + owner).GET().build();
        if (http.send(statistics, HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
            throw new IllegalStateException("the charged statistics request does not succeed");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        service.close();
    }

    @Benchmark
    public int chargedStatistics() throws Exception {
        return check(http.send(statistics, HttpResponse.BodyHandlers.ofString()));
    }

    /** An authenticated read (key lookup, the budget view): how much of a charged request is not the charge. */
    @Benchmark
    public int authenticatedBudgetRead() throws Exception {
        return check(http.send(budget, HttpResponse.BodyHandlers.ofString()));
    }

    @Benchmark
    public int baselineHealth() throws Exception {
        return check(http.send(health, HttpResponse.BodyHandlers.ofString()));
    }

    private static int check(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body().length();
    }
}
