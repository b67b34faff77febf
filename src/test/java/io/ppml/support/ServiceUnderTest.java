package io.ppml.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ppml.support.Instances.Instance;

/**
 * One running instance for a benchmark or a scenario: its own data directory, quiet logs, and a new tenant whose
 * OWNER key is ready to use.
 */
public record ServiceUnderTest(Instances instances, Instance instance, int port, String ownerSecret)
        implements AutoCloseable {

    public static ServiceUnderTest start(String tenant, double epsilonBudget, String... properties) throws IOException {
        Path dataDir = Files.createTempDirectory("ppml-" + tenant);
        List<String> all = new ArrayList<>(List.of("ppml.data-dir=" + dataDir, "logging.level.root=WARN"));
        all.addAll(List.of(properties));
        Instances instances = new Instances();
        Instance instance = instances.start(all.toArray(String[]::new));
        String admin = Files.readString(dataDir.resolve("admin-token")).strip();
        String owner = instance.api().post("/v1/admin/tenants", admin, Map.of("name", tenant,
                "epsilonBudget", epsilonBudget, "deltaBudget", 0)).json().at("/apiKey/secret").asString();
        return new ServiceUnderTest(instances, instance, instance.port(), owner);
    }

    public Api api() {
        return instance.api();
    }

    @Override
    public void close() {
        instances.close();
    }
}
