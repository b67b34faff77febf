package io.ppml.dp.core;

/** The noise distributions the service offers. */
public enum MechanismKind {
    /** Discrete Laplace noise on a power-of-two grid: pure ε-differential privacy. */
    LAPLACE,
    /** Discrete Gaussian noise on a power-of-two grid: ρ-zCDP, reported as (ε, δ)-differential privacy. */
    GAUSSIAN
}
