package io.ppml.dp.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A statistic computed exactly and calibrated, whose noise is not drawn yet: the service reads {@link #totalLoss()},
 * charges the budget, and only then calls {@link #release()} — exactly once. Nothing here reveals the true values
 * ({@code toString} included); {@link #plan()} holds only public calibration parameters.
 */
public final class PreparedRelease {

    private final ReleasePlan plan;
    private final Supplier<StatisticResult> noise;
    private final AtomicBoolean released = new AtomicBoolean();

    PreparedRelease(ReleasePlan plan, Supplier<StatisticResult> noise) {
        this.plan = plan;
        this.noise = noise;
    }

    /** What the release is calibrated for: the same figures {@link DpStatistics#plan} gives without data. */
    public ReleasePlan plan() {
        return plan;
    }

    /**
     * The cost of the release: for LAPLACE the ε of the parts add up; for GAUSSIAN the ρ of the parts add up (zCDP
     * composition, Bun &amp; Steinke 2016 Lemma 2.3) and (ε, δ) is the requested guarantee, which the total ρ meets
     * ({@code ZcdpConversion.epsilon(rho, delta) <= epsilon}).
     */
    public PrivacyLoss totalLoss() {
        return plan.loss();
    }

    /** One line per noisy part: its name, mechanism, scale, sensitivity and share of the budget. */
    public List<String> mechanisms() {
        return plan.parts();
    }

    public @Nullable Statistic statistic() {
        return plan.statistic();
    }

    /**
     * Draws the noise and returns the result.
     *
     * @throws IllegalStateException on a second call: releasing twice would spend the budget twice
     */
    public StatisticResult release() {
        if (!released.compareAndSet(false, true)) {
            throw new IllegalStateException("this statistic was already released");
        }
        return noise.get();
    }

    @Override
    public String toString() {
        return "PreparedRelease[" + plan.statistic() + ", " + plan.loss() + "]";
    }
}
