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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the master key, or generates it into the data directory on first start, and gives it the configured
 * sealing-key rotation limits.
 */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CryptoConfiguration.class);
    static final String MASTER_KEY_FILE = "master.key";

    @Bean
    DataDirectory dataDirectory(CryptoProperties properties) {
        return new DataDirectory(properties.dataDir().toAbsolutePath().normalize());
    }

    @Bean
    MasterKey masterKey(CryptoProperties properties, SealingKeyProperties sealing, DataDirectory dataDirectory) {
        return loadOrGenerate(properties, dataDirectory).withSealingKeyLimits(sealing.limits());
    }

    private static MasterKey loadOrGenerate(CryptoProperties properties, DataDirectory dataDirectory) {
        String configured = properties.masterKey();
        if (configured != null && !configured.isBlank()) {
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
