package io.ppml.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI and the budget dashboard in a real browser: headless Chromium (Debian's {@code chromium}) driven by the
 * node scripts of {@code src/test/browser} through playwright-core, which this class installs there with {@code npm
 * ci} when it is missing or older than the lock file. Screenshots go to {@code target/browser-screenshots/}.
 *
 * <p>Without Chromium or Node.js 20+ the tests are skipped with a message that says what is missing; with
 * {@code CI=true} or {@code -Dppml.test.browser=required} they fail instead. The browser's executable is
 * {@code /usr/bin/chromium} unless {@code -Dppml.test.chromium=PATH} (or env {@code PPML_CHROMIUM}) says otherwise.
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserTests extends ApiTestBase {

    private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target/browser-screenshots").toAbsolutePath();
    private static final long SCRIPT_TIMEOUT_SECONDS = 180;
    private static final long NPM_TIMEOUT_SECONDS = 300;
    private static final boolean REQUIRED = "true".equalsIgnoreCase(System.getenv("CI"))
            || "required".equalsIgnoreCase(System.getProperty("ppml.test.browser"));
    private static final String CHROMIUM = chromiumPath();
    /** Why the browser tests cannot run here; null when they can. */
    private static final String MISSING = missing();

    static {
        if (MISSING != null && !REQUIRED) {
            System.err.println("SKIPPED browser tests: " + MISSING);
        }
    }

    @BeforeEach
    void needsABrowser() { // per test, so that surefire reports each test skipped with the reason
        if (MISSING != null && REQUIRED) {
            Assertions.fail("Browser tests are required (CI=true or -Dppml.test.browser=required): " + MISSING);
        }
        Assumptions.assumeTrue(MISSING == null, MISSING);
    }

    @Test
    void shouldAuthorizeInSwaggerUiAndReleaseAStatistic() throws Exception {
        NewTenant tenant = createTenant("swagger-ui", 5, 0);

        Script result = node("swagger-ui.mjs", Map.of("PPML_OWNER_KEY", tenant.ownerSecret()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("POST /v1/dp/statistics answered 200");
        assertThat(SCREENSHOTS.resolve("swagger-ui-statistic-200.png")).isNotEmptyFile();
        // the browser's request really was made and charged, with the body typed into Swagger UI
        List<JsonNode> ledger = walk("/v1/budget/ledger", tenant.ownerSecret(), 50);
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).get("operation").asString()).isEqualTo("dp.statistics.MEAN");
        assertThat(ledger.get(0).get("epsilon").asDouble()).isEqualTo(0.25);
    }

    @Test
    void shouldShowOwnersTheBurnDownReceiptsAndKeysAndAnalystsTheBudgetOnly() throws Exception {
        NewTenant tenant = createTenant("dashboard", 3, 1e-6);
        String analyst = newKey(tenant.ownerSecret(), "ANALYST");
        // one charge before the page opens, so the chart starts with a step
        Response first = api.post("/v1/dp/noise", tenant.ownerSecret(),
                Map.of("values", List.of(1, 2, 3), "sensitivity", 1, "epsilon", 0.75));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);

        Script result = node("dashboard.mjs", Map.of("PPML_OWNER_KEY", tenant.ownerSecret(),
                "PPML_ANALYST_KEY", analyst));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("1 charge(s) in the chart", "2 charge(s) in the chart",
                "analyst sees the budget only");
        for (String shot : List.of("dashboard-owner-before.png", "dashboard-owner-after-charge.png",
                "dashboard-analyst.png")) {
            assertThat(SCREENSHOTS.resolve(shot)).isNotEmptyFile();
        }
        assertThat(walk("/v1/budget/ledger", tenant.ownerSecret(), 50)).hasSize(2);
        assertThat(api.get("/v1/budget", analyst).json().at("/epsilon/remaining").asDouble())
                .isCloseTo(3 - 0.75 - 0.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    private record Script(int exitCode, String output) {
    }

    /** node {@code script} in src/test/browser against this instance, ended (and failed) if it hangs. */
    private Script node(String script, Map<String, String> settings) throws IOException, InterruptedException {
        installPlaywright();
        Files.createDirectories(SCREENSHOTS);
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(SCRIPTS.toFile());
        builder.environment().putAll(settings);
        builder.environment().put("PPML_BASE_URL", "http://127.0.0.1:" + port);
        builder.environment().put("PPML_SCREENSHOT_DIR", SCREENSHOTS.toString());
        builder.environment().put("PPML_CHROMIUM", CHROMIUM);
        builder.environment().put("PPML_BROWSER_TIMEOUT_MS", String.valueOf((SCRIPT_TIMEOUT_SECONDS - 20) * 1000));
        Exit exit = run(builder, SCRIPT_TIMEOUT_SECONDS);
        System.out.print("$ node src/test/browser/" + script + "\n" + exit.output());
        assertThat(exit.ended()).as("node %s ended within %d s\n%s", script, SCRIPT_TIMEOUT_SECONDS, exit.output())
                .isTrue();
        return new Script(exit.code(), exit.output());
    }

    /** {@code npm ci} in src/test/browser when playwright-core is not installed there, or older than the lock file. */
    private static synchronized void installPlaywright() throws IOException, InterruptedException {
        Path installed = SCRIPTS.resolve("node_modules/.package-lock.json");
        Path lock = SCRIPTS.resolve("package-lock.json");
        if (Files.exists(installed) && Files.exists(SCRIPTS.resolve("node_modules/playwright-core/package.json"))
                && !Files.getLastModifiedTime(installed).toInstant().isBefore(
                        Files.getLastModifiedTime(lock).toInstant())) {
            return;
        }
        Exit npm = run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                .directory(SCRIPTS.toFile()), NPM_TIMEOUT_SECONDS);
        System.out.print("$ npm ci (src/test/browser)\n" + npm.output());
        String failure = !npm.ended() ? "npm ci did not end within " + NPM_TIMEOUT_SECONDS + " s"
                : npm.code() != 0 ? "npm ci failed (exit " + npm.code() + ")" : null;
        if (failure != null) {
            if (REQUIRED) {
                Assertions.fail(failure + ":\n" + npm.output());
            }
            System.err.println("SKIPPED browser tests: " + failure + " (is the npm registry reachable?)");
            Assumptions.abort(failure + ": playwright-core could not be installed in src/test/browser");
        }
    }

    private record Exit(boolean ended, int code, String output) {
    }

    private static Exit run(ProcessBuilder builder, long timeoutSeconds) throws IOException, InterruptedException {
        File log = File.createTempFile("ppml-browser-", ".log");
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(log).start();
            boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!ended) {
                // the browser and its helpers first, or they outlive the script and hold the build
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return new Exit(ended, ended ? process.exitValue() : -1,
                    Files.readString(log.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }

    private static String chromiumPath() {
        String configured = System.getProperty("ppml.test.chromium", System.getenv("PPML_CHROMIUM"));
        return configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured;
    }

    private static String missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            missing.add("no Chromium at " + CHROMIUM + " (apt-get install chromium, or -Dppml.test.chromium=PATH)");
        }
        String version = output("node", "--version");
        Matcher major = version == null ? null : Pattern.compile("^v(\\d+)\\.").matcher(version.strip());
        if (major == null || !major.find() || Integer.parseInt(major.group(1)) < 20) {
            missing.add("Node.js 20 or later is not installed" + (version == null ? "" : " (found " + version.strip()
                    + ")"));
        } else if (output("npm", "--version") == null) {
            missing.add("npm is not installed");
        }
        return missing.isEmpty() ? null : String.join("; ", missing) + ": Swagger UI and the dashboard were not "
                + "tested in a browser";
    }

    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? text : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
