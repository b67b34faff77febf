package io.ppml.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import io.ppml.support.Api.Response;
import io.ppml.support.Instances;
import io.ppml.support.Instances.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user does on the default embedded H2: start, read the generated admin token, create a tenant, use its
 * key — then restart and find everything still there, with no secret ever written to the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartTests {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepTenantsAndKeysAcrossARestartAndNeverLogSecrets(CapturedOutput output) throws Exception {
        String[] properties = {"ppml.data-dir=" + dataDir, "logging.level.io.ppml=DEBUG",
                "logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.web=DEBUG"};
        String adminToken;
        String ownerSecret;
        String tenantId;
        try (Instances instances = new Instances()) {
            Instance first = instances.start(properties);
            Path tokenFile = dataDir.resolve("admin-token");
            assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("master.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            adminToken = Files.readString(tokenFile).strip();
            assertThat(output.getOut()).contains(tokenFile.toString());

            Response created = first.api().post("/v1/admin/tenants", adminToken,
                    Map.of("name", "persistent", "epsilonBudget", 3, "deltaBudget", 0));
            assertThat(created.status()).isEqualTo(201);
            ownerSecret = created.json().at("/apiKey/secret").asString();
            tenantId = created.json().get("id").asString();
            assertThat(first.api().get("/v1/tenant", ownerSecret).status()).isEqualTo(200);
            first.stop();

            Instance second = instances.start(properties);
            assertThat(Files.readString(tokenFile).strip()).as("the token is generated once").isEqualTo(adminToken);
            Response me = second.api().get("/v1/tenant", ownerSecret);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().at("/tenant/id").asString()).isEqualTo(tenantId);
            assertThat(me.json().at("/tenant/budget/epsilon").asDouble()).isEqualTo(3.0);
            assertThat(second.api().get("/v1/admin/tenants/" + tenantId, adminToken).status()).isEqualTo(200);
        }
        String log = output.getAll();
        assertThat(log).contains("Tomcat started on port", "Admin token: generated");
        assertThat(log).doesNotContain(adminToken, ownerSecret, ownerSecret.substring(12),
                Files.readString(dataDir.resolve("master.key")).strip());
    }

    @Test
    void shouldRefuseToStartWithAMalformedMasterKey() {
        try (Instances instances = new Instances()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> instances.start("ppml.data-dir=" + dataDir,
                    "ppml.master-key=too-short"))
                    .hasStackTraceContaining("PPML_MASTER_KEY");
        }
    }
}
