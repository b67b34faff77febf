package io.ppml.fl;

import io.ppml.dp.core.vector.VectorGaussian;
import io.ppml.fl.core.GaussianVectorNoise;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * DP-FedAvg's noise: the DP module's exact discrete Gaussian on a power-of-two grid ({@link VectorGaussian}), drawn
 * on every core when {@code ppml.fl.parallel-noise} is true (the default) — a million-coordinate round then waits
 * for its noise a fraction of a second.
 */
@Component
class SecureVectorNoise implements GaussianVectorNoise {

    private final boolean parallel;

    SecureVectorNoise(@Value("${ppml.fl.parallel-noise:true}") boolean parallel) {
        this.parallel = parallel;
    }

    @Override
    public float[] release(double[] values, double l2Sensitivity, double noiseMultiplier) {
        return VectorGaussian.release(values, l2Sensitivity, noiseMultiplier, parallel);
    }
}
