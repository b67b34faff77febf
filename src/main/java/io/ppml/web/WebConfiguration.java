package io.ppml.web;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** Registered with the service's JSON mapper by Spring Boot, like every JacksonModule bean. */
    @Bean
    tools.jackson.databind.JacksonModule nulFreeStrings() {
        return new NulFreeStrings();
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
