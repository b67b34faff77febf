package io.ppml.web;

import io.ppml.persistence.Idempotency;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** How controllers answer what an idempotent service call returned: its body, and whether it was a replay. */
public final class Responses {

    private Responses() {
    }

    /** 200, with {@code Idempotent-Replayed} saying whether this is a replay. */
    public static <T> ResponseEntity<T> ok(Idempotency.Outcome<T> outcome) {
        return ResponseEntity.ok().header(Idempotency.REPLAYED_HEADER, String.valueOf(outcome.replayed()))
                .body(outcome.response());
    }

    /** 201 with {@code Location}, and {@code Idempotent-Replayed} saying whether this is a replay. */
    public static <T> ResponseEntity<T> created(Idempotency.Outcome<T> outcome, String location) {
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.LOCATION, location)
                .header(Idempotency.REPLAYED_HEADER, String.valueOf(outcome.replayed())).body(outcome.response());
    }
}
