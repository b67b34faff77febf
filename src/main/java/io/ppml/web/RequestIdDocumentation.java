package io.ppml.web;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Documents {@link RequestIds} on every operation: the optional {@code X-Request-Id} request header, and the same
 * header on every response, problems included. A customizer of the whole document, so that it runs after every
 * operation's responses (the problem ones too) are in place.
 */
@Configuration(proxyBeanMethods = false)
class RequestIdDocumentation {

    @Bean
    OpenApiCustomizer requestIdHeaders() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                boolean declared = operation.getParameters() != null && operation.getParameters().stream()
                        .anyMatch(p -> RequestIds.HEADER.equalsIgnoreCase(p.getName()));
                if (!declared) {
                    operation.addParametersItem(new HeaderParameter().name(RequestIds.HEADER).required(false)
                            .description("An id for this request (1 to 64 of A-Z a-z 0-9 . _ -), echoed in the "
                                    + "response and written with the service's log lines; when absent or "
                                    + "malformed, the service makes one")
                            .schema(new StringSchema().maxLength(64).pattern("^[A-Za-z0-9._-]{1,64}$")));
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().values().forEach(response -> response.addHeaderObject(
                            RequestIds.HEADER, new Header().required(true)
                                    .description("The request's id: the client's X-Request-Id when it was valid, "
                                            + "else one the service made; problems repeat it as requestId")
                                    .schema(new StringSchema())));
                }
            }));
        };
    }
}
