package io.ppml.web;

import java.io.IOException;
import java.net.SocketTimeoutException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code ppml.web.max-request-size} with 413: at once when {@code Content-Length}
 * says so, and while reading when the body is chunked (the stream throws, the handler answers 413). Runs before
 * authentication so an oversized body costs no database work. A body that stops arriving before it is complete
 * (the read times out) is marked as such, so that it is answered 408 rather than as a server failure.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final Problems problems;

    RequestSizeLimitFilter(WebProperties properties, Problems problems) {
        this.limit = properties.maxRequestSize().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            problems.write(response, Problems.of(ProblemCode.PAYLOAD_TOO_LARGE, "The request body has "
                    + request.getContentLengthLong() + " bytes; this service accepts at most " + limit + ".",
                    request.getRequestURI(), java.util.List.of()));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit, (HttpServletRequest) getRequest());
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private final HttpServletRequest request;
        private long read;

        LimitedStream(ServletInputStream in, long limit, HttpServletRequest request) {
            this.in = in;
            this.limit = limit;
            this.request = request;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                throw timedOutOr(e);
            }
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                throw timedOutOr(e);
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        /**
         * A read that timed out (Tomcat reports it as a client abort caused by the socket's timeout) as a
         * {@link RequestBodyTimeout}; any other failure as it is. Tomcat also keeps the timeout and, after the
         * handler's answer, dispatches it to {@code /error} as it is: the request attribute tells the error page
         * that it was this body's.
         */
        private IOException timedOutOr(IOException e) {
            if (!(e instanceof SocketTimeoutException) && !(e.getCause() instanceof SocketTimeoutException)) {
                return e;
            }
            RequestBodyTimeout timeout = new RequestBodyTimeout(e);
            request.setAttribute(RequestBodyTimeout.ATTRIBUTE, timeout);
            return timeout;
        }

        private void count(int n) throws PayloadTooLarge {
            read += n;
            if (read > limit) {
                throw new PayloadTooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
