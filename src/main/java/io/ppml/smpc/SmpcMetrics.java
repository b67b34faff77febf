package io.ppml.smpc;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ppml.persistence.AfterCommit;
import org.springframework.stereotype.Component;

/**
 * {@code ppml_smpc_submissions_total{outcome, reason}}: shares submitted to this node's sessions — {@code accepted}
 * (counted once stored: after its transaction commits), {@code replayed} (the same submission again, answered as
 * before) or {@code refused} with one {@link Reason}. Labels come from these fixed sets only, never from a session
 * or contributor id.
 */
@Component
class SmpcMetrics {

    /** Why a submission was refused. */
    enum Reason {
        /** Not a share of the session: wrong length, not field elements, blinding or commitments amiss. */
        INVALID,
        /** No such session for the tenant. */
        NOT_FOUND,
        /** The session is closed or past its deadline. */
        SESSION_CLOSED,
        /** The contributor already submitted, or the submissionId names another submission. */
        DUPLICATE,
        /** The contributor belongs to another key, or the key reached the session's contributorsPerKey. */
        KEY_NOT_ALLOWED,
        /** The share does not open the contributor's Pedersen commitments. */
        COMMITMENT_MISMATCH;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final MeterRegistry registry;

    SmpcMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A submission stored in the current transaction; counted if that transaction commits. */
    void accepted() {
        AfterCommit.run(counter("accepted", "none")::increment);
    }

    void replayed() {
        counter("replayed", "none").increment();
    }

    void refused(Reason reason) {
        counter("refused", reason.label()).increment();
    }

    private Counter counter(String outcome, String reason) {
        return Counter.builder("ppml.smpc.submissions")
                .description("SMPC share submissions: accepted, replayed, or refused and why")
                .tag("outcome", outcome).tag("reason", reason)
                .register(registry);
    }
}
