package io.ppml.persistence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The idempotency records' lifetimes. They keep their {@code ppml.web} names, under which they were documented
 * first, though the mechanism now lives with the services that own their transactions.
 *
 * @param idempotencyTtl           how long a stored response answers a retry with the same {@code Idempotency-Key}
 * @param idempotencyInFlightLease how long a request may hold its key before a retry may take it over (a crashed
 *                                 instance never completes it)
 */
@ConfigurationProperties("ppml.web")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration idempotencyTtl,
        @DefaultValue("5m") Duration idempotencyInFlightLease) {
}
