package io.ppml.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request its id ({@link RequestIds}) before anything else runs — CORS, the size limit, authentication —
 * so that their refusals (403, 413, 401) carry it too. It runs again on the error dispatch with the same id: what
 * escaped a filter is logged and answered there, after the first pass cleared the MDC.
 *
 * <p>With {@code logging.level.io.ppml.web.access=DEBUG} it also logs one line per request: method, path (never the
 * query string or a header, so no secret), status and duration.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

    private static final Logger access = LoggerFactory.getLogger("io.ppml.web.access");

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = RequestIds.of(request);
        request.setAttribute(RequestIds.ATTRIBUTE, id);
        response.setHeader(RequestIds.HEADER, id);
        String previous = MDC.get(RequestIds.KEY);
        MDC.put(RequestIds.KEY, id);
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (access.isDebugEnabled() && !isAsyncDispatch(request) && request.getDispatcherType()
                    == jakarta.servlet.DispatcherType.REQUEST) {
                access.debug("{} {} {} {} ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            if (previous == null) {
                MDC.remove(RequestIds.KEY);
            } else {
                MDC.put(RequestIds.KEY, previous);
            }
        }
    }
}
