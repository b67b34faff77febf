package io.ppml.dp.core;

import java.util.Set;

/** The statistics {@link DpStatistics#prepare} releases; see there for each one's sensitivity and budget split. */
public enum Statistic {
    COUNT, SUM, MEAN, VARIANCE, STDDEV, QUANTILES, HISTOGRAM;

    /**
     * The optional request parameters this statistic reads, by the names requests give them: {@code lower} and
     * {@code upper} (the clamping bounds), {@code quantiles}, a histogram's {@code categories} or {@code bins}, and
     * the {@code buckets} a histogram's plan is made for. A request that gives any other is refused: a parameter
     * that changes nothing (bounds on a COUNT, which counts every value) is a misunderstanding to point out, not to
     * answer as if it had been meant.
     */
    public Set<String> parameters() {
        return switch (this) {
            case COUNT -> Set.of();
            case SUM, MEAN, VARIANCE, STDDEV -> Set.of("lower", "upper");
            case QUANTILES -> Set.of("lower", "upper", "quantiles");
            case HISTOGRAM -> Set.of("categories", "bins", "buckets");
        };
    }
}
