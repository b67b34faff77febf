package io.ppml.fl;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ppml.budget.core.PrivacyAccountant.Spend;
import io.ppml.fl.core.DpSettings;
import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import io.ppml.support.Concurrently;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static io.ppml.support.ProblemAssertions.errorFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Federated learning tasks, rounds and models over HTTP, once per database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractFlApiTests extends ApiTestBase {

    String owner;
    String contributor;
    String analyst;

    @BeforeEach
    void newTenant() {
        owner = createTenant("fl", 10, 1e-3).ownerSecret();
        contributor = newKey(owner, "CONTRIBUTOR");
        analyst = newKey(owner, "ANALYST");
    }

    static Map<String, Object> task(String name, int dimension, int rounds, int minClients, String aggregation) {
        return new HashMap<>(Map.of("name", name, "dimension", dimension, "rounds", rounds, "minClients", minClients,
                "roundTimeout", "PT10M", "aggregation", aggregation));
    }

    String create(Map<String, Object> body) {
        Response created = api.post("/v1/fl/tasks", owner, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/v1/fl/tasks/" + created.json().get("id").asString());
        return created.json().get("id").asString();
    }

    Response update(String taskId, String clientId, int round, long numExamples, double... delta) {
        return api.post("/v1/fl/tasks/" + taskId + "/updates", contributor, Map.of("clientId", clientId,
                "round", round, "numExamples", numExamples, "delta", delta));
    }

    Response updateFloat32(String key, String taskId, String clientId, int round, long numExamples, byte[] body) {
        return api.request("POST", "/v1/fl/tasks/" + taskId + "/updates").bearer(key)
                .header("Ppml-Client-Id", clientId).header("Ppml-Round", String.valueOf(round))
                .header("Ppml-Num-Examples", String.valueOf(numExamples))
                .bytes(body, "application/octet-stream").send();
    }

    JsonNode status(String taskId) {
        Response view = api.get("/v1/fl/tasks/" + taskId, analyst);
        assertThat(view.status()).as(view.toString()).isEqualTo(200);
        return view.json();
    }

    float[] model(String taskId) {
        Response model = api.get("/v1/fl/tasks/" + taskId + "/model", analyst);
        assertThat(model.status()).as(model.toString()).isEqualTo(200);
        JsonNode weights = model.json().get("weights");
        float[] values = new float[weights.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = weights.get(i).floatValue();
        }
        return values;
    }

    static byte[] float32(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    JsonNode flLedger() {
        Response response = api.get("/v1/budget/ledger?limit=500", owner);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonNode> rounds = new ArrayList<>();
        response.json().get("items").forEach(entry -> {
            if (entry.get("operation").asString().equals("fl.round")) {
                rounds.add(entry);
            }
        });
        return tools.jackson.databind.json.JsonMapper.builder().build().valueToTree(rounds);
    }

    @Test
    void shouldAggregateFedAvgWeightedByExamplesAndServeTheModelWithAnEtag() {
        Map<String, Object> body = task("fedavg", 3, 2, 2, "FEDAVG");
        body.put("initialModel", new float[] {1, 1, 1});
        String id = create(body);
        assertThat(model(id)).containsExactly(1, 1, 1);

        Response first = update(id, "a", 1, 1, 1, 2, 3);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(first.json().get("aggregated").asBoolean()).isFalse();
        assertThat(status(id).get("updatesInRound").asInt()).isEqualTo(1);
        Response second = update(id, "b", 1, 3, 3, 2, 1);
        assertThat(second.status()).as(second.toString()).isEqualTo(202);
        assertThat(second.json().get("aggregated").asBoolean()).isTrue();

        // (1·[1,2,3] + 3·[3,2,1]) / 4 = [2.5, 2, 1.5], added to the initial model
        assertThat(model(id)).containsExactly(3.5f, 3f, 2.5f);
        JsonNode view = status(id);
        assertThat(view.get("currentRound").asInt()).isEqualTo(2);
        assertThat(view.get("modelVersion").asInt()).isEqualTo(1);
        assertThat(view.get("updatesInRound").asInt()).isZero();
        assertThat(view.get("status").asString()).isEqualTo("WAITING_FOR_UPDATES");

        Response json = api.get("/v1/fl/tasks/" + id + "/model", analyst);
        String etag = json.header("ETag");
        assertThat(etag).isEqualTo("W/\"v1\"");
        assertThat(json.json().get("round").asInt()).isEqualTo(1);
        Response notModified = api.request("GET", "/v1/fl/tasks/" + id + "/model").bearer(analyst)
                .header("If-None-Match", etag).send();
        assertThat(notModified.status()).isEqualTo(304);

        HttpResponse<byte[]> binary = api.request("GET", "/v1/fl/tasks/" + id + "/model").bearer(analyst)
                .header("Accept", "application/octet-stream").sendForBytes();
        assertThat(binary.statusCode()).isEqualTo(200);
        assertThat(binary.body()).containsExactly(float32(3.5f, 3f, 2.5f));
        assertThat(binary.headers().firstValue("Ppml-Model-Version")).hasValue("1");

        // the last round completes the task; the model then stays
        assertThat(updateFloat32(contributor, id, "a", 2, 1, float32(1, 0, 0)).status()).isEqualTo(202);
        assertThat(updateFloat32(contributor, id, "b", 2, 1, float32(-1, 0, 2)).status()).isEqualTo(202);
        assertThat(model(id)).containsExactly(3.5f, 3f, 3.5f);
        assertThat(status(id).get("status").asString()).isEqualTo("COMPLETED");
        Response after = update(id, "c", 2, 1, 0, 0, 0);
        assertProblem(after, 409, "conflict");
        Response stale = api.request("GET", "/v1/fl/tasks/" + id + "/model").bearer(analyst)
                .header("If-None-Match", etag).send();
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("ETag")).isEqualTo("W/\"v2\"");
    }

    @Test
    void shouldRefuseBadUpdatesWith400AndOutOfTurnOnesWith409() {
        String id = create(task("rules", 3, 3, 2, "FEDAVG"));
        assertProblem(update(id, "a", 1, 1, 1, 2), 400, "validation-failed");
        assertThat(errorFields(update(id, "a", 1, 1, 1, 2))).contains("delta");
        Response infinite = api.post("/v1/fl/tasks/" + id + "/updates", contributor,
                "{\"clientId\":\"a\",\"round\":1,\"numExamples\":1,\"delta\":[1,1e39,0]}");
        assertProblem(infinite, 400, "validation-failed");
        assertThat(infinite.json().get("detail").asString()).contains("delta[1]");
        assertProblem(update(id, "a", 1, 0, 1, 2, 3), 400, "validation-failed");
        assertProblem(updateFloat32(contributor, id, "a", 1, 1, float32(Float.NaN, 0, 0)), 400,
                "validation-failed");
        assertProblem(updateFloat32(contributor, id, "a", 1, 1, java.util.Arrays.copyOf(float32(1, 2, 3), 11)),
                400, "validation-failed");
        assertProblem(updateFloat32(contributor, id, "a", 1, 1, float32(1, 2, 3, 4)), 400, "validation-failed");
        assertProblem(updateFloat32(contributor, id, "bad id!", 1, 1, float32(1, 2, 3)), 400,
                "validation-failed");
        assertThat(status(id).get("updatesInRound").asInt()).as("nothing was stored").isZero();

        assertProblem(update(id, "a", 2, 1, 1, 2, 3), 409, "conflict");
        assertThat(update(id, "a", 1, 1, 1, 2, 3).status()).isEqualTo(202);
        Response retry = update(id, "a", 1, 1, 1, 2, 3);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("replayed").asBoolean()).isTrue();
        assertProblem(update(id, "a", 1, 1, 1, 2, 4), 409, "conflict");
        assertThat(status(id).get("updatesInRound").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRefuseInvalidTasksAndDpWithRobustRules() {
        Map<String, Object> median = task("median-dp", 3, 3, 2, "MEDIAN");
        median.put("dp", Map.of("clipNorm", 1.0, "noiseMultiplier", 1.0, "expectedClients", 2, "delta", 1e-6));
        Response refused = api.post("/v1/fl/tasks", owner, median);
        assertProblem(refused, 400, "validation-failed");
        assertThat(errorFields(refused)).contains("dp");
        Map<String, Object> timeout = task("timeout", 3, 3, 2, "FEDAVG");
        timeout.put("roundTimeout", "ten minutes");
        assertThat(errorFields(api.post("/v1/fl/tasks", owner, timeout))).contains("roundTimeout");
        Map<String, Object> initial = task("initial", 3, 3, 2, "FEDAVG");
        initial.put("initialModel", new float[] {1, 2});
        assertThat(errorFields(api.post("/v1/fl/tasks", owner, initial))).contains("initialModel");
        assertThat(errorFields(api.post("/v1/fl/tasks", owner, task("dim", 0, 3, 2, "FEDAVG"))))
                .contains("dimension");
        Map<String, Object> trim = task("trim", 3, 3, 2, "TRIMMED_MEAN");
        trim.put("trimFraction", 0.5);
        assertThat(errorFields(api.post("/v1/fl/tasks", owner, trim))).contains("trimFraction");
        assertThat(api.get("/v1/fl/tasks", owner).json().get("items")).as("nothing was stored").isEmpty();

        create(task("twice", 3, 3, 2, "FEDAVG"));
        assertProblem(api.post("/v1/fl/tasks", owner, task("twice", 3, 3, 2, "FEDAVG")), 409, "conflict");
    }

    @Test
    void shouldKeepTasksToTheirTenantAndRoles() {
        String id = create(task("mine", 2, 1, 1, "FEDAVG"));
        String other = createTenant("other", 1, 0).ownerSecret();
        assertProblem(api.get("/v1/fl/tasks/" + id, other), 404, "not-found");
        assertProblem(api.get("/v1/fl/tasks/" + id + "/model", other), 404, "not-found");
        assertProblem(api.post("/v1/fl/tasks/" + id + "/updates", other, Map.of("clientId", "x", "round", 1,
                "numExamples", 1, "delta", new double[] {1, 1})), 404, "not-found");
        assertProblem(api.post("/v1/fl/tasks/" + id + "/updates", analyst, Map.of("clientId", "x", "round", 1,
                "numExamples", 1, "delta", new double[] {1, 1})), 403, "forbidden");
        assertProblem(api.post("/v1/fl/tasks", contributor, task("theirs", 2, 1, 1, "FEDAVG")), 403, "forbidden");
        assertThat(api.get("/v1/fl/tasks", other).json().get("items")).isEmpty();
        assertThat(api.get("/v1/fl/tasks", analyst).json().get("items")).hasSize(1);
    }

    @Test
    void shouldIgnoreAPoisonedClientWithMedianAndTrimmedMean() {
        String median = create(task("median", 2, 1, 3, "MEDIAN"));
        Map<String, Object> body = task("trimmed", 2, 1, 5, "TRIMMED_MEAN");
        body.put("trimFraction", 0.2);
        String trimmed = create(body);
        update(median, "a", 1, 1, 1, 2);
        update(median, "b", 1, 1, 1.5, 2.5);
        update(median, "poison", 1, 1, 1e30, -1e30);
        assertThat(model(median)).containsExactly(1.5f, 2f);
        update(trimmed, "a", 1, 1, 1, 1);
        update(trimmed, "b", 1, 1, 2, 2);
        update(trimmed, "c", 1, 1, 3, 3);
        update(trimmed, "d", 1, 1, 4, 4);
        update(trimmed, "poison", 1, 1, 1e30, 1e30);
        assertThat(model(trimmed)).containsExactly(3f, 3f);
    }

    @Test
    void shouldChargeEachDpRoundAndStopWhenTheBudgetIsExhausted() {
        // a budget of ε = 5 at δ = 1e-5 pays for several rounds at z = 3: the accountant decides how many
        owner = createTenant("fl-dp", 5, 1e-5).ownerSecret();
        contributor = newKey(owner, "CONTRIBUTOR");
        analyst = newKey(owner, "ANALYST");
        Map<String, Object> body = task("dp", 4, 100, 2, "FEDAVG");
        body.put("dp", Map.of("clipNorm", 1.0, "noiseMultiplier", 3.0, "expectedClients", 2, "delta", 1e-5));
        String id = create(body);
        DpSettings dp = new DpSettings(1.0, 3.0, 2, null, 1e-5);
        int affordable = 0;
        Spend spend = Spend.NONE;
        while (true) {
            Spend next = spend.plus(FlService.roundCost(dp, affordable == 0));
            if (next.epsilon().doubleValue() > 5) {
                break;
            }
            spend = next;
            affordable++;
        }
        assertThat(affordable).as("the test needs a budget that pays for a few rounds").isBetween(2, 50);

        int round = 1;
        while (status(id).get("status").asString().equals("WAITING_FOR_UPDATES")) {
            assertThat(update(id, "a", round, 1, 0.5, 0.5, 0.5, 0.5).status()).isEqualTo(202);
            assertThat(update(id, "b", round, 1, 0.5, 0.5, 0.5, 0.5).status()).isEqualTo(202);
            round++;
            assertThat(round).isLessThan(60);
        }
        JsonNode view = status(id);
        assertThat(view.get("status").asString()).isEqualTo("BUDGET_EXHAUSTED");
        assertThat(view.get("statusDetail").asString()).contains("Nothing was spent");
        assertThat(view.get("roundsCharged").asInt()).isEqualTo(affordable);
        assertThat(view.get("modelVersion").asInt()).as("the refused round released nothing").isEqualTo(affordable);
        assertThat(view.get("currentRound").asInt()).isEqualTo(affordable + 1);
        assertThat(view.get("epsilonSpent").asDouble()).isCloseTo(spend.epsilon().doubleValue(), within(1e-9));
        JsonNode charges = flLedger();
        assertThat(charges).hasSize(affordable);
        assertThat(charges.get(charges.size() - 1).get("delta").asDouble()).as("δ once, with the first round")
                .isEqualTo(1e-5);
        assertThat(charges.get(0).get("delta").asDouble()).isZero();
        assertProblem(update(id, "a", round - 1, 1, 0, 0, 0, 0), 409, "conflict");
        assertThat(jdbc.sql("select count(*) from fl_updates where task_id = ?").param(java.util.UUID.fromString(id))
                .query(Long.class).single())
                .as("no update outlives its round").isZero();
    }

    @Test
    void shouldAllowASubsampledTaskMoreRoundsThanTheSameTaskWithoutSampling() {
        int[] rounds = new int[2];
        for (int k = 0; k < 2; k++) {
            owner = createTenant("fl-q", 8, 1e-5).ownerSecret();
            contributor = newKey(owner, "CONTRIBUTOR");
            analyst = newKey(owner, "ANALYST");
            Map<String, Object> body = task("q" + k, 1, 40, 1, "FEDAVG");
            Map<String, Object> dp = new HashMap<>(Map.of("clipNorm", 1.0, "noiseMultiplier", 1.0,
                    "expectedClients", 1, "delta", 1e-5));
            if (k == 1) {
                dp.put("population", 50); // q = 1/50
            }
            body.put("dp", dp);
            String id = create(body);
            assertThat(status(id).at("/dp/samplingRate").asDouble()).isEqualTo(k == 0 ? 1.0 : 0.02);
            int round = 1;
            while (status(id).get("status").asString().equals("WAITING_FOR_UPDATES")) {
                assertThat(update(id, "phone", round++, 1, 0.5).status()).isEqualTo(202);
            }
            rounds[k] = status(id).get("roundsCharged").asInt();
            DpSettings settings = new DpSettings(1.0, 1.0, 1, k == 1 ? 50L : null, 1e-5);
            Spend spend = Spend.NONE;
            int affordable = 0;
            while (affordable < 40) {
                Spend next = spend.plus(FlService.roundCost(settings, affordable == 0));
                if (next.epsilon().doubleValue() > 8) {
                    break;
                }
                spend = next;
                affordable++;
            }
            assertThat(rounds[k]).as("rounds the accountant allows, q = %s", k == 0 ? "1" : "1/50")
                    .isEqualTo(affordable);
            assertThat(status(id).get("status").asString()).isEqualTo(affordable < 40 ? "BUDGET_EXHAUSTED"
                    : "COMPLETED");
        }
        assertThat(rounds[0]).as("ε = 8 pays for two rounds of z = 1 without sampling").isEqualTo(2);
        assertThat(rounds[1]).as("amplification by sampling: the capped task completes").isEqualTo(40);
    }

    @Test
    void shouldRetryARoundThatTimesOutShortOfClients() throws Exception {
        Map<String, Object> body = task("slow", 2, 2, 2, "FEDAVG");
        body.put("roundTimeout", "PT1S");
        String id = create(body);
        assertThat(update(id, "a", 1, 1, 1, 1).status()).isEqualTo(202);
        Thread.sleep(1_200);
        Response late = update(id, "b", 1, 1, 2, 2);
        assertThat(late.status()).isEqualTo(202);
        assertThat(late.json().get("aggregated").asBoolean()).as("a's update was dropped with the attempt").isFalse();
        JsonNode view = status(id);
        assertThat(view.get("roundAttempt").asInt()).isEqualTo(2);
        assertThat(view.get("updatesInRound").asInt()).isEqualTo(1);
        assertThat(update(id, "a", 1, 1, 4, 4).json().get("aggregated").asBoolean()).isTrue();
        assertThat(model(id)).containsExactly(3f, 3f);
    }

    @Test
    void shouldAggregateEachRoundOnceUnderConcurrentUpdates() throws Exception {
        String id = create(task("race", 2, 1, 4, "FEDAVG"));
        List<Response> responses = Concurrently.run(8, i -> () -> update(id, "c" + i, 1, 1, 1, 1));
        long aggregated = responses.stream().filter(r -> r.status() == 202
                && r.json().get("aggregated").asBoolean()).count();
        assertThat(aggregated).isEqualTo(1);
        assertThat(responses.stream().filter(r -> r.status() == 202).count()).isEqualTo(4);
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(202, 409));
        assertThat(status(id).get("modelVersion").asInt()).isEqualTo(1);
        assertThat(model(id)).containsExactly(1f, 1f);
    }

    @Test
    void shouldRefuseUnknownFieldsNamingThem() {
        Map<String, Object> dp = task("dp-typo", 2, 1, 1, "FEDAVG");
        dp.put("dp", Map.of("clipNorm", 1.0, "noiseMultiplier", 1.0, "expectedClient", 2, "delta", 1e-6));
        Response nested = api.post("/v1/fl/tasks", owner, dp);
        assertProblem(nested, 400, "validation-failed");
        assertThat(errorFields(nested)).containsExactly("dp.expectedClient");
        assertThat(nested.json().get("detail").asString()).contains("expectedClients");
        assertThat(walk("/v1/fl/tasks", owner, 10)).as("nothing was stored").isEmpty();

        String id = create(task("strict", 2, 1, 1, "FEDAVG"));
        Response update = api.post("/v1/fl/tasks/" + id + "/updates", contributor, Map.of("clientId", "a",
                "round", 1, "numExample", 10, "delta", new double[] {1, 1}));
        assertProblem(update, 400, "validation-failed");
        assertThat(errorFields(update)).containsExactly("numExample");
        assertThat(status(id).get("updatesInRound").asInt()).isZero();
    }

    @Test
    void shouldPageTasksNewestFirstEachOnceAndOnlyTheTenants() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, create(task("paged-" + i, 2, 1, 1, "FEDAVG")));
        }
        for (int limit : new int[]{1, 2, 5}) {
            assertThat(walk("/v1/fl/tasks", analyst, limit)).map(t -> t.get("id").asString()).as("limit %d", limit)
                    .containsExactlyElementsOf(ids);
        }
        String other = createTenant("fl-other", 1, 0).ownerSecret();
        assertThat(walk("/v1/fl/tasks", other, 2)).as("another tenant's tasks never appear").isEmpty();
        Response refused = api.get("/v1/fl/tasks?after=bm90LWEtY3Vyc29y", owner);
        assertProblem(refused, 400, "validation-failed");
        assertThat(errorFields(refused)).containsExactly("after");
    }
}
