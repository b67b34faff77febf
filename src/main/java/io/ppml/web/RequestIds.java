package io.ppml.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The id of each request: the client's {@code X-Request-Id} when it is a plain token, else one made here. Every
 * response carries it back (header and, on a problem, the {@code requestId} member), and every log line written while
 * the request is served holds it in the MDC, so a client's report of a failure leads to its log lines.
 *
 * <p>A client's id is taken only as 1 to 64 of {@code [A-Za-z0-9._-]}: it is written into logs and headers, so
 * anything else (a newline, markup, a very long value) is replaced, never reflected.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** The MDC key and the problem member that hold the id. */
    public static final String KEY = "requestId";
    /** The request attribute that keeps the id for the error dispatch, after the MDC of the first was cleared. */
    static final String ATTRIBUTE = RequestIds.class.getName();

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    /**
     * The id of {@code request}: the one a first pass gave it (kept for the error dispatch), else the client's if it
     * is sane, else a new random one.
     */
    static String of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String kept ? kept : acceptOrCreate(request.getHeader(HEADER));
    }

    /** {@code sent} if it is a sane id, else a new random one. */
    static String acceptOrCreate(@Nullable String sent) {
        return sent != null && SANE.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    }

    /** The id of the request this thread is serving, if any. */
    static @Nullable String current() {
        return MDC.get(KEY);
    }
}
