package io.ppml.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ppml.support.Api.Response;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

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

    /**
     * Every item of the list at {@code path}, read {@code limit} at a time by following each page's
     * {@code nextCursor}: every page but the last is full, and only the last has a null cursor.
     */
    protected List<JsonNode> walk(String path, String token, int limit) {
        List<JsonNode> all = new ArrayList<>();
        String after = "";
        for (int pages = 0; pages < 10_000; pages++) {
            Response page = api.get(path + (path.contains("?") ? "&" : "?") + "limit=" + limit + after, token);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            JsonNode items = page.json().get("items");
            items.forEach(all::add);
            JsonNode next = page.json().get("nextCursor");
            assertThat(next).as("nextCursor is always present: %s", page).isNotNull();
            if (next.isNull()) {
                assertThat(items.size()).as("the last page").isLessThanOrEqualTo(limit);
                return all;
            }
            assertThat(items.size()).as("a page followed by another is full: %s", page).isEqualTo(limit);
            after = "&after=" + URLEncoder.encode(next.asString(), StandardCharsets.UTF_8);
        }
        throw new AssertionError(path + " did not end");
    }

    /** A new key of {@code role} in the tenant of {@code ownerSecret}; its secret. */
    protected String newKey(String ownerSecret, String role) {
        Response created = api.post("/v1/keys", ownerSecret, Map.of("name", role.toLowerCase(), "role", role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("secret").asString();
    }
}
