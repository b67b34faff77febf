package io.ppml.crypto.config;

import java.nio.file.Path;
import java.time.Duration;

import io.ppml.crypto.MasterKey;
import io.ppml.crypto.SealingKeyLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ppml.crypto.sealing-key-*} properties reach the master key, and out-of-range values stop startup. */
class SealingKeyPropertiesTests {

    @TempDir
    Path dataDir;

    private final String masterKey = MasterKey.generate().exportBase64();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, CryptoConfiguration.class)
                .withPropertyValues("ppml.data-dir=" + dataDir, "ppml.master-key=" + masterKey);
    }

    @Test
    void shouldDefaultToTheDocumentedLimits() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MasterKey.class).sealingKeyLimits()).isEqualTo(SealingKeyLimits.DEFAULT);
        });
    }

    @Test
    void shouldApplyConfiguredLimitsToTheMasterKey() {
        runner().withPropertyValues("ppml.crypto.sealing-key-max-messages=1000", "ppml.crypto.sealing-key-max-age=1h")
                .run(context -> {
                    MasterKey key = context.getBean(MasterKey.class);
                    assertThat(key.sealingKeyLimits()).isEqualTo(new SealingKeyLimits(1000, Duration.ofHours(1)));
                    assertThat(key).isEqualTo(MasterKey.fromBase64(masterKey));
                });
    }

    @Test
    void shouldRefuseToStartWithMoreMessagesPerKeyThanNistAllows() {
        runner().withPropertyValues("ppml.crypto.sealing-key-max-messages=4294967297").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("PPML_CRYPTO_SEALING_KEY_MAX_MESSAGES")
                        .hasStackTraceContaining("NIST SP 800-38D"));
    }

    @Test
    void shouldRefuseToStartWithAZeroMaxAge() {
        runner().withPropertyValues("ppml.crypto.sealing-key-max-age=0s").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("ppml.crypto.sealing-key-max-age")
                        .hasStackTraceContaining("at least one millisecond"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SealingKeyProperties.class)
    static class Properties {
    }
}
