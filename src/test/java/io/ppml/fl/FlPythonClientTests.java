package io.ppml.fl;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The copyable client example, {@code examples/fl_client.py}, runs against the service as its docstring says: it
 * creates a task, trains three clients through every round over HTTP (float32 updates) and ends with the task
 * completed and a useful model. Skipped, visibly, where {@code python3} is not installed.
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlPythonClientTests extends ApiTestBase {

    @Test
    void shouldRunTheExampleClientToTheEndOfItsTask() throws Exception {
        Assumptions.assumeTrue(python3(), "python3 is not installed: the Python FL client example was not run");
        String owner = createTenant("fl-py", 100, 1e-4).ownerSecret();
        for (String dp : new String[] {"", "--dp"}) {
            ProcessBuilder builder = new ProcessBuilder("python3", "examples/fl_client.py", "--base",
                    "http://127.0.0.1:" + port, "--key", owner, "--create", "--rounds", "4", "--clients", "3");
            if (!dp.isEmpty()) {
                builder.command().add(dp);
            }
            Process process = builder.redirectErrorStream(true).start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.print(output);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("round 4: model v4", "COMPLETED after 4 model versions");
            if (dp.isEmpty()) {
                // with DP at three clients the noise is large; FlLogisticRegressionTests checks learning under DP
                double accuracy = Double.parseDouble(output.replaceAll("(?s).*held-out accuracy ([0-9.]+); .*",
                        "$1"));
                assertThat(accuracy).as(output).isGreaterThan(0.9);
            } else {
                assertThat(output).containsPattern("epsilonSpent [0-9.]+");
            }
        }
    }

    private static boolean python3() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }
}
