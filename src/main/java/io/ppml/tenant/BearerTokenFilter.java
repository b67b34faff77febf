package io.ppml.tenant;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns {@code Authorization: Bearer <secret>} into an authenticated {@link Caller} (API key) or the admin. A missing
 * or unknown secret leaves the request anonymous, with the reason kept for the 401 problem; access rules decide.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    static final String FAILURE_ATTRIBUTE = BearerTokenFilter.class.getName() + ".failure";
    private static final String BEARER = "Bearer ";

    private final ApiKeyService keys;
    private final AdminCredentials admin;

    BearerTokenFilter(ApiKeyService keys, AdminCredentials admin) {
        this.keys = keys;
        this.admin = admin;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                request.setAttribute(FAILURE_ATTRIBUTE,
                        "The Authorization header must be 'Bearer <secret>'.");
            } else {
                String secret = header.substring(BEARER.length()).strip();
                Optional<UsernamePasswordAuthenticationToken> authentication = authenticate(secret);
                if (authentication.isPresent()) {
                    SecurityContextHolder.getContext().setAuthentication(authentication.get());
                } else {
                    request.setAttribute(FAILURE_ATTRIBUTE, "The bearer secret is not a valid API key: it is "
                            + "unknown, mistyped or revoked.");
                }
            }
        }
        chain.doFilter(request, response);
    }

    private Optional<UsernamePasswordAuthenticationToken> authenticate(String secret) {
        // the admin token first: a configured one may have any shape, and the check costs one HMAC
        if (admin.matches(secret)) {
            return Optional.of(UsernamePasswordAuthenticationToken.authenticated(AdminPrincipal.INSTANCE, null,
                    AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
        }
        return keys.authenticate(secret).map(caller -> UsernamePasswordAuthenticationToken.authenticated(caller, null,
                AuthorityUtils.createAuthorityList(caller.role().authorities().toArray(String[]::new))));
    }

    static List<String> publicPaths() {
        return List.of("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/problems/**", "/error",
                "/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus");
    }
}
