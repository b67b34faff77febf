package io.ppml.web;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** Registered with the service's JSON mapper by Spring Boot, like every JacksonModule bean. */
    @Bean
    tools.jackson.databind.JacksonModule nulFreeStrings() {
        return new NulFreeStrings();
    }

    /**
     * Request bodies may hold only the fields their type declares: a misspelt {@code mechanisn} or a nested
     * {@code columns[0].lowr} is a 400 naming it, never a default silently put in its place. Only the mapper that
     * reads HTTP bodies is this strict (it runs after Spring Boot's customizer and replaces its JSON converter with
     * one built from the same configuration). The application's own {@link JsonMapper} — which reads back stored
     * JSON: idempotent responses to replay, journal records, sealed shares and dataset columns — stays lenient, so
     * that what an earlier version wrote still reads after an upgrade that drops a field.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    ServerHttpMessageConvertersCustomizer strictRequestBodies(JsonMapper json) {
        JsonMapper strict = json.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // a field the type keeps to itself (@JsonIgnore) is as unknown to a client as any other
                .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES)
                .build();
        return converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
    }

    /** The time source of the service; tests may replace it. */
    @Bean
    Clock clock() {
        // microsecond ticks: what both databases store, so a value reads back exactly as it was returned
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }

    /**
     * Puts {@link ProblemErrorReportValve} in place of Tomcat's HTML error report. The swap happens when the host
     * starts, after every customizer (Spring Boot's own adds a stock {@link ErrorReportValve}) has run; naming the
     * class on the host keeps Tomcat from adding its default one next to it.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(Problems problems) {
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            host.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    if (Arrays.stream(host.getPipeline().getValves())
                            .noneMatch(ProblemErrorReportValve.class::isInstance)) {
                        host.getPipeline().addValve(new ProblemErrorReportValve(problems));
                    }
                }
            });
        });
    }

    /**
     * What Spring Security's firewall refuses (a {@code ;}, {@code ..} or encoded {@code /} in the path, an HTTP
     * method outside the usual ones) is a 400 problem whose detail says what was refused, not a bare status.
     */
    @Bean
    RequestRejectedHandler problemForRejectedRequests(Problems problems) {
        return (request, response, rejected) -> {
            String reason = rejected.getMessage() == null ? "The request was rejected as potentially malicious"
                    : rejected.getMessage().strip();
            problems.write(response, Problems.of(ProblemCode.VALIDATION_FAILED,
                    reason.endsWith(".") ? reason : reason + ".", request.getRequestURI(), List.of()));
        };
    }
}
