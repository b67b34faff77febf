package io.ppml.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

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
                .addProperty("field", new StringSchema().example("epsilonBudget"))
                .addProperty("message", new StringSchema().example("must be greater than or equal to 0"));
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem; `type` is a page of this service that explains `code`.")
                .addProperty("type", new StringSchema().example("/problems/validation-failed"))
                .addProperty("title", new StringSchema().example("Validation failed"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("epsilonBudget: must be greater than or equal to 0"))
                .addProperty("instance", new StringSchema().example("/v1/admin/tenants"))
                .addProperty("code", new StringSchema().example("validation-failed"))
                .addProperty("errors", new ArraySchema().items(fieldError));
        return new OpenAPI()
                .info(new Info().title("ppml-service API").version("v1")
                        .description("Privacy-preserving machine learning over HTTP. Authorize with a tenant API key "
                                + "(`ppml_...`) or, for /v1/admin, the admin token. Errors are RFC 9457 problems.")
                        .license(new License().name("Apache-2.0")))
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
                codes.add(ProblemCode.UNAUTHORIZED);
            }
            boolean hasBody = java.util.Arrays.stream(handlerMethod.getMethodParameters())
                    .anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
            if (hasBody) {
                codes.add(ProblemCode.VALIDATION_FAILED);
                codes.add(ProblemCode.PAYLOAD_TOO_LARGE);
            }
            boolean paged = java.util.Arrays.stream(handlerMethod.getMethodParameters())
                    .anyMatch(p -> p.getParameterType() == Paging.class);
            if (paged) {
                codes.add(ProblemCode.VALIDATION_FAILED);
            }
            ProblemResponses declared = handlerMethod.getMethodAnnotation(ProblemResponses.class);
            if (declared != null) {
                codes.addAll(List.of(declared.value()));
            }
            codes.forEach(code -> addProblem(operation, code));
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
                "detail", code.description(), "instance", "/v1/...", "code", code.slug())));
        if (response.getDescription() == null || !response.getDescription().contains(code.title())) {
            response.setDescription(response.getDescription() == null ? code.title()
                    : response.getDescription() + "; " + code.title());
        }
    }
}
