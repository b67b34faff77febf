package io.ppml.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.ppml.crypto.MasterKey;
import io.ppml.support.Api.Response;
import io.ppml.support.Instances;
import io.ppml.support.Instances.Instance;
import io.ppml.support.PostgresSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances sharing one PostgreSQL database (and master key) serve the same tenants and keys. */
@ExtendWith(PostgresSupport.class)
class PostgresTwoInstancesTests {

    @TempDir
    Path dataDirA;

    @TempDir
    Path dataDirB;

    @Test
    void shouldSeeTheSameTenantsAndKeysFromBothInstances() throws Exception {
        String url = PostgresSupport.freshSchema("two_instances");
        String masterKey = MasterKey.generate().exportBase64();
        String[] shared = {"spring.profiles.active=postgres", "spring.datasource.url=" + url,
                "spring.datasource.username=" + PostgresSupport.user(),
                "spring.datasource.password=" + PostgresSupport.password(), "ppml.master-key=" + masterKey};
        try (Instances instances = new Instances()) {
            Instance a = instances.start(with(shared, "ppml.data-dir=" + dataDirA));
            Instance b = instances.start(with(shared, "ppml.data-dir=" + dataDirB));
            assertThat(Files.exists(dataDirB.resolve("admin-token"))).as("generated once, by the first").isFalse();
            String adminToken = Files.readString(dataDirA.resolve("admin-token")).strip();

            Response created = a.api().post("/v1/admin/tenants", adminToken,
                    Map.of("name", "shared", "epsilonBudget", 1, "deltaBudget", 0));
            assertThat(created.status()).isEqualTo(201);
            String tenantId = created.json().get("id").asString();
            String ownerSecret = created.json().at("/apiKey/secret").asString();

            assertThat(b.api().get("/v1/admin/tenants/" + tenantId, adminToken).status()).isEqualTo(200);
            assertThat(b.api().get("/v1/tenant", ownerSecret).json().at("/tenant/id").asString()).isEqualTo(tenantId);

            Response keyOnB = b.api().post("/v1/keys", ownerSecret, Map.of("name", "from-b", "role", "ANALYST"));
            assertThat(keyOnB.status()).isEqualTo(201);
            String analyst = keyOnB.json().get("secret").asString();
            assertThat(a.api().get("/v1/tenant", analyst).json().get("role").asString()).isEqualTo("ANALYST");

            // revoked on one instance, refused at once by the other
            String keyId = keyOnB.json().get("id").asString();
            assertThat(a.api().request("DELETE", "/v1/keys/" + keyId).bearer(ownerSecret).send().status())
                    .isEqualTo(204);
            assertThat(b.api().get("/v1/tenant", analyst).status()).isEqualTo(401);

            // an idempotency key used on one instance replays on the other
            Map<String, Object> body = Map.of("name", "retried", "role", "CONTRIBUTOR");
            Response first = a.api().request("POST", "/v1/keys").bearer(ownerSecret)
                    .header("Idempotency-Key", "shared-retry").json(body).send();
            Response replay = b.api().request("POST", "/v1/keys").bearer(ownerSecret)
                    .header("Idempotency-Key", "shared-retry").json(body).send();
            assertThat(replay.json()).isEqualTo(first.json());
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        }
    }

    private static String[] with(String[] shared, String extra) {
        String[] all = java.util.Arrays.copyOf(shared, shared.length + 1);
        all[shared.length] = extra;
        return all;
    }
}
