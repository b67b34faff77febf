package io.ppml.smpc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Session and submission persistence and the session rules, once per database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractSmpcSessionApiTests extends ApiTestBase {

    String owner;
    String contributor;

    @BeforeEach
    void newTenant() {
        owner = createTenant("node", 1, 0).ownerSecret();
        contributor = newKey(owner, "CONTRIBUTOR");
    }

    Response put(String id, int minContributors, String deadline) {
        return api.request("PUT", "/v1/smpc/sessions/" + id).bearer(owner).json(Map.of("scheme", "ADDITIVE",
                "parties", 2, "partyIndex", 1, "vectorLength", 2, "fractionBits", 0, "minContributors", minContributors,
                "deadline", deadline, "verification", "NONE")).send();
    }

    Response submit(String id, String contributorId, String submissionId, List<String> share) {
        return api.post("/v1/smpc/sessions/" + id + "/shares", contributor, Map.of("contributorId", contributorId,
                "submissionId", submissionId, "share", share));
    }

    @Test
    void shouldKeepSessionsAndSubmissionsAndEnforceTheirRules() {
        assertThat(put("s1", 2, "2099-01-01T00:00:00Z").status()).isEqualTo(200);
        Response conflicting = put("s1", 3, "2099-01-01T00:00:00Z");
        assertProblem(conflicting, 409, "conflict");

        assertThat(submit("s1", "a", "a-1", List.of("5", "6")).status()).isEqualTo(202);
        assertProblem(api.post("/v1/smpc/sessions/s1/close", owner, Map.of()), 409, "conflict");
        assertThat(submit("s1", "a", "a-1", List.of("5", "6")).status()).as("retry").isEqualTo(202);
        assertProblem(submit("s1", "b", "b-1", List.of("5")), 400, "validation-failed");
        assertProblem(submit("s1", "b", "b-1", List.of("5", SmpcApiTests.Q.toString())), 400, "validation-failed");
        assertProblem(submit("s1", "b", "b-1", List.of("5", "-1")), 400, "validation-failed");
        assertThat(submit("s1", "b", "b-1", List.of("7", "8")).status()).isEqualTo(202);

        Response status = api.get("/v1/smpc/sessions/s1", contributor);
        assertThat(status.json().get("contributors").asInt()).isEqualTo(2);
        assertThat(status.json().get("status").asString()).isEqualTo("OPEN");
        assertThat(status.json().get("checksum").asString()).hasSize(64);

        Response closed = api.post("/v1/smpc/sessions/s1/close", owner, Map.of());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().at("/aggregateShare/0").asString()).isEqualTo("12");
        assertThat(closed.json().at("/aggregateShare/1").asString()).isEqualTo("14");
        assertProblem(submit("s1", "c", "c-1", List.of("1", "1")), 409, "conflict");
        assertProblem(api.post("/v1/smpc/sessions/s1/close", contributor, Map.of()), 403, "forbidden");

        StringBuilder stored = new StringBuilder();
        for (String sealed : jdbc.sql("select sealed_share from smpc_submissions").query(String.class).list()) {
            stored.append(sealed).append(new String(java.util.Base64.getDecoder().decode(sealed),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertThat(stored.toString()).doesNotContain("[\"5\",\"6\"]", "[\"7\",\"8\"]");

        String other = createTenant("other", 1, 0).ownerSecret();
        assertProblem(api.get("/v1/smpc/sessions/s1", other), 404, "not-found");
    }

    @Test
    void shouldRefuseSubmissionsAfterTheDeadline() {
        assertThat(put("late", 1, "2020-01-01T00:00:00Z").status()).isEqualTo(200);
        assertProblem(submit("late", "a", "a-1", List.of("1", "2")), 409, "conflict");
        Response badId = api.request("PUT", "/v1/smpc/sessions/bad%20id%21").bearer(owner).json(Map.of("scheme",
                "ADDITIVE", "parties", 2, "partyIndex", 1, "vectorLength", 2, "fractionBits", 0, "minContributors", 1,
                "deadline", "2099-01-01T00:00:00Z", "verification", "NONE")).send();
        assertProblem(badId, 400, "validation-failed");
        assertThat(badId.json().at("/errors/0/field").asString()).isEqualTo("sessionId");
    }
}
