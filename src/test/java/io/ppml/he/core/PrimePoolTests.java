package io.ppml.he.core;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.ppml.he.core.PaillierKeyGenerator.PrimeWithFactors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The prime pool: keys from pooled primes are valid, a prime is handed out at most once (also to concurrent
 * takers), the pool refills, a request falls back to generating on demand when the pool is empty or slow, and
 * closing stops the refill thread and drops the primes. Waits are bounded but generous (the machine may be busy);
 * nothing asserts how fast anything is.
 */
class PrimePoolTests {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** Small primes for the pool's mechanics, where the size does not matter: found in milliseconds. */
    private static final int SMALL_BITS = 128;

    @Test
    void shouldMakeValidKeysFromPooledPrimes() {
        try (PrimePool pool = new PrimePool(2048, 4)) {
            pool.start();
            await().atMost(PATIENCE).until(() -> pool.available() == 4);

            PaillierPrivateKey first = PaillierPrivateKey.generate(2048, pool);
            PaillierPrivateKey second = PaillierPrivateKey.generate(2048, pool);

            assertThat(pool.takenFromPool()).isEqualTo(4);
            assertThat(pool.generatedOnDemand()).isZero();
            assertThat(new HashSet<>(List.of(first.p(), first.q(), second.p(), second.q()))).hasSize(4);
            for (PaillierPrivateKey key : List.of(first, second)) {
                assertValid(key);
            }
        }
    }

    @Test
    void shouldDropTheSecondPrimeOfAPairThatFailsAKeyCheck() {
        PrimeWithFactors p = PaillierKeyGenerator.generatePrime(1024);
        PrimeWithFactors q = PaillierKeyGenerator.generatePrime(1024);
        // p twice (p = q fails |p − q| > 2^924), then q: the key must be (p, q), made of three takes
        List<PrimeWithFactors> queue = new ArrayList<>(List.of(p, p, q));
        try (PrimePool pool = new PrimePool(1024, 3, (bits, stop) -> queue.isEmpty() ? null : queue.remove(0))) {
            pool.start();
            await().atMost(PATIENCE).until(() -> pool.available() == 3);

            PaillierPrivateKey key = PaillierPrivateKey.generate(2048, pool);

            assertThat(pool.takenFromPool()).isEqualTo(3);
            assertThat(pool.generatedOnDemand()).isZero();
            assertThat(List.of(key.p(), key.q())).containsExactlyInAnyOrder(p.prime(), q.prime());
            assertValid(key);
        }
    }

    @Test
    void shouldNeverHandOutAPrimeTwiceToConcurrentTakers() throws Exception {
        // distinct fake "primes" far above SMALL_BITS, so they cannot collide with the on-demand fallback's primes
        AtomicInteger made = new AtomicInteger();
        PrimePool.Generator numbered = (bits, stop) -> numbered(made.incrementAndGet());
        int threads = 4;
        int takesEach = 400;
        List<BigInteger> taken = Collections.synchronizedList(new ArrayList<>());
        try (PrimePool pool = new PrimePool(SMALL_BITS, 16, numbered)) {
            pool.start();
            await().atMost(PATIENCE).until(() -> pool.available() == 16);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(executor.submit(() -> {
                        go.await();
                        for (int i = 0; i < takesEach; i++) {
                            taken.add(pool.take(SMALL_BITS).prime());
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                executor.shutdownNow();
            }
            assertThat(taken).hasSize(threads * takesEach);
            assertThat(new HashSet<>(taken)).hasSize(threads * takesEach);
            assertThat(pool.takenFromPool() + pool.generatedOnDemand()).isEqualTo(threads * takesEach);
            assertThat(pool.takenFromPool()).isGreaterThanOrEqualTo(16);
            // the numbered primes handed out are exactly the takes the pool counts as its own
            long fromPool = taken.stream().filter(x -> x.bitLength() > SMALL_BITS + 1).count();
            assertThat(fromPool).isEqualTo(pool.takenFromPool());
        }
    }

    @Test
    void shouldRefillAfterTakes() {
        AtomicInteger searches = new AtomicInteger();
        PrimePool.Generator counting = (bits, stop) -> {
            searches.incrementAndGet();
            return PaillierKeyGenerator.generatePrime(bits, stop);
        };
        try (PrimePool pool = new PrimePool(SMALL_BITS, 4, counting)) {
            pool.start();
            await().atMost(PATIENCE).until(() -> pool.available() == 4);
            for (int i = 0; i < 3; i++) {
                pool.take(SMALL_BITS);
            }
            assertThat(pool.takenFromPool()).isEqualTo(3);

            await().atMost(PATIENCE).until(() -> pool.available() == 4);
            assertThat(searches.get()).isGreaterThanOrEqualTo(7);
            assertThat(pool.refilling()).isTrue();
        }
    }

    @Test
    void shouldGenerateOnDemandBeforeStartWhenEmptyAndForAnotherSize() {
        try (PrimePool pool = new PrimePool(2048, 2)) {
            PrimeWithFactors prime = pool.take(1024); // not started: empty
            assertThat(prime.prime().bitLength()).isEqualTo(1024);
            assertThat(prime.factors().factor(prime.prime())).isTrue();

            PrimeWithFactors other = pool.take(SMALL_BITS); // a size the pool does not keep
            assertThat(other.prime().bitLength()).isEqualTo(SMALL_BITS);
            assertThat(other.factors().factor(other.prime())).isTrue();

            assertThat(pool.generatedOnDemand()).isEqualTo(2);
            assertThat(pool.takenFromPool()).isZero();
            assertThat(pool.refilling()).isFalse();
        }
    }

    @Test
    void shouldNotMakeARequestWaitForASlowRefill() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch searching = new CountDownLatch(1);
        PrimePool.Generator stuck = (bits, stop) -> {
            searching.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                return null;
            }
            return PaillierKeyGenerator.generatePrime(bits, stop);
        };
        try (PrimePool pool = new PrimePool(SMALL_BITS, 2, stuck)) {
            pool.start();
            searching.await();

            PrimeWithFactors prime = pool.take(SMALL_BITS); // the refill thread is stuck in its first search

            assertThat(prime.factors().factor(prime.prime())).isTrue();
            assertThat(pool.generatedOnDemand()).isEqualTo(1);
            assertThat(pool.available()).isZero();
            release.countDown();
            await().atMost(PATIENCE).until(() -> pool.available() == 2);
        }
    }

    @Test
    void shouldStopTheRefillThreadAndDropThePrimesOnClose() {
        PrimePool pool = new PrimePool(SMALL_BITS, 3, PaillierKeyGenerator::generatePrime);
        pool.start();
        await().atMost(PATIENCE).until(() -> pool.available() == 3);
        assertThat(pool.refilling()).isTrue();

        pool.close();

        await().atMost(PATIENCE).until(() -> !pool.refilling());
        assertThat(pool.available()).isZero();
        pool.start(); // a closed pool does not start again
        assertThat(pool.refilling()).isFalse();
        PrimeWithFactors prime = pool.take(SMALL_BITS);
        assertThat(prime.factors().factor(prime.prime())).isTrue();
        assertThat(pool.takenFromPool()).isZero();
        assertThat(pool.generatedOnDemand()).isEqualTo(1);
        pool.close(); // idempotent
    }

    @Test
    void shouldAddNothingFromASearchThatWasRunningWhenClosed() throws Exception {
        CountDownLatch searching = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        PrimeWithFactors late = PaillierKeyGenerator.generatePrime(SMALL_BITS);
        PrimePool.Generator slow = (bits, stop) -> {
            searching.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                // close() interrupts: return the prime anyway, after close() has emptied the pool
            }
            return late;
        };
        PrimePool pool = new PrimePool(SMALL_BITS, 2, slow);
        pool.start();
        searching.await();

        pool.close();
        finish.countDown();

        await().atMost(PATIENCE).until(() -> !pool.refilling());
        assertThat(pool.available()).isZero();
    }

    @Test
    void shouldGenerateEveryPrimeOnDemandWithoutAPool() {
        PaillierPrivateKey key = PaillierPrivateKey.generate(2048, PrimeSource.onDemand());
        assertValid(key);
    }

    @Test
    void shouldRefuseCapacitiesAndSizesOutOfRange() {
        assertThatThrownBy(() -> new PrimePool(2048, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrimePool(2048, PrimePool.MAX_CAPACITY + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrimePool(1024, 4)).isInstanceOf(HeException.class);
    }

    @Test
    void shouldNotPrintPrimes() {
        PrimeWithFactors prime = PaillierKeyGenerator.generatePrime(SMALL_BITS);
        assertThat(prime.toString()).doesNotContain(prime.prime().toString())
                .doesNotContain(prime.factors().u().toString());
        assertThat(prime.factors().toString()).doesNotContain(prime.factors().v().toString());
    }

    /** Round trip, the PrimeFactors of both primes (re-checked by {@link PaillierPrivateKey#fromBytes}), sizes. */
    private static void assertValid(PaillierPrivateKey key) {
        BigInteger n = key.publicKey().modulus();
        assertThat(n.bitLength()).isEqualTo(2048);
        assertThat(key.p().bitLength()).isEqualTo(1024);
        assertThat(key.q().bitLength()).isEqualTo(1024);
        assertThat(key.p().multiply(key.q())).isEqualTo(n);
        assertThat(key.q().subtract(key.p())).isGreaterThan(BigInteger.ONE.shiftLeft(1024 - 100));
        assertThat(key.publicKey().encryptionMethod()).isEqualTo(EncryptionMethod.CRT_GENERATOR);
        assertThat(PaillierPrivateKey.fromBytes(key.toBytes())).isEqualTo(key);
        for (long value : new long[]{0, 1, -1, 123_456_789_012L}) {
            EncryptedNumber c = key.publicKey().encrypt(value);
            assertThat(key.decrypt(c).toBigIntegerExact()).isEqualTo(BigInteger.valueOf(value));
        }
        assertThat(key.decrypt(key.publicKey().encrypt(40).add(key.publicKey().encrypt(2))).toBigIntegerExact())
                .isEqualTo(BigInteger.valueOf(42));
    }

    private static PrimeWithFactors numbered(int i) {
        BigInteger value = BigInteger.ONE.shiftLeft(4 * SMALL_BITS).add(BigInteger.valueOf(i));
        return new PrimeWithFactors(value, new PrimeFactors(BigInteger.valueOf(i), BigInteger.valueOf(i + 1)));
    }
}
