package io.ppml.smpc.core;

/**
 * Something the SMPC core refuses, with the kind of problem (which the service maps to an HTTP status) and the
 * request field at fault, e.g. {@code "share[3]"}, {@code "commitments"}, {@code "parts"}.
 */
public class SmpcException extends RuntimeException {

    /** What went wrong, coarse enough for the service to choose a status. */
    public enum Kind {
        /** Malformed input: a value outside the field, a wrong length, a bad parameter, an unencodable real. */
        INVALID_INPUT,
        /** Shares of different sessions or configurations were combined, or a party index repeats. */
        SESSION_MISMATCH,
        /** A share, an aggregate or a total does not open the commitments it was checked against. */
        VERIFICATION_FAILED,
        /** A reconstructed value lies outside the range that sums of encoded reals can reach. */
        OVERFLOW
    }

    private final Kind kind;
    private final String field;

    public SmpcException(Kind kind, String field, String message) {
        super(field + ": " + message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }

    static SmpcException invalid(String field, String message) {
        return new SmpcException(Kind.INVALID_INPUT, field, message);
    }

    static SmpcException mismatch(String field, String message) {
        return new SmpcException(Kind.SESSION_MISMATCH, field, message);
    }

    static SmpcException verificationFailed(String field, String message) {
        return new SmpcException(Kind.VERIFICATION_FAILED, field, message);
    }
}
