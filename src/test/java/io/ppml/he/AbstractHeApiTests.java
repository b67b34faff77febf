package io.ppml.he;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import io.ppml.crypto.MasterKey;
import io.ppml.he.core.PrimePool;
import io.ppml.he.core.PrimeSource;
import io.ppml.support.ApiTestBase;
import io.ppml.support.Api.Response;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static io.ppml.support.ProblemAssertions.assertProblem;
import static io.ppml.support.ProblemAssertions.errorFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Homomorphic encryption over real HTTP, once per database: keys, encrypt, compute, decrypt, errors, roles. With
 * the prime pool on, as in production (the test configuration turns it off elsewhere).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ppml.he.prime-pool.enabled=true")
abstract class AbstractHeApiTests extends ApiTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    HeKeyService keyStore;

    @Autowired
    MasterKey masterKey;

    @Autowired
    PrimeSource primes;

    String owner;
    String tenantId;

    @BeforeEach
    void newTenant() {
        NewTenant tenant = createTenant("he", 5.0, 0);
        owner = tenant.ownerSecret();
        tenantId = tenant.id();
    }

    String key(String role) {
        return newKey(owner, role);
    }

    JsonNode createKey(String name) {
        Response created = api.post("/v1/he/keys", owner, Map.of("name", name, "scheme", "PAILLIER",
                "modulusBits", 2048));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    static BigInteger modulus(JsonNode jwk) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asString()));
    }

    JsonNode encrypt(String token, String name, List<?> values) {
        Response response = api.post("/v1/he/keys/" + name + "/encrypt", token, Map.of("values", values));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    Response compute(String token, String name, String operation, List<JsonNode> ciphertexts, List<?> operands) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("key", name, "version", 1, "operation", operation,
                "ciphertexts", ciphertexts));
        if (!operands.isEmpty()) {
            body.put("operands", operands);
        }
        return api.post("/v1/he/compute", token, body);
    }

    Response decrypt(String token, String name, List<JsonNode> ciphertexts, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("version", 1, "ciphertexts", ciphertexts));
        body.putAll(extra);
        return api.post("/v1/he/keys/" + name + "/decrypt", token, body);
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** A copy of a ciphertext with one field set ({@code null}: removed). */
    static JsonNode with(JsonNode ciphertext, String field, @Nullable Object value) {
        ObjectNode copy = (ObjectNode) ciphertext.deepCopy();
        if (value == null) {
            copy.remove(field);
        } else {
            copy.set(field, JSON.valueToTree(value));
        }
        return copy;
    }

    JsonNode computed(String name, String operation, List<JsonNode> ciphertexts, List<?> operands) {
        Response response = compute(owner, name, operation, ciphertexts, operands);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("ciphertext");
    }

    static void assertRefused(Response response, String field, String reason) {
        assertProblem(response, 400, "validation-failed");
        assertThat(errorFields(response)).containsExactly(field);
        assertThat(response.json().get("detail").asString()).contains(reason);
    }

    @Test
    void shouldRunTheMedicalExampleEndToEnd() {
        JsonNode key = createKey("patients");
        assertThat(key.at("/publicKey/kty").asString()).isEqualTo("DAJ");
        assertThat(key.at("/publicKey/alg").asString()).isEqualTo("PAI-GN1");
        assertThat(modulus(key.get("publicKey")).bitLength()).isEqualTo(2048);
        assertThat(key.get("latestVersion").asInt()).isEqualTo(1);

        String contributor = key("CONTRIBUTOR");
        List<JsonNode> costs = list(encrypt(contributor, "patients", List.of(120, 135.5, -7, 1000)).get("ciphertexts"));
        assertThat(costs).allSatisfy(c -> assertThat(c.get("count").asLong()).isEqualTo(1));

        String analyst = key("ANALYST");
        Response sum = compute(analyst, "patients", "SUM", costs, List.of());
        assertThat(sum.status()).as(sum.toString()).isEqualTo(200);
        assertThat(sum.json().at("/ciphertext/count").asLong()).isEqualTo(4);
        Response mean = compute(analyst, "patients", "MEAN", costs, List.of());
        Response dot = compute(analyst, "patients", "DOT", costs, List.of(1, 2, 0, -1));
        Response scaled = compute(analyst, "patients", "MULTIPLY_PLAIN", costs.subList(0, 1), List.of(3));
        Response shifted = compute(analyst, "patients", "ADD_PLAIN", costs.subList(2, 3), List.of(10));
        Response diff = compute(analyst, "patients", "SUBTRACT", costs.subList(0, 2), List.of());
        Response negated = compute(analyst, "patients", "NEGATE", costs.subList(3, 4), List.of());

        Response decrypted = decrypt(owner, "patients", List.of(sum.json().get("ciphertext"),
                mean.json().get("ciphertext"), dot.json().get("ciphertext"), scaled.json().get("ciphertext"),
                shifted.json().get("ciphertext"), diff.json().get("ciphertext"), negated.json().get("ciphertext")),
                Map.of());
        assertThat(decrypted.status()).as(decrypted.toString()).isEqualTo(200);
        JsonNode values = decrypted.json().get("values");
        assertThat(values.get(0).decimalValue()).isEqualByComparingTo("1248.5");
        assertThat(values.get(1).asDouble()).isCloseTo(312.125, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(values.get(2).decimalValue()).isEqualByComparingTo("-609");
        assertThat(values.get(3).decimalValue()).isEqualByComparingTo("360");
        assertThat(values.get(4).decimalValue()).isEqualByComparingTo("3");
        assertThat(values.get(5).decimalValue()).isEqualByComparingTo("-15.5");
        assertThat(values.get(6).decimalValue()).isEqualByComparingTo("-1000");
    }

    @Test
    void shouldCreateAndRotateKeysWithPrimesFromThePool() {
        assertThat(primes).isInstanceOf(PrimePool.class);
        PrimePool pool = (PrimePool) primes;
        assertThat(pool.refilling()).as("started once the application was ready").isTrue();
        await().atMost(Duration.ofMinutes(3)).until(() -> pool.available() >= 4);
        long taken = pool.takenFromPool();
        long onDemand = pool.generatedOnDemand();

        createKey("pooled");
        List<JsonNode> v1 = list(encrypt(owner, "pooled", List.of(7, -3)).get("ciphertexts"));
        Response rotated = api.post("/v1/he/keys/pooled/rotate", owner, Map.of());
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(modulus(rotated.json().get("publicKey")).bitLength()).isEqualTo(2048);
        List<JsonNode> v2 = list(encrypt(owner, "pooled", List.of(35)).get("ciphertexts"));

        assertThat(pool.takenFromPool() - taken).as("two primes per key version, from the pool").isEqualTo(4);
        assertThat(pool.generatedOnDemand()).isEqualTo(onDemand);
        Response first = decrypt(owner, "pooled", List.of(computed("pooled", "SUM", v1, List.of())), Map.of());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().at("/values/0").decimalValue()).isEqualByComparingTo("4");
        Response second = decrypt(owner, "pooled", v2, Map.of("version", 2));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().at("/values/0").decimalValue()).isEqualByComparingTo("35");
    }

    @Test
    void shouldSumTextbookCiphertextsMadeFromThePublishedKeyAlone() {
        JsonNode jwk = createKey("interop").get("publicKey");
        BigInteger n = modulus(jwk);
        BigInteger n2 = n.multiply(n);
        SecureRandom random = new SecureRandom();
        List<JsonNode> ciphertexts = new ArrayList<>();
        long expected = 0;
        for (long m : new long[] {42, 1_000_000_007L, -5}) {
            BigInteger r;
            do {
                r = new BigInteger(n.bitLength(), random).mod(n);
            } while (r.signum() == 0 || !r.gcd(n).equals(BigInteger.ONE));
            BigInteger plain = BigInteger.valueOf(m).mod(n);
            // Paillier with g = n + 1: c = (1 + m·n) · r^n mod n²
            BigInteger c = BigInteger.ONE.add(plain.multiply(n)).mod(n2).multiply(r.modPow(n, n2)).mod(n2);
            ciphertexts.add(tools.jackson.databind.json.JsonMapper.builder().build()
                    .valueToTree(Map.of("v", c.toString(), "e", 0)));
            expected += m;
        }
        Response sum = compute(owner, "interop", "SUM", ciphertexts, List.of());
        assertThat(sum.status()).as(sum.toString()).isEqualTo(200);
        Response decrypted = decrypt(owner, "interop", List.of(sum.json().get("ciphertext")), Map.of());
        assertThat(decrypted.json().at("/values/0").decimalValue()).isEqualByComparingTo(BigInteger.valueOf(expected)
                .toString());
    }

    @Test
    void shouldRefuseMalformedCiphertexts() {
        JsonNode jwk = createKey("strict").get("publicKey");
        BigInteger n = modulus(jwk);
        for (String v : List.of("0", n.multiply(n).toString(), n.toString(), "-5", "12abc")) {
            Response response = compute(owner, "strict", "SUM",
                    List.of(tools.jackson.databind.json.JsonMapper.builder().build()
                            .valueToTree(Map.of("v", v, "e", 0))), List.of());
            assertProblem(response, 400, "validation-failed");
        }
        JsonNode one = encrypt(owner, "strict", List.of(5)).at("/ciphertexts/0");
        Map<String, Object> forged = Map.of("v", one.get("v").asString(), "e", 0, "count", 50,
                "tag", one.get("tag").asString());
        assertProblem(compute(owner, "strict", "SUM", List.of(tools.jackson.databind.json.JsonMapper.builder().build()
                .valueToTree(forged)), List.of()), 400, "validation-failed");
        assertProblem(compute(owner, "strict", "ADD", List.of(one), List.of()), 400, "validation-failed");
    }

    @Test
    void shouldLetOnlyOwnersDecryptAndGuardSmallAggregates() {
        createKey("guarded");
        String contributor = key("CONTRIBUTOR");
        List<JsonNode> single = list(encrypt(contributor, "guarded", List.of(7, 8, 9)).get("ciphertexts"));
        assertProblem(decrypt(contributor, "guarded", single.subList(0, 1), Map.of()), 403, "forbidden");
        assertProblem(decrypt(key("ANALYST"), "guarded", single.subList(0, 1), Map.of()), 403, "forbidden");

        assertProblem(decrypt(owner, "guarded", single.subList(0, 1), Map.of("minAggregated", 3)), 400,
                "validation-failed");
        JsonNode sum = compute(contributor, "guarded", "SUM", single, List.of()).json().get("ciphertext");
        Response ok = decrypt(owner, "guarded", List.of(sum), Map.of("minAggregated", 3));
        assertThat(ok.json().at("/values/0").decimalValue()).isEqualByComparingTo("24");
    }

    @Test
    void shouldCountEightDistinctEncryptionsAsAnAggregateOfEight() {
        createKey("distinct");
        List<JsonNode> eight = list(encrypt(key("CONTRIBUTOR"), "distinct", List.of(1, 2, 3, 4, 5, 6, 7, 8))
                .get("ciphertexts"));
        assertThat(eight).allSatisfy(c -> {
            assertThat(c.get("provenance").asString()).isEqualTo("FRESH");
            assertThat(c.get("count").asLong()).isEqualTo(1);
        });
        assertThat(eight.stream().map(c -> c.get("v").asString()).distinct()).hasSize(8);

        JsonNode sum = computed("distinct", "SUM", eight, List.of());
        assertThat(sum.get("provenance").asString()).isEqualTo("AGGREGATE");
        assertThat(sum.get("count").asLong()).isEqualTo(8);
        JsonNode mean = computed("distinct", "MEAN", eight, List.of());
        assertThat(mean.get("provenance").asString()).isEqualTo("AGGREGATE");
        assertThat(mean.get("count").asLong()).isEqualTo(8);
        JsonNode pair = computed("distinct", "ADD", eight.subList(0, 2), List.of());
        assertThat(pair.get("provenance").asString()).isEqualTo("AGGREGATE");
        assertThat(pair.get("count").asLong()).isEqualTo(2);

        Response released = decrypt(owner, "distinct", List.of(sum, mean), Map.of("minAggregated", 8));
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        assertThat(released.json().at("/values/0").decimalValue()).isEqualByComparingTo("36");
        assertThat(released.json().at("/values/1").asDouble()).isCloseTo(4.5, org.assertj.core.data.Offset.offset(
                1e-9));
        assertRefused(decrypt(owner, "distinct", List.of(sum, pair), Map.of("minAggregated", 8)), "ciphertexts[1]",
                "sums only 2 distinct encryptions (too few distinct inputs)");
        assertRefused(decrypt(owner, "distinct", List.of(sum), Map.of("minAggregated", 9)), "ciphertexts[0]",
                "too few distinct inputs");
        assertRefused(decrypt(owner, "distinct", eight.subList(0, 1), Map.of("minAggregated", 2)), "ciphertexts[0]",
                "sums only 1 distinct encryption (too few distinct inputs)");
    }

    @Test
    void shouldRefuseMinAggregatedForSumsOfOneEncryptionRepeated() {
        createKey("repeated");
        String analyst = key("ANALYST");
        JsonNode one = encrypt(key("CONTRIBUTOR"), "repeated", List.of(42)).at("/ciphertexts/0");
        List<JsonNode> eightCopies = Collections.nCopies(8, one);

        Response sum = compute(analyst, "repeated", "SUM", eightCopies, List.of());
        assertThat(sum.status()).as(sum.toString()).isEqualTo(200);
        JsonNode inflated = sum.json().get("ciphertext");
        assertThat(inflated.get("provenance").asString()).isEqualTo("DUPLICATE_INPUTS");
        assertThat(inflated.has("count")).isFalse();
        JsonNode doubled = compute(analyst, "repeated", "ADD", List.of(one, one), List.of()).json().get("ciphertext");
        assertThat(doubled.get("provenance").asString()).isEqualTo("DUPLICATE_INPUTS");
        JsonNode mean = compute(analyst, "repeated", "MEAN", eightCopies, List.of()).json().get("ciphertext");
        assertThat(mean.get("provenance").asString()).isEqualTo("DUPLICATE_INPUTS");
        JsonNode others = encrypt(owner, "repeated", List.of(1, 2, 3, 4, 5, 6)).get("ciphertexts");
        List<JsonNode> sevenDistinctOneTwice = new ArrayList<>(list(others));
        sevenDistinctOneTwice.add(one);
        sevenDistinctOneTwice.add(one);
        JsonNode mixed = computed("repeated", "SUM", sevenDistinctOneTwice, List.of());
        assertThat(mixed.get("provenance").asString()).isEqualTo("DUPLICATE_INPUTS");

        // still a valid ciphertext: it computes and decrypts, only minAggregated refuses it
        assertThat(decrypt(owner, "repeated", List.of(inflated, doubled, mixed), Map.of()).json().get("values"))
                .extracting(JsonNode::decimalValue).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(BigDecimal.valueOf(336), BigDecimal.valueOf(84),
                        BigDecimal.valueOf(105));
        for (JsonNode refused : List.of(inflated, doubled, mean, mixed)) {
            assertRefused(decrypt(owner, "repeated", List.of(refused), Map.of("minAggregated", 2)),
                    "ciphertexts[0]", "duplicate inputs");
        }
    }

    @Test
    void shouldRefuseMinAggregatedForDifferencesAndAnythingComputedFromAnAggregate() {
        createKey("differences");
        String analyst = key("ANALYST");
        List<JsonNode> five = list(encrypt(key("CONTRIBUTOR"), "differences", List.of(900, 1, 2, 3, 4))
                .get("ciphertexts"));
        JsonNode all = compute(analyst, "differences", "SUM", five, List.of()).json().get("ciphertext");
        JsonNode allButFirst = compute(analyst, "differences", "SUM", five.subList(1, 5), List.of()).json()
                .get("ciphertext");
        assertThat(all.get("count").asLong()).isEqualTo(5);
        assertThat(allButFirst.get("count").asLong()).isEqualTo(4);

        Response difference = compute(analyst, "differences", "SUBTRACT", List.of(all, allButFirst), List.of());
        assertThat(difference.status()).as(difference.toString()).isEqualTo(200);
        JsonNode first = difference.json().get("ciphertext");
        assertThat(first.get("provenance").asString()).isEqualTo("DERIVED");
        assertThat(first.has("count")).isFalse();
        assertThat(decrypt(owner, "differences", List.of(first), Map.of()).json().at("/values/0").decimalValue())
                .isEqualByComparingTo("900");
        assertRefused(decrypt(owner, "differences", List.of(first), Map.of("minAggregated", 2)), "ciphertexts[0]",
                "not a plain sum");

        // the same value reached without SUBTRACT: adding the negation, or summing aggregates with a weight
        JsonNode negated = computed("differences", "NEGATE", List.of(allButFirst), List.of());
        JsonNode viaSum = computed("differences", "SUM", List.of(all, negated), List.of());
        JsonNode viaDot = computed("differences", "DOT", List.of(all, allButFirst), List.of(1, -1));
        JsonNode aggregateOfAggregates = computed("differences", "SUM", List.of(all, allButFirst), List.of());
        JsonNode scaled = computed("differences", "MULTIPLY_PLAIN", List.of(all), List.of(1));
        for (JsonNode derived : List.of(negated, viaSum, viaDot, aggregateOfAggregates, scaled)) {
            assertThat(derived.get("provenance").asString()).isEqualTo("DERIVED");
            assertRefused(decrypt(owner, "differences", List.of(derived), Map.of("minAggregated", 1)),
                    "ciphertexts[0]", "not a plain sum");
        }
        assertThat(decrypt(owner, "differences", List.of(viaSum, viaDot), Map.of()).json().get("values"))
                .allSatisfy(v -> assertThat(v.decimalValue()).isEqualByComparingTo("900"));
    }

    @Test
    void shouldRefuseMinAggregatedForSumsIncludingARerandomisedCopy() {
        JsonNode jwk = createKey("copies").get("publicKey");
        List<JsonNode> three = list(encrypt(key("CONTRIBUTOR"), "copies", List.of(500, 1, 2)).get("ciphertexts"));
        JsonNode copy = computed("copies", "ADD_PLAIN", three.subList(0, 1), List.of(0));
        assertThat(copy.get("provenance").asString()).isEqualTo("DERIVED");
        assertThat(copy.get("v").asString()).isNotEqualTo(three.get(0).get("v").asString());
        JsonNode withServerCopy = computed("copies", "SUM", List.of(three.get(0), copy, three.get(1)), List.of());
        assertThat(withServerCopy.get("provenance").asString()).isEqualTo("DERIVED");
        JsonNode sumOfOne = computed("copies", "SUM", three.subList(0, 1), List.of());
        JsonNode withSumOfOne = computed("copies", "SUM", List.of(sumOfOne, three.get(0), three.get(2)), List.of());
        assertThat(withSumOfOne.get("provenance").asString()).isEqualTo("DERIVED");

        // a client re-randomises without the service: c·r^n mod n² decrypts to the same value, and arrives untagged
        BigInteger n = modulus(jwk);
        BigInteger n2 = n.multiply(n);
        BigInteger r = new BigInteger(n.bitLength() - 1, new SecureRandom()).setBit(0);
        BigInteger c = new BigInteger(three.get(0).get("v").asString());
        JsonNode clientCopy = JSON.valueToTree(Map.of("v", c.multiply(r.modPow(n, n2)).mod(n2).toString(), "e", 0));
        JsonNode withClientCopy = computed("copies", "SUM", List.of(three.get(0), clientCopy, three.get(2)),
                List.of());
        assertThat(withClientCopy.get("provenance").asString()).isEqualTo("DERIVED");

        assertThat(decrypt(owner, "copies", List.of(withServerCopy, withSumOfOne, withClientCopy), Map.of())
                .json().get("values")).extracting(JsonNode::decimalValue)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(
                        BigDecimal.valueOf(1001), BigDecimal.valueOf(1002),
                        BigDecimal.valueOf(1002));
        for (JsonNode refused : List.of(copy, withServerCopy, withSumOfOne, withClientCopy)) {
            assertRefused(decrypt(owner, "copies", List.of(refused), Map.of("minAggregated", 1)), "ciphertexts[0]",
                    "not a plain sum");
        }
        assertRefused(decrypt(owner, "copies", List.of(clientCopy), Map.of("minAggregated", 1)), "ciphertexts[0]",
                "has no tag");
    }

    @Test
    void shouldAcceptLegacyTagsForComputationButNotForMinAggregated() {
        createKey("legacy");
        List<JsonNode> fresh = list(encrypt(owner, "legacy", List.of(10, 20)).get("ciphertexts"));
        UUID keyId = keyStore.load(UUID.fromString(tenantId), "legacy", 1).keyId();
        // the tag the service issued before provenance existed: HMAC over tenant|key id|version|v|e|count
        BiFunction<JsonNode, Long, JsonNode> legacy = (c, count) -> JSON.valueToTree(Map.of(
                "v", c.get("v").asString(), "e", c.get("e").asInt(), "count", count,
                "tag", masterKey.keyedHash("he-ciphertext-tags").hashHex(tenantId + "|" + keyId + "|1|"
                        + c.get("v").asString() + "|" + c.get("e").asInt() + "|" + count)));
        JsonNode oldSum = legacy.apply(fresh.get(0), 8L);

        JsonNode sum = computed("legacy", "SUM", List.of(oldSum, fresh.get(1)), List.of());
        assertThat(sum.get("provenance").asString()).isEqualTo("DERIVED");
        assertThat(decrypt(owner, "legacy", List.of(oldSum, sum), Map.of()).json().get("values"))
                .extracting(JsonNode::decimalValue).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(BigDecimal.TEN, BigDecimal.valueOf(30));
        assertRefused(decrypt(owner, "legacy", List.of(oldSum), Map.of("minAggregated", 2)), "ciphertexts[0]",
                "before provenance existed");
        assertRefused(decrypt(owner, "legacy", List.of(legacy.apply(fresh.get(0), 1L)), Map.of("minAggregated", 1)),
                "ciphertexts[0]", "before provenance existed");
        assertRefused(compute(owner, "legacy", "SUM", List.of(with(oldSum, "count", 9)), List.of()),
                "ciphertexts[0]", "do not match");
        // an old tag does not pass for a new one, nor a new one for an old one
        assertRefused(compute(owner, "legacy", "SUM", List.of(with(oldSum, "provenance", "AGGREGATE")), List.of()),
                "ciphertexts[0]", "do not match");
        assertRefused(compute(owner, "legacy", "SUM", List.of(with(fresh.get(0), "provenance", null)), List.of()),
                "ciphertexts[0]", "do not match");
    }

    @Test
    void shouldRefuseTamperedProvenanceCountOrCiphertext() {
        createKey("tampered");
        List<JsonNode> fresh = list(encrypt(owner, "tampered", List.of(1, 2, 3)).get("ciphertexts"));
        JsonNode aggregate = computed("tampered", "SUM", fresh, List.of());
        JsonNode duplicates = computed("tampered", "SUM", List.of(fresh.get(0), fresh.get(0)), List.of());
        JsonNode derived = computed("tampered", "SUBTRACT", fresh.subList(0, 2), List.of());
        String otherV = fresh.get(1).get("v").asString();

        List<JsonNode> forgeries = List.of(
                with(with(derived, "provenance", "AGGREGATE"), "count", 2),
                with(with(duplicates, "provenance", "AGGREGATE"), "count", 2),
                with(derived, "provenance", "DUPLICATE_INPUTS"),
                with(aggregate, "count", 30),
                with(aggregate, "count", null),
                with(aggregate, "provenance", "FRESH"),
                with(fresh.get(0), "count", 2),
                with(fresh.get(0), "provenance", "AGGREGATE"),
                with(fresh.get(0), "v", otherV),
                with(fresh.get(0), "v", "0" + fresh.get(0).get("v").asString()),
                with(fresh.get(0), "e", 1),
                with(derived, "count", 3),
                with(fresh.get(0), "tag", null),
                with(with(fresh.get(0), "tag", null), "count", null));
        for (JsonNode forged : forgeries) {
            assertRefused(compute(owner, "tampered", "SUM", List.of(fresh.get(2), forged), List.of()),
                    "ciphertexts[1]", "do not match");
            assertRefused(decrypt(owner, "tampered", List.of(forged), Map.of("minAggregated", 1)), "ciphertexts[0]",
                    "do not match");
        }
        assertProblem(compute(owner, "tampered", "SUM", List.of(with(fresh.get(0), "provenance", "ORIGINAL")),
                List.of()), 400, "validation-failed");
        // the untouched ones still pass
        assertThat(decrypt(owner, "tampered", List.of(aggregate), Map.of("minAggregated", 3)).status())
                .isEqualTo(200);
    }

    @Test
    void shouldHideOtherTenantsKeysAndRefuseImportedAndRetiredVersions() {
        createKey("mine");
        Response other = api.post("/v1/admin/tenants", adminToken, Map.of("name", "other-" + UUID.randomUUID(),
                "epsilonBudget", 1, "deltaBudget", 0));
        String theirs = other.json().at("/apiKey/secret").asString();
        assertProblem(api.get("/v1/he/keys/mine", theirs), 404, "not-found");
        assertProblem(api.post("/v1/he/keys/mine/encrypt", theirs, Map.of("values", List.of(1))), 404, "not-found");

        JsonNode jwk = api.get("/v1/he/keys/mine", owner).json().get("publicKey");
        Response imported = api.post("/v1/he/keys/import", owner, Map.of("name", "client-held", "publicKey", jwk));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        assertThat(imported.json().get("imported").asBoolean()).isTrue();
        List<JsonNode> cts = list(encrypt(owner, "client-held", List.of(1, 2)).get("ciphertexts"));
        assertProblem(decrypt(owner, "client-held", cts, Map.of()), 409, "conflict");
        // the same ciphertexts decrypt under the key that really holds the private part — sent untagged, since
        // their tags bind them to the imported key's record
        List<JsonNode> untagged = cts.stream().map(c -> (JsonNode) tools.jackson.databind.json.JsonMapper.builder()
                .build().valueToTree(Map.of("v", c.get("v").asString(), "e", c.get("e").asInt()))).toList();
        assertThat(decrypt(owner, "mine", untagged, Map.of()).json().at("/values/1").decimalValue())
                .isEqualByComparingTo("2");
        assertProblem(decrypt(owner, "mine", cts, Map.of()), 400, "validation-failed");

        List<JsonNode> v1 = list(encrypt(owner, "mine", List.of(11)).get("ciphertexts"));
        assertThat(api.post("/v1/he/keys/mine/rotate", owner, Map.of()).json().get("latestVersion").asInt())
                .isEqualTo(2);
        assertThat(decrypt(owner, "mine", v1, Map.of()).json().at("/values/0").decimalValue())
                .isEqualByComparingTo("11");
        assertThat(api.request("PATCH", "/v1/he/keys/mine").bearer(owner).json(Map.of("minDecryptionVersion", 2))
                .send().status()).isEqualTo(200);
        assertProblem(decrypt(owner, "mine", v1, Map.of()), 409, "conflict");

        assertProblem(api.request("DELETE", "/v1/he/keys/mine").bearer(owner).send(), 409, "conflict");
        api.request("PATCH", "/v1/he/keys/mine").bearer(owner).json(Map.of("deletionAllowed", true)).send();
        assertThat(api.request("DELETE", "/v1/he/keys/mine").bearer(owner).send().status()).isEqualTo(204);
        assertProblem(api.get("/v1/he/keys/mine", owner), 404, "not-found");
        assertProblem(api.post("/v1/he/keys", owner, Map.of("name", "tiny", "scheme", "PAILLIER",
                "modulusBits", 1024)), 400, "validation-failed");
    }

    @Test
    void shouldChargeTheBudgetForNoisyDecryption() {
        createKey("noisy");
        List<JsonNode> cts = list(encrypt(owner, "noisy", List.of(100, 200)).get("ciphertexts"));
        Response noisy = decrypt(owner, "noisy", cts, Map.of("dp", Map.of("epsilon", 0.5, "sensitivity", 10)));
        assertThat(noisy.status()).as(noisy.toString()).isEqualTo(200);
        assertThat(noisy.json().at("/dp/epsilon").asDouble()).isEqualTo(0.5);
        assertThat(noisy.json().at("/dp/scale").asDouble()).isCloseTo(20, org.assertj.core.data.Percentage
                .withPercentage(0.001));
        JsonNode ledger = api.get("/v1/budget/ledger", owner).json().get("items");
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).get("operation").asString()).isEqualTo("he.decrypt");
        assertProblem(decrypt(owner, "noisy", cts, Map.of("dp", Map.of("epsilon", 9, "sensitivity", 10))), 403,
                "budget-exhausted");
    }

    @Test
    void shouldReplayKeyCreationUnderItsIdempotencyKeyAndRefuseATakenName() {
        Map<String, Object> body = Map.of("name", "once", "scheme", "PAILLIER", "modulusBits", 2048);
        Response first = api.request("POST", "/v1/he/keys").bearer(owner).header("Idempotency-Key", "k-1")
                .json(body).send();
        Response again = api.request("POST", "/v1/he/keys").bearer(owner).header("Idempotency-Key", "k-1")
                .json(body).send();
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo("/v1/he/keys/once");
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(api.get("/v1/he/keys", owner).json().get("items")).hasSize(1);

        assertProblem(api.post("/v1/he/keys", owner, body), 409, "conflict");
        Response imported = api.post("/v1/he/keys/import", owner, Map.of("name", "once",
                "publicKey", first.json().get("publicKey")));
        assertProblem(imported, 409, "conflict");
        assertThat(imported.json().get("detail").asString()).isEqualTo("A key named 'once' already exists.");
    }

    @Test
    void shouldNameTheFieldOfAValueTheCoreRefuses() {
        JsonNode jwk = createKey("fields").get("publicKey");
        // beyond max_int = n/3 - 1: python-paillier's guard band refuses it before encryption
        BigInteger tooLarge = modulus(jwk).divide(BigInteger.TWO);
        Response encrypted = api.post("/v1/he/keys/fields/encrypt", owner, Map.of("values",
                List.of(1, new BigDecimal(tooLarge))));
        assertProblem(encrypted, 400, "validation-failed");
        assertThat(errorFields(encrypted)).containsExactly("values[1]");
        assertThat(encrypted.json().get("detail").asString()).startsWith("values[1]: ");

        Map<String, Object> shortKey = new java.util.LinkedHashMap<>(JSON.convertValue(jwk, Map.class));
        shortKey.put("n", Base64.getUrlEncoder().withoutPadding().encodeToString(BigInteger.valueOf(77)
                .toByteArray()));
        Response imported = api.post("/v1/he/keys/import", owner, Map.of("name", "short", "publicKey", shortKey));
        assertProblem(imported, 400, "validation-failed");
        assertThat(errorFields(imported)).containsExactly("publicKey");
        assertThat(imported.json().get("detail").asString()).startsWith("publicKey: ");
    }

    @Test
    void shouldOpenPrivateKeysSealedAsTheyWereBeforeJpa() {
        // a key written by hand exactly as the JdbcClient key store wrote it: AES-GCM under the "he-private-keys"
        // sub-key, tenant, name and version as associated data, Base64; it must still decrypt
        io.ppml.he.core.PaillierPrivateKey key = io.ppml.he.core.PaillierPrivateKey.generate(2048);
        UUID id = UUID.randomUUID();
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        jdbc.sql("""
                insert into he_keys (id, tenant_id, name, scheme, imported, latest_version, min_decryption_version,
                    deletion_allowed, created_at, updated_at)
                values (:id, :tenant, 'old', 'PAILLIER', false, 1, 1, false, :now, :now)""")
                .param("id", id).param("tenant", UUID.fromString(tenantId)).param("now", now).update();
        byte[] associatedData = ("he-private-key\0" + tenantId + "\0old\0" + 1)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String sealed = Base64.getEncoder().encodeToString(masterKey.aead("he-private-keys")
                .encrypt(key.toBytes(), associatedData));
        jdbc.sql("""
                insert into he_key_versions (key_id, version, modulus_bits, modulus, sealed_private, created_at)
                values (:id, 1, 2048, :modulus, :sealed, :now)""").param("id", id)
                .param("modulus", key.publicKey().modulus().toString()).param("sealed", sealed).param("now", now)
                .update();

        JsonNode view = api.get("/v1/he/keys/old", owner).json();
        assertThat(modulus(view.get("publicKey"))).isEqualTo(key.publicKey().modulus());
        List<JsonNode> cts = list(encrypt(owner, "old", List.of(40, 2)).get("ciphertexts"));
        JsonNode sum = computed("old", "SUM", cts, List.of());
        Response decrypted = decrypt(owner, "old", List.of(sum), Map.of("minAggregated", 2));
        assertThat(decrypted.status()).as(decrypted.toString()).isEqualTo(200);
        assertThat(decrypted.json().at("/values/0").decimalValue()).isEqualByComparingTo("42");
    }

    @Test
    void shouldNeverStorePrivateKeyMaterialInTheClear() {
        createKey("secret-keeper");
        HeKeyService.LoadedVersion loaded = keyStore.load(UUID.fromString(tenantId), "secret-keeper", 1);
        byte[] serialised = loaded.privateKey().toBytes();
        ByteBuffer in = ByteBuffer.wrap(serialised, 5, serialised.length - 5);
        byte[] pBytes = new byte[in.getShort() & 0xffff];
        in.get(pBytes);
        byte[] qBytes = new byte[in.getShort() & 0xffff];
        in.get(qBytes);
        BigInteger p = new BigInteger(1, pBytes);
        BigInteger q = new BigInteger(1, qBytes);
        assertThat(p.multiply(q)).isEqualTo(loaded.publicKey().modulus());
        BigInteger lambda = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));

        StringBuilder everything = new StringBuilder();
        for (String table : List.of("he_keys", "he_key_versions", "idempotency_records")) {
            jdbc.sql("select * from " + table).query(rs -> {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    everything.append(rs.getString(i)).append('\n');
                }
            });
        }
        String dump = everything.toString();
        for (BigInteger secret : List.of(p, q, lambda)) {
            assertThat(dump).doesNotContain(secret.toString(), secret.toString(16),
                    Base64.getEncoder().encodeToString(secret.toByteArray()).substring(0, 40),
                    HexFormat.of().formatHex(secret.toByteArray()).substring(0, 40));
        }
        assertThat(dump).contains(loaded.publicKey().modulus().toString());
    }

    @Test
    void shouldRefuseUnknownFieldsNamingThemWithTheirPath() {
        JsonNode key = createKey("strict");
        Response encrypt = api.post("/v1/he/keys/strict/encrypt", owner, Map.of("values", List.of(1),
                "exponnet", -2));
        assertProblem(encrypt, 400, "validation-failed");
        assertThat(errorFields(encrypt)).containsExactly("exponnet");
        assertThat(encrypt.json().get("detail").asString()).contains("exponent");

        List<JsonNode> cts = list(encrypt(owner, "strict", List.of(5)).get("ciphertexts"));
        Response nested = decrypt(owner, "strict", cts, Map.of("dp", Map.of("epsilon", 0.5, "sensitivty", 1)));
        assertProblem(nested, 400, "validation-failed");
        assertThat(errorFields(nested)).containsExactly("dp.sensitivty");
        Response inCiphertext = decrypt(owner, "strict", List.of(JSON.valueToTree(Map.of("v", cts.get(0).get("v")
                .asString(), "e", 0, "tga", "x"))), Map.of());
        assertProblem(inCiphertext, 400, "validation-failed");
        assertThat(errorFields(inCiphertext)).containsExactly("ciphertexts[0].tga");
        assertThat(api.get("/v1/budget/ledger", owner).json().get("items")).as("nothing was charged").isEmpty();

        // a JWK's members are the key's own business (RFC 7517 §4: ignore what is not understood), not request fields
        Map<String, Object> jwk = new java.util.LinkedHashMap<>(JSON.convertValue(key.get("publicKey"), Map.class));
        jwk.put("use", "enc");
        Response imported = api.post("/v1/he/keys/import", owner, Map.of("name", "with-use", "publicKey", jwk));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
    }

    @Test
    void shouldPageKeysByNameWithEveryVersionAndOnlyTheTenants() {
        JsonNode jwk = createKey("k-c").get("publicKey");
        for (String name : List.of("k-e", "k-a", "k-d", "k-b")) {
            Response imported = api.post("/v1/he/keys/import", owner, Map.of("name", name, "publicKey", jwk));
            assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        }
        assertThat(api.post("/v1/he/keys/k-c/rotate", owner, Map.of()).status()).isEqualTo(200);
        for (int limit : new int[]{1, 2, 5}) {
            List<JsonNode> keys = walk("/v1/he/keys", owner, limit);
            assertThat(keys).map(k -> k.get("name").asString()).as("limit %d", limit)
                    .containsExactly("k-a", "k-b", "k-c", "k-d", "k-e");
            assertThat(keys.get(2).get("versions")).as("every version, loaded for the whole page").hasSize(2);
            assertThat(keys.get(0).get("versions")).hasSize(1);
        }
        String other = createTenant("he-other", 1, 0).ownerSecret();
        assertThat(walk("/v1/he/keys", other, 2)).as("another tenant's keys never appear").isEmpty();
        Response refused = api.get("/v1/he/keys?limit=0", owner);
        assertProblem(refused, 400, "validation-failed");
        assertThat(errorFields(refused)).containsExactly("limit");
    }
}
