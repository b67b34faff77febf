package io.ppml.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP layer's settings ({@code ppml.web.idempotency-*} share the prefix but belong to
 * {@link io.ppml.persistence.IdempotencyProperties}).
 *
 * @param maxRequestSize largest request body accepted; larger ones get 413 ({@code PPML_WEB_MAX_REQUEST_SIZE})
 */
@ConfigurationProperties("ppml.web")
public record WebProperties(@DefaultValue("10MB") DataSize maxRequestSize) {
}
