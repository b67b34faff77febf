/**
 * The rate limiter itself, free of Spring and servlets: named {@link io.ppml.ratelimit.core.Quota}s of requests per
 * window, a Bucket4j token bucket per quota and subject (an API key, a tenant), a request taken from every bucket
 * that applies or from none, and the IETF {@code RateLimit-Policy} / {@code RateLimit} field values that describe
 * the outcome. Time comes from a Bucket4j {@link io.github.bucket4j.TimeMeter}, so tests move it by hand.
 */
@NullMarked
package io.ppml.ratelimit.core;

import org.jspecify.annotations.NullMarked;
