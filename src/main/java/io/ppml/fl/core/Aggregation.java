package io.ppml.fl.core;

/**
 * How a round's client updates become one model delta (DESIGN §8). The JSON field is {@code aggregation}; the names
 * are the wire values.
 */
public enum Aggregation {
    /**
     * Federated averaging (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from Decentralized
     * Data", Algorithm 1): the average of the updates weighted by each client's {@code numExamples}; with DP settings,
     * DP-FedAvg ({@link DpFedAvg}) instead.
     */
    FEDAVG,
    /** The coordinate-wise median (Yin et al. 2018, "Byzantine-Robust Distributed Learning"), robust to outliers. */
    MEDIAN,
    /**
     * The coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the ⌊trimFraction·n⌋ smallest and
     * largest values and average the rest.
     */
    TRIMMED_MEAN
}
