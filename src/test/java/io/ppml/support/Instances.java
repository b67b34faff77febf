package io.ppml.support;

import java.util.ArrayList;
import java.util.List;

import io.ppml.PpmlApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts whole service instances in this JVM — several at once, or one after another — each on its own port. */
public final class Instances implements AutoCloseable {

    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    public record Instance(ConfigurableApplicationContext context, Api api) {

        public int port() {
            return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
        }

        public void stop() {
            context.close();
        }
    }

    /** Starts an instance with {@code properties} ({@code name=value}) on a random port. */
    public Instance start(String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
        for (String property : properties) {
            args.add("--" + property);
        }
        // command-line arguments, so they win over application.yaml as an operator's settings would
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PpmlApplication.class)
                .run(args.toArray(String[]::new));
        running.add(context);
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
        return new Instance(context, new Api(port));
    }

    /** Starts an instance with the {@code shared} properties of several instances plus this one's {@code own}. */
    public Instance start(List<String> shared, String... own) {
        List<String> all = new ArrayList<>(shared);
        all.addAll(List.of(own));
        return start(all.toArray(String[]::new));
    }

    @Override
    public void close() {
        running.forEach(ConfigurableApplicationContext::close);
    }
}
