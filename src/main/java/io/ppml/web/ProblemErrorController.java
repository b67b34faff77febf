package io.ppml.web;

import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel {@code /error}: what the servlet container itself rejects (or what escapes a
 * filter) is answered as a problem too, never as HTML or with a stack trace. A failure thrown by a filter is mapped
 * by {@link ProblemDetailsHandler} exactly as if a controller had thrown it. (What Tomcat refuses before any
 * servlet runs never gets here: {@link ProblemErrorReportValve} answers that.)
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final ProblemDetailsHandler handler;

    ProblemErrorController(ProblemDetailsHandler handler) {
        this.handler = handler;
    }

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<Object> error(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            ResponseEntity<Object> mapped = handler.escaped(failure, request);
            return ResponseEntity.status(mapped.getStatusCode()).headers(mapped.getHeaders())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(mapped.getBody());
        }
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer s ? s : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "/error" : uri.toString();
        ProblemCode code = ProblemCode.forStatus(status);
        String detail = code == ProblemCode.INTERNAL_ERROR
                ? "The service failed unexpectedly; the failure has been logged." : code.description();
        return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(code, detail, path, List.of()));
    }
}
