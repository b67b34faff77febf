package io.ppml.web;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report, as a problem. Tomcat answers some requests itself, before any servlet, filter or Spring
 * sees them: a request line or header it cannot parse (an unencoded {@code "} or control character, bad
 * percent-encoding or invalid UTF-8 in the path, a header over the size limit, a malformed {@code Host}), an HTTP
 * version or transfer coding it does not speak. Its stock valve writes those as an HTML page; this one writes the
 * same {@code application/problem+json} as every other error, so a client needs one error parser.
 *
 * <p>Requests that reached the application are not touched: their errors went through {@code /error} and have a
 * body already. An unknown HTTP version (505) or transfer coding (501) is the client's malformed request, not a
 * server failure, so it is answered 400: nothing a client sends may look like — or page someone as — a 5xx.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    private static final String DETAIL = "The request could not be parsed as HTTP, so nothing was processed: its "
            + "request line or headers are malformed. Typical causes: a character that must be percent-encoded "
            + "(space, '\"', '<', '>', a control character) in the path or query, bad percent-encoding ('%' not "
            + "followed by two hex digits) or invalid UTF-8 in the path, a header line that is malformed or too "
            + "large, or an invalid Host header.";

    private final Problems problems;

    ProblemErrorReportValve(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        // the same guards as Tomcat's own report: an error that already has a body (the application's /error, a
        // filter's problem) or a connection that can no longer be written to is left alone
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemDetail problem = problem(status, request.getRequestURI());
        // no filter ran (or its MDC is gone): the id is the one a filter gave the request, else made here
        String requestId = RequestIds.of(request);
        problem.setProperty(RequestIds.KEY, requestId);
        try {
            response.setStatus(problem.getStatus());
            response.setHeader(RequestIds.HEADER, requestId);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(problems.json(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response cannot take a body any more; there is no one left to tell
        }
    }

    private static ProblemDetail problem(int status, @Nullable String requestUri) {
        // the request line may not have held a path at all ("*", "v1/x", garbage)
        String instance = requestUri == null || !requestUri.startsWith("/") ? "/" : requestUri;
        return switch (status) {
            case 501 -> Problems.of(ProblemCode.VALIDATION_FAILED, "The request uses a Transfer-Encoding this "
                    + "service does not support; send the body with Content-Length or 'Transfer-Encoding: "
                    + "chunked'.", instance, List.of());
            case 505 -> Problems.of(ProblemCode.VALIDATION_FAILED, "The request line names an HTTP version this "
                    + "service does not speak; use HTTP/1.1.", instance, List.of());
            case 400 -> Problems.of(ProblemCode.VALIDATION_FAILED, DETAIL, instance, List.of());
            default -> {
                ProblemCode code = ProblemCode.forStatus(status);
                ProblemDetail problem = Problems.of(code, code.description(), instance, List.of());
                // a status Tomcat chose for a reason (417, 431, 503...) keeps its number; the code names its kind
                problem.setStatus(status);
                yield problem;
            }
        };
    }
}
