package io.ppml.web;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** The time source of the service; tests may replace it. */
    @Bean
    Clock clock() {
        // microsecond ticks: what both databases store, so a value reads back exactly as it was returned
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }
}
