/**
 * What every HTTP endpoint shares: RFC 9457 problem details for every error (including what Tomcat, Spring and
 * Spring Security reject), the problem pages at {@code /problems/<code>}, the request-size limit and query-string
 * check, the one idempotency mechanism behind {@code Idempotency-Key}, and the OpenAPI description with its bearer
 * scheme.
 */
@NullMarked
package io.ppml.web;

import org.jspecify.annotations.NullMarked;
