package io.ppml.tenant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import io.ppml.crypto.DataDirectory;
import io.ppml.crypto.SecretFiles;
import io.ppml.crypto.SecretTokens;
import io.ppml.persistence.Rows;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The platform admin token. Taken from {@code ppml.admin.token} ({@code PPML_ADMIN_TOKEN}) when set; otherwise
 * generated on the first start against an empty database, written to {@code <data dir>/admin-token} (mode 0600)
 * and stored only as a keyed hash. The token itself is never logged — only the file's path.
 */
@Component
class AdminCredentials {

    private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);
    static final String TOKEN_FILE = "admin-token";
    private static final String CREDENTIAL_NAME = "admin-token";

    private final SecretHasher hasher;
    private final String expectedHash;

    AdminCredentials(SecretHasher hasher, JdbcClient jdbc, DataDirectory dataDirectory, Clock clock,
            @Value("${ppml.admin.token:}") @Nullable String configuredToken) {
        this.hasher = hasher;
        if (configuredToken != null && !configuredToken.isBlank()) {
            if (configuredToken.strip().length() < 32) {
                throw new IllegalStateException("ppml.admin.token (PPML_ADMIN_TOKEN) must be at least 32 characters");
            }
            this.expectedHash = hasher.hash(configuredToken.strip());
            log.info("Admin token: taken from ppml.admin.token");
        } else {
            this.expectedHash = storedOrGenerated(jdbc, dataDirectory.resolve(TOKEN_FILE), clock);
        }
    }

    boolean matches(String secret) {
        return hasher.matches(secret, expectedHash);
    }

    private String storedOrGenerated(JdbcClient jdbc, Path file, Clock clock) {
        Optional<String> stored = load(jdbc);
        if (stored.isPresent()) {
            log.info("Admin token: its hash is in the database; the token was written to {} when it was generated"
                    + " (set PPML_ADMIN_TOKEN to use another)", file);
            return stored.get();
        }
        String token = SecretTokens.generate(SecretHasher.ADMIN_TOKEN_PREFIX, SecretHasher.SECRET_LENGTH);
        String hash = hasher.hash(token);
        try {
            // a file left from an earlier, deleted database holds a token that no longer works: replace it
            Files.deleteIfExists(file);
            SecretFiles.createOwnerOnly(file, token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token file " + file, e);
        }
        try {
            jdbc.sql("insert into platform_credentials (name, secret_hash, created_at) values (:name, :hash, :now)")
                    .param("name", CREDENTIAL_NAME).param("hash", hash)
                    .param("now", Rows.utc(clock.instant())).update();
        } catch (DuplicateKeyException raced) {
            deleteQuietly(file);
            log.info("Admin token: another instance sharing this database generated it first; read it from that "
                    + "instance's {} file", TOKEN_FILE);
            return load(jdbc).orElseThrow();
        }
        log.info("Admin token: generated and written to {} (mode 0600)", file);
        return hash;
    }

    private static Optional<String> load(JdbcClient jdbc) {
        return jdbc.sql("select secret_hash from platform_credentials where name = :name")
                .param("name", CREDENTIAL_NAME).query(String.class).optional();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete the unused admin token file {}", file);
        }
    }
}
