package io.ppml.dp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shapes of a released DP value in the OpenAPI document. A statistic's {@code result} (and a receipt's
 * {@code released}) is a number, an array or an object depending on the statistic and on {@code groupBy}; the DTOs
 * hold it as {@code Object} and point here ({@code @Schema(ref = DpOpenApi.RESULT)}), so that Swagger UI and client
 * generators see four named shapes instead of an untyped value.
 *
 * <p>{@code anyOf}, not {@code oneOf}: a grouped scalar statistic ({@code {"F": 41.2}}) has the shape of a histogram
 * and matches both object schemas. openapi-generator's Java clients cannot compile a union with array or map members
 * (7.25 writes {@code List<Double>.class}); such a client maps {@code DpResult} to {@code Object} (typeMappings and
 * schemaMappings {@code DpResult=java.lang.Object}), which Jackson reads as a Double, a List or a Map.
 */
@Configuration(proxyBeanMethods = false)
class DpOpenApi {

    private static final String RESULT_NAME = "DpResult";
    private static final String VALUES = "DpValues";
    private static final String BUCKETS = "DpBuckets";
    private static final String GROUPS = "DpGroups";

    /** The reference the DTOs' released values point to. */
    static final String RESULT = "#/components/schemas/" + RESULT_NAME;

    @Bean
    OpenApiCustomizer dpResultSchemas() {
        return openApi -> {
            Map<String, Object> histogram = new LinkedHashMap<>();
            histogram.put("F", 412.3);
            histogram.put("M", 389.8);
            Schema<?> values = new ArraySchema().items(number())
                    .description("QUANTILES: the noisy quantiles, in the order of the request's `quantiles`. In a "
                            + "receipt of /v1/dp/noise or of a DP decrypt: the noisy values, in request order.")
                    .example(List.of(38.5, 61.0));
            Schema<?> buckets = new ObjectSchema().additionalProperties(number())
                    .description("HISTOGRAM: bucket → noisy count, in the order of the categories or bins (a bin is "
                            + "labelled \"[lower, upper)\", the last one closed). Counts are raw noisy counts: they "
                            + "can be negative or fractional. With groupBy and a statistic that gives a number: "
                            + "group → that number.");
            buckets.setExample(histogram); // not example(): ObjectSchema's would store the map's toString()
            Schema<?> groups = new ObjectSchema().additionalProperties(new Schema<>().$ref(RESULT))
                    .description("A dataset query with groupBy: each declared category of the groupBy column → "
                            + "that group's result (an array for QUANTILES, bucket → count for HISTOGRAM).");
            Schema<?> result = new Schema<>()
                    .anyOf(List.of(number(), ref(VALUES), ref(BUCKETS), ref(GROUPS)))
                    .description("A released value: a number for COUNT, SUM, MEAN, VARIANCE and STDDEV; DpValues "
                            + "for QUANTILES; DpBuckets for HISTOGRAM; DpGroups (or DpBuckets, for a number per "
                            + "group) for a dataset query with groupBy.");
            openApi.getComponents().addSchemas(RESULT_NAME, result).addSchemas(VALUES, values)
                    .addSchemas(BUCKETS, buckets).addSchemas(GROUPS, groups);
        };
    }

    private static Schema<?> number() {
        return new NumberSchema().format("double");
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }
}
