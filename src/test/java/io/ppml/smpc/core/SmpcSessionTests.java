package io.ppml.smpc.core;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session's config hash and share binding, and the DAP-style checksum of accepted submissions. */
class SmpcSessionTests {

    private static final Instant DEADLINE = Instant.parse("2026-12-01T00:00:00Z");
    private static final SessionConfig CONFIG = new SessionConfig(Scheme.SHAMIR, 3, 2, 1000, 16, 5, DEADLINE,
            Verification.PEDERSEN);

    /** The expected digest was computed independently (Python hashlib) from the documented canonical text. */
    @Test
    void configHashIsSha256OfTheDocumentedCanonicalEncoding() {
        assertThat(CONFIG.configHash()).isEqualTo("d90082cdcf55edd272d155839bad4790dec1669c21d51c78df3015d1d95cdefa");
    }

    @Test
    void configHashChangesWithEveryParameterAndOnlyWithThem() {
        List<SessionConfig> variants = List.of(CONFIG,
                new SessionConfig(Scheme.ADDITIVE, 3, 3, 1000, 16, 5, DEADLINE, Verification.PEDERSEN),
                new SessionConfig(Scheme.SHAMIR, 4, 2, 1000, 16, 5, DEADLINE, Verification.PEDERSEN),
                new SessionConfig(Scheme.SHAMIR, 3, 3, 1000, 16, 5, DEADLINE, Verification.PEDERSEN),
                new SessionConfig(Scheme.SHAMIR, 3, 2, 999, 16, 5, DEADLINE, Verification.PEDERSEN),
                new SessionConfig(Scheme.SHAMIR, 3, 2, 1000, 17, 5, DEADLINE, Verification.PEDERSEN),
                new SessionConfig(Scheme.SHAMIR, 3, 2, 1000, 16, 6, DEADLINE, Verification.PEDERSEN),
                new SessionConfig(Scheme.SHAMIR, 3, 2, 1000, 16, 5, DEADLINE.plusSeconds(1), Verification.PEDERSEN),
                new SessionConfig(Scheme.SHAMIR, 3, 2, 1000, 16, 5, DEADLINE, Verification.NONE));
        Set<String> hashes = new HashSet<>();
        for (SessionConfig config : variants) {
            assertThat(config.configHash()).matches("[0-9a-f]{64}");
            hashes.add(config.configHash());
        }
        assertThat(hashes).hasSize(variants.size());
        // the same instant written with another offset, and precision below what databases keep, hash alike
        Instant sameInstant = OffsetDateTime.parse("2026-12-01T01:00:00+01:00").toInstant();
        assertThat(new SessionConfig(Scheme.SHAMIR, 3, 2, 1000, 16, 5, sameInstant.plusNanos(999),
                Verification.PEDERSEN).configHash()).isEqualTo(CONFIG.configHash());
        assertThat(SessionConfig.of(Scheme.ADDITIVE, 3, null, 10, 0, 1, DEADLINE, Verification.NONE).configHash())
                .isEqualTo(SessionConfig.of(Scheme.ADDITIVE, 3, 3, 10, 0, 1, DEADLINE, Verification.NONE).configHash());
    }

    @Test
    void invalidConfigurationsAreRefusedNamingTheField() {
        assertField(() -> new SessionConfig(Scheme.SHAMIR, 1, 1, 10, 0, 1, DEADLINE, Verification.NONE), "parties");
        assertField(() -> new SessionConfig(Scheme.SHAMIR, 3, 1, 10, 0, 1, DEADLINE, Verification.NONE), "threshold");
        assertField(() -> new SessionConfig(Scheme.SHAMIR, 3, 4, 10, 0, 1, DEADLINE, Verification.NONE), "threshold");
        assertField(() -> new SessionConfig(Scheme.ADDITIVE, 3, 2, 10, 0, 1, DEADLINE, Verification.NONE), "threshold");
        assertField(() -> SessionConfig.of(Scheme.SHAMIR, 3, null, 10, 0, 1, DEADLINE, Verification.NONE), "threshold");
        assertField(() -> new SessionConfig(Scheme.SHAMIR, 3, 2, 0, 0, 1, DEADLINE, Verification.NONE), "vectorLength");
        assertField(() -> new SessionConfig(Scheme.SHAMIR, 3, 2, 1 << 17, 0, 1, DEADLINE, Verification.NONE),
                "vectorLength");
        assertField(() -> new SessionConfig(Scheme.SHAMIR, 3, 2, 10, 65, 1, DEADLINE, Verification.NONE),
                "fractionBits");
        assertField(() -> new SessionConfig(Scheme.SHAMIR, 3, 2, 10, 0, 0, DEADLINE, Verification.NONE),
                "minContributors");
    }

    @Test
    void shareBindingSeparatesSessionsWithTheSameConfiguration() {
        String a = CONFIG.shareBinding("a");
        assertThat(a).isEqualTo("a#" + CONFIG.configHash());
        assertThat(CONFIG.shareBinding("b")).isNotEqualTo(a);
        SecretSharing sharing = CONFIG.sharing();
        assertThat(sharing).isEqualTo(new ShamirSharing(3, 2));
        BigInteger[] x = SmpcPedersenTests.randomVector(3);
        Share fromA = sharing.split(a, x, Verification.NONE).share(1);
        Share fromB = sharing.split(CONFIG.shareBinding("b"), x, Verification.NONE).share(2);
        assertThatThrownBy(() -> sharing.reconstruct(List.of(fromA, fromB))).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> CONFIG.shareBinding(" ")).isInstanceOf(SmpcException.class);
    }

    /** The expected values were computed independently (Python hashlib): XOR of SHA-256 of "sub-1", "sub-2", "sub-3". */
    @Test
    void checksumIsTheXorOfSha256OfSubmissionIds() {
        String expected = "5fa2485a3926810ee6d8d5ae41bbab0ae72e0b3aeb21dbe78e088d509a6453cf";
        assertThat(Checksums.submissionChecksum(List.of("sub-1", "sub-2", "sub-3"))).isEqualTo(expected);
        assertThat(Checksums.submissionChecksum(List.of("sub-3", "sub-1", "sub-2"))).isEqualTo(expected);
        String incremental = Checksums.EMPTY;
        for (String id : List.of("sub-2", "sub-3", "sub-1")) {
            incremental = Checksums.withSubmission(incremental, id);
        }
        assertThat(incremental).isEqualTo(expected);
        assertThat(Checksums.submissionChecksum(List.of())).isEqualTo(Checksums.EMPTY).hasSize(64);
        // UTF-8: SHA-256 of the two bytes c3 a9
        assertThat(Checksums.submissionChecksum(List.of("é")))
                .isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
        assertThat(Checksums.submissionChecksum(List.of("sub-1", "sub-2"))).isNotEqualTo(expected);
        assertThatThrownBy(() -> Checksums.withSubmission("xyz", "a")).isInstanceOf(SmpcException.class);
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(SmpcException.class)
                .satisfies(e -> assertThat(((SmpcException) e).field()).isEqualTo(field));
    }
}
