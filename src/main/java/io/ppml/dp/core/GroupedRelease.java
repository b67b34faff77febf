package io.ppml.dp.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A statistic over stored rows, bounded per person and optionally split into groups, prepared as one release.
 *
 * <p><b>Contribution bounding.</b> With a privacy unit, each unit keeps at most c = {@code maxContributions} rows (the
 * first ones in the order given, i.e. upload order) and sensitivities scale with that bound c; without one, every row
 * is its own unit and c = 1.
 *
 * <p><b>Groups.</b> With groups, one result per declared group, released as one vector: the groups are disjoint in
 * rows, so one person's at most c rows change the whole vector of group aggregates by at most what c rows change one
 * group's (c for counts, c·max|x| for sums; in L1, hence also in L2). Each group is therefore calibrated for that
 * sensitivity with the full ε (or ρ) and the release is charged once, for its costliest group — without a privacy
 * unit (c = 1) this is parallel composition (McSherry 2009, Thm 4). What one person can touch in up to
 * k = min(c, groups) groups — the grid rounding and the floating-point error of each touched group — is paid k times
 * ({@link StatisticQuery#groupsPerUnit()}). Group keys come only from the declared list, never from the data; a row
 * whose key is not declared falls in no group.
 *
 * <p>Every group is prepared with {@code allowEmpty}: whether a group is empty is private, so it is answered with
 * noise like any other.
 */
public final class GroupedRelease {

    /** The name of the one group of an ungrouped release. */
    public static final String UNGROUPED = "";

    /**
     * One stored row as a release reads it.
     *
     * @param unit     the privacy unit the row belongs to; null when each row is its own unit
     * @param group    the row's group key; ignored for an ungrouped release
     * @param number   the value a numeric statistic reads (COUNT reads none: any number will do)
     * @param category the value a categorical HISTOGRAM reads (other statistics ignore it)
     */
    public record Row(@Nullable String unit, @Nullable String group, double number, @Nullable String category) {
    }

    private final List<String> groups;
    private final List<PreparedRelease> parts;
    private final PrivacyLoss totalLoss;

    private GroupedRelease(List<String> groups, List<PreparedRelease> parts, PrivacyLoss totalLoss) {
        this.groups = List.copyOf(groups);
        this.parts = List.copyOf(parts);
        this.totalLoss = totalLoss;
    }

    /**
     * @param template         the public part of the query (statistic, bounds, quantiles, categories or bins, ε, δ,
     *                         mechanism, level); its rows, contributionsPerUnit and groupsPerUnit are ignored
     * @param rows             the stored rows, in upload order
     * @param maxContributions c, the most rows one unit keeps (1 when rows have no unit)
     * @param groups           the declared group keys, in the order to release them; null for one ungrouped result
     * @param maxValues        the most rows the data may hold (public: it sizes the floating-point error bound)
     * @throws DpQueryException when the query is invalid, naming the field
     */
    public static GroupedRelease prepare(StatisticQuery template, List<Row> rows, int maxContributions,
                                         @Nullable List<String> groups, int maxValues) {
        if (groups != null && groups.isEmpty()) {
            throw new IllegalArgumentException("a grouped release needs at least one declared group");
        }
        Map<String, List<Row>> split = split(bound(rows, maxContributions), groups);
        int groupsPerUnit = Math.min(maxContributions, split.size());
        boolean categorical = template.statistic() == Statistic.HISTOGRAM && !template.categories().isEmpty();
        List<PreparedRelease> parts = new ArrayList<>(split.size());
        for (List<Row> group : split.values()) {
            double[] numbers = new double[categorical ? 0 : group.size()];
            List<String> categories = new ArrayList<>(categorical ? group.size() : 0);
            for (int i = 0; i < group.size(); i++) {
                if (categorical) {
                    categories.add(group.get(i).category());
                } else {
                    numbers[i] = group.get(i).number();
                }
            }
            parts.add(DpStatistics.prepare(template.withRows(numbers, categories, maxContributions, groupsPerUnit),
                    maxValues, true));
        }
        return new GroupedRelease(new ArrayList<>(split.keySet()), parts, costliest(parts));
    }

    /** Each unit keeps its first {@code max} rows; rows without a unit are kept, each its own unit. */
    static List<Row> bound(List<Row> rows, int max) {
        Map<String, Integer> seen = new HashMap<>();
        List<Row> kept = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.unit() == null || seen.merge(row.unit(), 1, Integer::sum) <= max) {
                kept.add(row);
            }
        }
        return kept;
    }

    /** The rows of each declared group, in the declared order; one group {@link #UNGROUPED} without groups. */
    static Map<String, List<Row>> split(List<Row> rows, @Nullable List<String> groups) {
        Map<String, List<Row>> split = new LinkedHashMap<>();
        if (groups == null) {
            split.put(UNGROUPED, rows);
            return split;
        }
        groups.forEach(group -> split.put(group, new ArrayList<>()));
        for (Row row : rows) {
            List<Row> group = row.group() == null ? null : split.get(row.group());
            if (group != null) {
                group.add(row);
            }
        }
        return split;
    }

    /** One release of the whole vector of groups: charged once, for its costliest group (ε and ρ alike). */
    private static PrivacyLoss costliest(List<PreparedRelease> parts) {
        PrivacyLoss first = parts.get(0).totalLoss();
        double epsilon = 0;
        double rho = 0;
        for (PreparedRelease part : parts) {
            epsilon = Math.max(epsilon, part.totalLoss().epsilon());
            rho = Math.max(rho, part.totalLoss().rho());
        }
        return new PrivacyLoss(epsilon, first.delta(), rho);
    }

    /** The group keys, in release order; the one key {@link #UNGROUPED} for an ungrouped release. */
    public List<String> groups() {
        return groups;
    }

    /** One prepared release per group, in the order of {@link #groups()}. */
    public List<PreparedRelease> parts() {
        return parts;
    }

    /** What the whole vector costs: the largest ε and the largest ρ of its groups. */
    public PrivacyLoss totalLoss() {
        return totalLoss;
    }

    @Override
    public String toString() {
        return "GroupedRelease[" + groups.size() + " groups, " + totalLoss + "]";
    }
}
