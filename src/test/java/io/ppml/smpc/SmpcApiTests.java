package io.ppml.smpc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ppml.support.Api.Response;
import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The stateless SMPC endpoints over HTTP: split on a contributor's node, reconstruct at a collector. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@H2Database
class SmpcApiTests extends ApiTestBase {

    /** The order of the P-256 group: the field of the shares. */
    static final BigInteger Q = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    String contributor;

    @BeforeEach
    void newTenant() {
        contributor = newKey(createTenant("smpc", 1, 0).ownerSecret(), "CONTRIBUTOR");
    }

    JsonNode split(Map<String, Object> body) {
        Response response = api.post("/v1/smpc/split", contributor, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static Map<String, Object> part(JsonNode share, String checksum) {
        Map<String, Object> part = new HashMap<>();
        part.put("partyIndex", share.get("partyIndex").asInt());
        List<String> values = new ArrayList<>();
        share.get("share").forEach(v -> values.add(v.asString()));
        part.put("aggregateShare", values);
        if (share.has("blinding")) {
            part.put("aggregateBlinding", share.get("blinding").asString());
        }
        part.put("checksum", checksum);
        return part;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString()));
        return out;
    }

    @Test
    void shouldReconstructShamirFromAnyTwoOfThreeWithRealsAndNegatives() {
        JsonNode dealing = split(Map.of("values", List.of(1250000.5, -42.25, 0), "scheme", "SHAMIR", "parties", 3,
                "threshold", 2, "fractionBits", 16, "verification", "PEDERSEN"));
        JsonNode shares = dealing.get("shares");
        assertThat(shares).hasSize(3);
        assertThat(dealing.get("commitments")).hasSize(2);
        shares.forEach(s -> s.get("share").forEach(v -> assertThat(new BigInteger(v.asString())).isLessThan(Q)));

        Response fromOneAndThree = api.post("/v1/smpc/reconstruct", contributor, Map.of("scheme", "SHAMIR",
                "threshold", 2, "fractionBits", 16, "parts", List.of(part(shares.get(0), "c"), part(shares.get(2), "c")),
                "aggregateCommitments", strings(dealing.get("commitments"))));
        assertThat(fromOneAndThree.status()).as(fromOneAndThree.toString()).isEqualTo(200);
        JsonNode values = fromOneAndThree.json().get("values");
        assertThat(values.get(0).asDouble()).isCloseTo(1250000.5, within(1e-9));
        assertThat(values.get(1).asDouble()).isCloseTo(-42.25, within(1e-9));
        assertThat(values.get(2).asDouble()).isZero();
        assertThat(fromOneAndThree.json().get("verified").asBoolean()).isTrue();
    }

    @Test
    void shouldReconstructAdditiveSharesWithoutVerification() {
        JsonNode dealing = split(Map.of("values", List.of(7.5, -3), "scheme", "ADDITIVE", "parties", 3,
                "fractionBits", 8, "verification", "NONE"));
        assertThat(dealing.has("commitments")).isFalse();
        List<Map<String, Object>> parts = new ArrayList<>();
        dealing.get("shares").forEach(s -> parts.add(part(s, "same")));
        Response total = api.post("/v1/smpc/reconstruct", contributor, Map.of("scheme", "ADDITIVE",
                "fractionBits", 8, "parts", parts));
        assertThat(total.json().at("/values/0").asDouble()).isEqualTo(7.5);
        assertThat(total.json().at("/values/1").asDouble()).isEqualTo(-3.0);
        assertThat(total.json().get("verified").asBoolean()).isFalse();
        // two of three additive shares are not enough: they reconstruct something else, never the secret
        Response missing = api.post("/v1/smpc/reconstruct", contributor, Map.of("scheme", "ADDITIVE",
                "fractionBits", 8, "parts", parts.subList(0, 2)));
        assertThat(missing.status() == 400 || missing.json().at("/values/0").asDouble() != 7.5).isTrue();
    }

    @Test
    void shouldCatchAForgedAggregateShareAndMismatchedChecksums() {
        JsonNode dealing = split(Map.of("values", List.of(100, 200), "scheme", "ADDITIVE", "parties", 2,
                "fractionBits", 0, "verification", "PEDERSEN"));
        List<Map<String, Object>> parts = new ArrayList<>();
        dealing.get("shares").forEach(s -> parts.add(part(s, "x")));
        @SuppressWarnings("unchecked")
        List<String> forged = new ArrayList<>((List<String>) parts.get(1).get("aggregateShare"));
        forged.set(0, new BigInteger(forged.get(0)).add(BigInteger.ONE).mod(Q).toString());
        parts.get(1).put("aggregateShare", forged);
        assertProblem(api.post("/v1/smpc/reconstruct", contributor, Map.of("scheme", "ADDITIVE", "fractionBits", 0,
                "parts", parts, "aggregateCommitments", strings(dealing.get("commitments")))), 409, "conflict");

        List<Map<String, Object>> honest = new ArrayList<>();
        dealing.get("shares").forEach(s -> honest.add(part(s, "x")));
        honest.get(1).put("checksum", "y");
        assertProblem(api.post("/v1/smpc/reconstruct", contributor, Map.of("scheme", "ADDITIVE", "fractionBits", 0,
                "parts", honest)), 409, "conflict");
    }

    @Test
    void shouldSplitAndReconstructUpToTheSamePartyLimitAsSessions() {
        // SecretSharing.MAX_PARTIES, the limit of sessions too
        JsonNode dealing = split(Map.of("values", List.of(42), "scheme", "SHAMIR", "parties", 256, "threshold", 2,
                "fractionBits", 0, "verification", "NONE"));
        assertThat(dealing.get("shares")).hasSize(256);
        Response fromTheLastTwo = api.post("/v1/smpc/reconstruct", contributor, Map.of("scheme", "SHAMIR",
                "threshold", 2, "fractionBits", 0, "parts", List.of(part(dealing.at("/shares/200"), "c"),
                        part(dealing.at("/shares/255"), "c"))));
        assertThat(fromTheLastTwo.status()).as(fromTheLastTwo.toString()).isEqualTo(200);
        assertThat(fromTheLastTwo.json().at("/values/0").asDouble()).isEqualTo(42.0);

        Response tooMany = api.post("/v1/smpc/split", contributor, Map.of("values", List.of(42), "scheme", "SHAMIR",
                "parties", 257, "threshold", 2, "fractionBits", 0, "verification", "NONE"));
        assertProblem(tooMany, 400, "validation-failed");
        assertThat(tooMany.json().at("/errors/0/field").asString()).isEqualTo("parties");
        Response indexTooHigh = api.post("/v1/smpc/reconstruct", contributor, Map.of("scheme", "SHAMIR",
                "threshold", 2, "fractionBits", 0, "parts", List.of(part(dealing.at("/shares/0"), "c"),
                        Map.of("partyIndex", 257, "aggregateShare", List.of("1"), "checksum", "c"))));
        assertProblem(indexTooHigh, 400, "validation-failed");
    }

    @Test
    void shouldRefuseSharesOutsideTheFieldAndBadParameters() {
        Map<String, Object> outside = new HashMap<>(Map.of("partyIndex", 1, "aggregateShare",
                List.of(Q.toString()), "checksum", "c"));
        assertProblem(api.post("/v1/smpc/reconstruct", contributor, Map.of("scheme", "ADDITIVE", "fractionBits", 0,
                "parts", List.of(outside, Map.of("partyIndex", 2, "aggregateShare", List.of("1"), "checksum", "c")))),
                400, "validation-failed");
        assertProblem(api.post("/v1/smpc/reconstruct", contributor, Map.of("scheme", "ADDITIVE", "fractionBits", 0,
                "parts", List.of(Map.of("partyIndex", 1, "aggregateShare", List.of("1", "2"), "checksum", "c"),
                        Map.of("partyIndex", 2, "aggregateShare", List.of("1"), "checksum", "c")))), 400,
                "validation-failed");
        assertProblem(api.post("/v1/smpc/split", contributor, Map.of("values", List.of(1), "scheme", "SHAMIR",
                "parties", 3, "fractionBits", 0, "verification", "NONE")), 400, "validation-failed");
        assertProblem(api.post("/v1/smpc/split", contributor, Map.of("values", List.of(1e300), "scheme", "ADDITIVE",
                "parties", 3, "fractionBits", 16, "verification", "NONE")), 400, "validation-failed");
        assertProblem(api.post("/v1/smpc/split", contributor, Map.of("values", List.of(1), "scheme", "ADDITIVE",
                "parties", 1, "fractionBits", 0, "verification", "NONE")), 400, "validation-failed");
        assertProblem(api.post("/v1/smpc/split", null, Map.of("values", List.of(1), "scheme", "ADDITIVE",
                "parties", 2, "fractionBits", 0, "verification", "NONE")), 401, "unauthorized");
    }
}
