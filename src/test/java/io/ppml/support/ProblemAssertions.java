package io.ppml.support;

import java.util.ArrayList;
import java.util.List;

import io.ppml.support.Api.Response;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every error response must be: an RFC 9457 problem of the expected status and code, with no stack trace, whose
 * {@code requestId} is the response's {@code X-Request-Id}.
 */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    public static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode json = response.json();
        assertThat(json.get("type").asString()).isEqualTo("/problems/" + code);
        assertThat(json.get("code").asString()).isEqualTo(code);
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("title").asString()).isNotBlank();
        assertThat(json.get("detail").asString()).isNotBlank();
        assertThat(json.get("instance").asString()).startsWith("/");
        String requestId = response.header("X-Request-Id");
        assertThat(requestId).as("X-Request-Id of %s", response).matches("[A-Za-z0-9._-]{1,64}");
        assertThat(json.get("requestId")).as("requestId of %s", response).isNotNull();
        assertThat(json.get("requestId").asString()).isEqualTo(requestId);
        assertThat(response.body()).doesNotContain("Exception", "at io.ppml", "at org.");
    }

    public static List<String> errorFields(Response response) {
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
