package io.ppml.dp.core;

import java.util.List;

import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;

/**
 * A query the statistics core refuses, naming the request field at fault (e.g. {@code "epsilon"}, {@code "upper"},
 * {@code "values[3]"}). It is an {@link Refusal.Kind#INVALID} refusal, so the web layer answers it with 400 and that
 * field without the shell translating it; a shell that must name the field differently (a prefix for another
 * module's request) throws a new {@link Refusal} built from {@link #field()} and {@link #reason()}.
 */
public class DpQueryException extends Refusal {

    public DpQueryException(String field, String message) {
        super(Kind.INVALID, field + ": " + message, List.of(new FieldError(field, message)));
    }

    /** The field at fault: a DP refusal always names one. */
    @Override
    public String field() {
        return errors().get(0).field();
    }
}
