package io.ppml.fl.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The one entry point for a round: the task's {@link AggregationSettings} applied to the round's updates. */
public final class Aggregator {

    private Aggregator() {
    }

    /**
     * The round's aggregated model delta: {@link DpFedAvg} when the settings carry DP, else {@link FedAvg},
     * {@link RobustAggregation#median} or {@link RobustAggregation#trimmedMean} by the rule. For a private task, call
     * it only after the round's cost was charged.
     *
     * @param dimension the task's model dimension; every update must have it
     * @param updates   the round's updates, at least one (a DP round may have none)
     * @param noise     the Gaussian mechanism, required when {@link AggregationSettings#isPrivate()}, else unused
     */
    public static float[] aggregate(AggregationSettings settings, int dimension, List<ClientUpdate> updates,
                                    @Nullable GaussianVectorNoise noise) {
        DpSettings dp = settings.dp();
        if (dp != null) {
            if (noise == null) {
                throw new IllegalArgumentException("a private task's round needs its noise");
            }
            return DpFedAvg.aggregate(dp, dimension, updates, noise);
        }
        return switch (settings.rule()) {
            case FEDAVG -> FedAvg.aggregate(dimension, updates);
            case MEDIAN -> RobustAggregation.median(dimension, updates);
            case TRIMMED_MEAN -> RobustAggregation.trimmedMean(dimension, updates, settings.trimFraction());
        };
    }
}
