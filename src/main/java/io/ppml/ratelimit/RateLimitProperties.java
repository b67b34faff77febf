package io.ppml.ratelimit;

import java.time.Duration;

import io.ppml.ratelimit.core.Quota;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The rate limits of the tenant API ({@code PPML_RATE_LIMIT_*}). Every quota is a number of requests per window (a
 * whole number of seconds), restored at once when the window ends; the defaults stop a runaway client long before it
 * starves the others, yet stay far above what a well-behaved integration sends.
 *
 * @param enabled whether requests are counted at all; off, no request is refused and no header is sent
 * @param perKey each API key's quota ({@code PPML_RATE_LIMIT_PER_KEY_REQUESTS}, {@code _WINDOW})
 * @param perTenant each tenant's quota, shared by all its keys ({@code PPML_RATE_LIMIT_PER_TENANT_REQUESTS},
 *         {@code _WINDOW})
 * @param expensive each tenant's quota of expensive operations, counted on top of the other two
 */
@ConfigurationProperties("ppml.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue PerKey perKey,
        @DefaultValue PerTenant perTenant, @DefaultValue Expensive expensive) {

    /** 60,000 a minute by default: 1,000 requests a second on average from one key. */
    public record PerKey(@DefaultValue("60000") long requests, @DefaultValue("1m") Duration window) {
    }

    /** 120,000 a minute by default, for all the tenant's keys together. */
    public record PerTenant(@DefaultValue("120000") long requests, @DefaultValue("1m") Duration window) {
    }

    /**
     * HE key generation and rotation, and any request whose body is larger than {@code largeBody} (or whose size is
     * not announced: a chunked body); 60 a minute per tenant by default.
     *
     * @param largeBody the body size above which a request counts as expensive, 1 MB by default
     *         ({@code PPML_RATE_LIMIT_EXPENSIVE_LARGE_BODY}); about 100,000 numbers in JSON
     */
    public record Expensive(@DefaultValue("60") long requests, @DefaultValue("1m") Duration window,
            @DefaultValue("1MB") DataSize largeBody) {
    }

    Quota keyQuota() {
        return new Quota("key", perKey.requests(), perKey.window());
    }

    Quota tenantQuota() {
        return new Quota("tenant", perTenant.requests(), perTenant.window());
    }

    Quota expensiveQuota() {
        return new Quota("expensive", expensive.requests(), expensive.window());
    }
}
