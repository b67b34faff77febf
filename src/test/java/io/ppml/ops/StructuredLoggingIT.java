package io.ppml.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ppml.support.Api.Response;
import io.ppml.support.PackagedJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar with Spring Boot's structured logging ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}) and the
 * access log on: each line is one JSON object, and a request's lines carry its {@code X-Request-Id} as
 * {@code requestId} — and never the bearer secret it was sent with.
 */
class StructuredLoggingIT {

    @TempDir
    Path work;

    @Test
    void shouldWriteJsonLinesThatCarryTheRequestId() throws Exception {
        Path log = work.resolve("service.log");
        String secret = "ppml_ThisIsNotAKeyButMustNeverBeLogged0123456789";
        try (PackagedJar jar = PackagedJar.start(work.resolve("data"), PackagedJar.freePort(), Map.of(
                "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs", "LOGGING_LEVEL_IO_PPML_WEB_ACCESS", "DEBUG"), log)) {
            Response refused = jar.api().request("GET", "/v1/tenant").bearer(secret)
                    .header("X-Request-Id", "it-structured-42").send();
            assertProblem(refused, 401, "unauthorized");
            assertThat(refused.json().get("requestId").asString()).isEqualTo("it-structured-42");
            jar.terminate(Duration.ofSeconds(60));

            JsonMapper json = JsonMapper.builder().build();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : jar.log().split("\n")) {
                if (line.startsWith("{")) {
                    try {
                        lines.add(json.readTree(line));
                    } catch (JacksonException e) {
                        throw new AssertionError("a log line is not JSON: " + line, e);
                    }
                }
            }
            assertThat(lines).as(jar.log()).hasSizeGreaterThan(5)
                    .allSatisfy(line -> assertThat(line.has("@timestamp") && line.has("message")).isTrue());
            assertThat(lines).filteredOn(line -> "it-structured-42".equals(line.path("requestId").asString(null)))
                    .as(jar.log()).anySatisfy(line -> {
                        // ECS nests the logger under log (older Spring Boot wrote "log.logger")
                        String logger = line.at("/log/logger").asString(line.path("log.logger").asString(""));
                        assertThat(logger).isEqualTo("io.ppml.web.access");
                        assertThat(line.get("message").asString()).matches("GET /v1/tenant 401 \\d+ ms");
                    });
            assertThat(jar.log()).doesNotContain(secret);
        }
    }
}
