package io.ppml.web;

/**
 * The response fields that tell a client where it stands with its rate limits (draft-ietf-httpapi-ratelimit-headers,
 * written by {@code io.ppml.ratelimit}); named here so that CORS exposes them and the OpenAPI description declares
 * them. {@code Retry-After} (RFC 9110 §10.2.3) joins them on a 429.
 */
public final class RateLimitHeaders {

    /** The quotas that applied to the request: {@code "key";q=6000;w=60, "tenant";q=12000;w=60}. */
    public static final String POLICY = "RateLimit-Policy";
    /** What is left of the most restrictive of them, and in how many seconds it is restored: {@code "key";r=42;t=17}. */
    public static final String LIMIT = "RateLimit";

    private RateLimitHeaders() {
    }
}
