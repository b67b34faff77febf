package io.ppml.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertThat(all("EXPOSE")).containsExactly("EXPOSE 8080");
        assertThat(all("VOLUME")).singleElement().asString().contains("/data");
        assertThat(all("ENV")).anyMatch(e -> e.contains("PPML_DATA_DIR=/data"));
        assertThat(all("HEALTHCHECK")).singleElement().asString().contains("CMD [\"java\"")
                .contains("io.ppml.HealthProbe");
        assertThat(Path.of("src/main/java/io/ppml/HealthProbe.java")).exists();
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
