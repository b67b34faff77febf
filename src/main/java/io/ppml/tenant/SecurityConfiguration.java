package io.ppml.tenant;

import jakarta.servlet.DispatcherType;
import io.ppml.web.ProblemCode;
import io.ppml.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Stateless bearer authentication for {@code /v1/**}: admin token for {@code /v1/admin/**}, tenant API keys for
 * the rest; everything else (docs, problem pages, health, metrics) is public. Method security
 * ({@code @PreAuthorize}) names the least role each endpoint needs. 401 and 403 are problems like every error.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeyService keys, AdminCredentials admin,
            Problems problems) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(keys, admin), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(BearerTokenFilter.publicPaths().toArray(String[]::new)).permitAll()
                        .requestMatchers("/v1/admin/**").hasRole("ADMIN")
                        .requestMatchers("/v1/**").hasAnyRole(Role.OWNER.name(), Role.ANALYST.name(),
                                Role.CONTRIBUTOR.name())
                        .anyRequest().permitAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> {
                            Object reason = request.getAttribute(BearerTokenFilter.FAILURE_ATTRIBUTE);
                            response.setHeader("WWW-Authenticate", "Bearer");
                            problems.write(response, Problems.of(ProblemCode.UNAUTHORIZED,
                                    reason != null ? reason.toString()
                                            : "This needs a bearer secret: send 'Authorization: Bearer <secret>' "
                                                    + "with a tenant API key (or the admin token for /v1/admin).",
                                    request.getRequestURI(), java.util.List.of()));
                        })
                        .accessDeniedHandler((request, response, denied) -> problems.write(response,
                                Problems.of(ProblemCode.FORBIDDEN, forbiddenDetail(request.getRequestURI()),
                                        request.getRequestURI(), java.util.List.of()))));
        return http.build();
    }

    private static String forbiddenDetail(String path) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean isAdmin = authentication != null && authentication.getPrincipal() == AdminPrincipal.INSTANCE;
        if (path.startsWith("/v1/admin")) {
            return "Tenant API keys cannot manage tenants; /v1/admin needs the admin token.";
        }
        if (isAdmin) {
            return "The admin token only manages tenants under /v1/admin; call this with a tenant API key.";
        }
        return "Your API key's role is not allowed to do this.";
    }

    /** No user store: keeps Spring Boot from generating a default user and logging its password. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }
}
