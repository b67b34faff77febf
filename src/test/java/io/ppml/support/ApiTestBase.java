package io.ppml.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.ppml.support.Api.Response;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every API test against a running instance shares: the client, the generated admin token, the database, and
 * a way to make a fresh tenant with its OWNER key (each test makes its own, so tests never depend on each other).
 */
public abstract class ApiTestBase {

    @LocalServerPort
    protected int port;

    @Value("${ppml.data-dir}")
    protected Path dataDir;

    @Autowired
    protected JdbcClient jdbc;

    protected Api api;
    protected String adminToken;

    @BeforeEach
    void connect() throws Exception {
        api = new Api(port);
        adminToken = Files.readString(dataDir.resolve("admin-token")).strip();
    }

    /** A tenant as the admin created it, with its first OWNER key. */
    public record NewTenant(String id, String ownerKeyId, String ownerSecret) {
    }

    protected NewTenant createTenant(String prefix, double epsilonBudget, double deltaBudget) {
        Response created = api.post("/v1/admin/tenants", adminToken, Map.of("name", prefix + "-" + UUID.randomUUID(),
                "epsilonBudget", epsilonBudget, "deltaBudget", deltaBudget));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new NewTenant(created.json().get("id").asString(), created.json().at("/apiKey/id").asString(),
                created.json().at("/apiKey/secret").asString());
    }

    /** A new key of {@code role} in the tenant of {@code ownerSecret}; its secret. */
    protected String newKey(String ownerSecret, String role) {
        Response created = api.post("/v1/keys", ownerSecret, Map.of("name", role.toLowerCase(), "role", role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("secret").asString();
    }
}
