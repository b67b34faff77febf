package io.ppml.he;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.ppml.he.core.PrimePool;
import io.ppml.he.core.PrimeSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code ppml.he.prime-pool.*} properties: a pool by default, started only once the application is ready and
 * closed with the context; the plain on-demand source when disabled; out-of-range settings stop startup.
 */
class HePrimePoolConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, HePrimePoolConfiguration.class);

    @Test
    void shouldKeepEightPrimesForThe2048BitKeysByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            PrimePool pool = (PrimePool) context.getBean(PrimeSource.class);
            assertThat(pool.capacity()).isEqualTo(8);
            assertThat(pool.primeBits()).isEqualTo(1024);
            assertThat(pool.refilling()).isFalse(); // nothing is searched for before the application is ready
            assertThat(pool.available()).isZero();
        });
    }

    @Test
    void shouldStartFillingWhenReadyAndStopAndEmptyOnClose() {
        AtomicReference<PrimePool> started = new AtomicReference<>();
        runner.withPropertyValues("ppml.he.prime-pool.size=2").run(context -> {
            PrimePool pool = (PrimePool) context.getBean(PrimeSource.class);
            context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
                    (ConfigurableApplicationContext) context.getSourceApplicationContext(), Duration.ZERO));
            await().atMost(Duration.ofMinutes(3)).until(() -> pool.available() == 2);
            assertThat(pool.refilling()).isTrue();
            started.set(pool);
        });
        PrimePool closed = started.get();
        await().atMost(Duration.ofMinutes(1)).until(() -> !closed.refilling());
        assertThat(closed.available()).isZero();
        assertThat(closed.toString()).isEqualTo("PrimePool[1024-bit primes, 0 of 2]");
    }

    @Test
    void shouldGenerateOnDemandWhenDisabled() {
        runner.withPropertyValues("ppml.he.prime-pool.enabled=false").run(context ->
                assertThat(context.getBean(PrimeSource.class)).isSameAs(PrimeSource.onDemand()));
    }

    @Test
    void shouldServe3072BitKeysWhenAskedTo() {
        runner.withPropertyValues("ppml.he.prime-pool.modulus-bits=3072", "ppml.he.prime-pool.size=4").run(context -> {
            PrimePool pool = (PrimePool) context.getBean(PrimeSource.class);
            assertThat(pool.primeBits()).isEqualTo(1536);
            assertThat(pool.capacity()).isEqualTo(4);
        });
    }

    @Test
    void shouldRefuseToStartWithAnEmptyOrHugePoolOrAnotherKeySize() {
        runner.withPropertyValues("ppml.he.prime-pool.size=0").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("ppml.he.prime-pool.size")
                        .hasStackTraceContaining("ppml.he.prime-pool.enabled=false"));
        runner.withPropertyValues("ppml.he.prime-pool.size=257").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("ppml.he.prime-pool.size"));
        runner.withPropertyValues("ppml.he.prime-pool.modulus-bits=1024").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("ppml.he.prime-pool.modulus-bits"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HePrimePoolProperties.class)
    static class Properties {
    }
}
