package io.ppml.ratelimit.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Counts requests against quotas, one Bucket4j token bucket per quota and subject (an API key's id, a tenant's id),
 * held in this process's memory. A request is one token from each bucket that applies, taken from all or from none:
 * when one bucket is empty, the tokens already taken for that request are put back, so a refused request costs no
 * quota anywhere. (Two requests racing for the last tokens may then both be refused where one could have passed —
 * the error is always on the side of the limit.)
 *
 * <p>Each bucket refills intervally: its whole quota at the end of every window, counted from its first request.
 * A bucket that has been idle for a window is full, and a full bucket behaves exactly like a new one; so buckets are
 * dropped once full, checked every longest window, and the memory held is that of the subjects active lately.
 */
public final class RateLimiter {

    private final TimeMeter time;
    private final ConcurrentMap<Subject, Bucket> buckets = new ConcurrentHashMap<>();
    private final long sweepEveryNanos;
    private final AtomicLong lastSweep;

    /**
     * @param time the clock of every bucket
     * @param longestWindow the longest window of the quotas this limiter will count: how often full buckets are
     *         dropped
     */
    public RateLimiter(TimeMeter time, java.time.Duration longestWindow) {
        this.time = time;
        this.sweepEveryNanos = longestWindow.toNanos();
        this.lastSweep = new AtomicLong(time.currentTimeNanos());
    }

    /** One quota applied to one subject: the bucket a request takes its token from. */
    public record Claim(Quota quota, Object subject) {
    }

    private record Subject(Quota quota, Object subject) {
    }

    /** Takes one token for a request from the bucket of every claim, or from none of them. */
    public Decision acquire(List<Claim> claims) {
        if (claims.isEmpty()) {
            throw new IllegalArgumentException("a request is counted against at least one quota");
        }
        sweepWhenDue();
        List<Quota> policies = claims.stream().map(Claim::quota).toList();
        List<Decision.Usage> usages = new ArrayList<>(claims.size());
        for (Claim claim : claims) {
            ConsumptionProbe probe = consume(claim);
            if (!probe.isConsumed()) {
                for (int i = 0; i < usages.size(); i++) {
                    giveBack(claims.get(i));
                }
                return new Decision(false, policies,
                        new Decision.Usage(claim.quota(), 0, seconds(probe.getNanosToWaitForRefill())));
            }
            usages.add(new Decision.Usage(claim.quota(), probe.getRemainingTokens(),
                    seconds(probe.getNanosToWaitForReset())));
        }
        Decision.Usage tightest = usages.stream().min(Comparator.comparingLong(Decision.Usage::remaining)
                .thenComparing(Comparator.comparingLong(Decision.Usage::resetSeconds).reversed())).orElseThrow();
        return new Decision(true, policies, tightest);
    }

    /** How many buckets are held: those of subjects that used a quota within about its last window. */
    public int bucketCount() {
        return buckets.size();
    }

    private ConsumptionProbe consume(Claim claim) {
        ConsumptionProbe[] probe = new ConsumptionProbe[1];
        // in compute, so that a sweep cannot drop the bucket between its lookup and the take
        buckets.compute(new Subject(claim.quota(), claim.subject()), (subject, bucket) -> {
            Bucket current = bucket != null ? bucket : newBucket(claim.quota());
            probe[0] = current.tryConsumeAndReturnRemaining(1);
            return current;
        });
        return probe[0];
    }

    private void giveBack(Claim claim) {
        // addTokens never fills a bucket beyond its quota, so a window that ended meanwhile is not overfilled
        buckets.computeIfPresent(new Subject(claim.quota(), claim.subject()), (subject, bucket) -> {
            bucket.addTokens(1);
            return bucket;
        });
    }

    private Bucket newBucket(Quota quota) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(quota.requests()).refillIntervally(quota.requests(), quota.window()))
                .withCustomTimePrecision(time)
                .build();
    }

    private void sweepWhenDue() {
        long now = time.currentTimeNanos();
        long last = lastSweep.get();
        if (now - last < sweepEveryNanos || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        for (Subject subject : buckets.keySet()) {
            buckets.computeIfPresent(subject,
                    (s, bucket) -> bucket.getAvailableTokens() >= s.quota().requests() ? null : bucket);
        }
    }

    /** Nanoseconds as whole seconds, rounded up: a client told to wait never comes back too early. */
    static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
