package io.ppml.refusal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A request the service refuses: something the caller can see and change — a bad field, a missing resource, a
 * clash with the current state, a role that may not do this, a budget that would be overspent. It is plain Java, so
 * pure cores and domain services throw it without knowing about HTTP; the web layer maps each {@link Kind} to its
 * problem in one place. Feature-specific refusals (the DP, HE and SMPC cores') are subclasses that add what only
 * their callers need.
 *
 * <p>A refusal's detail is shown to the caller and may be logged: it never holds a secret, a plaintext or a value
 * read from private data.
 */
public class Refusal extends RuntimeException {

    /** Why a request is refused; each kind is one problem type of DESIGN §3. */
    public enum Kind {
        /** The request itself is wrong: a field out of range, an inconsistent combination, an unparsable value. */
        INVALID,
        /** The caller's role may not do this. */
        FORBIDDEN,
        /** There is no such resource for this caller (another tenant's answers the same). */
        NOT_FOUND,
        /** The request clashes with the current state: a name taken, a resource in the wrong state, a race lost. */
        CONFLICT,
        /** The charge would exceed the tenant's privacy budget; nothing was released or spent. */
        BUDGET_EXHAUSTED,
        /** An {@code Idempotency-Key} already used for a different request. */
        IDEMPOTENCY_KEY_REUSED
    }

    private final Kind kind;
    private final List<FieldError> errors;

    protected Refusal(Kind kind, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    /** A field of the request is wrong: {@code field} is its JSON path ({@code "values[3]"}, {@code "dp.epsilon"}). */
    public static Refusal invalid(String field, String message) {
        return new Refusal(Kind.INVALID, field + ": " + message, List.of(new FieldError(field, message)));
    }

    /** Several fields are wrong at once; the detail names the first. */
    public static Refusal invalid(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid request names at least one field");
        }
        FieldError first = errors.get(0);
        return new Refusal(Kind.INVALID, first.field() + ": " + first.message(), errors);
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, detail, List.of());
    }

    public static Refusal conflict(String detail) {
        return new Refusal(Kind.CONFLICT, detail, List.of());
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(Kind.FORBIDDEN, detail, List.of());
    }

    public static Refusal budgetExhausted(String detail) {
        return new Refusal(Kind.BUDGET_EXHAUSTED, detail, List.of());
    }

    public static Refusal idempotencyKeyReused(String detail) {
        return new Refusal(Kind.IDEMPOTENCY_KEY_REUSED, detail, List.of());
    }

    public Kind kind() {
        return kind;
    }

    /** What the caller is told. */
    public String detail() {
        return getMessage();
    }

    /** The offending fields, for {@link Kind#INVALID}; empty for the other kinds. */
    public List<FieldError> errors() {
        return errors;
    }

    /** The first offending field, if the refusal names one. */
    public @Nullable String field() {
        return errors.isEmpty() ? null : errors.get(0).field();
    }

    /** The first field's message without the field's name, if the refusal names one; else the detail. */
    public String reason() {
        return errors.isEmpty() ? detail() : errors.get(0).message();
    }
}
