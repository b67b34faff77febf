package io.ppml.dp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param maxValues the most values one request (or dataset) may hold ({@code PPML_DP_MAX_VALUES}) */
@ConfigurationProperties("ppml.dp")
public record DpProperties(@DefaultValue("1000000") int maxValues) {
}
