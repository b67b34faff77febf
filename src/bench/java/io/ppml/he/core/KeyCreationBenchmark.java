package io.ppml.he.core;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Latency of creating one 2048-bit Paillier key (the size the service creates by default), sampled one call at a
 * time ({@link Mode#SampleTime}, so JMH reports p50 and p99), with and without the {@link PrimePool}, in the same
 * run. Each key is what {@code HeKeyService} makes: {@link PaillierPrivateKey#generate(int, PrimeSource)}.
 *
 * <ul>
 *   <li>{@code onDemand} (baseline): both primes searched for on the caller's thread, as without a pool.</li>
 *   <li>{@code pooledPaced}: the service's pool (8 primes, one refill thread) in the steady state of keys requested
 *       no faster than the refill makes primes: before every call (outside the measurement) the benchmark waits
 *       until the pool is full again. The wait per key is printed at the end: it is the pace measured.</li>
 *   <li>{@code pooledBackToBack}: the same pool with keys requested one after another without pause, faster than
 *       any refill: after the first four keys most primes come from the on-demand fallback, while the refill
 *       thread competes for the CPU. The honest limit of the pool.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KeyCreationBenchmark {

    private static final int MODULUS_BITS = 2048;
    /** The service's default {@code ppml.he.prime-pool.size}. */
    private static final int POOL_SIZE = 8;

    @State(Scope.Benchmark)
    public static class Pool {
        PrimePool pool;
        long waitedNanos;
        long keys;

        @Setup(Level.Trial)
        public void start() throws InterruptedException {
            pool = new PrimePool(MODULUS_BITS, POOL_SIZE);
            pool.start();
            awaitFull();
        }

        void awaitFull() throws InterruptedException {
            while (pool.available() < POOL_SIZE) {
                Thread.sleep(5);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            System.out.printf("%n%d keys; %d primes from the pool, %d on demand; waited %.2f s per key for the pool"
                    + " to fill again%n", keys, pool.takenFromPool(), pool.generatedOnDemand(),
                    keys == 0 ? 0.0 : waitedNanos / 1e9 / keys);
            pool.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Paced extends Pool {

        @Setup(Level.Invocation)
        public void awaitRefill() throws InterruptedException {
            long start = System.nanoTime();
            awaitFull();
            waitedNanos += System.nanoTime() - start;
            keys++;
        }
    }

    @State(Scope.Benchmark)
    public static class BackToBack extends Pool {

        @Setup(Level.Invocation)
        public void count() {
            keys++;
        }
    }

    @Benchmark
    public PaillierPrivateKey onDemand() {
        return PaillierPrivateKey.generate(MODULUS_BITS, PrimeSource.onDemand());
    }

    @Benchmark
    public PaillierPrivateKey pooledPaced(Paced s) {
        return PaillierPrivateKey.generate(MODULUS_BITS, s.pool);
    }

    @Benchmark
    public PaillierPrivateKey pooledBackToBack(BackToBack s) {
        return PaillierPrivateKey.generate(MODULUS_BITS, s.pool);
    }
}
