package io.ppml.persistence;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code journal} in {@code /actuator/health} and the readiness group: down once the durability journal has failed,
 * since no charged request can succeed until the service is restarted (and has replayed what the journal holds).
 */
@Component
class JournalHealthIndicator implements HealthIndicator {

    private final DurableJournal journal;

    JournalHealthIndicator(DurableJournal journal) {
        this.journal = journal;
    }

    @Override
    public Health health() {
        if (!journal.enabled()) {
            return Health.up().withDetail("journal", "off: the database's commits are durable").build();
        }
        return journal.failure() == null ? Health.up().build()
                : Health.down().withDetail("error", "the durability journal failed; restart the service").build();
    }
}
