package io.ppml.persistence;

/**
 * A failure after the request had already done something that must stay done — a privacy charge for a release
 * that had begun. {@link Idempotency} commits the request's transaction instead of rolling it back, records the
 * failure under the request's {@code Idempotency-Key} (a retry replays the failure and is not charged again), and
 * only then lets it reach the caller, as a 500 whose detail says the charge was kept. Throw it only after undoing,
 * in a savepoint, whatever must not be kept (the noisy answer, its receipt): the rule it serves is that a failure
 * after a charge keeps the charge and releases nothing, so that whether a request is charged can never depend on
 * the data it read.
 */
public class KeptEffectsFailure extends RuntimeException {

    public KeptEffectsFailure(String detail) {
        super(detail, null, false, false);
    }

    /** What the caller is told. */
    public String detail() {
        return getMessage();
    }
}
