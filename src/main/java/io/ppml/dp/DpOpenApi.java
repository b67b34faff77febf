package io.ppml.dp;

import java.util.List;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shapes a released DP value takes in the OpenAPI document. A statistic's {@code result} (and a receipt's
 * {@code released}) is a number, an array or an object depending on the statistic and on {@code groupBy}; the DTOs
 * hold it as {@code Object} and point here ({@code @Schema(ref = DpOpenApi.RESULT)}), so that Swagger UI and client
 * generators see the four named shapes instead of an untyped value. {@code anyOf}, not {@code oneOf}: a grouped
 * scalar statistic ({@code {"F": 41.2}}) has the shape of a histogram, and matches both object schemas.
 */
@Configuration(proxyBeanMethods = false)
class DpOpenApi {

    static final String RESULT = "#/components/schemas/" + Names.RESULT;

    /** The component names, shared with the references below. */
    static final class Names {
        static final String RESULT = "DpResult";
        static final String VALUES = "DpValues";
        static final String BUCKETS = "DpBuckets";
        static final String GROUPS = "DpGroups";

        private Names() {
        }
    }

    @Bean
    OpenApiCustomizer dpResultSchemas() {
        return openApi -> {
            Schema<?> values = new ArraySchema().items(new NumberSchema().format("double"))
                    .description("QUANTILES: the noisy quantiles, in the order of the request's `quantiles`. In a "
                            + "receipt of /v1/dp/noise or of a DP decrypt: the noisy values, in request order.")
                    .example(List.of(38.5, 61.0));
            Schema<?> buckets = new ObjectSchema().additionalProperties(new NumberSchema().format("double"))
                    .description("HISTOGRAM: bucket → noisy count, in the order of the categories or bins (a bin is "
                            + "labelled \"[lower, upper)\", the last one closed). Counts are raw noisy counts: they "
                            + "can be negative or fractional. With groupBy and a statistic that gives a number: "
                            + "group → that number.");
            buckets.setExample(java.util.Map.of("F", 412.0, "M", 389.0));
            Schema<?> groups = new ObjectSchema().additionalProperties(new Schema<>().$ref(RESULT))
                    .description("A dataset query with groupBy: each declared category of the groupBy column → "
                            + "that group's result (an array for QUANTILES, bucket → count for HISTOGRAM).");
            Schema<?> result = new Schema<>().anyOf(List.of(new NumberSchema().format("double"),
                            ref(Names.VALUES), ref(Names.BUCKETS), ref(Names.GROUPS)))
                    .description("A released value: a number for COUNT, SUM, MEAN, VARIANCE and STDDEV; DpValues "
                            + "for QUANTILES; DpBuckets for HISTOGRAM; DpGroups (or DpBuckets, for a number per "
                            + "group) for a dataset query with groupBy.");
            openApi.getComponents().addSchemas(Names.RESULT, result).addSchemas(Names.VALUES, values)
                    .addSchemas(Names.BUCKETS, buckets).addSchemas(Names.GROUPS, groups);
        };
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }
}
