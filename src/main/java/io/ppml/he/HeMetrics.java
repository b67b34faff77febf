package io.ppml.he;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ppml.refusal.Refusal;
import org.springframework.stereotype.Component;

/**
 * {@code ppml_he_operations_seconds{operation, outcome}}: how long each homomorphic-encryption operation took —
 * {@code keygen}, {@code import}, {@code rotate}, {@code encrypt}, the compute operations ({@code add}, {@code sum},
 * {@code multiply-plain}, ...) and {@code decrypt} — and whether it succeeded ({@code ok}), was refused
 * ({@code refused}: bad input, a tag that does not verify, a key the service cannot use) or failed ({@code error}).
 * Replays of an idempotent request did no work and are not timed.
 *
 * <p>Fixed buckets from 1 ms to 30 s rather than Micrometer's fine-grained histogram: they span a single encryption
 * to a 3072-bit key generation in a dozen series per operation.
 */
@Component
class HeMetrics {

    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;

    HeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs {@code work}, timed as {@code operation}. */
    <T> T time(String operation, Supplier<T> work) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "ok";
            return result;
        } catch (Refusal refused) {
            outcome = "refused";
            throw refused;
        } finally {
            Timer.builder("ppml.he.operations")
                    .description("Homomorphic-encryption operations and their latency")
                    .tag("operation", operation).tag("outcome", outcome)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The label of a compute operation: {@code ADD_PLAIN} is {@code add-plain}. */
    static String label(HeDtos.Operation operation) {
        return operation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
