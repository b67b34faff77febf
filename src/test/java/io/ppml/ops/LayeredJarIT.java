package io.ppml.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after {@code package}: extracts the jar the build produced into layers exactly as the Dockerfile does,
 * starts it with the Dockerfile's entry point and checks it with the Dockerfile's health check.
 */
class LayeredJarIT {

    @TempDir
    Path work;

    @Test
    void theLayeredJarStartsAndPassesTheHealthCheck() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("ppml-service-.*\\.jar"))
                    .map(Path::toAbsolutePath).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/ppml-service-*.jar: run ./mvnw verify"));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path extracted = work.resolve("extracted");
        run(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--layers", "--launcher",
                "--destination", extracted.toString()), work);

        Path app = work.resolve("app");
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            Path from = extracted.resolve(layer);
            assertThat(from).as(layer).isDirectory();
            FileSystemUtils.copyRecursively(from, app);
        }
        assertThat(app.resolve("BOOT-INF/classes/io/ppml/HealthProbe.class")).exists();

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String health = "http://127.0.0.1:" + port + "/actuator/health/liveness";
        List<String> probe = List.of(java, "-cp", app.resolve("BOOT-INF/classes").toString(), "io.ppml.HealthProbe",
                health);
        assertThat(exitCode(probe, app)).as("the probe fails while nothing listens").isEqualTo(1);

        ProcessBuilder service = new ProcessBuilder(java, "org.springframework.boot.loader.launch.JarLauncher")
                .directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile());
        service.environment().put("PPML_DATA_DIR", work.resolve("data").toString());
        service.environment().put("SERVER_PORT", String.valueOf(port));
        Process process = service.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            boolean up = false;
            while (!up && System.nanoTime() < deadline && process.isAlive()) {
                try {
                    up = http.send(HttpRequest.newBuilder(URI.create(health)).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    Thread.sleep(500);
                }
            }
            assertThat(up).as(Files.readString(work.resolve("service.log"))).isTrue();
            assertThat(exitCode(probe, app)).isZero();
            assertThat(work.resolve("data/admin-token")).exists();
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void run(List<String> command, Path dir) throws Exception {
        assertThat(exitCode(command, dir)).as(String.join(" ", command)).isZero();
    }

    private static int exitCode(List<String> command, Path dir) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
