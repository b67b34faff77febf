package io.ppml.fl;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end, as a federated deployment runs: ten simulated clients each hold their own slice of a synthetic
 * classification problem, fetch the global model over HTTP, train logistic regression locally (a few steps of
 * gradient descent) and send only their model delta. The task learns — held-out accuracy far above chance — with
 * FEDAVG and with DP-FedAvg, whose rounds are charged to the budget.
 *
 * <p>The data: five standard normal features, label 1 when w*·x + b* &gt; 0 for a fixed w*, b*, and 5 % of labels
 * flipped; so the best possible accuracy is about 0.95. A fixed seed makes the data the same every run; the DP noise
 * comes from the service's SecureRandom and differs, which the DP bound allows for.
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlLogisticRegressionTests extends ApiTestBase {

    private static final int FEATURES = 5;
    private static final int DIMENSION = FEATURES + 1;
    private static final int CLIENTS = 10;
    private static final int PER_CLIENT = 200;
    private static final double[] TRUE_WEIGHTS = {1.5, -2.0, 1.0, 0.5, -1.0};
    private static final double TRUE_BIAS = 0.3;

    private final double[][][] clientX = new double[CLIENTS][PER_CLIENT][];
    private final int[][] clientY = new int[CLIENTS][PER_CLIENT];
    private final double[][] testX = new double[2_000][];
    private final int[] testY = new int[2_000];

    FlLogisticRegressionTests() {
        SplittableRandom random = new SplittableRandom(20261201);
        for (int c = 0; c < CLIENTS; c++) {
            for (int i = 0; i < PER_CLIENT; i++) {
                clientX[c][i] = features(random);
                clientY[c][i] = label(clientX[c][i], random);
            }
        }
        for (int i = 0; i < testX.length; i++) {
            testX[i] = features(random);
            testY[i] = label(testX[i], random);
        }
    }

    @Test
    void shouldLearnWithFedAvgAndWithDpFedAvg() {
        String owner = createTenant("fl-lr", 100, 1e-4).ownerSecret();
        String phones = newKey(owner, "CONTRIBUTOR");

        Map<String, Object> plain = task("lr-plain", 10);
        double plainAccuracy = train(owner, phones, plain, 10);

        Map<String, Object> dp = task("lr-dp", 15);
        dp.put("dp", Map.of("clipNorm", 1.0, "noiseMultiplier", 1.0, "expectedClients", CLIENTS, "delta", 1e-5));
        double dpAccuracy = train(owner, phones, dp, 15);
        JsonNode dpTask = api.get("/v1/fl/tasks?limit=1", owner).json().at("/items/0");

        System.out.printf("FL logistic regression, held-out accuracy: FEDAVG %.3f; DP-FedAvg %.3f "
                + "(z = 1, clipNorm 1, %d clients, 15 rounds, ε = %.2f at δ = 1e-5)%n", plainAccuracy, dpAccuracy,
                CLIENTS, dpTask.get("epsilonSpent").asDouble());
        assertThat(plainAccuracy).isGreaterThan(0.90);
        assertThat(dpAccuracy).isGreaterThan(0.85);
        assertThat(dpTask.get("roundsCharged").asInt()).isEqualTo(15);
    }

    private static Map<String, Object> task(String name, int rounds) {
        return new HashMap<>(Map.of("name", name, "dimension", DIMENSION, "rounds", rounds, "minClients", CLIENTS,
                "roundTimeout", "PT10M", "aggregation", "FEDAVG"));
    }

    /** Runs every round of the task with all clients; the held-out accuracy of the final model. */
    private double train(String owner, String phones, Map<String, Object> body, int rounds) {
        Response created = api.post("/v1/fl/tasks", owner, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String taskId = created.json().get("id").asString();
        for (int round = 1; round <= rounds; round++) {
            double[] global = weights(api.get("/v1/fl/tasks/" + taskId + "/model", phones).json());
            for (int c = 0; c < CLIENTS; c++) {
                double[] local = localTraining(global, clientX[c], clientY[c]);
                float[] delta = new float[DIMENSION];
                for (int j = 0; j < DIMENSION; j++) {
                    delta[j] = (float) (local[j] - global[j]);
                }
                Response sent = api.post("/v1/fl/tasks/" + taskId + "/updates", phones, Map.of("clientId",
                        "phone-" + c, "round", round, "numExamples", PER_CLIENT, "delta", delta));
                assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
            }
        }
        JsonNode task = api.get("/v1/fl/tasks/" + taskId, owner).json();
        assertThat(task.get("status").asString()).isEqualTo("COMPLETED");
        return accuracy(weights(api.get("/v1/fl/tasks/" + taskId + "/model", phones).json()));
    }

    /** Five steps of full-batch gradient descent on the logistic loss, from the global model. */
    private static double[] localTraining(double[] start, double[][] x, int[] y) {
        double[] w = start.clone();
        for (int step = 0; step < 5; step++) {
            double[] gradient = new double[DIMENSION];
            for (int i = 0; i < x.length; i++) {
                double error = sigmoid(score(w, x[i])) - y[i];
                for (int j = 0; j < FEATURES; j++) {
                    gradient[j] += error * x[i][j];
                }
                gradient[FEATURES] += error;
            }
            for (int j = 0; j < DIMENSION; j++) {
                w[j] -= 0.5 * gradient[j] / x.length;
            }
        }
        return w;
    }

    private double accuracy(double[] w) {
        int correct = 0;
        for (int i = 0; i < testX.length; i++) {
            if ((score(w, testX[i]) > 0 ? 1 : 0) == testY[i]) {
                correct++;
            }
        }
        return (double) correct / testX.length;
    }

    private static double[] weights(JsonNode model) {
        JsonNode weights = model.get("weights");
        double[] w = new double[weights.size()];
        for (int j = 0; j < w.length; j++) {
            w[j] = weights.get(j).doubleValue();
        }
        return w;
    }

    private static double score(double[] w, double[] x) {
        double s = w[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            s += w[j] * x[j];
        }
        return s;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double[] features(SplittableRandom random) {
        double[] x = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            x[j] = gaussian(random);
        }
        return x;
    }

    private static int label(double[] x, SplittableRandom random) {
        double s = TRUE_BIAS;
        for (int j = 0; j < FEATURES; j++) {
            s += TRUE_WEIGHTS[j] * x[j];
        }
        int y = s > 0 ? 1 : 0;
        return random.nextDouble() < 0.05 ? 1 - y : y;
    }

    /** A standard normal by Box–Muller (test data only; the service's noise never comes from here). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
