package io.ppml.he;

import io.ppml.he.core.PrimePool;
import io.ppml.he.core.PrimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where {@link HeKeyService} takes the primes of new keys: a {@link PrimePool} when
 * {@code ppml.he.prime-pool.enabled} (the default), otherwise {@link PrimeSource#onDemand()}. The pool starts filling
 * once the application is ready, so that its searches neither delay nor compete with startup, and is closed (its
 * thread stopped, its primes dropped) when the context closes.
 */
@Configuration(proxyBeanMethods = false)
class HePrimePoolConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HePrimePoolConfiguration.class);

    /** Closed through its inferred {@code close()} method when it is a pool. */
    @Bean
    PrimeSource hePrimeSource(HePrimePoolProperties properties) {
        if (!properties.enabled()) {
            return PrimeSource.onDemand();
        }
        if (properties.modulusBits() != 2048 && properties.modulusBits() != 3072) {
            throw new IllegalStateException("ppml.he.prime-pool.modulus-bits must be 2048 or 3072, not "
                    + properties.modulusBits());
        }
        if (properties.size() < 1 || properties.size() > PrimePool.MAX_CAPACITY) {
            throw new IllegalStateException("ppml.he.prime-pool.size must be between 1 and " + PrimePool.MAX_CAPACITY
                    + " (set ppml.he.prime-pool.enabled=false for no pool), not " + properties.size());
        }
        return new PrimePool(properties.modulusBits(), properties.size());
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> hePrimePoolStarter(PrimeSource hePrimeSource) {
        return ready -> {
            if (hePrimeSource instanceof PrimePool pool) {
                log.info("Keeping up to {} primes ready for {}-bit HE keys", pool.capacity(), 2 * pool.primeBits());
                pool.start();
            }
        };
    }
}
