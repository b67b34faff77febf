package io.ppml.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.ppml.persistence.KeptEffectsFailure;
import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.coyote.BadRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.BindingResult;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * The one place where failures become RFC 9457 problems: the {@link Refusal}s of cores and services (mapped by {@link #code}), a {@link KeptEffectsFailure}, everything
 * Spring MVC rejects (via {@link ResponseEntityExceptionHandler}), method-security denials, and — as 500 with a
 * generic detail and the stack trace only in the log — anything unexpected. What escapes a servlet filter reaches
 * {@link ProblemErrorController}, which hands it back here through {@link #escaped}, so it is mapped the same way.
 */
@RestControllerAdvice
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Object> handleRefusal(Refusal e, HttpServletRequest request) {
        return respond(code(e.kind()), e.detail(), path(request), e.errors(), HttpHeaders.EMPTY);
    }

    /** The one mapping from what a core or service refuses to the problem the caller reads. */
    static ProblemCode code(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> ProblemCode.VALIDATION_FAILED;
            case FORBIDDEN -> ProblemCode.FORBIDDEN;
            case NOT_FOUND -> ProblemCode.NOT_FOUND;
            case CONFLICT -> ProblemCode.CONFLICT;
            case BUDGET_EXHAUSTED -> ProblemCode.BUDGET_EXHAUSTED;
            case IDEMPOTENCY_KEY_REUSED -> ProblemCode.IDEMPOTENCY_KEY_REUSED;
        };
    }

    /** A failure after a privacy charge that was kept: a 500 whose detail says so (logged where it was thrown). */
    @ExceptionHandler(KeptEffectsFailure.class)
    ResponseEntity<Object> handleKeptEffects(KeptEffectsFailure e, HttpServletRequest request) {
        return respond(ProblemCode.INTERNAL_ERROR, e.detail(), path(request), List.of(), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> handleAccessDenied(AccessDeniedException e, HttpServletRequest request) {
        return respond(ProblemCode.FORBIDDEN, "Your API key's role is not allowed to do this.",
                path(request), List.of(), HttpHeaders.EMPTY);
    }

    /**
     * Tomcat could not decode the parameters: bad percent-encoding in a form body (the query string is checked
     * earlier, by {@link QueryStringFilter}), or more parameters than it accepts.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleInvalidParameters(InvalidParameterException e, HttpServletRequest request) {
        if (e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return respond(ProblemCode.PAYLOAD_TOO_LARGE, "The request has more parameters, or a larger form body, "
                    + "than this service accepts.", path(request), List.of(), HttpHeaders.EMPTY);
        }
        return respond(ProblemCode.VALIDATION_FAILED, "The request's parameters cannot be decoded: each must be "
                + "percent-encoded UTF-8 text ('%' followed by two hexadecimal digits), and there may not be more of "
                + "them than the service accepts.", path(request), List.of(), HttpHeaders.EMPTY);
    }

    /** A body declared as multipart that does not parse as one (no boundary, say); this API never takes one. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> handleMultipart(MultipartException e, HttpServletRequest request) {
        if (e instanceof MaxUploadSizeExceededException) {
            return respond(ProblemCode.PAYLOAD_TOO_LARGE, PayloadTooLarge.DETAIL, path(request), List.of(),
                    HttpHeaders.EMPTY);
        }
        return respond(ProblemCode.VALIDATION_FAILED, "The body is declared as multipart but cannot be read as one; "
                + "this API takes application/json.", path(request), List.of(), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, HttpServletRequest request) {
        BodyFailure body = bodyFailure(e);
        if (body != null) {
            return respond(body.code(), body.detail(), path(request), List.of(), HttpHeaders.EMPTY);
        }
        return unexpected(e, request);
    }

    /** A failure that is not the client's: logged with its stack trace, answered 500 with a generic detail. */
    private ResponseEntity<Object> unexpected(Throwable failure, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), path(request), failure);
        return respond(ProblemCode.INTERNAL_ERROR, "The service failed unexpectedly; the failure has been logged.",
                path(request), List.of(), HttpHeaders.EMPTY);
    }

    /**
     * The problem for {@code failure}, thrown outside any controller (by a filter) and found on the error dispatch:
     * the same mapping as if a controller had thrown it — a client's mistake stays a 4xx wherever it was noticed.
     */
    ResponseEntity<Object> escaped(Throwable failure, HttpServletRequest request) {
        Throwable cause = failure;
        while (cause instanceof ServletException servlet && servlet.getRootCause() != null
                && servlet.getRootCause() != cause) {
            cause = servlet.getRootCause();
        }
        if (request.getAttribute(RequestBodyTimeout.ATTRIBUTE) instanceof RequestBodyTimeout timeout) {
            // Tomcat dispatches its own record of the timeout: the socket's exception under our wrapper
            for (Throwable t = timeout; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t == cause) {
                    BodyFailure body = bodyFailure(timeout);
                    return respond(body.code(), body.detail(), path(request), List.of(), HttpHeaders.EMPTY);
                }
            }
        }
        if (cause instanceof Refusal refusal) {
            return handleRefusal(refusal, request);
        }
        if (cause instanceof KeptEffectsFailure kept) {
            return handleKeptEffects(kept, request);
        }
        if (cause instanceof AccessDeniedException denied) {
            return handleAccessDenied(denied, request);
        }
        if (cause instanceof InvalidParameterException invalid) {
            return handleInvalidParameters(invalid, request);
        }
        if (cause instanceof MultipartException multipart) {
            return handleMultipart(multipart, request);
        }
        if (cause instanceof Exception exception) {
            try {
                ResponseEntity<Object> mvc = handleException(exception, new ServletWebRequest(request));
                if (mvc != null) {
                    return mvc;
                }
            } catch (Exception notSpringMvc) {
                // not one of Spring MVC's own exceptions: unexpected, below
            }
            return handleUnexpected(exception, request);
        }
        return unexpected(cause, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        String path = path(request);
        ProblemCode code = ProblemCode.forStatus(statusCode.value());
        List<FieldError> errors = List.of();
        String detail = body instanceof ProblemDetail pd && pd.getDetail() != null ? pd.getDetail() : ex.getMessage();

        BodyFailure bodyFailure = bodyFailure(ex);
        if (bodyFailure != null) {
            code = bodyFailure.code();
            detail = bodyFailure.detail();
        } else if (ex instanceof MethodArgumentNotValidException invalid) {
            errors = fieldErrors(invalid.getBindingResult());
            detail = summary(errors);
        } else if (ex instanceof HandlerMethodValidationException invalid) {
            errors = new ArrayList<>();
            for (var result : invalid.getParameterValidationResults()) {
                String name = result.getMethodParameter().getParameterName();
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    errors.add(new FieldError(name == null ? "parameter" : name, message(error)));
                }
            }
            detail = summary(errors);
        } else if (ex instanceof HttpMessageNotReadableException unreadable) {
            FieldError error = unreadable(unreadable);
            errors = error.field().isEmpty() ? List.of() : List.of(error);
            detail = error.field().isEmpty() ? error.message() : error.field() + ": " + error.message();
        } else if (ex instanceof TypeMismatchException mismatch) {
            String field = mismatch instanceof MethodArgumentTypeMismatchException m ? m.getName()
                    : String.valueOf(mismatch.getPropertyName());
            String message = "must be " + expected(mismatch.getRequiredType());
            errors = List.of(new FieldError(field, message));
            detail = field + ": " + message;
        } else if (ex instanceof MissingServletRequestParameterException missing) {
            errors = List.of(new FieldError(missing.getParameterName(), "is required"));
            detail = "The query parameter '" + missing.getParameterName() + "' is required.";
        } else if (ex instanceof MissingRequestHeaderException missing) {
            errors = List.of(new FieldError(missing.getHeaderName(), "is required"));
            detail = "The header '" + missing.getHeaderName() + "' is required.";
        } else if (ex instanceof NoResourceFoundException) {
            detail = "There is nothing at " + path + ". The API lives under /v1; see /swagger-ui.html.";
        } else if (ex instanceof HttpRequestMethodNotSupportedException unsupported) {
            detail = "This path does not take " + unsupported.getMethod() + "; it takes "
                    + String.join(", ", unsupported.getSupportedMethods() == null ? new String[0]
                            : unsupported.getSupportedMethods()) + ".";
        } else if (ex instanceof HttpMediaTypeNotSupportedException unsupported) {
            detail = "Content-Type " + (unsupported.getContentType() == null ? "(none)" : unsupported.getContentType())
                    + " is not supported here; send application/json.";
        } else if (statusCode.is5xxServerError()) {
            log.error("Failure on {}", path, ex);
            detail = "The service failed unexpectedly; the failure has been logged.";
        }
        return respond(code, detail == null ? code.title() : detail, path, errors, headers);
    }

    private static ResponseEntity<Object> respond(ProblemCode code, String detail, String path,
            List<FieldError> errors, HttpHeaders headers) {
        return ResponseEntity.status(code.status()).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(code, detail, path, errors));
    }

    private static String path(WebRequest request) {
        if (request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servlet) {
            return path(servlet);
        }
        return "/";
    }

    /** The path the client asked for, also on the error dispatch (where the request's own URI is /error). */
    private static String path(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return original != null ? original.toString() : request.getRequestURI();
    }

    private static List<FieldError> fieldErrors(BindingResult result) {
        List<FieldError> errors = new ArrayList<>();
        // a query parameter bound into an object (Paging's limit=abc) that does not convert: say what it must be
        result.getFieldErrors().forEach(e -> errors.add(new FieldError(e.getField(),
                e.contains(TypeMismatchException.class)
                        ? "must be " + expected(e.unwrap(TypeMismatchException.class).getRequiredType())
                        : message(e))));
        result.getGlobalErrors().forEach(e -> errors.add(new FieldError(e.getObjectName(), message(e))));
        return errors;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String summary(List<FieldError> errors) {
        return errors.isEmpty() ? "The request is invalid."
                : errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    /** What Jackson could not read, as a field error; field is empty for a syntax error with no field. */
    private static FieldError unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof StreamConstraintsException constraints) {
            StreamReadConstraints limits = StreamReadConstraints.defaults();
            return new FieldError(pathOrBody(constraints), "is beyond what this service parses: at most "
                    + limits.getMaxNestingDepth() + " levels of nesting and numbers of at most "
                    + limits.getMaxNumberLength() + " characters");
        }
        if (cause instanceof InputCoercionException coercion) {
            return new FieldError(pathOrBody(coercion), "must be " + expected(coercion.getTargetType())
                    + " within its range");
        }
        if (cause instanceof InvalidFormatException invalid) {
            return new FieldError(pathOf(invalid), "must be " + expected(invalid.getTargetType()));
        }
        if (cause instanceof PropertyBindingException unknown) {
            // unknown, or known only to the service (@JsonIgnore): name what may be sent there, to catch a typo
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).toList();
            return new FieldError(pathOf(unknown), "is not a known field" + (known.isEmpty() ? ""
                    : "; the fields here are " + String.join(", ", known)));
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String field = pathOf(mismatch);
            String expected = mismatch.getTargetType() == null ? "of another type" : expected(mismatch.getTargetType());
            return new FieldError(field.isEmpty() ? "body" : field, "must be " + expected);
        }
        if (cause instanceof StreamReadException syntax) {
            var location = syntax.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column "
                    + location.getColumnNr();
            return new FieldError("", "The body is not valid JSON" + where + ".");
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            return new FieldError(pathOf(jackson), "is invalid");
        }
        return new FieldError("", "The request body is missing or cannot be read; send it as JSON.");
    }

    private record BodyFailure(ProblemCode code, String detail) {
    }

    /**
     * Why the request body could not be read, when that is the client's doing — found anywhere in the causes,
     * since Jackson and Spring wrap the stream's exception: over the size limit, stopped arriving, or framed in a
     * way Tomcat refuses (a bad chunk header).
     */
    private static @Nullable BodyFailure bodyFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PayloadTooLarge) {
                return new BodyFailure(ProblemCode.PAYLOAD_TOO_LARGE, PayloadTooLarge.DETAIL);
            }
            if (t instanceof RequestBodyTimeout) {
                return new BodyFailure(ProblemCode.REQUEST_TIMEOUT, "The request body stopped arriving before it "
                        + "was complete (fewer bytes than announced); nothing was processed. Send it again, whole.");
            }
            if (t instanceof BadRequestException bad) {
                // Tomcat's messages name the framing error ("Invalid chunk header") and never echo the body
                String reason = bad.getMessage() == null ? "" : " (" + bad.getMessage().strip() + ")";
                return new BodyFailure(ProblemCode.VALIDATION_FAILED, "The request body is not framed as HTTP/1.1 "
                        + "requires" + reason + "; nothing was processed.");
            }
        }
        return null;
    }

    private static String pathOrBody(JacksonException e) {
        String path = pathOf(e);
        return path.isEmpty() ? "body" : path;
    }

    private static String pathOf(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.time.temporal.TemporalAccessor.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp";
        }
        return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }
}
