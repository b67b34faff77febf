package io.ppml.ops;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ppml.he.core.EncodedNumber;
import io.ppml.smpc.core.Field;
import io.ppml.smpc.core.FixedPoint;
import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import io.ppml.support.Instances;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every script in {@code examples/} runs as its README paragraph says, from one command against a running instance,
 * and its numbers are checked here — not only its exit code: the DP answers lie near the truth and the budget adds
 * up, the HE results equal the plaintext computations exactly (with the script's encoding checked against the
 * service's own {@link EncodedNumber}), the SMPC total equals the sum of the fixed-point inputs exactly (also across
 * two instances), and the federated client learns. A failure exits non-zero with the problem's detail. Skipped,
 * visibly, where {@code python3} (3.8 or later) is not installed.
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExamplesTests extends ApiTestBase {

    private static final boolean PYTHON3 = python3();
    private static final String NO_PYTHON = "python3 (3.8 or later) is not installed: the examples in examples/ "
            + "were not run";

    static {
        if (!PYTHON3) {
            System.err.println("SKIPPED examples tests: " + NO_PYTHON);
        }
    }

    @TempDir
    Path tempDir;

    @BeforeEach
    void needsPython() { // per test, so that surefire reports each test skipped with this reason
        Assumptions.assumeTrue(PYTHON3, NO_PYTHON);
    }

    @Test
    void shouldReleaseStatisticsNearTheTruthAndKeepTheBudgetExact() throws Exception {
        String out = run("dp_statistics.py");

        double[] mean = released(out, "MEAN age");
        assertThat(mean[0]).as(out).isCloseTo(mean[1], within(3 * mean[2]));
        double[] count = released(out, "COUNT patients");
        assertThat(count[1]).isEqualTo(2000);
        assertThat(count[0]).as(out).isCloseTo(2000, within(3 * count[2]));
        assertThat(count[2]).as("planned for ±25").isCloseTo(25, within(0.001));
        double[] retry = released(out, "COUNT again \\(retry\\)");
        assertThat(retry[0]).as("a retry answers the same noisy count").isEqualTo(count[0]);
        assertThat(out).contains("[replayed: false]", "[replayed: true]");

        Matcher histogram = Pattern.compile("HISTOGRAM diagnosis\\s+(.*)\\s+\\+/- ([0-9.]+) at 95 %").matcher(out);
        assertThat(histogram.find()).as(out).isTrue();
        double halfWidth = Double.parseDouble(histogram.group(2));
        Matcher bucket = Pattern.compile("(\\w+) (-?[0-9.]+) \\(true ([0-9]+)\\)").matcher(histogram.group(1));
        int buckets = 0;
        int total = 0;
        while (bucket.find()) {
            buckets++;
            total += Integer.parseInt(bucket.group(3));
            assertThat(Double.parseDouble(bucket.group(2))).as(bucket.group())
                    .isCloseTo(Double.parseDouble(bucket.group(3)), within(3 * halfWidth));
        }
        assertThat(buckets).isEqualTo(4);
        assertThat(total).isEqualTo(2000);

        double[] afterReleases = budget(out, "after 4 releases");
        double costs = Double.parseDouble(group(out, "the releases cost ([0-9.]+) together"));
        // (the script prints six decimals)
        assertThat(afterReleases[0]).isCloseTo(costs, within(2e-6));
        assertThat(afterReleases[0] + afterReleases[1]).isCloseTo(2.0, within(2e-6));
        assertThat(out).contains("refused: 403 budget-exhausted: This release needs ε = 1");
        assertThat(budget(out, "after the refusal")).as("nothing spent by a refusal").isEqualTo(afterReleases);
        double[] end = budget(out, "at the end");
        assertThat(end[1]).as("half of the rest spent").isCloseTo(afterReleases[1] / 2, within(2e-6));
        assertThat(out).contains("page 2: #2 dp.statistics.COUNT", "5 ledger entries for 5 charged releases");
    }

    @Test
    void shouldComputeOnClientSideCiphertextsExactly() throws Exception {
        String out = run("he_paillier.py");

        // the values the script encrypted, with the exponent and mantissa it chose: the service's encoding agrees
        Matcher encrypted = Pattern.compile("(?m)^  (\\S+)\\s+e =\\s+(-?\\d+)  mantissa (-?\\d+)$").matcher(out);
        List<BigDecimal> values = new ArrayList<>();
        BigDecimal reals = BigDecimal.ZERO;
        while (encrypted.find()) {
            String literal = encrypted.group(1);
            EncodedNumber service = real(literal) ? EncodedNumber.of(Double.parseDouble(literal))
                    : EncodedNumber.of(new BigInteger(literal));
            assertThat(service).as(literal).isEqualTo(new EncodedNumber(new BigInteger(encrypted.group(3)),
                    Integer.parseInt(encrypted.group(2))));
            values.add(exact(literal));
            reals = real(literal) ? reals.add(exact(literal)) : reals;
        }
        assertThat(values).hasSize(8);
        assertThat(values.stream().filter(v -> v.signum() < 0)).hasSize(3);

        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(decrypted(out, "SUM")).as(out).isEqualByComparingTo(sum);
        assertThat(decrypted(out, "MEAN")).isEqualByComparingTo(sum.multiply(new BigDecimal(1.0 / values.size())));
        List<BigDecimal> weights = Arrays.stream(group(out, "with the weights \\[([^]]+)]").split(", "))
                .map(ExamplesTests::exact).toList();
        BigDecimal dot = BigDecimal.ZERO;
        for (int i = 0; i < values.size(); i++) {
            dot = dot.add(weights.get(i).multiply(values.get(i)));
        }
        assertThat(decrypted(out, "DOT")).isEqualByComparingTo(dot);

        assertThat(out).contains("a CONTRIBUTOR key may not decrypt: 403 forbidden",
                "does not pass minAggregated: 400 validation-failed");
        // the service encrypted the floats itself, and their sum passes minAggregated
        assertThat(new BigDecimal(group(out, "minAggregated 5: (\\S+)"))).isEqualByComparingTo(reals);
    }

    @Test
    void shouldReconstructTheTotalOfClientSideSharesOnOneInstance() throws Exception {
        String additive = run("smpc_shares.py");
        assertThat(additive).contains("One instance plays all 3 nodes", "replicas run by one operator",
                "node 1 refused a tampered share of bank-a: 400", "ADDITIVE 3-of-3");
        assertTotal(additive, "[1, 2, 3]", true);

        String unverified = run("smpc_shares.py", "--scheme", "SHAMIR", "--parties", "2", "--verification", "NONE");
        assertThat(unverified).contains("SHAMIR 2-of-2").doesNotContain("tampered");
        assertTotal(unverified, "[1, 2]", false);
    }

    @Test
    void shouldHashToTheCurveAsRfc9380AndTheServiceDo() throws Exception {
        Result selfTest = execute(List.of("pedersen.py"));
        assertThat(selfTest.exitCode()).as(selfTest.output()).isZero();
        // H as the service derives it (SmpcGeneratorsTests pins the same point)
        assertThat(selfTest.output()).contains("RFC 9380 test vectors and P-256 checks pass; H = "
                + "03dc08057ca52050e1770ab3a8dcadb1d02d18d9144a821eb19de4b1051fccbf64");
    }

    @Test
    void shouldReconstructAShamirTotalFromNodesOnTwoInstances() throws Exception {
        try (Instances instances = new Instances()) {
            Path other = tempDir.resolve("node2");
            int port2 = instances.start("ppml.data-dir=" + other).port();
            String here = "http://127.0.0.1:" + port;
            String there = "http://127.0.0.1:" + port2;
            String token = dataDir.resolve("admin-token").toString();
            String token2 = other.resolve("admin-token").toString();
            // three nodes: 1 and 3 on this instance, 2 on the other; any two reconstruct, here nodes 2 and 3
            String out = runWith(List.of("smpc_shares.py", "--scheme", "SHAMIR", "--threshold", "2",
                    "--base-url", here, "--base-url", there, "--base-url", here,
                    "--admin-token-file", token, "--admin-token-file", token2, "--admin-token-file", token));
            assertThat(out).contains("on " + there, "SHAMIR 2-of-3").doesNotContain("One instance plays");
            assertTotal(out, "[2, 3]", true);
        }
    }

    @Test
    void shouldTrainTheFederatedClientToTheEndOfItsTask() throws Exception {
        // as the README runs it: an OWNER key, --create
        String owner = createTenant("fl-py", 100, 1e-4).ownerSecret();
        String fedAvg = run("fl_client.py", "--key", owner, "--create", "--rounds", "4", "--clients", "3");
        assertThat(fedAvg).contains("round 4: model v4", "COMPLETED after 4 model versions");
        // with DP at three clients the noise is large; FlLogisticRegressionTests checks learning under DP
        assertThat(Double.parseDouble(group(fedAvg, "held-out accuracy ([0-9.]+); "))).as(fedAvg).isGreaterThan(0.9);

        // in one command, like the other examples: a new tenant and task
        String dp = run("fl_client.py", "--rounds", "3", "--dp");
        assertThat(dp).contains("tenant fl-example-", "round 3: model v3", "COMPLETED after 3 model versions")
                .containsPattern("epsilonSpent [0-9.]+");
    }

    @Test
    void shouldExitNonZeroWithTheProblemsDetailWhenTheServiceRefuses() throws Exception {
        Result refused = execute(List.of("smpc_shares.py", "--base-url", "http://127.0.0.1:" + port,
                "--admin-token-file", dataDir.resolve("admin-token").toString(), "--fraction-bits", "65"));
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).containsPattern("error: PUT /v1/smpc/sessions/exposures-\\w+ answered 400 "
                + "validation-failed: .*fractionBits").doesNotContain("Traceback");
    }

    @Test
    void shouldExitNonZeroWithTheReasonWhenTheAdminTokenIsWrongOrMissing() throws Exception {
        Path wrong = tempDir.resolve("admin-token");
        Files.writeString(wrong, "not-the-token-of-this-instance-at-all");
        Result refused = execute(List.of("dp_statistics.py", "--base-url", "http://127.0.0.1:" + port,
                "--admin-token-file", wrong.toString()));
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("error: http://127.0.0.1:" + port + " refused the admin token",
                "The bearer secret is not a valid API key");

        Result missing = execute(List.of("he_paillier.py", "--base-url", "http://127.0.0.1:" + port,
                "--admin-token-file", tempDir.resolve("absent").toString()));
        assertThat(missing.exitCode()).as(missing.output()).isEqualTo(1);
        assertThat(missing.output()).contains("error: no admin token: give --admin-token-file, or set "
                + "PPML_ADMIN_TOKEN; looked for " + tempDir.resolve("absent"));
    }

    /** The SMPC total equals the sum of the banks' fixed-point inputs exactly (the service's FixedPoint). */
    private static void assertTotal(String out, String nodes, boolean verified) {
        FixedPoint fixedPoint = new FixedPoint(16);
        Matcher bank = Pattern.compile("bank-\\w: split \\[(-?[0-9.]+), (-?[0-9.]+)]").matcher(out);
        BigInteger[] sums = {BigInteger.ZERO, BigInteger.ZERO};
        double[] plain = new double[2];
        int banks = 0;
        while (bank.find()) {
            banks++;
            for (int k = 0; k < 2; k++) {
                double x = Double.parseDouble(bank.group(k + 1));
                sums[k] = Field.add(sums[k], fixedPoint.encode(x));
                plain[k] += x;
            }
        }
        assertThat(banks).as(out).isEqualTo(4);
        Matcher total = Pattern.compile("reconstructed by the service from nodes " + Pattern.quote(nodes)
                + ": \\[(\\S+), (\\S+)], verified (True|False)").matcher(out);
        assertThat(total.find()).as(out).isTrue();
        assertThat(total.group(3)).isEqualTo(verified ? "True" : "False");
        for (int k = 0; k < 2; k++) {
            double reconstructed = Double.parseDouble(total.group(k + 1));
            assertThat(reconstructed).isEqualTo(fixedPoint.decode(sums[k]));
            assertThat(reconstructed).isCloseTo(plain[k], within(4 * 0x1p-17 + 1e-9));
        }
        assertThat(out).contains("reconstructed here:");
    }

    /** {released, true value, half-width} of a DP release line. */
    private static double[] released(String out, String label) {
        Matcher m = Pattern.compile(label + "\\s+(-?[0-9.]+) \\(true (-?[0-9.]+)\\)\\s+\\+/- ([0-9.]+)").matcher(out);
        assertThat(m.find()).as(label + " in\n" + out).isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3))};
    }

    /** {spent, remaining} of a budget line. */
    private static double[] budget(String out, String when) {
        Matcher m = Pattern.compile("budget " + when + ": epsilon spent ([0-9.]+) of 2.0, remaining ([0-9.]+)")
                .matcher(out);
        assertThat(m.find()).as(when + " in\n" + out).isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    private static BigDecimal decrypted(String out, String operation) {
        return new BigDecimal(group(out, operation + "\\s+= (\\S+) \\(e = -?\\d+\\): equal, exactly"));
    }

    /** Whether a Python literal is a float's repr (an int's has neither a point nor an exponent). */
    private static boolean real(String literal) {
        return literal.contains(".") || literal.contains("e");
    }

    /** The exact value of a Python literal: an int, or the double a float's repr stands for. */
    private static BigDecimal exact(String literal) {
        return real(literal) ? new BigDecimal(Double.parseDouble(literal)) : new BigDecimal(literal);
    }

    private static String group(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as(regex + " in\n" + out).isTrue();
        return m.group(1);
    }

    /** Runs an example against this instance with its admin token; it must succeed. */
    private String run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script, "--base-url", "http://127.0.0.1:" + port,
                "--admin-token-file", dataDir.resolve("admin-token").toString()));
        command.addAll(List.of(args));
        return runWith(command);
    }

    private String runWith(List<String> command) throws Exception {
        Result result = execute(command);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern("done in [0-9.]+ s");
        return result.output();
    }

    record Result(int exitCode, String output) {
    }

    /** python3 examples/{script} {args}, in the repository, with none of the examples' environment variables set. */
    private Result execute(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("python3", "examples/" + command.get(0)));
        full.addAll(command.subList(1, command.size()));
        Path log = Files.createTempFile(tempDir, "example-", ".log");
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        for (String variable : List.of("PPML_URL", "PPML_ADMIN_TOKEN", "PPML_DATA_DIR", "PPML_KEY")) {
            builder.environment().remove(variable);
        }
        builder.environment().put("PYTHONIOENCODING", "utf-8"); // the service's details say ε and δ
        Process process = builder.start();
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        System.out.print("$ " + String.join(" ", full) + "\n" + text);
        assertThat(ended).as("the example ended within 180 s\n" + text).isTrue();
        return new Result(process.exitValue(), text);
    }

    private static boolean python3() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import sys; sys.exit(sys.version_info < (3, 8))")
                    .redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
