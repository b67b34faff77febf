package io.ppml.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.ppml.persistence.Idempotency;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * CORS for {@code /v1/**}, so that a page served from an origin in {@code ppml.web.cors.allowed-origins} (a notebook,
 * a dashboard) can call the API from a browser. It runs before authentication (right after {@link RequestIdFilter}):
 * a browser's preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) carries no
 * credentials by design, so it is answered here and never reaches the bearer check — it is never a 401. Every other
 * response to an allowed origin, problems included, carries {@code Access-Control-Allow-Origin}, so the page can read
 * what went wrong.
 *
 * <p>A request from an origin that is not allowed is refused with a 403 problem (the browser would hide the answer
 * from the page anyway). Requests without {@code Origin} — servers, scripts, curl — and same-origin ones are not CORS
 * and pass unchanged. With no origin configured (the default) the filter does nothing: no CORS headers at all.
 *
 * <p>Bearer secrets travel in the {@code Authorization} header, never in cookies, so credentials are not allowed
 * ({@code Access-Control-Allow-Credentials} is never sent).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // after RequestIdFilter, so that its refusals carry the request id
class CrossOriginFilter extends OncePerRequestFilter {

    /** The request headers a page may send besides the CORS-safelisted ones; every {@code Ppml-*} header too. */
    private static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.IF_NONE_MATCH, Idempotency.HEADER, RequestIds.HEADER);
    private static final String PPML_HEADER_PREFIX = "ppml-";
    /** The response headers a page may read besides the CORS-safelisted ones (the model's are FlController's). */
    private static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG,
            Idempotency.REPLAYED_HEADER, "Ppml-Model-Version", "Ppml-Model-Round", RequestIds.HEADER,
            RateLimitHeaders.POLICY, RateLimitHeaders.LIMIT, HttpHeaders.RETRY_AFTER);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    private static final long PREFLIGHT_MAX_AGE_SECONDS = 3600;

    private final @Nullable CorsConfiguration configuration;
    private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {
        @Override
        protected void rejectRequest(ServerHttpResponse response) {
            // answered by the filter, with a problem that says why
        }
    };
    private final Problems problems;

    CrossOriginFilter(WebProperties properties, Problems problems) {
        this.configuration = properties.cors().enabled() ? configuration(properties.cors().allowedOrigins()) : null;
        this.problems = problems;
    }

    private static CorsConfiguration configuration(List<String> origins) {
        CorsConfiguration configuration = new CorsConfiguration() {
            /** The requested headers if each is allowed (by name, or as a {@code Ppml-*} header); else null. */
            @Override
            public @Nullable List<String> checkHeaders(@Nullable List<String> requested) {
                if (requested == null) {
                    return null;
                }
                List<String> allowed = new ArrayList<>(requested.size());
                for (String header : requested) {
                    String name = header.strip();
                    if (name.isEmpty()) {
                        continue;
                    }
                    boolean listed = ALLOWED_HEADERS.stream().anyMatch(name::equalsIgnoreCase)
                            || name.toLowerCase(Locale.ROOT).startsWith(PPML_HEADER_PREFIX);
                    if (!listed) {
                        return null;
                    }
                    allowed.add(name);
                }
                return allowed;
            }
        };
        configuration.setAllowedOriginPatterns(origins);
        configuration.setAllowedMethods(List.copyOf(METHODS));
        configuration.setExposedHeaders(EXPOSED_HEADERS);
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(PREFLIGHT_MAX_AGE_SECONDS);
        return configuration;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // the decoded path, as Spring Security matches it: /%761/keys is /v1/keys here too
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        return configuration == null || !path.startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CorsConfiguration cors = configuration;
        if (cors == null) {
            chain.doFilter(request, response);
            return;
        }
        boolean preflight = CorsUtils.isPreFlightRequest(request);
        if (!processor.processRequest(cors, request, response)) {
            problems.write(response, Problems.of(ProblemCode.ORIGIN_NOT_ALLOWED, why(cors, request, preflight),
                    request.getRequestURI(), List.of()));
            return;
        }
        if (!preflight) {
            chain.doFilter(request, response);
        }
    }

    /** Which check refused a cross-origin request, as the problem's detail. */
    private static String why(CorsConfiguration cors, HttpServletRequest request, boolean preflight) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (cors.checkOrigin(origin) == null) {
            return "Pages from " + origin + " may not call this service: the origin is not in "
                    + "ppml.web.cors.allowed-origins.";
        }
        if (preflight) {
            String method = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
            if (method == null || method.isBlank() || cors.checkHttpMethod(HttpMethod.valueOf(method)) == null) {
                return "A page may not send " + method + " here; it may send " + String.join(", ",
                        METHODS.stream().sorted().toList()) + ".";
            }
            return "A page may not send the header(s) " + request.getHeader(
                    HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS) + "; it may send " + String.join(", ",
                    ALLOWED_HEADERS) + ", any Ppml-* header and the CORS-safelisted ones.";
        }
        return "The cross-origin request was refused.";
    }
}
