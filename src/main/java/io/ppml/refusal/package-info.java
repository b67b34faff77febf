/**
 * The one Spring-free way to refuse a request: {@link io.ppml.refusal.Refusal}, thrown by pure cores and domain
 * services alike and turned into an RFC 9457 problem by the web layer in one place.
 */
@NullMarked
package io.ppml.refusal;

import org.jspecify.annotations.NullMarked;
