package io.ppml.web;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ppml.persistence.Idempotency;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The OpenAPI description behind {@code /v3/api-docs} and Swagger UI: a bearer scheme (so "Authorize" works), and
 * every operation's problem responses in the shape the service really sends.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer";
    private static final String PROBLEM_SCHEMA = "Problem";

    @Bean
    OpenAPI ppmlOpenApi() {
        Schema<?> fieldError = new ObjectSchema()
                .description("One invalid field of the request")
                .addProperty("field", new StringSchema().example("epsilonBudget")
                        .description("The field's path in the request: a JSON property (`parts[1].checksum`), a "
                                + "query parameter or a header"))
                .addProperty("message", new StringSchema().example("must be greater than or equal to 0")
                        .description("What is wrong with it"));
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem; `type` is a page of this service that explains `code`.")
                .addProperty("type", new StringSchema().example("/problems/validation-failed")
                        .description("The kind of problem: `/problems/<code>`, a page this service serves"))
                .addProperty("title", new StringSchema().example("Validation failed")
                        .description("A short summary of the kind of problem, the same for every occurrence"))
                .addProperty("status", new IntegerSchema().example(400)
                        .description("The HTTP status code of the response"))
                .addProperty("detail", new StringSchema().example("epsilonBudget: must be greater than or equal to 0")
                        .description("What went wrong in this request, and how to fix it; never a stack trace or a "
                                + "private value"))
                .addProperty("instance", new StringSchema().example("/v1/admin/tenants")
                        .description("The path of the request this problem answers"))
                .addProperty("code", new StringSchema().example("validation-failed")
                        .description("The problem's slug, stable for clients to branch on: validation-failed, "
                                + "unauthorized, forbidden, budget-exhausted, not-found, conflict, "
                                + "idempotency-key-reused, payload-too-large, rate-limited, ... (each one's page is its "
                                + "type)"))
                .addProperty("errors", new ArraySchema().items(fieldError)
                        .description("validation-failed only: the invalid fields, when the problem can name them; "
                                + "absent otherwise"))
                .addProperty(RequestIds.KEY, new StringSchema().example("5f0c6f1e-6d0b-4a39-9d55-1c2b8f3e7a10")
                        .description("The request's id, as in the X-Request-Id response header: quote it when "
                                + "reporting the problem; the service's log lines for the request carry it"));
        return new OpenAPI()
                .info(new Info().title("ppml-service API").version("v1")
                        .description("Privacy-preserving machine learning over HTTP. Authorize with a tenant API key "
                                + "(`ppml_...`) or, for /v1/admin, the admin token. Errors are RFC 9457 problems. "
                                + "Every response carries X-Request-Id: the client's own (send 1 to 64 of "
                                + "A-Z a-z 0-9 . _ -) or one the service made; problems repeat it as requestId, and "
                                + "the service's log lines for the request carry it.")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                // relative, so that Swagger UI and generated clients call the host that served the document
                .servers(List.of(new Server().url("/").description("This service")))
                .tags(ApiTags.IN_READING_ORDER)
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A tenant API key, or the admin token for /v1/admin"))
                        .addSchemas(PROBLEM_SCHEMA, problem))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handlerMethod) -> {
            Set<ProblemCode> codes = new LinkedHashSet<>();
            RequestMapping classMapping = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getBeanType(),
                    RequestMapping.class);
            boolean versioned = classMapping != null && classMapping.path().length > 0
                    && classMapping.path()[0].startsWith("/v1");
            if (versioned) {
                // no key or an unknown one; the admin token on a tenant endpoint, a tenant key on an admin one
                codes.add(ProblemCode.UNAUTHORIZED);
                codes.add(ProblemCode.FORBIDDEN);
            }
            MethodParameter[] parameters = handlerMethod.getMethodParameters();
            boolean hasBody = Arrays.stream(parameters).anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
            // a path or query parameter that is not text (a UUID, a number), or a page's limit and cursor, can be
            // refused
            boolean converts = Arrays.stream(parameters).anyMatch(p -> p.getParameterType() == Paging.class
                    || (p.hasParameterAnnotation(PathVariable.class) || p.hasParameterAnnotation(RequestParam.class))
                            && p.getNestedParameterType() != String.class);
            if (hasBody || converts) {
                codes.add(ProblemCode.VALIDATION_FAILED);
            }
            if (hasBody) {
                codes.add(ProblemCode.PAYLOAD_TOO_LARGE);
                codes.add(ProblemCode.UNSUPPORTED_MEDIA_TYPE);
            }
            ProblemResponses declared = handlerMethod.getMethodAnnotation(ProblemResponses.class);
            if (declared != null) {
                codes.addAll(List.of(declared.value()));
            }
            if (rateLimited(handlerMethod)) {
                codes.add(ProblemCode.RATE_LIMITED);
            }
            if (codes.contains(ProblemCode.BUDGET_EXHAUSTED)) {
                // a release that fails after its charge answers 500 and keeps the charge, releasing nothing
                codes.add(ProblemCode.INTERNAL_ERROR);
            }
            codes.forEach(code -> addProblem(operation, code));
            ApiResponse tooMany = operation.getResponses().get("429");
            if (tooMany != null) {
                tooMany.addHeaderObject(HttpHeaders.RETRY_AFTER, new Header().required(true)
                        .description("Whole seconds to wait before sending the request again")
                        .schema(new IntegerSchema().example(17)));
                addRateLimitHeaders(tooMany);
                if (handlerMethod.hasMethodAnnotation(Expensive.class)) {
                    tooMany.setDescription(tooMany.getDescription() + " (this operation also counts against the "
                            + "tenant's quota of expensive operations)");
                }
            }
            return operation;
        };
    }

    /**
     * Whether {@code io.ppml.ratelimit} counts calls of this endpoint: every tenant endpoint of {@code /v1}, not the
     * admin ones. (Declared whether or not {@code ppml.rate-limit.enabled}: the description says what may happen.)
     */
    private static boolean rateLimited(org.springframework.web.method.HandlerMethod handlerMethod) {
        RequestMapping classMapping = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getBeanType(),
                RequestMapping.class);
        if (classMapping == null || classMapping.path().length == 0) {
            return false;
        }
        String path = classMapping.path()[0];
        return path.startsWith("/v1") && !path.startsWith("/v1/admin");
    }

    private static void addRateLimitHeaders(ApiResponse response) {
        response.addHeaderObject(RateLimitHeaders.POLICY, new Header()
                .description("The quotas this request counted against (draft-ietf-httpapi-ratelimit-headers): each "
                        + "policy's name with q, the requests it allows, and w, its window in seconds; absent when "
                        + "rate limits are off")
                .schema(new StringSchema().example("\"key\";q=60000;w=60, \"tenant\";q=120000;w=60")));
        response.addHeaderObject(RateLimitHeaders.LIMIT, new Header()
                .description("The most restrictive of those quotas: r, the requests left in its window, and t, the "
                        + "seconds until it is restored; absent when rate limits are off")
                .schema(new StringSchema().example("\"key\";r=59958;t=17")));
    }

    /**
     * The headers of success responses that the handler cannot declare itself: {@code Idempotent-Replayed} on every
     * endpoint that takes an {@code Idempotency-Key}, {@code Location} on every 201, and the rate-limit fields on
     * every rate-limited endpoint. Also describes the
     * {@code Idempotency-Key} parameter once for all.
     */
    @Bean
    OperationCustomizer successHeaders() {
        return (operation, handlerMethod) -> {
            boolean idempotent = Arrays.stream(handlerMethod.getMethodParameters()).anyMatch(p -> {
                RequestHeader header = p.getParameterAnnotation(RequestHeader.class);
                return header != null && Idempotency.HEADER.equalsIgnoreCase(header.name());
            });
            if (operation.getParameters() != null) {
                operation.getParameters().stream().filter(p -> Idempotency.HEADER.equalsIgnoreCase(p.getName()))
                        .forEach(p -> p.description("Names this request (any unique string, e.g. a UUID): a retry "
                                + "with the same key and body within 24 hours returns the stored answer and "
                                + "creates or spends nothing again; the same key with another body is refused "
                                + "(422)."));
            }
            boolean limited = rateLimited(handlerMethod);
            operation.getResponses().forEach((status, response) -> {
                if (!status.startsWith("2")) {
                    return;
                }
                if (limited) {
                    addRateLimitHeaders(response);
                }
                if (idempotent) {
                    response.addHeaderObject(Idempotency.REPLAYED_HEADER, new Header().required(true)
                            .description("true when this is the stored answer to an earlier request with the same "
                                    + "Idempotency-Key (nothing was created or spent again), false otherwise")
                            .schema(new BooleanSchema()));
                }
                if (status.equals("201")) {
                    response.addHeaderObject(HttpHeaders.LOCATION, new Header().required(true)
                            .description("The path of the created resource").schema(new StringSchema()));
                }
            });
            return operation;
        };
    }

    private static void addProblem(Operation operation, ProblemCode code) {
        String status = String.valueOf(code.status().value());
        ApiResponse response = operation.getResponses().computeIfAbsent(status,
                s -> new ApiResponse().description(code.title()));
        if (response.getContent() == null) {
            response.setContent(new Content());
        }
        MediaType problemJson = response.getContent().computeIfAbsent(
                org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                m -> new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)));
        problemJson.addExamples(code.slug(), new Example().summary(code.title()).value(Map.of(
                "type", code.type(), "title", code.title(), "status", code.status().value(),
                "detail", code.description(), "instance", "/v1/...", "code", code.slug(),
                RequestIds.KEY, "5f0c6f1e-6d0b-4a39-9d55-1c2b8f3e7a10")));
        if (response.getDescription() == null || !response.getDescription().contains(code.title())) {
            response.setDescription(response.getDescription() == null ? code.title()
                    : response.getDescription() + "; " + code.title());
        }
    }
}
