package io.ppml.web;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP layer's settings ({@code ppml.web.idempotency-*} share the prefix but belong to
 * {@link io.ppml.persistence.IdempotencyProperties}).
 *
 * @param maxRequestSize largest request body accepted; larger ones get 413 ({@code PPML_WEB_MAX_REQUEST_SIZE})
 * @param cors which web pages may call {@code /v1} from a browser
 */
@ConfigurationProperties("ppml.web")
public record WebProperties(@DefaultValue("10MB") DataSize maxRequestSize, @DefaultValue Cors cors) {

    /**
     * Cross-origin calls from browsers (a notebook or dashboard served from another origin).
     *
     * @param allowedOrigins the origins ({@code scheme://host[:port]}) whose pages may call {@code /v1}, comma-separated
     *         ({@code PPML_WEB_CORS_ALLOWED_ORIGINS}); a {@code *} in the host or port matches any
     *         ({@code https://*.example.org}, {@code http://localhost:[*]}), and {@code *} alone any origin. Empty,
     *         the default: no CORS at all — browsers then refuse cross-origin calls, and servers and scripts, which
     *         send no {@code Origin}, are not affected either way.
     */
    public record Cors(@DefaultValue List<String> allowedOrigins) {

        private static final Pattern ORIGIN = Pattern.compile("https?://[^/?#\\s]+");

        public Cors {
            allowedOrigins = allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty())
                    .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o).toList();
            for (String origin : allowedOrigins) {
                if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
                    throw new IllegalArgumentException("ppml.web.cors.allowed-origins: '" + origin + "' is not an "
                            + "origin; write scheme://host[:port], such as https://notebooks.example.org");
                }
            }
        }

        /** Whether any origin is allowed, that is whether CORS is on. */
        public boolean enabled() {
            return !allowedOrigins.isEmpty();
        }
    }
}
