package io.ppml.web;

import java.util.List;

/**
 * A failure that is the caller's to fix, answered as a problem of {@link #code()}. Services throw the typed
 * subclasses; the one handler turns them into {@code application/problem+json}.
 */
public class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final List<FieldError> errors;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public ProblemCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** 404: does not exist, or belongs to another tenant — the two are indistinguishable on purpose. */
    public static class NotFound extends ProblemException {
        public NotFound(String detail) {
            super(ProblemCode.NOT_FOUND, detail);
        }
    }

    /** 409: clashes with the current state. */
    public static class Conflict extends ProblemException {
        public Conflict(String detail) {
            super(ProblemCode.CONFLICT, detail);
        }
    }

    /** 403: the caller's role may not do this. */
    public static class Forbidden extends ProblemException {
        public Forbidden(String detail) {
            super(ProblemCode.FORBIDDEN, detail);
        }
    }

    /** 400 with field errors, for checks that bean validation cannot express. */
    public static class Invalid extends ProblemException {
        public Invalid(String field, String message) {
            super(ProblemCode.VALIDATION_FAILED, field + ": " + message, List.of(new FieldError(field, message)));
        }
    }
}
