package io.ppml.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an endpoint can answer besides 401 (documented on every {@code /v1} endpoint) and, for endpoints
 * with a body, 400 and 413. The OpenAPI description shows each with its {@code application/problem+json} shape.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProblemResponses {

    ProblemCode[] value();
}
