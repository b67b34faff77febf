package io.ppml.dp.core;

/**
 * A calibrated additive-noise mechanism: every call to {@code addNoise} is one release that costs {@link #loss()}
 * (the mechanism keeps no state and does not count releases — the caller charges the budget).
 *
 * <p>Implementations resist the floating-point attack (see the package documentation): inputs are rounded to a
 * power-of-two grid of {@link #granularity()} chosen from public parameters only, exact integer noise is added, and
 * the exact result is converted to a double at the end. Every output is an integer multiple of the granularity.
 */
public sealed interface NoiseMechanism permits LaplaceMechanism, GaussianMechanism {

    /** The value plus fresh noise. @throws IllegalArgumentException if the value is NaN or infinite */
    double addNoise(double value);

    /**
     * Each coordinate plus independent fresh noise — one release of the whole vector, whose sensitivity (L1 for
     * Laplace, L2 for Gaussian) the mechanism was calibrated for.
     *
     * @throws IllegalArgumentException if a value is NaN or infinite (nothing is released then), or if there are more
     *                                  values than the dimension the mechanism was calibrated for
     */
    double[] addNoise(double[] values);

    /**
     * A half-width h such that each released coordinate lies within h of its true value with probability at least
     * {@code level}, computed from the noise distribution (and covering the rounding of the input to the grid).
     */
    double confidenceHalfWidth(double level);

    /** The noise scale: b of the Laplace distribution, σ of the Gaussian. */
    double scale();

    /** The grid spacing g (a power of two). */
    double granularity();

    /** The sensitivity the mechanism was calibrated for (L1 for Laplace, L2 for Gaussian). */
    double sensitivity();

    /** The number of coordinates the calibration pays grid rounding for. */
    int dimension();

    MechanismKind kind();

    /** The cost of one release. */
    PrivacyLoss loss();
}
