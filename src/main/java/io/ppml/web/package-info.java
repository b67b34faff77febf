/**
 * What every HTTP endpoint shares: RFC 9457 problem details for every error — the one place where a
 * {@link io.ppml.refusal.Refusal} of a core or service becomes its problem, and where what Tomcat, Spring and Spring
 * Security reject is mapped too — the problem pages at {@code /problems/<code>}, the request-size limit and
 * query-string check, request bodies that refuse unknown fields, the cursor pagination of every list
 * ({@link io.ppml.web.Paging}), CORS for browser pages ({@code ppml.web.cors.allowed-origins}), the answers of
 * idempotent calls ({@link io.ppml.web.Responses}), the OpenAPI description with its bearer scheme, and the budget
 * dashboard's static page at {@code /dashboard/} with its Content-Security-Policy. The idempotency mechanism itself
 * is the services' ({@code io.ppml.persistence}); so are the rate limits ({@code io.ppml.ratelimit}), of which this
 * module holds only what endpoints, CORS and the OpenAPI description share: the {@link io.ppml.web.Expensive} mark
 * and the {@link io.ppml.web.RateLimitHeaders} names.
 */
@NullMarked
package io.ppml.web;

import org.jspecify.annotations.NullMarked;
