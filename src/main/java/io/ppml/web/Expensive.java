package io.ppml.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint whose every call is costly to serve (generating a Paillier key pair takes seconds of CPU), so
 * that it also counts against the tenant's tighter quota of expensive operations ({@code ppml.rate-limit.expensive},
 * see {@code io.ppml.ratelimit}). Requests with a large body count there too, whatever their endpoint.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Expensive {
}
