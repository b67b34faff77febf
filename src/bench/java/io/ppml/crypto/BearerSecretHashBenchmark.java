package io.ppml.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What authenticating one request costs in hashing: the keyed hash (HMAC-SHA-256 under the HKDF-derived pepper)
 * of an API-key secret, against a plain SHA-256 of the same bytes as the baseline measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BearerSecretHashBenchmark {

    private KeyedHash keyedHash;
    private MessageDigest sha256;
    private String secret;
    private byte[] secretBytes;

    @Setup
    public void setUp() throws Exception {
        keyedHash = MasterKey.generate().keyedHash("bearer-secrets");
        sha256 = MessageDigest.getInstance("SHA-256");
        secret = SecretTokens.generate("ppml_", 43);
        secretBytes = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public String keyedHashOfSecret() {
        return keyedHash.hashHex(secret);
    }

    @Benchmark
    public byte[] baselinePlainSha256() {
        return sha256.digest(secretBytes);
    }
}
