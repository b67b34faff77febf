package io.ppml.web;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ppml.support.ApiTestBase;
import io.ppml.support.H2Database;
import io.swagger.v3.oas.annotations.media.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the service serves is what integrators build on: every operation named, described, tagged
 * in reading order; every schema and property described; no two Java types behind one schema name; the headers of
 * created and idempotent answers declared. (That each status the API tests observe is documented is checked after
 * them, by {@code OpenApiContractIT}; that a client generated from it works, by {@code OpenApiContractIT}.)
 */
@H2Database
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests extends ApiTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    private JsonNode document;

    @BeforeEach
    void fetch() {
        var response = api.get("/v3/api-docs", null);
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
    }

    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> operations.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue())));
        return operations;
    }

    @Test
    void everyOperationHasAUniqueMeaningfulIdASummaryADescriptionAndAKnownTag() {
        Map<String, JsonNode> operations = operations();
        assertThat(operations).hasSizeGreaterThan(35);
        Set<String> ids = new HashSet<>();
        Set<String> tags = new HashSet<>();
        document.get("tags").forEach(tag -> tags.add(tag.get("name").asString()));
        operations.forEach((name, op) -> {
            String id = op.path("operationId").asString("");
            assertThat(id).as(name).matches("[a-z][a-zA-Z]*[a-zA-Z]");
            assertThat(ids.add(id)).as("%s: operationId %s is used twice", name, id).isTrue();
            assertThat(op.path("summary").asString("")).as(name + " summary").isNotBlank();
            assertThat(op.path("description").asString("")).as(name + " description").isNotBlank();
            assertThat(op.path("tags")).as(name + " tags").hasSize(1);
            assertThat(tags).as(name + " tag").contains(op.path("tags").get(0).asString());
        });
    }

    @Test
    void tagsComeInANewcomersOrderEachDescribed() {
        List<String> names = new ArrayList<>();
        document.get("tags").forEach(tag -> {
            names.add(tag.get("name").asString());
            assertThat(tag.path("description").asString("")).as(tag.toString()).isNotBlank();
        });
        assertThat(names).containsExactly(ApiTags.TENANTS, ApiTags.TENANT, ApiTags.KEYS, ApiTags.BUDGET, ApiTags.DP,
                ApiTags.DP_DATASETS, ApiTags.HE, ApiTags.SMPC, ApiTags.FL);
    }

    @Test
    void everySchemaAndPropertyIsDescribed() {
        JsonNode schemas = document.at("/components/schemas");
        List<String> missing = new ArrayList<>();
        schemas.properties().forEach(schema -> {
            if (schema.getValue().path("description").asString("").isBlank()) {
                missing.add(schema.getKey());
            }
            schema.getValue().path("properties").properties().forEach(property -> {
                JsonNode value = property.getValue();
                boolean described = !value.path("description").asString("").isBlank();
                if (!described && value.has("$ref")) {
                    String target = value.get("$ref").asString().replace("#/components/schemas/", "");
                    described = !schemas.path(target).path("description").asString("").isBlank();
                }
                if (!described) {
                    missing.add(schema.getKey() + "." + property.getKey());
                }
            });
        });
        assertThat(missing).as("schemas and properties without a description").isEmpty();
    }

    @Test
    void createdAndIdempotentAnswersDeclareTheirHeaders() {
        operations().forEach((name, op) -> {
            boolean idempotent = false;
            for (JsonNode parameter : op.path("parameters")) {
                idempotent |= parameter.path("name").asString("").equals("Idempotency-Key");
            }
            JsonNode responses = op.get("responses");
            if (responses.has("201")) {
                assertThat(responses.at("/201/headers/Location").isMissingNode()).as(name + " Location").isFalse();
            }
            for (var status : responses.properties()) {
                if (status.getKey().startsWith("2") && idempotent) {
                    assertThat(status.getValue().at("/headers/Idempotent-Replayed").isMissingNode())
                            .as(name + " " + status.getKey() + " Idempotent-Replayed").isFalse();
                }
                assertThat(status.getValue().at("/headers/X-Request-Id").isMissingNode())
                        .as(name + " " + status.getKey() + " X-Request-Id").isFalse();
                if (status.getKey().startsWith("2") && !status.getKey().equals("204")) {
                    assertThat(status.getValue().path("content").isEmpty()).as(name + " " + status.getKey()
                            + " content").isFalse();
                }
            }
        });
    }

    /**
     * Every tenant operation may be rate limited: it declares the 429 problem with Retry-After and the rate-limit
     * fields, and its success answers carry those fields; the admin operations are not limited and declare none.
     */
    @Test
    void tenantOperationsDeclareTheirRateLimits() {
        operations().forEach((name, op) -> {
            JsonNode responses = op.get("responses");
            boolean admin = name.contains(" /v1/admin");
            assertThat(responses.has("429")).as(name + " 429").isEqualTo(!admin);
            if (admin) {
                return;
            }
            assertThat(responses.at("/429/content/application~1problem+json/examples/rate-limited").isMissingNode())
                    .as(name + " 429 problem").isFalse();
            for (String header : List.of("Retry-After", "RateLimit-Policy", "RateLimit")) {
                assertThat(responses.at("/429/headers/" + header).isMissingNode()).as(name + " 429 " + header)
                        .isFalse();
            }
            for (var status : responses.properties()) {
                if (status.getKey().startsWith("2")) {
                    assertThat(status.getValue().at("/headers/RateLimit").isMissingNode())
                            .as(name + " " + status.getKey() + " RateLimit").isFalse();
                }
            }
        });
        assertThat(document.at("/paths/~1v1~1he~1keys/post/responses/429/description").asString())
                .contains("expensive");
    }

    @Test
    void problemsDeclareTheirRequestId() {
        assertThat(document.at("/components/schemas/Problem/properties/requestId/type").asString()).isEqualTo("string");
    }

    /** Swagger UI sends the first example as it stands: each must give a meaningful answer, not a refusal. */
    @Test
    void theStatisticExamplesAreAnsweredAsTheyStand() {
        JsonNode examples = document.at("/paths/~1v1~1dp~1statistics/post/requestBody/content/application~1json/examples");
        assertThat(examples.size()).isGreaterThanOrEqualTo(3);
        NewTenant tenant = createTenant("examples", 10, 1e-5);
        for (var example : examples.properties()) {
            var answer = api.post("/v1/dp/statistics", tenant.ownerSecret(),
                    example.getValue().get("value").toString());
            assertThat(answer.status()).as(example.getKey() + ": " + answer).isEqualTo(200);
            JsonNode result = answer.json().get("result");
            switch (example.getKey()) {
                case "quantiles" -> assertThat(result.isArray()).as(answer.toString()).isTrue();
                case "histogram" -> assertThat(result.isObject()).as(answer.toString()).isTrue();
                default -> assertThat(result.isNumber()).as(answer.toString()).isTrue();
            }
        }
    }

    /**
     * springdoc names a schema after the simple class name: two records called {@code CreateKeyRequest} in two
     * packages would silently share one schema, and one endpoint would document the other's body.
     */
    @Test
    void noTwoTypesOfTheApiShareASchemaName() {
        Map<String, Class<?>> byName = new HashMap<>();
        Set<Class<?>> seen = new HashSet<>();
        List<String> clashes = new ArrayList<>();
        for (HandlerMethod handler : handlers.getHandlerMethods().values()) {
            if (!handler.getBeanType().getPackageName().startsWith("io.ppml")) {
                continue;
            }
            Method method = handler.getMethod();
            List<Type> types = new ArrayList<>(List.of(method.getGenericParameterTypes()));
            types.add(method.getGenericReturnType());
            types.forEach(type -> collect(type, seen, byName, clashes));
        }
        assertThat(byName).hasSizeGreaterThan(30);
        assertThat(clashes).isEmpty();
    }

    private static void collect(Type type, Set<Class<?>> seen, Map<String, Class<?>> byName, List<String> clashes) {
        if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), seen, byName, clashes);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, seen, byName, clashes);
            }
            return;
        }
        if (!(type instanceof Class<?> type1) || !type1.getName().startsWith("io.ppml") || !seen.add(type1)) {
            return;
        }
        if (type1.isRecord() || type1.isEnum() || type1.isAnnotationPresent(Schema.class)) {
            Schema schema = type1.getAnnotation(Schema.class);
            String name = schema != null && !schema.name().isEmpty() ? schema.name() : type1.getSimpleName();
            Class<?> earlier = byName.putIfAbsent(name, type1);
            if (earlier != null && !type1.isEnum()) {
                clashes.add(name + ": " + earlier.getName() + " and " + type1.getName());
            }
        }
        if (type1.isRecord()) {
            for (RecordComponent component : type1.getRecordComponents()) {
                collect(component.getGenericType(), seen, byName, clashes);
            }
        }
    }
}
