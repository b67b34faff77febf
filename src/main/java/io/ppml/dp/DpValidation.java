package io.ppml.dp;

import java.util.List;
import java.util.Set;

import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

/** Bean validation for request objects built by hand (the CSV upload), answered like {@code @Valid} is. */
@Component
class DpValidation {

    private final Validator validator;

    DpValidation(Validator validator) {
        this.validator = validator;
    }

    void validate(Object request) {
        Set<ConstraintViolation<Object>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            List<FieldError> errors = violations.stream()
                    .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage())).toList();
            throw Refusal.invalid(errors);
        }
    }
}
