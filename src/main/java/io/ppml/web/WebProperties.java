package io.ppml.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestSize           largest request body accepted; larger ones get 413 ({@code PPML_WEB_MAX_REQUEST_SIZE})
 * @param idempotencyTtl           how long a stored response answers a retry with the same {@code Idempotency-Key}
 * @param idempotencyInFlightLease how long a request may hold its key before a retry may take it over (a crashed
 *                                 instance never completes it)
 */
@ConfigurationProperties("ppml.web")
public record WebProperties(
        @DefaultValue("10MB") DataSize maxRequestSize,
        @DefaultValue("24h") Duration idempotencyTtl,
        @DefaultValue("5m") Duration idempotencyInFlightLease) {
}
