package io.ppml.crypto.config;

import java.time.Duration;

import io.ppml.crypto.SealingKeyLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When each instance rotates the sub-key it seals under; the defaults are {@link SealingKeyLimits#DEFAULT}, whose
 * Javadoc gives the reasoning. Lowering them is always safe; instances sharing a database may differ.
 *
 * @param sealingKeyMaxMessages messages sealed under one key id, 1 to 2³²
 *                              ({@code PPML_CRYPTO_SEALING_KEY_MAX_MESSAGES})
 * @param sealingKeyMaxAge      how long one key id seals ({@code PPML_CRYPTO_SEALING_KEY_MAX_AGE})
 */
@ConfigurationProperties("ppml.crypto")
public record SealingKeyProperties(
        @DefaultValue("16777216") long sealingKeyMaxMessages,
        @DefaultValue("24h") Duration sealingKeyMaxAge) {

    SealingKeyLimits limits() {
        try {
            return new SealingKeyLimits(sealingKeyMaxMessages, sealingKeyMaxAge);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ppml.crypto.sealing-key-max-messages / ppml.crypto.sealing-key-max-age "
                    + "(PPML_CRYPTO_SEALING_KEY_MAX_MESSAGES / _MAX_AGE) are out of range: " + e.getMessage());
        }
    }
}
