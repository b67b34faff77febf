package io.ppml.crypto.config;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code ppml.data-dir} absolute before anything reads it, so that {@code PPML_DATA_DIR=data} works as well
 * as {@code ./data} or {@code /data}: H2 refuses file paths that are implicitly relative to the working directory.
 */
class DataDirectoryEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "ppml.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(PROPERTY, "./data");
        String absolute = Path.of(configured).toAbsolutePath().normalize().toString();
        environment.getPropertySources().addFirst(new MapPropertySource("ppmlDataDirectory", Map.of(PROPERTY, absolute)));
    }

    @Override
    public int getOrder() {
        // after the config data (application.yaml, profiles, environment) has been loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
