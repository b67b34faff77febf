package io.ppml.dp;

import java.util.List;
import java.util.UUID;

import io.ppml.dp.core.DpPreconditions;
import io.ppml.dp.core.DpQueryException;
import io.ppml.dp.core.DpStatistics;
import io.ppml.dp.core.MechanismKind;
import io.ppml.dp.core.PreparedRelease;
import io.ppml.refusal.Refusal;
import io.ppml.tenant.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Differentially private releases for other modules (a DP-noised decrypt, a federated round): Laplace noise on
 * values whose L1 sensitivity the caller states, charged to the tenant's budget before the noise is drawn, with a
 * receipt. Runs in the caller's transaction, so the charge commits or rolls back with the caller's work.
 */
@Service
public class DpReleases {

    private final DpService dp;

    DpReleases(DpService dp) {
        this.dp = dp;
    }

    /** The released values with their cost, scale, a simultaneous confidence half-width and the receipt. */
    public record Noisy(double[] values, double epsilon, double scale, double halfWidth, double level,
            UUID receiptId, double epsilonRemaining) {
    }

    /**
     * Adds Laplace noise of scale sensitivity/ε to every value (one release of the whole vector) and charges ε.
     *
     * @throws Refusal 400 for an invalid ε or sensitivity, 403 {@code budget-exhausted} when it does not fit
     */
    public Noisy addNoise(Caller caller, double[] values, double sensitivity, double epsilon, String operation,
            String resource, @Nullable String idempotencyKey) {
        // values beyond the doubles (a huge decrypted plaintext) saturate instead of being refused: clamping is
        // 1-Lipschitz, so it keeps the stated sensitivity, and a refusal would depend on the private values
        double[] saturated = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            saturated[i] = Double.isNaN(values[i]) ? 0 : Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE,
                    values[i]));
        }
        PreparedRelease prepared;
        try {
            prepared = DpStatistics.noise(saturated, sensitivity, DpService.calibrationEpsilon(epsilon), 0,
                    MechanismKind.LAPLACE, DpPreconditions.DEFAULT_CONFIDENCE_LEVEL);
        } catch (DpQueryException e) {
            // the core names its own argument; in the calling module's request it is the "dp" object's field
            throw Refusal.invalid("dp." + e.field(), e.reason());
        }
        DpService.Released released = dp.releaseNoise(caller, idempotencyKey, operation, resource, epsilon, prepared);
        var result = released.results().get(0);
        @SuppressWarnings("unchecked")
        List<Double> noisy = (List<Double>) result.result();
        return new Noisy(noisy.stream().mapToDouble(Double::doubleValue).toArray(), released.privacy().epsilon(),
                result.scale(), result.confidenceInterval().halfWidth(), result.confidenceInterval().level(),
                released.receiptId(), released.left().epsilonRemaining());
    }
}
