package io.ppml.web;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Documents {@link RequestIds}: the {@code X-Request-Id} header on every response of every operation, problems
 * included. A customizer of the whole document, so that it runs after every operation's responses (the problem ones
 * too) are in place. The client's optional request header is described once, in the API's description, rather than
 * as a parameter of every operation, which would add an argument to every method of a generated client.
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
