package io.ppml.ratelimit;

import java.util.ArrayList;
import java.util.List;

import io.ppml.ratelimit.core.Decision;
import io.ppml.ratelimit.core.Quota;
import io.ppml.ratelimit.core.RateLimiter;
import io.ppml.tenant.Caller;
import io.ppml.web.Expensive;
import io.ppml.web.ProblemCode;
import io.ppml.web.Problems;
import io.ppml.web.RateLimitHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Counts each tenant-API request against its quotas once Spring Security has said who is calling and that they may,
 * and once the endpoint is known (it may be {@link Expensive}) — but before its body is read or its handler runs, so
 * a refused request has done nothing. Requests that never reach an endpoint (no valid key, an unknown path) are
 * not counted: they cost the service little, and a 401 has no key to count against. A key whose role turns out not to
 * be allowed (403, decided at the endpoint) has been counted, like any request its key sent.
 */
class RateLimitInterceptor implements HandlerInterceptor {

    private final RateLimiter limiter;
    private final Problems problems;
    private final Quota perKey;
    private final Quota perTenant;
    private final Quota expensive;
    private final long largeBody;

    RateLimitInterceptor(RateLimiter limiter, RateLimitProperties properties, Problems problems) {
        this.limiter = limiter;
        this.problems = problems;
        this.perKey = properties.keyQuota();
        this.perTenant = properties.tenantQuota();
        this.expensive = properties.expensiveQuota();
        this.largeBody = properties.expensive().largeBody().toBytes();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(handler instanceof HandlerMethod endpoint) || authentication == null
                || !(authentication.getPrincipal() instanceof Caller caller)) {
            return true;
        }
        List<RateLimiter.Claim> claims = new ArrayList<>(3);
        claims.add(new RateLimiter.Claim(perKey, caller.keyId()));
        claims.add(new RateLimiter.Claim(perTenant, caller.tenantId()));
        if (endpoint.hasMethodAnnotation(Expensive.class) || isLarge(request)) {
            claims.add(new RateLimiter.Claim(expensive, caller.tenantId()));
        }
        Decision decision = limiter.acquire(claims);
        response.setHeader(RateLimitHeaders.POLICY, decision.policyField());
        response.setHeader(RateLimitHeaders.LIMIT, decision.rateLimitField());
        if (decision.allowed()) {
            return true;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        problems.write(response, Problems.of(ProblemCode.RATE_LIMITED, detail(decision), request.getRequestURI(),
                List.of()));
        return false;
    }

    /** A body over the threshold, or one of unannounced size (chunked), which could be as large as any. */
    private boolean isLarge(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length >= 0) {
            return length > largeBody;
        }
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && !encoding.isBlank();
    }

    private String detail(Decision decision) {
        Quota quota = decision.reported().quota();
        boolean isExpensive = quota.equals(expensive);
        String whose = quota.equals(perKey) ? "This API key has used its" : quota.equals(perTenant)
                ? "This tenant's API keys together have used their" : "This tenant has used its";
        String noun = (isExpensive ? "expensive request" : "request") + (quota.requests() == 1 ? "" : "s");
        String which = isExpensive ? ": HE key generation and rotation, and bodies over " + largeBody
                + " bytes or of unannounced size" : "";
        return whose + " quota of " + quota.requests() + " " + noun + " per " + quota.windowSeconds()
                + " s (policy \"" + quota.name() + "\"" + which + "). Retry after " + decision.retryAfterSeconds()
                + " s; nothing was done and nothing was spent.";
    }
}
