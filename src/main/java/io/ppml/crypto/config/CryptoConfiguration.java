package io.ppml.crypto.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ppml.crypto.DataDirectory;
import io.ppml.crypto.MasterKey;
import io.ppml.crypto.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the master key, or generates it into the data directory on first start, and gives it the configured
 * sealing-key rotation limits. It reads two top-level settings, each by its own name rather than by binding the
 * whole {@code ppml} prefix (which every module's settings share):
 * <ul>
 *   <li>{@code ppml.data-dir} ({@code PPML_DATA_DIR}, default {@code ./data}, made absolute by
 *   {@link DataDirectoryEnvironmentPostProcessor}): where the H2 files, a generated {@code master.key} and
 *   {@code admin-token} live;</li>
 *   <li>{@code ppml.master-key} ({@code PPML_MASTER_KEY}): base64 of 32 bytes; when absent,
 *   {@code <data-dir>/master.key} is read, or generated on first start. Instances that share a database must share
 *   it.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CryptoConfiguration.class);
    static final String MASTER_KEY_FILE = "master.key";

    @Bean
    DataDirectory dataDirectory(@Value("${ppml.data-dir:./data}") Path dataDir) {
        return new DataDirectory(dataDir.toAbsolutePath().normalize());
    }

    @Bean
    MasterKey masterKey(@Value("${ppml.master-key:}") String configured, SealingKeyProperties sealing,
            DataDirectory dataDirectory) {
        return loadOrGenerate(configured, dataDirectory).withSealingKeyLimits(sealing.limits());
    }

    private static MasterKey loadOrGenerate(String configured, DataDirectory dataDirectory) {
        if (!configured.isBlank()) {
            try {
                return MasterKey.fromBase64(configured);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ppml.master-key (PPML_MASTER_KEY) must be the base64 form of "
                        + MasterKey.LENGTH_BYTES + " random bytes: " + e.getMessage());
            }
        }
        Path file = dataDirectory.resolve(MASTER_KEY_FILE);
        try {
            if (!Files.exists(file)) {
                MasterKey generated = MasterKey.generate();
                try {
                    SecretFiles.createOwnerOnly(file, generated.exportBase64());
                    log.info("Generated a new master key in {} (mode 0600). Back it up: API keys and sealed "
                            + "secrets cannot be used without it.", file);
                    return generated;
                } catch (FileAlreadyExistsException raced) {
                    log.debug("Another process created {} first; reading it", file);
                }
            }
            return MasterKey.fromBase64(SecretFiles.readFirstLine(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key file " + file + " is damaged: " + e.getMessage());
        }
    }
}
