package io.ppml.ratelimit.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether a request may go ahead, and what its response tells the client about the quotas that applied. The field
 * values follow draft-ietf-httpapi-ratelimit-headers-11 (May 2026), the newest draft: both fields are Structured
 * Field lists (RFC 9651) of a policy's String identifier with Integer parameters — {@code q} (quota) and {@code w}
 * (window, seconds) in {@code RateLimit-Policy}, {@code r} (remaining) and {@code t} (seconds until the quota is
 * restored) in {@code RateLimit}.
 *
 * @param allowed whether the request was counted and may proceed
 * @param policies every quota the request was counted against (or would have been), in the order they apply
 * @param reported the most restrictive of them: on a refusal the quota that refused, otherwise the one with the
 *         fewest requests left (on a tie, the one that waits longer to be restored)
 */
public record Decision(boolean allowed, List<Quota> policies, Usage reported) {

    public Decision {
        policies = List.copyOf(policies);
    }

    /** Where a quota stands after this request: {@code remaining} requests, restored in {@code resetSeconds}. */
    public record Usage(Quota quota, long remaining, long resetSeconds) {
    }

    /** The {@code RateLimit-Policy} field value: {@code "key";q=100;w=60, "tenant";q=200;w=60}. */
    public String policyField() {
        return policies.stream().map(q -> "\"" + q.name() + "\";q=" + q.requests() + ";w=" + q.windowSeconds())
                .collect(Collectors.joining(", "));
    }

    /** The {@code RateLimit} field value for the most restrictive quota: {@code "key";r=42;t=17}. */
    public String rateLimitField() {
        return "\"" + reported.quota().name() + "\";r=" + reported.remaining() + ";t=" + reported.resetSeconds();
    }

    /**
     * After a refusal, the whole seconds (rounded up, at least one) until the refusing quota has room again: the
     * {@code Retry-After} value. After an allowed request, 0.
     */
    public long retryAfterSeconds() {
        return allowed ? 0 : Math.max(1, reported.resetSeconds());
    }
}
