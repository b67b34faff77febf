package io.ppml.dp.core;

/**
 * A query the statistics core refuses, naming the request field at fault (e.g. {@code "epsilon"}, {@code "upper"},
 * {@code "values[3]"}); the service answers it with 400 and that field.
 */
public class DpQueryException extends RuntimeException {

    private final String field;

    public DpQueryException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
