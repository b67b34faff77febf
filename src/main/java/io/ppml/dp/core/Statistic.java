package io.ppml.dp.core;

/** The statistics {@link DpStatistics#prepare} releases; see there for each one's sensitivity and budget split. */
public enum Statistic {
    COUNT, SUM, MEAN, VARIANCE, STDDEV, QUANTILES, HISTOGRAM
}
