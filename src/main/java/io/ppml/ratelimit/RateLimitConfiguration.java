package io.ppml.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import io.github.bucket4j.TimeMeter;
import io.ppml.ratelimit.core.Quota;
import io.ppml.ratelimit.core.RateLimiter;
import io.ppml.web.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the rate limits on the tenant API when {@code ppml.rate-limit.enabled} (the default). The admin endpoints are
 * left out: the admin token is one operator's, who is not a tenant competing for the service.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ppml.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

    /** The buckets' time: the service's clock, so that a test which moves the one moves the other. */
    @Bean
    TimeMeter rateLimitTime(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    @Bean
    RateLimiter rateLimiter(TimeMeter rateLimitTime, RateLimitProperties properties) {
        Duration longest = Stream.of(properties.keyQuota(), properties.tenantQuota(), properties.expensiveQuota())
                .map(Quota::window).max(Duration::compareTo).orElseThrow();
        return new RateLimiter(rateLimitTime, longest);
    }

    @Bean
    WebMvcConfigurer rateLimits(RateLimiter rateLimiter, RateLimitProperties properties, Problems problems) {
        RateLimitInterceptor interceptor = new RateLimitInterceptor(rateLimiter, properties, problems);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor).addPathPatterns("/v1/**").excludePathPatterns("/v1/admin/**");
            }
        };
    }
}
