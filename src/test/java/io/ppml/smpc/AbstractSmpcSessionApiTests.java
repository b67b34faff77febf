package io.ppml.smpc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ppml.smpc.core.Checksums;
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

    /** Node 1 of an additive 2-party session over vectors of length 2, without verification. */
    static Map<String, Object> session(int minContributors, String deadline) {
        return new HashMap<>(Map.of("scheme", "ADDITIVE", "parties", 2, "partyIndex", 1, "vectorLength", 2,
                "fractionBits", 0, "minContributors", minContributors, "deadline", deadline, "verification", "NONE"));
    }

    Response put(String id, Map<String, Object> body) {
        return api.request("PUT", "/v1/smpc/sessions/" + id).bearer(owner).json(body).send();
    }

    Response put(String id, int minContributors, String deadline) {
        return put(id, session(minContributors, deadline));
    }

    /** A session open until 2099 that lets one key submit for {@code contributorsPerKey} contributors. */
    void open(String id, int contributorsPerKey) {
        Map<String, Object> body = session(1, "2099-01-01T00:00:00Z");
        body.put("contributorsPerKey", contributorsPerKey);
        Response created = put(id, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
    }

    Response submit(String id, String contributorId, String submissionId, List<String> share) {
        return submit(contributor, id, contributorId, submissionId, share);
    }

    Response submit(String key, String id, String contributorId, String submissionId, List<String> share) {
        return api.post("/v1/smpc/sessions/" + id + "/shares", key, Map.of("contributorId", contributorId,
                "submissionId", submissionId, "share", share));
    }

    JsonNode view(String id) {
        Response view = api.get("/v1/smpc/sessions/" + id, contributor);
        assertThat(view.status()).as(view.toString()).isEqualTo(200);
        return view.json();
    }

    long stored(String id, String column, String value) {
        return jdbc.sql("select count(*) from smpc_submissions s join smpc_sessions p on p.id = s.session_pk "
                + "where p.session_id = :session and s." + column + " = :value")
                .param("session", id).param("value", value).query(Long.class).single();
    }

    @Test
    void shouldKeepSessionsAndSubmissionsAndEnforceTheirRules() {
        Map<String, Object> body = session(2, "2099-01-01T00:00:00Z");
        body.put("contributorsPerKey", 3); // the one contributor key submits for a and b
        assertThat(put("s1", body).status()).isEqualTo(200);
        Response conflicting = put("s1", 3, "2099-01-01T00:00:00Z");
        assertProblem(conflicting, 409, "conflict");

        assertThat(submit("s1", "a", "a-1", List.of("5", "6")).status()).isEqualTo(202);
        assertProblem(api.post("/v1/smpc/sessions/s1/close", owner, Map.of()), 409, "conflict");
        assertThat(submit("s1", "a", "a-1", List.of("5", "6")).status()).as("retry").isEqualTo(202);
        assertProblem(submit("s1", "b", "b-1", List.of("5")), 400, "validation-failed");
        assertProblem(submit("s1", "b", "b-1", List.of("5", SmpcApiTests.Q.toString())), 400, "validation-failed");
        assertProblem(submit("s1", "b", "b-1", List.of("5", "-1")), 400, "validation-failed");
        assertThat(submit("s1", "b", "b-1", List.of("7", "8")).status()).isEqualTo(202);

        JsonNode status = view("s1");
        assertThat(status.get("contributors").asInt()).isEqualTo(2);
        assertThat(status.get("status").asString()).isEqualTo("OPEN");
        assertThat(status.get("checksum").asString()).isEqualTo(Checksums.submissionChecksum(List.of("a-1", "b-1")));
        assertThat(status.get("contributorsPerKey").asInt()).isEqualTo(3);

        Response closed = api.post("/v1/smpc/sessions/s1/close", owner, Map.of());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().at("/aggregateShare/0").asString()).isEqualTo("12");
        assertThat(closed.json().at("/aggregateShare/1").asString()).isEqualTo("14");
        assertProblem(submit("s1", "c", "c-1", List.of("1", "1")), 409, "conflict");
        assertThat(submit("s1", "a", "a-1", List.of("5", "6")).status()).as("a replay after close").isEqualTo(202);
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

    @Test
    void shouldRefuseAReusedSubmissionIdWithAnotherContributorOrBody() {
        open("ids", 2);
        Response first = submit("ids", "a", "a-1", List.of("123456789", "987654321"));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        Response again = submit("ids", "a", "a-1", List.of("123456789", "987654321"));
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json()).as("a replay answers as the first time").isEqualTo(first.json());

        Response otherContributor = submit("ids", "b", "a-1", List.of("123456789", "987654321"));
        assertProblem(otherContributor, 409, "conflict");
        assertThat(otherContributor.json().get("detail").asString()).contains("another contributor");
        Response otherShare = submit("ids", "a", "a-1", List.of("123456789", "987654322"));
        assertProblem(otherShare, 409, "conflict");
        assertThat(otherShare.json().get("detail").asString()).contains("different share")
                .doesNotContain("123456789", "987654321", "987654322");
        // an invalid body is a 400 whatever its ids
        assertProblem(submit("ids", "a", "a-1", List.of("1")), 400, "validation-failed");

        assertThat(stored("ids", "submission_id", "a-1")).isEqualTo(1);
        assertThat(stored("ids", "contributor_id", "b")).isZero();
        JsonNode view = view("ids");
        assertThat(view.get("contributors").asInt()).isEqualTo(1);
        assertThat(view.get("checksum").asString()).isEqualTo(Checksums.submissionChecksum(List.of("a-1")));

        // b can still contribute under a submissionId of its own, and the aggregate holds exactly a's and b's shares
        assertThat(submit("ids", "b", "b-1", List.of("1", "2")).status()).isEqualTo(202);
        Response closed = api.post("/v1/smpc/sessions/ids/close", owner, Map.of());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().at("/aggregateShare/0").asString()).isEqualTo("123456790");
        assertThat(closed.json().at("/aggregateShare/1").asString()).isEqualTo("987654323");
        assertThat(closed.json().get("contributors").asInt()).isEqualTo(2);
        assertThat(closed.json().get("checksum").asString())
                .isEqualTo(Checksums.submissionChecksum(List.of("a-1", "b-1")));
    }

    @Test
    void shouldReplayAVerifiedSubmissionOnlyWithTheSameBlindingAndCommitments() {
        Map<String, Object> body = session(1, "2099-01-01T00:00:00Z");
        body.put("verification", "PEDERSEN");
        assertThat(put("verified", body).status()).isEqualTo(200);
        JsonNode dealing = split();
        JsonNode share = dealing.at("/shares/0");
        List<String> commitments = SmpcApiTests.strings(dealing.get("commitments"));
        Response first = submitVerified("a-1", share.get("share"), share.get("blinding").asString(), commitments);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(first.json().get("verified").asBoolean()).isTrue();

        assertThat(submitVerified("a-1", share.get("share"), share.get("blinding").asString(), commitments).json())
                .isEqualTo(first.json());
        // the same points in upper-case hex are the same commitments
        assertThat(submitVerified("a-1", share.get("share"), share.get("blinding").asString(),
                commitments.stream().map(String::toUpperCase).toList()).status()).isEqualTo(202);

        String otherBlinding = new BigInteger(share.get("blinding").asString()).add(BigInteger.ONE)
                .mod(SmpcApiTests.Q).toString();
        Response blinding = submitVerified("a-1", share.get("share"), otherBlinding, commitments);
        assertProblem(blinding, 409, "conflict");
        assertThat(blinding.json().get("detail").asString()).contains("different blinding")
                .doesNotContain(otherBlinding, share.get("blinding").asString());
        Response otherCommitments = submitVerified("a-1", share.get("share"), share.get("blinding").asString(),
                SmpcApiTests.strings(split().get("commitments")));
        assertProblem(otherCommitments, 409, "conflict");
        assertThat(otherCommitments.json().get("detail").asString()).contains("different commitments");
        assertThat(view("verified").get("contributors").asInt()).isEqualTo(1);
    }

    private JsonNode split() {
        Response split = api.post("/v1/smpc/split", contributor, Map.of("values", List.of(3, 4), "scheme",
                "ADDITIVE", "parties", 2, "fractionBits", 0, "verification", "PEDERSEN"));
        assertThat(split.status()).as(split.toString()).isEqualTo(200);
        return split.json();
    }

    private Response submitVerified(String submissionId, JsonNode share, String blinding, List<String> commitments) {
        return api.post("/v1/smpc/sessions/verified/shares", contributor, Map.of("contributorId", "a",
                "submissionId", submissionId, "share", SmpcApiTests.strings(share), "blinding", blinding,
                "commitments", commitments));
    }

    @Test
    void shouldBindAContributorToTheKeyThatFirstSubmittedForIt() {
        String second = newKey(owner, "CONTRIBUTOR");
        assertThat(put("bound", 1, "2099-01-01T00:00:00Z").status()).isEqualTo(200);
        assertThat(view("bound").get("contributorsPerKey").asInt()).as("the default").isEqualTo(1);

        assertThat(submit("bound", "a", "a-1", List.of("1", "2")).status()).isEqualTo(202);
        Response replayByAnotherKey = submit(second, "bound", "a", "a-1", List.of("1", "2"));
        assertProblem(replayByAnotherKey, 403, "forbidden");
        assertThat(replayByAnotherKey.json().get("detail").asString()).contains("another API key");
        assertProblem(submit(second, "bound", "a", "a-2", List.of("1", "2")), 403, "forbidden");
        Response secondOfA = submit("bound", "a", "a-2", List.of("1", "2"));
        assertProblem(secondOfA, 409, "conflict");
        assertThat(secondOfA.json().get("detail").asString()).contains("already submitted");
        Response overTheLimit = submit("bound", "b", "b-1", List.of("3", "4"));
        assertProblem(overTheLimit, 403, "forbidden");
        assertThat(overTheLimit.json().get("detail").asString()).contains("contributorsPerKey");
        assertThat(submit(second, "bound", "b", "b-1", List.of("3", "4")).status()).isEqualTo(202);

        JsonNode view = view("bound");
        assertThat(view.get("contributors").asInt()).isEqualTo(2);
        assertThat(view.get("checksum").asString()).isEqualTo(Checksums.submissionChecksum(List.of("a-1", "b-1")));

        open("two-per-key", 2);
        assertThat(submit("two-per-key", "a", "a-1", List.of("1", "2")).status()).isEqualTo(202);
        assertThat(submit("two-per-key", "b", "b-1", List.of("1", "2")).status()).isEqualTo(202);
        assertProblem(submit("two-per-key", "c", "c-1", List.of("1", "2")), 403, "forbidden");
        assertThat(submit(second, "two-per-key", "c", "c-1", List.of("1", "2")).status()).isEqualTo(202);
    }

    @Test
    void shouldKeepContributorsPerKeyOutOfTheConfigHashAndFixedOnceCreated() {
        open("limited", 5);
        Response byDefault = put("default", 1, "2099-01-01T00:00:00Z");
        assertThat(view("limited").get("configHash")).as("node-local policy, outside the hash every node shares")
                .isEqualTo(byDefault.json().get("configHash"));

        Response repeated = put("limited", 1, "2099-01-01T00:00:00Z");
        assertThat(repeated.status()).as("left out, it matches what the session has").isEqualTo(200);
        assertThat(repeated.json().get("contributorsPerKey").asInt()).isEqualTo(5);
        Map<String, Object> changed = session(1, "2099-01-01T00:00:00Z");
        changed.put("contributorsPerKey", 6);
        assertProblem(put("limited", changed), 409, "conflict");

        for (int bad : new int[] {0, 1_000_001}) {
            Map<String, Object> body = session(1, "2099-01-01T00:00:00Z");
            body.put("contributorsPerKey", bad);
            Response refused = put("bad-limit", body);
            assertProblem(refused, 400, "validation-failed");
            assertThat(errorFields(refused)).containsExactly("contributorsPerKey");
        }
        Map<String, Object> tooMany = session(1, "2099-01-01T00:00:00Z");
        tooMany.put("parties", 257);
        assertProblem(put("too-many", tooMany), 400, "validation-failed");
        assertProblem(api.get("/v1/smpc/sessions/bad-limit", owner), 404, "not-found");
    }

    @Test
    void shouldRefuseBlindingOrCommitmentsInASessionWithoutVerification() {
        open("plain", 1);
        Response refused = api.post("/v1/smpc/sessions/plain/shares", contributor, Map.of("contributorId", "a",
                "submissionId", "a-1", "share", List.of("1", "2"), "blinding", "5"));
        assertProblem(refused, 400, "validation-failed");
        assertThat(errorFields(refused)).containsExactly("blinding");
        assertThat(view("plain").get("contributors").asInt()).isZero();
    }

    @Test
    void shouldKeepReplayingSubmissionsStoredBeforeKeysWereRecorded() {
        String second = newKey(owner, "CONTRIBUTOR");
        open("legacy", 1);
        assertThat(submit("legacy", "a", "a-1", List.of("1", "2")).status()).isEqualTo(202);
        // what a row from before migration V9 looks like: no key recorded
        jdbc.sql("update smpc_submissions set key_id = null where submission_id = 'a-1'").update();

        assertThat(submit(second, "legacy", "a", "a-1", List.of("1", "2")).status()).isEqualTo(202);
        assertProblem(submit(second, "legacy", "a", "a-1", List.of("1", "3")), 409, "conflict");
        assertProblem(submit(second, "legacy", "a", "a-2", List.of("1", "2")), 409, "conflict");
        assertThat(submit(second, "legacy", "b", "b-1", List.of("3", "4")).status()).isEqualTo(202);
        assertThat(view("legacy").get("contributors").asInt()).isEqualTo(2);
    }

    @Test
    void shouldDecideRacingSubmissionsOneAtATime() throws Exception {
        open("race", 8);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(newKey(owner, "CONTRIBUTOR"));
        }

        // one submission sent eight times at once: accepted once, every answer the same
        List<Response> retries = Concurrently.run(8, i -> () -> submit("race", "a", "a-1", List.of("1", "1")));
        assertThat(retries).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(202));

        // one submissionId claimed by eight contributors: one accepted, the others refused, none dropped silently
        List<Response> sameId = Concurrently.run(8, i -> () -> submit("race", "b" + i, "b-1", List.of("2", "2")));
        assertOneAccepted(sameId, 409, "conflict");

        // one contributor under eight submissionIds: one accepted
        List<Response> sameContributor = Concurrently.run(8, i -> () -> submit(keys.get(0), "race", "c", "c-" + i,
                List.of("3", "3")));
        assertOneAccepted(sameContributor, 409, "conflict");

        // one new contributor claimed by eight keys: the first key owns it
        List<Response> sameNewContributor = Concurrently.run(8, i -> () -> submit(keys.get(i), "race", "d", "d-1",
                List.of("4", "4")));
        assertOneAccepted(sameNewContributor, 403, "forbidden");

        String acceptedB = sameId.stream().filter(r -> r.status() == 202).findFirst().orElseThrow().json()
                .get("submissionId").asString();
        String acceptedC = sameContributor.stream().filter(r -> r.status() == 202).findFirst().orElseThrow().json()
                .get("submissionId").asString();
        assertThat(jdbc.sql("select count(*) from smpc_submissions s join smpc_sessions p on p.id = s.session_pk "
                + "where p.session_id = 'race'").query(Long.class).single()).isEqualTo(4);
        JsonNode view = view("race");
        assertThat(view.get("contributors").asInt()).isEqualTo(4);
        List<String> accepted = List.of("a-1", acceptedB, acceptedC, "d-1");
        assertThat(view.get("checksum").asString()).isEqualTo(Checksums.submissionChecksum(accepted));
        Response closed = api.post("/v1/smpc/sessions/race/close", owner, Map.of());
        assertThat(closed.json().at("/aggregateShare/0").asString()).isEqualTo("10");
        assertThat(closed.json().get("checksum")).isEqualTo(view.get("checksum"));
    }

    @Test
    void shouldCreateASessionOnceWhenItsPutsRace() throws Exception {
        List<Response> puts = Concurrently.run(8, i -> () -> put("raced", 1, "2099-01-01T00:00:00Z"));
        assertThat(puts).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(puts.stream().map(r -> r.json().get("configHash")).distinct()).hasSize(1);
        assertThat(jdbc.sql("select count(*) from smpc_sessions where session_id = 'raced'").query(Long.class)
                .single()).isEqualTo(1);
    }

    private static void assertOneAccepted(List<Response> responses, int refusedStatus, String refusedCode) {
        assertThat(responses.stream().filter(r -> r.status() == 202).count()).as(responses.toString()).isEqualTo(1);
        responses.stream().filter(r -> r.status() != 202).forEach(r -> assertProblem(r, refusedStatus, refusedCode));
    }

    @Test
    void shouldRefuseUnknownFieldsNamingThem() {
        Map<String, Object> body = session(1, "2099-01-01T00:00:00Z");
        body.put("treshold", 2);
        Response session = put("strict", body);
        assertProblem(session, 400, "validation-failed");
        assertThat(errorFields(session)).containsExactly("treshold");
        assertThat(session.json().get("detail").asString()).contains("threshold");
        assertProblem(api.get("/v1/smpc/sessions/strict", owner), 404, "not-found");

        open("strict", 1);
        Response share = api.post("/v1/smpc/sessions/strict/shares", contributor, Map.of("contributorId", "bank",
                "submissionId", "s-1", "share", List.of("1", "2"), "comitments", List.of("x")));
        assertProblem(share, 400, "validation-failed");
        assertThat(errorFields(share)).containsExactly("comitments");
        assertThat(stored("strict", "contributor_id", "bank")).isZero();

        Response reconstruct = api.post("/v1/smpc/reconstruct", owner, Map.of("scheme", "ADDITIVE",
                "fractionBits", 0, "parts", List.of(Map.of("partyIndex", 1, "aggregateShare", List.of("1"),
                        "checksum", "00", "aggregateBlindng", List.of("2")))));
        assertProblem(reconstruct, 400, "validation-failed");
        assertThat(errorFields(reconstruct)).containsExactly("parts[0].aggregateBlindng");
    }
}
