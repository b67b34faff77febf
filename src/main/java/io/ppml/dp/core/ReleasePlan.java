package io.ppml.dp.core;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a release is committed to by its public parameters alone, before any row is read: its mechanisms, its cost
 * and — where the interval does not depend on the data — its accuracy. A {@link PreparedRelease} carries the plan it
 * was calibrated with, and its {@link StatisticResult} reports these very figures; {@link DpStatistics#plan} gives the
 * plan without data, so that a dry run states exactly what the release will do.
 *
 * @param statistic   what is released; null for a vector from {@link DpStatistics#noise}
 * @param kind        the noise distribution
 * @param loss        what the release costs: the parts' ε (LAPLACE) or ρ (GAUSSIAN) added up
 * @param parts       one line per noisy part: its name, mechanism, scale, sensitivity and share of the budget
 * @param scale       the noise scale of the main part (the one {@link StatisticResult#scale()} reports)
 * @param sensitivity the sensitivity the main part is calibrated for
 * @param halfWidth   the half-width of the released interval when it depends on public parameters only: COUNT, SUM
 *                    (± this around the answer, up to a relative 1e-12 for the rounding of the interval's own
 *                    arithmetic), HISTOGRAM and a noise vector (each entry ± this, all at once); null for MEAN,
 *                    VARIANCE, STDDEV and QUANTILES, whose intervals are computed from the noisy answer
 * @param level       the confidence level of the interval
 */
public record ReleasePlan(@Nullable Statistic statistic, MechanismKind kind, PrivacyLoss loss, List<String> parts,
                          double scale, double sensitivity, @Nullable Double halfWidth, double level) {

    public ReleasePlan {
        parts = List.copyOf(parts);
    }

    /** The plan of a release made of {@code mechanisms}, named by {@code names}, whose main part is {@code main}. */
    static ReleasePlan of(@Nullable Statistic statistic, Allocation allocation, List<String> names,
                          List<NoiseMechanism> mechanisms, NoiseMechanism main, @Nullable Double halfWidth,
                          double level) {
        List<String> lines = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            lines.add(names.get(i) + ": " + mechanisms.get(i));
        }
        return new ReleasePlan(statistic, main.kind(), allocation.total(mechanisms), lines, main.scale(),
                main.sensitivity(), halfWidth, level);
    }

    /** A scalar answer with its interval, reported with this plan's figures. */
    StatisticResult scalar(double value, ConfidenceInterval ci) {
        return new StatisticResult(statistic, value, ci, List.of(), loss, kind, scale, sensitivity);
    }

    /** An answer of several entries, each with its own interval, summed up by their envelope. */
    StatisticResult entries(Object result, List<ConfidenceInterval> intervals) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double h = 0;
        for (ConfidenceInterval ci : intervals) {
            lo = Math.min(lo, ci.lower());
            hi = Math.max(hi, ci.upper());
            h = Math.max(h, ci.halfWidth());
        }
        return new StatisticResult(statistic, result, new ConfidenceInterval(lo, hi, h, level), intervals, loss, kind,
                scale, sensitivity);
    }
}
