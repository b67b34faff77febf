package io.ppml.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.ppml.support.Api;
import io.ppml.support.Api.Response;
import io.ppml.support.Instances;
import io.ppml.support.Instances.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walkthroughs in {@code http-requests/} stay runnable, and can be run again: every file runs top to bottom twice
 * against one instance and its database, as a user runs them again and again next to the README's first steps. The
 * admin token is filled in, variables captured by {@code client.global.set(...)} are passed on, and IntelliJ's
 * dynamic variable {@code {{$random.uuid}}} is a new UUID at each use; every request succeeds (2xx) unless its block
 * says {@code # expect NNN}, the status a step demonstrates — on the second run as on the first, so a name or an
 * Idempotency-Key that the first run already used (409, 422) fails the test.
 */
class HttpRequestFilesTests {

    private static final Pattern VARIABLE = Pattern.compile("^@(\\w+)\\s*=\\s*(.*)$");
    private static final Pattern REQUEST_LINE = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE)\\s+(\\S+)$");
    private static final Pattern CAPTURE = Pattern.compile(
            "client\\.global\\.set\\(\"(\\w+)\",\\s*response\\.body((?:\\.\\w+|\\[\\d+])+)\\)");
    /** {@code {{name}}} or a dynamic variable such as {@code {{$random.uuid}}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\$?[\\w.]+)}}");
    private static final int RUNS = 2;

    @TempDir
    Path dataDir;

    @Test
    void everyWalkthroughRunsTwiceOnOneDatabase() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("http-requests"))) {
            files = list.filter(p -> p.toString().endsWith(".http")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        try (Instances instances = new Instances()) {
            Instance instance = instances.start("ppml.data-dir=" + dataDir);
            String adminToken = Files.readString(dataDir.resolve("admin-token")).strip();
            for (int run = 1; run <= RUNS; run++) {
                for (Path file : files) {
                    run(file, "run " + run + " of " + file, instance.api(), instance.port(), adminToken);
                }
            }
        }
    }

    @Test
    void randomUuidIsNewAtEachUse() {
        String text = substitute("{{$random.uuid}} {{$random.uuid}} {{name}}", Map.of("name", "x"));
        String[] parts = text.split(" ");
        assertThat(UUID.fromString(parts[0])).isNotEqualTo(UUID.fromString(parts[1]));
        assertThat(parts[2]).isEqualTo("x");
    }

    private static void run(Path file, String label, Api api, int port, String adminToken) throws Exception {
        Map<String, String> variables = new HashMap<>();
        List<String> blocks = List.of(Files.readString(file).split("(?m)^###"));
        int requests = 0;
        for (String block : blocks) {
            String method = null;
            String url = null;
            Map<String, String> headers = new HashMap<>();
            StringBuilder body = new StringBuilder();
            List<String[]> captures = new ArrayList<>();
            boolean inBody = false;
            boolean inHandler = false;
            int expected = 0;
            Matcher expectation = Pattern.compile("(?m)^# expect (\\d{3})").matcher(block);
            if (expectation.find()) {
                expected = Integer.parseInt(expectation.group(1));
            }
            for (String line : block.lines().skip(1).toList()) {
                if (line.startsWith("> {%") || inHandler) {
                    // a response handler, on one line or several, up to %}
                    Matcher capture = CAPTURE.matcher(line);
                    while (capture.find()) {
                        String path = capture.group(2).replaceAll("\\[(\\d+)]", ".$1").substring(1).replace('.', '/');
                        captures.add(new String[] {capture.group(1), path});
                    }
                    inHandler = !line.contains("%}");
                    continue;
                }
                Matcher variable = VARIABLE.matcher(line.strip());
                if (line.startsWith("#") || line.startsWith("//")) {
                    continue;
                }
                if (variable.matches() && method == null) {
                    variables.put(variable.group(1), variable.group(2).strip());
                    continue;
                }
                Matcher request = REQUEST_LINE.matcher(line.strip());
                if (method == null && request.matches()) {
                    method = request.group(1);
                    url = request.group(2);
                } else if (method != null && !inBody && line.isBlank()) {
                    inBody = true;
                } else if (method != null && !inBody) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                } else if (inBody) {
                    body.append(line).append('\n');
                }
            }
            if (method == null) {
                continue;
            }
            variables.put("base", "http://localhost:" + port);
            variables.put("adminToken", adminToken);
            String path = substitute(url, variables).replace("http://localhost:" + port, "");
            Api.Request request = api.request(method, path);
            headers.forEach((name, value) -> request.header(name, substitute(value, variables)));
            if (!body.toString().isBlank()) {
                request.json(substitute(body.toString().strip(), variables));
            }
            Response response = request.send();
            requests++;
            if (expected != 0) {
                assertThat(response.status()).as(label + ": " + method + " " + path + " → " + response)
                        .isEqualTo(expected);
            } else {
                assertThat(response.status()).as(label + ": " + method + " " + path + " → " + response)
                        .isBetween(200, 299);
            }
            if (response.status() >= 400) {
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
            for (String[] capture : captures) {
                JsonNode value = response.json().at("/" + capture[1]);
                assertThat(value.isMissingNode()).as(label + ": " + capture[0]).isFalse();
                variables.put(capture[0], value.asString());
            }
        }
        assertThat(requests).as(label).isGreaterThan(0);
    }

    private static String substitute(String text, Map<String, String> variables) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = name.startsWith("$") ? dynamic(name) : variables.get(name);
            assertThat(value).as("variable " + name + " is defined before use").isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        String result = m.appendTail(out).toString();
        assertThat(result).as("every {{...}} in " + text + " is a variable this interpreter knows")
                .doesNotContain("{{");
        return result;
    }

    /**
     * The dynamic variables of IntelliJ's HTTP client that the walkthroughs use, with its semantics: a new value at
     * each occurrence. Any other {@code $} name fails, rather than being sent as literal text.
     */
    private static String dynamic(String name) {
        assertThat(name).as("a dynamic variable this interpreter knows").isEqualTo("$random.uuid");
        return UUID.randomUUID().toString();
    }
}
