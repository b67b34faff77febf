package io.ppml.crypto.config;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param dataDir   where the H2 files, a generated {@code master.key} and {@code admin-token} live
 *                  ({@code PPML_DATA_DIR}, default {@code ./data})
 * @param masterKey base64 of 32 bytes ({@code PPML_MASTER_KEY}); when absent, {@code <dataDir>/master.key} is read,
 *                  or generated on first start. Instances that share a database must share it.
 */
@ConfigurationProperties("ppml")
public record CryptoProperties(@DefaultValue("./data") Path dataDir, @Nullable String masterKey) {

    @Override
    public String toString() {
        return "CryptoProperties[dataDir=" + dataDir + ", masterKey=" + (masterKey == null ? "unset" : "redacted")
                + "]";
    }
}
