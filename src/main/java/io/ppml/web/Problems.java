package io.ppml.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ppml.refusal.FieldError;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

@org.springframework.stereotype.Component
/** Builds every problem the service answers, and writes them where no controller is involved (filters). */
public final class Problems {

    private final JsonMapper json;

    public Problems(JsonMapper json) {
        this.json = json;
    }

    /**
     * A problem of {@code code} for the request path {@code instance}, with the {@code requestId} of the request
     * being served ({@link RequestIds}).
     */
    public static ProblemDetail of(ProblemCode code, String detail, String instance, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(code.type()));
        problem.setTitle(code.title());
        problem.setInstance(URI.create(safePath(instance)));
        problem.setProperty("code", code.slug());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        String requestId = RequestIds.current();
        if (requestId != null) {
            problem.setProperty(RequestIds.KEY, requestId);
        }
        return problem;
    }

    /** Writes {@code problem} as {@code application/problem+json} straight to a servlet response. */
    public void write(HttpServletResponse response, ProblemDetail problem) throws java.io.IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), members(problem));
    }

    /** {@code problem} as the JSON text of its {@code application/problem+json} body. */
    String json(ProblemDetail problem) {
        return json.writeValueAsString(members(problem));
    }

    private static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", String.valueOf(problem.getInstance()));
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /** The request path as a URI reference, with anything a URI cannot hold percent-encoded. */
    private static String safePath(String path) {
        try {
            return URI.create(path).toString();
        } catch (IllegalArgumentException e) {
            return org.springframework.web.util.UriUtils.encodePath(path, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
