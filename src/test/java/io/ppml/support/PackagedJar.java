package io.ppml.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The jar the build produced, started as a separate operating-system process — the only way to test what a
 * {@code kill -9} or a {@code SIGTERM} does to the service. {@link #kill()} is SIGKILL, {@link #terminate()} is
 * SIGTERM (what Docker and Kubernetes send), as {@link Process#destroyForcibly()} and {@link Process#destroy()} are
 * on Linux.
 */
public final class PackagedJar implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedJar(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The jar under target/, as {@code ./mvnw package} leaves it; fails when it is missing. */
    public static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("ppml-service-.*\\.jar"))
                    .map(Path::toAbsolutePath).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/ppml-service-*.jar: run ./mvnw verify"));
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts {@code java -jar} with the given environment (plus PPML_DATA_DIR and SERVER_PORT) and waits until
     * {@code /actuator/health/readiness} answers 200.
     */
    public static PackagedJar start(Path dataDir, int port, Map<String, String> environment, Path log)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("PPML_DATA_DIR", dataDir.toString());
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().putAll(environment);
        PackagedJar started = new PackagedJar(builder.start(), log, port);
        // a bound on a hung start, not a speed check: a quiet machine is ready in ~10 s, a busy 2-core one has
        // taken over 2 minutes
        try {
            started.awaitReady(Duration.ofSeconds(300));
        } catch (Throwable notReady) {
            // a start that failed the test must not outlive it: a late-starting service would hold its port and
            // its database connections (PostgreSQL's are limited) for the rest of the build
            started.process.destroyForcibly();
            started.process.waitFor(30, TimeUnit.SECONDS);
            throw notReady;
        }
        return started;
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the packaged jar did not become ready:\n" + log());
    }

    public int port() {
        return port;
    }

    public Api api() {
        return new Api(port);
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGKILL: the process dies at once, with no shutdown hook, no flush, no drain. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the process survived SIGKILL");
        }
    }

    /** SIGTERM: a graceful shutdown; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
