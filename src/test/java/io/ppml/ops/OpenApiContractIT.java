package io.ppml.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.ppml.support.Api;
import io.ppml.support.ObservedResponses;
import io.ppml.support.PackagedJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document of the jar the build produced, checked against what the service really does: every status
 * code the API tests observed (recorded by {@link ObservedResponses} during the unit tests) is documented on its
 * operation, and a Java client that openapi-generator makes from the document runs the README scenario
 * ({@code src/test/generated-client}). If the generated client cannot do it, the document is wrong.
 */
class OpenApiContractIT {

    private static final Path WORK = Path.of("target", "openapi-contract");
    private static PackagedJar jar;
    private static Path dataDir;
    private static String document;

    @BeforeAll
    static void start() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        dataDir = Files.createDirectories(WORK.resolve("data"));
        jar = PackagedJar.start(dataDir, PackagedJar.freePort(), Map.of(), WORK.resolve("service.log"));
        Api.Response response = jar.api().get("/v3/api-docs", null);
        assertThat(response.status()).isEqualTo(200);
        document = response.body();
        Files.writeString(WORK.resolve("openapi.json"), document);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (jar != null) {
            jar.close();
        }
    }

    @Test
    void everyStatusTheApiTestsObservedIsDocumentedOnItsOperation() throws IOException {
        // where the unit tests' ObservedResponses wrote (pom.xml sets it for surefire only)
        Path observed = Path.of("target", "observed-responses.txt");
        assertThat(observed).as("the unit tests record what they observe; run ./mvnw verify").exists();
        JsonNode paths = Api.parse(document).get("paths");
        List<String> undocumented = new ArrayList<>();
        int matched = 0;
        for (String line : Files.readAllLines(observed, StandardCharsets.UTF_8)) {
            String[] parts = line.split(" ");
            if (parts.length != 3) {
                continue;
            }
            JsonNode operation = operation(paths, parts[0].toLowerCase(), parts[1]);
            if (operation == null) {
                continue; // not an operation of the API: an unknown path, a wrong method, actuator, /problems
            }
            matched++;
            if (!operation.get("responses").has(parts[2])) {
                undocumented.add(operation.get("operationId").asString() + " (" + parts[0] + " " + parts[1] + ") "
                        + parts[2]);
            }
        }
        assertThat(matched).as("observations that name an operation").isGreaterThan(200);
        assertThat(new TreeSet<>(undocumented)).as("statuses the tests saw that the document does not declare")
                .isEmpty();
    }

    /** The operation {@code method path} belongs to; literal segments win over templates, as in Spring MVC. */
    private static JsonNode operation(JsonNode paths, String method, String path) {
        JsonNode best = null;
        int bestLiterals = -1;
        for (var entry : paths.properties()) {
            String template = entry.getKey();
            String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (!path.matches(regex) || !entry.getValue().has(method)) {
                continue;
            }
            int literals = template.split("/").length - template.split("\\{").length;
            if (literals > bestLiterals) {
                best = entry.getValue().get(method);
                bestLiterals = literals;
            }
        }
        return best;
    }

    @Test
    void aClientGeneratedFromTheDocumentRunsTheReadmeScenario() throws Exception {
        Path project = WORK.resolve("generated-client");
        FileSystemUtils.copyRecursively(Path.of("src", "test", "generated-client"), project);
        Files.writeString(project.resolve("openapi.json"), document);
        String adminToken = Files.readString(dataDir.resolve("admin-token")).strip();
        Path log = WORK.resolve("generated-client.log");
        List<String> command = List.of(Path.of("mvnw").toAbsolutePath().toString(), "--batch-mode",
                "--no-transfer-progress", "-f", project.resolve("pom.xml").toAbsolutePath().toString(), "verify",
                "-Dppml.url=http://127.0.0.1:" + jar.port(), "-Dppml.admin-token=" + adminToken);
        Process maven = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = maven.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            maven.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("the generated client's build finished within 15 minutes").isTrue();
        assertThat(maven.exitValue()).as("generated client build and README scenario (%s):%n%s", log,
                tail(output)).isZero();
        assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 80), lines.length));
    }
}
