package io.ppml.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile's policy, checked without a Docker engine (see DESIGN §9). {@code LayeredJarIT} then runs the
 * very jar the build produced the way the image does.
 */
class DockerfilePolicyTests {

    private static List<String> instructions;
    private static String pom;

    @BeforeAll
    static void read() throws Exception {
        String text = Files.readString(Path.of("Dockerfile")).replaceAll("\\\\\\R", " ");
        instructions = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        pom = Files.readString(Path.of("pom.xml"));
    }

    private static List<String> all(String keyword) {
        return instructions.stream().filter(l -> l.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1))
                .toList();
    }

    @Test
    void baseImagesArePinnedToAnExactRelease() {
        List<String> froms = all("FROM");
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2).as("multi-stage");
        Pattern pinned = Pattern.compile("FROM\\s+\\S+?(:\\d+\\.\\d+\\.\\d+[^\\s@]*)?(@sha256:[0-9a-f]{64})?(\\s+AS\\s+\\w+)?",
                Pattern.CASE_INSENSITIVE);
        for (String from : froms) {
            Matcher m = pinned.matcher(from);
            assertThat(m.matches()).as(from).isTrue();
            assertThat(m.group(1) != null || m.group(2) != null).as("pinned: " + from).isTrue();
            assertThat(from).doesNotContainIgnoringCase(":latest");
        }
        assertThat(froms.get(froms.size() - 1)).as("runs on a JRE").contains("-jre");
    }

    @Test
    void buildsWithTheWrapperAndCopiesTheJarTheBuildProduces() {
        String artifactId = tag(pom.substring(pom.indexOf("</parent>")), "artifactId");
        String build = String.join("\n", all("RUN"));
        assertThat(build).contains("./mvnw").contains("package");
        assertThat(build).contains("target/" + artifactId + "-*.jar");
        assertThat(build).contains("-Djarmode=tools").contains("extract --layers --launcher");
        for (String layer : List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application")) {
            assertThat(all("COPY")).anyMatch(c -> c.contains("--from=build") && c.contains("/extracted/" + layer + "/"));
        }
    }

    @Test
    void runsAsANonRootUserWithJsonEntrypointPortVolumeAndHealthcheck() {
        List<String> users = all("USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).substring(5).strip();
        assertThat(user).doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
        int lastUser = instructions.lastIndexOf(users.get(users.size() - 1));
        int entrypoint = instructions.indexOf(all("ENTRYPOINT").get(0));
        assertThat(lastUser).isLessThan(entrypoint);

        assertThat(all("ENTRYPOINT")).singleElement().satisfies(e ->
                assertThat(e.substring("ENTRYPOINT".length()).strip()).startsWith("[\"").endsWith("\"]")
                        .contains("org.springframework.boot.loader.launch.JarLauncher"));
        assertThat(all("VOLUME")).singleElement().asString().contains("/data");
        assertThat(env("PPML_DATA_DIR")).isEqualTo("/data");
    }

    @Test
    void servesActuatorOnItsOwnPortAndExposesBoth() {
        String server = env("SERVER_PORT");
        String management = env("MANAGEMENT_SERVER_PORT");
        assertThat(management).as("actuator off the API's port by default").isNotEqualTo(server);
        assertThat(all("EXPOSE")).singleElement().asString()
                .isEqualTo("EXPOSE " + server + " " + management);
    }

    @Test
    void checksHealthWithAShellScriptThatFollowsThePortsNotWithASecondJvm() throws Exception {
        assertThat(all("HEALTHCHECK")).hasSize(1);
        String healthcheck = all("HEALTHCHECK").get(0);
        assertThat(healthcheck).doesNotContain("java").contains("--interval=").contains("--timeout=");
        Matcher cmd = Pattern.compile("CMD \\[\"([^\"]+)\"\\]$").matcher(healthcheck);
        assertThat(cmd.find()).as("exec form, one program: " + healthcheck).isTrue();
        String installed = cmd.group(1);
        assertThat(all("COPY")).as("the script is copied to " + installed)
                .anyMatch(c -> c.endsWith(" " + installed) && c.contains("--chmod=0555")
                        && c.contains(" src/main/docker/healthcheck.sh "));
        String script = Files.readString(Path.of("src/main/docker/healthcheck.sh"));
        assertThat(script).startsWith("#!/bin/bash").contains("/dev/tcp/").contains("/actuator/health/liveness")
                .contains("${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}}");
    }

    @Test
    void carriesTheOciAnnotations() {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher label = Pattern.compile("(org\\.opencontainers\\.image\\.[a-z.]+)=\"([^\"]*)\"").matcher(
                String.join(" ", all("LABEL")));
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        assertThat(labels).containsKeys("org.opencontainers.image.title", "org.opencontainers.image.description",
                "org.opencontainers.image.version", "org.opencontainers.image.revision",
                "org.opencontainers.image.created", "org.opencontainers.image.licenses",
                "org.opencontainers.image.base.name");
        assertThat(labels.get("org.opencontainers.image.title")).isEqualTo(tag(pom.substring(pom.indexOf("</parent>")),
                "artifactId"));
        assertThat(labels.get("org.opencontainers.image.licenses")).isEqualTo("Apache-2.0");
        List<String> froms = all("FROM");
        assertThat(froms.get(froms.size() - 1)).isEqualTo("FROM " + labels.get("org.opencontainers.image.base.name"));
        assertThat(all("ARG")).contains("ARG VERSION=" + tag(pom.substring(pom.indexOf("</parent>")), "version"));
    }

    /** The value an {@code ENV} instruction gives {@code name} (one instruction may set several). */
    private static String env(String name) {
        Matcher value = Pattern.compile("(?:^ENV|\\s)" + name + "=(\\S+)").matcher(String.join("\n", all("ENV")));
        assertThat(value.find()).as("ENV " + name).isTrue();
        return value.group(1);
    }

    @Test
    void keepsBuildOutputAndLocalDataOutOfTheContext() throws Exception {
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore"));
        assertThat(ignored).contains("target/", "data/", ".git/");
    }

    private static String tag(String xml, String name) {
        int start = xml.indexOf("<" + name + ">") + name.length() + 2;
        return xml.substring(start, xml.indexOf("</" + name + ">", start)).strip();
    }
}
