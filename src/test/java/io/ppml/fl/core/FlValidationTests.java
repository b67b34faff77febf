package io.ppml.fl.core;

import java.math.BigDecimal;
import java.util.List;

import io.ppml.refusal.FieldError;
import io.ppml.refusal.Refusal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task settings and client updates are validated on construction; every refusal names its JSON field. */
class FlValidationTests {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void validSettingsAreAccepted() {
        DpSettings dp = new DpSettings(1.5, 1.1, 100, 10_000L, 1e-6);
        assertThat(dp.samplingRate()).isEqualTo(0.01);
        assertThat(DpSettings.withoutSampling(1.5, 1.1, 100, 1e-6).samplingRate()).isEqualTo(1.0);
        assertThat(new DpSettings(1, 1, 7, 7L, 0.5).samplingRate()).isEqualTo(1.0);
        // σ = z·C/m, with the sensitivity's floating-point slack of 2^-19
        assertThat(dp.noiseStddev()).isBetween(1.1 * 1.5 / 100, 1.1 * 1.5 / 100 * (1 + 0x1p-18));
        assertThat(AggregationSettings.dpFedAvg(dp).isPrivate()).isTrue();
        assertThat(AggregationSettings.fedAvg().isPrivate()).isFalse();
        assertThat(AggregationSettings.trimmedMean(0.2).trimFraction()).isEqualTo(0.2);
        assertThat(AggregationSettings.trimmedMean(0).rule()).isEqualTo(Aggregation.TRIMMED_MEAN);
        assertThat(AggregationSettings.median().dp()).isNull();
    }

    @Test
    void eachBadDpValueIsRefusedNamingItsField() {
        for (double bad : new double[] {0, -1, NAN, INF, -0.0}) {
            assertRefused(() -> new DpSettings(bad, 1, 10, null, 1e-6), "dp.clipNorm");
            assertRefused(() -> new DpSettings(1, bad, 10, null, 1e-6), "dp.noiseMultiplier");
        }
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            assertRefused(() -> new DpSettings(1, 1, bad, null, 1e-6), "dp.expectedClients");
        }
        for (long bad : new long[] {9, 0, -5}) {
            assertRefused(() -> new DpSettings(1, 1, 10, bad, 1e-6), "dp.population");
        }
        for (double bad : new double[] {0, 1, -1e-6, 1.5, NAN, INF}) {
            assertRefused(() -> new DpSettings(1, 1, 10, null, bad), "dp.delta");
        }
        // σ = z·C/m so large that noisy float32 weights could overflow
        assertRefused(() -> new DpSettings(0x1p60, 0x1p50, 1, null, 1e-6), "dp.noiseMultiplier");
        assertRefused(() -> new DpSettings(0x1p60, 0x1p40, 1, null, 1e-6), "dp.noiseMultiplier"); // 2^100 plus slack
        assertThat(new DpSettings(0x1p60, 0x1p39, 1, null, 1e-6).noiseStddev()).isLessThan(DpSettings.MAX_NOISE_STDDEV);
    }

    @Test
    void allBadDpFieldsAreReportedTogether() {
        assertThatThrownBy(() -> new DpSettings(NAN, 0, 0, null, 2)).isInstanceOfSatisfying(FlException.class, e -> {
            assertThat(e.errors()).extracting(FieldError::field)
                    .containsExactly("dp.clipNorm", "dp.noiseMultiplier", "dp.expectedClients", "dp.delta");
            assertThat(e.detail()).isEqualTo("dp.clipNorm: must be finite and > 0");
        });
    }

    @Test
    void aggregationSettingsAreRefusedNamingTheField() {
        assertRefused(() -> new AggregationSettings(null, 0, null), "aggregation");
        for (double bad : new double[] {0.5, 0.7, -0.01, NAN, INF}) {
            assertRefused(() -> AggregationSettings.trimmedMean(bad), "trimFraction");
        }
        assertRefused(() -> new AggregationSettings(Aggregation.FEDAVG, 0.1, null), "trimFraction");
        assertRefused(() -> new AggregationSettings(Aggregation.MEDIAN, NAN, null), "trimFraction");
        DpSettings dp = DpSettings.withoutSampling(1, 1, 10, 1e-6);
        assertRefused(() -> new AggregationSettings(Aggregation.MEDIAN, 0, dp), "dp");
        assertRefused(() -> new AggregationSettings(Aggregation.TRIMMED_MEAN, 0.1, dp), "dp");
        assertThatThrownBy(() -> new AggregationSettings(Aggregation.TRIMMED_MEAN, 0.6, dp))
                .isInstanceOfSatisfying(FlException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .containsExactly("trimFraction", "dp"));
    }

    /** The sensitivity handed to the noise is never below C/m and at most the documented 2^-19 above it. */
    @Property(tries = 500)
    void l2SensitivityIsClipNormOverExpectedClientsRoundedUpWithTheSlack(
            @ForAll @DoubleRange(min = -8, max = 8) double log10ClipNorm,
            @ForAll @IntRange(min = 1, max = 1_000_000) int expectedClients) {
        double clipNorm = Math.pow(10, log10ClipNorm);
        DpSettings dp = DpSettings.withoutSampling(clipNorm, 1, expectedClients, 1e-6);
        BigDecimal exact = new BigDecimal(clipNorm).divide(BigDecimal.valueOf(expectedClients), Exact.WIDE);
        BigDecimal sensitivity = new BigDecimal(dp.l2Sensitivity());
        assertThat(sensitivity.compareTo(exact.multiply(new BigDecimal(1 + 0x1p-19)))).isGreaterThanOrEqualTo(0);
        assertThat(sensitivity.compareTo(exact.multiply(new BigDecimal(1 + 0x1p-18)))).isLessThanOrEqualTo(0);
    }

    @Test
    void updatesAreCheckedForDimensionThenExamplesThenFiniteValues() {
        float[] delta = new float[20];
        delta[17] = Float.NaN;
        delta[18] = Float.POSITIVE_INFINITY;
        assertRefused(() -> ClientUpdate.of(delta, 0, 21), "delta");
        assertRefused(() -> ClientUpdate.of(delta, 0, 20), "numExamples");
        assertRefused(() -> ClientUpdate.of(delta, -3, 20), "numExamples");
        assertThatThrownBy(() -> ClientUpdate.of(delta, 1, 20)).isInstanceOfSatisfying(FlException.class, e -> {
            assertThat(e.field()).isEqualTo("delta[17]");
            assertThat(e.detail()).isEqualTo("delta[17]: must be finite, got NaN");
        });
        delta[17] = 0;
        assertThatThrownBy(() -> ClientUpdate.of(delta, 1, 20)).isInstanceOfSatisfying(FlException.class,
                e -> assertThat(e.detail()).isEqualTo("delta[18]: must be finite, got Infinity"));
        delta[18] = -0.0f;
        ClientUpdate update = ClientUpdate.of(delta, 3, 20);
        assertThat(update.delta()).isSameAs(delta);
        assertThat(update.numExamples()).isEqualTo(3);
        assertThat(update.dimension()).isEqualTo(20);
        assertThat(update.toString()).isEqualTo("ClientUpdate[dimension=20, numExamples=3]");
    }

    @Test
    void refusalsAreInvalidRequests() {
        assertThatThrownBy(() -> AggregationSettings.trimmedMean(1)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID);
            assertThat(r.errors()).containsExactly(new FieldError("trimFraction", "must be in [0, 0.5)"));
            assertThat(r.detail()).isEqualTo("trimFraction: must be in [0, 0.5)");
        });
        assertThatThrownBy(() -> new FlException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(ThrowingCallable call, String field) {
        assertThatThrownBy(call).as(field).isInstanceOfSatisfying(FlException.class, e -> {
            assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.errors()).hasSize(1);
        });
    }
}
