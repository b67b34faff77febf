package io.ppml.ratelimit.core;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limiter on a hand-moved clock: fixed windows, all-or-none takes, the tightest quota reported, and sweeping. */
class RateLimiterTests {

    /** A clock that moves only when told to. */
    static final class ManualTime implements TimeMeter {
        private long nanos = 1_000_000_000_000L;

        void advance(Duration amount) {
            nanos += amount.toNanos();
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    private final ManualTime time = new ManualTime();
    private final Quota perKey = new Quota("key", 3, Duration.ofSeconds(60));
    private final Quota perTenant = new Quota("tenant", 4, Duration.ofSeconds(60));
    private final RateLimiter limiter = new RateLimiter(time, Duration.ofSeconds(60));
    private final UUID tenant = UUID.randomUUID();

    private Decision request(UUID key) {
        return limiter.acquire(List.of(new RateLimiter.Claim(perKey, key), new RateLimiter.Claim(perTenant, tenant)));
    }

    @Test
    void shouldCountDownTheTightestQuotaAndRefuseWhenItIsEmpty() {
        UUID key = UUID.randomUUID();
        time.advance(Duration.ofSeconds(10));
        Decision first = request(key);
        assertThat(first.allowed()).isTrue();
        assertThat(first.policyField()).isEqualTo("\"key\";q=3;w=60, \"tenant\";q=4;w=60");
        assertThat(first.rateLimitField()).isEqualTo("\"key\";r=2;t=60");
        time.advance(Duration.ofMillis(17_500));
        assertThat(request(key).rateLimitField()).isEqualTo("\"key\";r=1;t=43");
        assertThat(request(key).rateLimitField()).isEqualTo("\"key\";r=0;t=43");

        Decision refused = request(key);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.rateLimitField()).isEqualTo("\"key\";r=0;t=43");
        assertThat(refused.retryAfterSeconds()).isEqualTo(43);
        assertThat(first.retryAfterSeconds()).isZero();
    }

    @Test
    void shouldRestoreTheWholeQuotaWhenTheWindowEnds() {
        UUID key = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(request(key).allowed()).isTrue();
        }
        time.advance(Duration.ofSeconds(59));
        assertThat(request(key).allowed()).isFalse();
        time.advance(Duration.ofSeconds(1));
        Decision restored = request(key);
        assertThat(restored.allowed()).isTrue();
        assertThat(restored.rateLimitField()).isEqualTo("\"key\";r=2;t=60");
    }

    @Test
    void shouldShareTheTenantsQuotaBetweenKeysAndGiveBackWhatARefusalTook() {
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        assertThat(request(one).allowed()).isTrue();
        assertThat(request(one).allowed()).isTrue();
        assertThat(request(two).allowed()).isTrue();
        Decision last = request(two);
        assertThat(last.allowed()).isTrue();
        assertThat(last.rateLimitField()).as("the tenant has none left, key two has one").isEqualTo(
                "\"tenant\";r=0;t=60");

        Decision refused = request(two);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reported().quota()).isEqualTo(perTenant);
        // the key's token taken before the tenant refused was put back: key two still has exactly one
        Decision keyOnly = limiter.acquire(List.of(new RateLimiter.Claim(perKey, two)));
        assertThat(keyOnly.rateLimitField()).isEqualTo("\"key\";r=0;t=60");
        assertThat(limiter.acquire(List.of(new RateLimiter.Claim(perKey, two))).allowed()).isFalse();
    }

    @Test
    void shouldDropOnlyFullBucketsWhenSweeping() {
        UUID idle = UUID.randomUUID();
        request(idle);
        assertThat(limiter.bucketCount()).isEqualTo(2);
        time.advance(Duration.ofSeconds(61));
        UUID busy = UUID.randomUUID();
        // the sweep runs first: the idle key's and the tenant's buckets are full again and go; then busy's come
        request(busy);
        assertThat(limiter.bucketCount()).isEqualTo(2);
        assertThat(request(busy).rateLimitField()).isEqualTo("\"key\";r=1;t=60");
    }

    @Test
    void shouldRefuseQuotasThatTheFieldsCannotState() {
        assertThatThrownBy(() -> new Quota("key", 0, Duration.ofSeconds(1))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new Quota("key", 1, Duration.ofMillis(1500))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> new Quota("Key One", 1, Duration.ofSeconds(1))).hasMessageContaining("name");
        assertThat(RateLimiter.seconds(1)).isEqualTo(1);
        assertThat(RateLimiter.seconds(2_000_000_000L)).isEqualTo(2);
        assertThat(RateLimiter.seconds(0)).isZero();
    }
}
