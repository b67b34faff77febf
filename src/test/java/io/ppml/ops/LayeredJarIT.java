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
 * starts it with the Dockerfile's entry point and ports (actuator on its own management port) and checks it with
 * the Dockerfile's health check script.
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
        int port = freePort();
        int managementPort = freePort();
        // the Dockerfile's HEALTHCHECK script, run with the environment the image gives it
        ProcessBuilder healthcheck = new ProcessBuilder("bash", Path.of("src/main/docker/healthcheck.sh")
                .toAbsolutePath().toString());
        healthcheck.environment().put("SERVER_PORT", String.valueOf(port));
        healthcheck.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        assertThat(exitCode(healthcheck, app)).as("the health check fails while nothing listens").isEqualTo(1);

        ProcessBuilder service = new ProcessBuilder(java, "org.springframework.boot.loader.launch.JarLauncher")
                .directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("service.log").toFile());
        service.environment().put("PPML_DATA_DIR", work.resolve("data").toString());
        service.environment().put("SERVER_PORT", String.valueOf(port));
        service.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        Process process = service.start();
        try {
            String health = "http://127.0.0.1:" + managementPort + "/actuator/health/liveness";
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            boolean up = false;
            while (!up && System.nanoTime() < deadline && process.isAlive()) {
                try {
                    up = status(http, health) == 200;
                } catch (IOException notYet) {
                    Thread.sleep(500);
                }
            }
            assertThat(up).as(Files.readString(work.resolve("service.log"))).isTrue();
            assertThat(exitCode(healthcheck, app)).isZero();
            assertThat(status(http, "http://127.0.0.1:" + port + "/actuator/health/liveness"))
                    .as("actuator is not on the API's port").isEqualTo(404);
            assertThat(work.resolve("data/admin-token")).exists();

            healthcheck.environment().remove("MANAGEMENT_SERVER_PORT");
            assertThat(exitCode(healthcheck, app)).as("without the management port it asks SERVER_PORT, which "
                    + "does not serve actuator here").isEqualTo(1);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void run(List<String> command, Path dir) throws Exception {
        assertThat(exitCode(new ProcessBuilder(command), dir)).as(String.join(" ", command)).isZero();
    }

    private static int exitCode(ProcessBuilder command, Path dir) throws Exception {
        Process process = command.directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
