/**
 * Rate limits on the tenant API ({@code /v1/**} except {@code /v1/admin}), decided after authentication and before
 * anything else: a quota per API key, one per tenant that all its keys share, and a tighter one per tenant for
 * expensive operations (endpoints marked {@link io.ppml.web.Expensive}, and request bodies over
 * {@code ppml.rate-limit.expensive.large-body}). A refused request is a 429 {@code rate-limited} problem with
 * {@code Retry-After}, answered before the body is read: it costs no privacy budget, no quota, and changes nothing.
 * Every counted answer carries the IETF {@code RateLimit-Policy} and {@code RateLimit} fields. The counting itself
 * is the pure core's ({@code io.ppml.ratelimit.core}); buckets live in this instance's memory, so instances behind
 * one load balancer each allow the full quotas.
 */
@NullMarked
package io.ppml.ratelimit;

import org.jspecify.annotations.NullMarked;
