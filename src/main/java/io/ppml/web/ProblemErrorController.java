package io.ppml.web;

import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel {@code /error}: what the servlet container itself rejects (or what escapes a
 * filter) is answered as a problem too, never as HTML or with a stack trace.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer s ? s : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "/error" : uri.toString();
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemCode code = exception instanceof Throwable t && PayloadTooLarge.causedBy(t)
                ? ProblemCode.PAYLOAD_TOO_LARGE : ProblemCode.forStatus(status);
        String detail = code == ProblemCode.INTERNAL_ERROR
                ? "The service failed unexpectedly; the failure has been logged." : code.description();
        return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(code, detail, path, List.of()));
    }
}
