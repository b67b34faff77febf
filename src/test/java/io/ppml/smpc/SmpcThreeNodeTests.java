package io.ppml.smpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ppml.support.Api;
import io.ppml.support.Api.Response;
import io.ppml.support.Instances;
import io.ppml.support.Instances.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The seed's banks example across three aggregator nodes — three service instances, each with its own database:
 * three banks split their exposures, send share i to node i, the nodes close, and a collector reconstructs the total
 * (Shamir 2-of-3 from nodes 1 and 3 only; additive from all three), with a retried submission, a tampered share and
 * a forged aggregate on the way.
 */
class SmpcThreeNodeTests {

    @TempDir
    Path dir;

    record Node(Api api, String owner, String contributor) {
    }

    private List<Node> start(Instances instances) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path data = dir.resolve("node" + i);
            Instance instance = instances.start("ppml.data-dir=" + data);
            String admin = Files.readString(data.resolve("admin-token")).strip();
            String owner = instance.api().post("/v1/admin/tenants", admin, Map.of("name", "aggregator-" + i,
                    "epsilonBudget", 1, "deltaBudget", 0)).json().at("/apiKey/secret").asString();
            String contributor = instance.api().post("/v1/keys", owner, Map.of("name", "banks", "role",
                    "CONTRIBUTOR")).json().get("secret").asString();
            nodes.add(new Node(instance.api(), owner, contributor));
        }
        return nodes;
    }

    @Test
    void shouldAggregateTheBanksExposuresWithShamirTwoOfThree() throws Exception {
        try (Instances instances = new Instances()) {
            run(start(instances), "SHAMIR", 2, List.of(0, 2));
        }
    }

    @Test
    void shouldAggregateTheBanksExposuresWithAdditiveSharing() throws Exception {
        try (Instances instances = new Instances()) {
            run(start(instances), "ADDITIVE", null, List.of(0, 1, 2));
        }
    }

    private void run(List<Node> nodes, String scheme, Integer threshold, List<Integer> collectFrom) {
        String hash = null;
        for (int i = 0; i < 3; i++) {
            Map<String, Object> session = new HashMap<>(Map.of("scheme", scheme, "parties", 3, "partyIndex", i + 1,
                    "vectorLength", 2, "fractionBits", 16, "minContributors", 3, "deadline", "2099-01-01T00:00:00Z",
                    "verification", "PEDERSEN"));
            // one "banks" key submits for bank-0..2 and the tampering bank-x here; real banks would have a key each
            session.put("contributorsPerKey", 4);
            if (threshold != null) {
                session.put("threshold", threshold);
            }
            Response created = nodes.get(i).api().request("PUT", "/v1/smpc/sessions/q4-risk")
                    .bearer(nodes.get(i).owner()).json(session).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            String nodeHash = created.json().get("configHash").asString();
            assertThat(hash == null || hash.equals(nodeHash)).as("configHash equal on every node").isTrue();
            hash = nodeHash;
            assertThat(nodes.get(i).api().request("PUT", "/v1/smpc/sessions/q4-risk").bearer(nodes.get(i).owner())
                    .json(session).send().json().get("configHash").asString()).isEqualTo(hash);
        }

        double[][] exposures = {{1_250_000.5, -42.25}, {730_000.25, 10}, {2_000_000, -0.5}};
        List<JsonNode> dealings = new ArrayList<>();
        for (int bank = 0; bank < 3; bank++) {
            Map<String, Object> split = new HashMap<>(Map.of("values", List.of(exposures[bank][0], exposures[bank][1]),
                    "scheme", scheme, "parties", 3, "fractionBits", 16, "verification", "PEDERSEN"));
            if (threshold != null) {
                split.put("threshold", threshold);
            }
            JsonNode dealing = nodes.get(0).api().post("/v1/smpc/split", nodes.get(0).contributor(), split).json();
            dealings.add(dealing);
            for (int i = 0; i < 3; i++) {
                Response accepted = submit(nodes.get(i), "bank-" + bank, "bank-" + bank + "-q4", dealing, i, false);
                assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
                assertThat(accepted.json().get("verified").asBoolean()).isTrue();
            }
        }
        // a retried submission is not counted twice; another share under its id, or a second submission from the
        // same contributor, is refused
        assertThat(submit(nodes.get(1), "bank-0", "bank-0-q4", dealings.get(0), 1, false).status()).isEqualTo(202);
        assertProblem(submit(nodes.get(1), "bank-0", "bank-0-q4", dealings.get(1), 1, false), 409, "conflict");
        assertProblem(submit(nodes.get(1), "bank-1", "bank-0-q4", dealings.get(0), 1, false), 409, "conflict");
        assertProblem(submit(nodes.get(1), "bank-0", "bank-0-again", dealings.get(0), 1, false), 409, "conflict");
        // a tampered share does not open the contributor's commitments
        assertProblem(submit(nodes.get(2), "bank-x", "bank-x-q4", dealings.get(1), 2, true), 400,
                "validation-failed");
        assertThat(nodes.get(1).api().get("/v1/smpc/sessions/q4-risk", nodes.get(1).contributor()).json()
                .get("contributors").asInt()).isEqualTo(3);

        List<JsonNode> closed = new ArrayList<>();
        for (Node node : nodes) {
            Response close = node.api().post("/v1/smpc/sessions/q4-risk/close", node.owner(), Map.of());
            assertThat(close.status()).as(close.toString()).isEqualTo(200);
            closed.add(close.json());
            assertThat(node.api().post("/v1/smpc/sessions/q4-risk/close", node.owner(), Map.of()).json())
                    .as("collect-once").isEqualTo(close.json());
            assertProblem(submit(node, "bank-late", "late", dealings.get(0), nodes.indexOf(node), false), 409,
                    "conflict");
        }
        assertThat(closed.get(0).get("checksum")).isEqualTo(closed.get(1).get("checksum"))
                .isEqualTo(closed.get(2).get("checksum"));
        assertThat(closed.get(0).get("aggregateCommitments")).isEqualTo(closed.get(2).get("aggregateCommitments"));

        Response total = reconstruct(nodes.get(0), scheme, threshold, closed, collectFrom, false);
        assertThat(total.status()).as(total.toString()).isEqualTo(200);
        assertThat(total.json().at("/values/0").asDouble()).isCloseTo(3_980_000.75, within(1e-6));
        assertThat(total.json().at("/values/1").asDouble()).isCloseTo(-32.75, within(1e-6));
        assertThat(total.json().get("verified").asBoolean()).isTrue();
        assertProblem(reconstruct(nodes.get(0), scheme, threshold, closed, collectFrom, true), 409, "conflict");
    }

    private static Response submit(Node node, String contributor, String submission, JsonNode dealing, int party,
            boolean tamper) {
        JsonNode share = dealing.get("shares").get(party);
        List<String> values = new ArrayList<>();
        share.get("share").forEach(v -> values.add(v.asString()));
        if (tamper) {
            values.set(1, new java.math.BigInteger(values.get(1)).add(java.math.BigInteger.ONE)
                    .mod(SmpcApiTests.Q).toString());
        }
        List<String> commitments = new ArrayList<>();
        dealing.get("commitments").forEach(c -> commitments.add(c.asString()));
        return node.api().post("/v1/smpc/sessions/q4-risk/shares", node.contributor(), Map.of(
                "contributorId", contributor, "submissionId", submission, "share", values,
                "blinding", share.get("blinding").asString(), "commitments", commitments));
    }

    private static Response reconstruct(Node collector, String scheme, Integer threshold, List<JsonNode> closed,
            List<Integer> from, boolean forge) {
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i : from) {
            JsonNode aggregate = closed.get(i);
            List<String> share = new ArrayList<>();
            aggregate.get("aggregateShare").forEach(v -> share.add(v.asString()));
            if (forge && i == from.get(from.size() - 1)) {
                share.set(0, new java.math.BigInteger(share.get(0)).add(java.math.BigInteger.valueOf(65536))
                        .mod(SmpcApiTests.Q).toString());
            }
            parts.add(Map.of("partyIndex", i + 1, "aggregateShare", share, "aggregateBlinding",
                    aggregate.get("aggregateBlinding").asString(), "checksum", aggregate.get("checksum").asString()));
        }
        List<String> commitments = new ArrayList<>();
        closed.get(0).get("aggregateCommitments").forEach(c -> commitments.add(c.asString()));
        Map<String, Object> body = new HashMap<>(Map.of("scheme", scheme, "fractionBits", 16, "parts", parts,
                "aggregateCommitments", commitments));
        if (threshold != null) {
            body.put("threshold", threshold);
        }
        return collector.api().post("/v1/smpc/reconstruct", collector.contributor(), body);
    }
}
