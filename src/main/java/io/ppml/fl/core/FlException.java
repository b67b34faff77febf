package io.ppml.fl.core;

import java.util.List;

import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;

/**
 * Something the federated-learning core refuses: always a fault of the request ({@link Refusal.Kind#INVALID}) naming
 * the JSON field at fault — {@code "trimFraction"}, {@code "dp.clipNorm"}, {@code "delta[17]"}, {@code "numExamples"}
 * — so the web layer answers it with 400 without the shell translating it. Settings report every bad field at once;
 * the detail names the first.
 */
public class FlException extends Refusal {

    public FlException(String field, String message) {
        super(Kind.INVALID, field + ": " + message, List.of(new FieldError(field, message)));
    }

    /** Several fields at once, the first one named in the detail; {@code errors} must not be empty. */
    public FlException(List<FieldError> errors) {
        super(Kind.INVALID, detailOf(errors), errors);
    }

    private static String detailOf(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a refusal names at least one field");
        }
        return errors.get(0).field() + ": " + errors.get(0).message();
    }

    /** The field at fault: an FL refusal always names one. */
    @Override
    public String field() {
        return errors().get(0).field();
    }
}
