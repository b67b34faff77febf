package io.ppml.he.core;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.ppml.he.core.HeException.Problem;
import io.ppml.he.core.PaillierKeyGenerator.PrimeWithFactors;
import org.jspecify.annotations.Nullable;

/**
 * A few primes for one key size, generated ahead of time by one background thread, so that creating a key takes
 * two primes out of memory instead of searching for them for seconds on the request's thread.
 *
 * <h2>Behaviour</h2>
 * {@link #start()} starts one daemon thread ({@link Thread#MIN_PRIORITY}, a hint that HotSpot on Linux ignores
 * unless told otherwise) that keeps up to {@code capacity} primes of |n|/2 bits, one search at a time, and sleeps
 * while the pool is full. {@link #take(int)} removes the oldest prime under the pool's lock, so no prime is handed
 * out twice; when the pool is empty (a burst, a slow refill, or before {@link #start()}) the caller's thread
 * generates a prime exactly as {@link PrimeSource#onDemand()} does, so a request never waits for the refill thread.
 * Primes of another size are always generated on demand. {@link #close()} stops the thread and empties the pool.
 *
 * <h2>Why it is as safe as generating on demand</h2>
 * <ul>
 *   <li>Same distribution: each prime is a {@link PaillierKeyGenerator#generatePrime(int)} search drawing from
 *       {@link io.ppml.crypto.Randomness} and checked with the same primality tests; the primes are independent of
 *       each other and of when or by whom they are taken, and {@link PaillierPrivateKey#generate(int, PrimeSource)}
 *       applies the same key checks to them (a pair that fails drops its second prime and takes another). A key
 *       made from pooled primes is therefore distributed exactly like one made on demand, and a caller learns
 *       nothing from which way its key was made beyond the latency.</li>
 *   <li>Used once: a prime leaves the pool when it is taken and goes into at most one key; a prime that fails a
 *       key check is dropped, never put back.</li>
 *   <li>Memory only: primes are never persisted, serialised or logged ({@code toString()} of a prime and of this
 *       pool shows sizes only); a restart or {@link #close()} discards them. Oldest first, so none waits longer
 *       than it must.</li>
 *   <li>Limit: a {@code BigInteger} cannot be wiped, so a taken or discarded prime stays in the heap until the
 *       garbage collector reuses its memory — as do the primes of every key the service holds while it uses them.
 *       Someone who can read the process's memory learns the next keys' primes, as they could read the keys.</li>
 * </ul>
 */
public final class PrimePool extends PrimeSource implements AutoCloseable {

    /** The largest capacity accepted: a pool is a buffer against bursts, not a store of keys. */
    public static final int MAX_CAPACITY = 256;

    /** How long {@link #close()} waits for the refill thread to notice it should stop (it checks every few ms). */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    /** Searches for one prime, or gives up (null) once {@code stop} says so. */
    @FunctionalInterface
    interface Generator {
        @Nullable PrimeWithFactors generate(int bits, BooleanSupplier stop);
    }

    private final int primeBits;
    private final int capacity;
    private final Generator generator;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<PrimeWithFactors> primes;
    private final LongAdder takenFromPool = new LongAdder();
    private final LongAdder generatedOnDemand = new LongAdder();
    private volatile boolean closed;
    private volatile @Nullable Thread refiller;

    /**
     * A pool of {@code capacity} primes for keys of {@code modulusBits} (2048 or 3072); empty until {@link #start()}.
     */
    public PrimePool(int modulusBits, int capacity) {
        this(primeBits(modulusBits), capacity, PaillierKeyGenerator::generatePrime);
    }

    /** A pool of primes of {@code primeBits} made by {@code generator}: for tests, with a controlled generator. */
    PrimePool(int primeBits, int capacity, Generator generator) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY + ", not " + capacity);
        }
        this.primeBits = primeBits;
        this.capacity = capacity;
        this.generator = generator;
        this.primes = new ArrayDeque<>(capacity);
    }

    private static int primeBits(int modulusBits) {
        if (modulusBits != 2048 && modulusBits != 3072) {
            throw new HeException(Problem.INVALID_KEY, "modulus must have 2048 or 3072 bits, not " + modulusBits);
        }
        return modulusBits / 2;
    }

    /**
     * Starts the refill thread; later calls, and calls after {@link #close()}, do nothing. Until then every prime is
     * generated on demand.
     */
    public void start() {
        lock.lock();
        try {
            if (closed || refiller != null) {
                return;
            }
            Thread thread = new Thread(this::refill, "he-prime-pool");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            refiller = thread;
            thread.start();
        } finally {
            lock.unlock();
        }
    }

    @Override
    PrimeWithFactors take(int bits) {
        if (bits == primeBits) {
            lock.lock();
            try {
                PrimeWithFactors prime = primes.pollFirst();
                if (prime != null) {
                    notFull.signal();
                    takenFromPool.increment();
                    return prime;
                }
            } finally {
                lock.unlock();
            }
        }
        generatedOnDemand.increment();
        return PaillierKeyGenerator.generatePrime(bits);
    }

    private void refill() {
        while (true) {
            lock.lock();
            try {
                while (!closed && primes.size() >= capacity) {
                    notFull.await();
                }
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            PrimeWithFactors prime = generator.generate(primeBits, () -> closed);
            if (prime == null) {
                return;
            }
            lock.lock();
            try {
                // checked under the lock that close() clears under, so nothing is added after the pool was emptied
                if (closed) {
                    return;
                }
                primes.addLast(prime);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Primes of |n|/2 bits this pool holds for keys of 2·{@code primeBits()} bits. */
    public int primeBits() {
        return primeBits;
    }

    public int capacity() {
        return capacity;
    }

    /** How many primes wait in the pool now. */
    public int available() {
        lock.lock();
        try {
            return primes.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many primes were taken from the pool so far. */
    public long takenFromPool() {
        return takenFromPool.sum();
    }

    /** How many primes were generated on the caller's thread because the pool had none (or not of that size). */
    public long generatedOnDemand() {
        return generatedOnDemand.sum();
    }

    /** Whether the refill thread is running. */
    public boolean refilling() {
        Thread thread = refiller;
        return thread != null && thread.isAlive();
    }

    /**
     * Stops the refill thread (waiting a few seconds at most for it to notice) and drops every prime; the pool then
     * generates on demand. Idempotent.
     */
    @Override
    public void close() {
        Thread thread;
        lock.lock();
        try {
            closed = true;
            primes.clear();
            notFull.signalAll();
            thread = refiller;
        } finally {
            lock.unlock();
        }
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
            try {
                thread.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "PrimePool[" + primeBits + "-bit primes, " + available() + " of " + capacity + "]";
    }
}
