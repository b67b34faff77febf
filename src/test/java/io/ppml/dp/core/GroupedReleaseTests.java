package io.ppml.dp.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ppml.dp.core.GroupedRelease.Row;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Contribution bounding, group splitting and the one charge of a grouped release. */
class GroupedReleaseTests {

    private static Row row(String unit, String group, double number) {
        return new Row(unit, group, number, null);
    }

    @Test
    void shouldKeepEachUnitsFirstRowsOnly() {
        List<Row> rows = List.of(row("a", "x", 1), row("b", "x", 2), row("a", "y", 3), row("a", "x", 4),
                new Row(null, "x", 5, null), new Row(null, "x", 6, null));
        assertThat(GroupedRelease.bound(rows, 2)).extracting(Row::number).containsExactly(1.0, 2.0, 3.0, 5.0, 6.0);
        assertThat(GroupedRelease.bound(rows, 1)).extracting(Row::number).containsExactly(1.0, 2.0, 5.0, 6.0);
    }

    @Test
    void shouldSplitIntoDeclaredGroupsOnlyInDeclaredOrder() {
        List<Row> rows = List.of(row("a", "y", 1), row("b", "undeclared", 2), row("c", "x", 3), row("d", "y", 4));
        Map<String, List<Row>> split = GroupedRelease.split(rows, List.of("x", "y", "z"));
        assertThat(split.keySet()).containsExactly("x", "y", "z");
        assertThat(split.get("y")).extracting(Row::number).containsExactly(1.0, 4.0);
        assertThat(split.get("z")).isEmpty();
        assertThat(GroupedRelease.split(rows, null)).containsOnlyKeys(GroupedRelease.UNGROUPED);
    }

    @Test
    void shouldCalibrateEveryGroupForTheWholeVectorAndChargeOnce() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(row("p" + (i % 10), i % 2 == 0 ? "x" : "y", i));
        }
        StatisticQuery template = StatisticQuery.builder(Statistic.SUM, 1).bounds(0.0, 30.0).build();
        GroupedRelease grouped = GroupedRelease.prepare(template, rows, 2, List.of("x", "y", "z"), 1000);
        assertThat(grouped.groups()).containsExactly("x", "y", "z");
        assertThat(grouped.totalLoss().epsilon()).isLessThanOrEqualTo(1.0).isGreaterThan(0.99);
        // c = 2 rows per person, k = min(2, 3) groups touched: each group is calibrated for c and pays k roundings
        for (PreparedRelease part : grouped.parts()) {
            assertThat(part.totalLoss()).isEqualTo(grouped.totalLoss());
            assertThat(part.plan().sensitivity()).isGreaterThanOrEqualTo(2 * 30.0).isLessThan(2 * 30.0 + 1e-6);
            assertThat(part.mechanisms()).singleElement().asString().contains("dimension=2");
        }
        assertThat(grouped.parts()).allSatisfy(part -> assertThat(part.release().result()).isInstanceOf(Double.class));

        GroupedRelease ungrouped = GroupedRelease.prepare(template, rows, 2, null, 1000);
        assertThat(ungrouped.groups()).containsExactly(GroupedRelease.UNGROUPED);
        assertThat(ungrouped.parts().get(0).mechanisms()).singleElement().asString().contains("dimension=1");
    }

    @Test
    void shouldCountDeclaredCategoriesOfACategoricalHistogramAndAnswerEmptyGroups() {
        List<Row> rows = List.of(new Row(null, "x", 0, "F"), new Row(null, "x", 0, "M"), new Row(null, "x", 0, "F"));
        StatisticQuery histogram = StatisticQuery.builder(Statistic.HISTOGRAM, 1).categories(List.of("F", "M"))
                .build();
        GroupedRelease grouped = GroupedRelease.prepare(histogram, rows, 1, List.of("x", "y"), 1000);
        assertThat(grouped.parts()).hasSize(2);
        assertThat(grouped.parts().get(1).release().result()).isInstanceOf(Map.class);

        StatisticQuery mean = StatisticQuery.builder(Statistic.MEAN, 1).bounds(0.0, 1.0).build();
        // whether a group is empty is private: it is answered with noise, not refused
        PreparedRelease empty = GroupedRelease.prepare(mean, List.of(), 1, List.of("x"), 1000).parts().get(0);
        assertThat(empty.release().result()).isInstanceOf(Double.class);
        assertThatThrownBy(() -> GroupedRelease.prepare(mean, List.of(), 1, List.of(), 1000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
