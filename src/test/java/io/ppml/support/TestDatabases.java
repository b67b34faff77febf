package io.ppml.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives a test class annotated {@link PostgresDatabase} or {@link H2Database} its database and data directory. Its
 * customizer is part of the context cache key, so classes with the same schema share one context and classes with
 * different ones never do.
 */
final class TestDatabases implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        PostgresDatabase postgres = TestContextAnnotationUtils.findMergedAnnotation(testClass, PostgresDatabase.class);
        if (postgres != null) {
            return new Customizer(postgres.value(), testClass.getName());
        }
        if (TestContextAnnotationUtils.findMergedAnnotation(testClass, H2Database.class) != null) {
            return new Customizer(null, testClass.getName());
        }
        return null;
    }

    /** {@code schema} null: H2. {@code owner} keeps each test class's data directory (and context) its own. */
    private record Customizer(@Nullable String schema, String owner) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            Path dataDir;
            try {
                dataDir = Files.createTempDirectory("ppml-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // registered first, so destroyed last: after the data source has closed its files
            if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean("testDataDirectoryCleanup", () -> delete(dataDir));
            }
            TestPropertyValues values = TestPropertyValues.of("ppml.data-dir=" + dataDir);
            if (schema != null) {
                values = values.and("spring.datasource.url=" + PostgresSupport.freshSchema(schema),
                        "spring.datasource.username=" + PostgresSupport.user(),
                        "spring.datasource.password=" + PostgresSupport.password());
            }
            values.applyTo(context);
        }

        private static void delete(Path directory) throws IOException {
            if (!Files.exists(directory)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
