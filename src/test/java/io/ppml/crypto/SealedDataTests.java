package io.ppml.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ppml.support.Concurrently;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sealing envelope's wire format, its key rotation, and that everything ever sealed still opens. */
class SealedDataTests {

    private static final byte[] AD = "tenant-1|key-1".getBytes(StandardCharsets.UTF_8);
    private static final SealingKeyLimits A_DAY = new SealingKeyLimits(1L << 24, Duration.ofHours(24));

    /**
     * Made by the version 1 code (commit 188e958, {@code AesGcmAead} before rotation) with the master key 00 01 … 1f,
     * purpose "idempotency-responses", associated data "tenant-1|key-1" and plaintext {"status":201}.
     */
    private static final String V1_MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String V1_SEALED =
            "01dee0d311bc478e4230098270c55654bc4c18bf0cdb09bd2e20cb4fa82d65875b63ed7e9120ccadcd349c";
    private static final String V1_PLAINTEXT = "{\"status\":201}";

    private final MasterKey master = MasterKey.generate();

    @Test
    void shouldWriteVersion2WithTheKeyIdAndAFreshNonceAndOpenIt() {
        Aead aead = master.aead("test");
        byte[] plaintext = "secret".getBytes(StandardCharsets.UTF_8);
        byte[] first = aead.encrypt(plaintext, AD);
        byte[] second = aead.encrypt(plaintext, AD);

        assertThat(first).hasSize(1 + 8 + 12 + plaintext.length + 16);
        assertThat(first[0]).isEqualTo((byte) 2);
        assertThat(keyId(second)).as("no rotation yet").isEqualTo(keyId(first));
        assertThat(nonce(second)).isNotEqualTo(nonce(first));
        assertThat(aead.decrypt(first, AD)).isEqualTo(plaintext);
        assertThat(aead.decrypt(second, AD)).isEqualTo(plaintext);
        assertThat(aead.decrypt(aead.encrypt(new byte[0], new byte[0]), new byte[0])).isEmpty();
    }

    @Test
    void shouldShareOneRotatingEnvelopePerPurpose() {
        assertThat(master.aead("test")).isSameAs(master.aead("test"));
        assertThat(keyId(master.aead("test").encrypt(new byte[1], AD)))
                .isEqualTo(keyId(master.aead("test").encrypt(new byte[1], AD)));
        assertThat(master.aead("other")).isNotSameAs(master.aead("test"));
    }

    @Test
    void shouldRotateTheKeyIdAfterMaxMessagesAndStillOpenEverything() {
        Aead aead = master.aead("test", new SealingKeyLimits(3, Duration.ofHours(24)), Clock.systemUTC());
        List<byte[]> sealed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sealed.add(aead.encrypt(new byte[] {(byte) i}, AD));
        }

        List<Long> ids = sealed.stream().map(SealedDataTests::keyId).toList();
        assertThat(ids.subList(0, 3)).containsOnly(ids.get(0));
        assertThat(ids.subList(3, 6)).containsOnly(ids.get(3));
        assertThat(ids.subList(6, 9)).containsOnly(ids.get(6));
        assertThat(new LinkedHashSet<>(ids)).containsExactly(ids.get(0), ids.get(3), ids.get(6), ids.get(9));
        Aead elsewhere = MasterKey.fromBase64(master.exportBase64()).aead("test");
        for (int i = 0; i < 10; i++) {
            assertThat(aead.decrypt(sealed.get(i), AD)).containsExactly(i);
            assertThat(elsewhere.decrypt(sealed.get(i), AD)).containsExactly(i);
        }
    }

    @Test
    void shouldRotateTheKeyIdWhenItIsMaxAgeOldAndStillOpenEverything() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        Aead aead = master.aead("test", A_DAY, clock);
        byte[] atStart = aead.encrypt(new byte[] {1}, AD);
        clock.advance(Duration.ofHours(24).minusMillis(1));
        byte[] justBefore = aead.encrypt(new byte[] {2}, AD);
        clock.advance(Duration.ofMillis(1));
        byte[] atMaxAge = aead.encrypt(new byte[] {3}, AD);
        clock.advance(Duration.ofHours(1));
        byte[] anHourLater = aead.encrypt(new byte[] {4}, AD);

        assertThat(keyId(justBefore)).isEqualTo(keyId(atStart));
        assertThat(keyId(atMaxAge)).isNotEqualTo(keyId(atStart));
        assertThat(keyId(anHourLater)).isEqualTo(keyId(atMaxAge));
        assertThat(aead.decrypt(atStart, AD)).containsExactly(1);
        assertThat(aead.decrypt(justBefore, AD)).containsExactly(2);
        assertThat(aead.decrypt(atMaxAge, AD)).containsExactly(3);
        assertThat(aead.decrypt(anHourLater, AD)).containsExactly(4);
    }

    @Test
    void shouldRotateTheKeyIdWhenTheClockMovesBackwards() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T12:00:00Z"));
        Aead aead = master.aead("test", A_DAY, clock);
        byte[] before = aead.encrypt(new byte[] {1}, AD);
        clock.advance(Duration.ofMinutes(-5));
        byte[] after = aead.encrypt(new byte[] {2}, AD);

        assertThat(keyId(after)).isNotEqualTo(keyId(before));
        assertThat(aead.decrypt(before, AD)).containsExactly(1);
        assertThat(aead.decrypt(after, AD)).containsExactly(2);
    }

    /**
     * Every slot 1..max of a key is claimed by exactly one thread before any thread sees it spent, so with 16,000
     * messages and a limit of 5 there are exactly 3,200 key ids with 5 messages each — never 6.
     */
    @Test
    void shouldNeverSealMoreThanMaxMessagesUnderOneKeyIdAcrossThreads() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        int limit = 5;
        Aead aead = master.aead("test", new SealingKeyLimits(limit, Duration.ofHours(24)), Clock.systemUTC());
        List<List<byte[]>> sealedByThread = Concurrently.run(threads, t -> () -> {
            List<byte[]> out = new ArrayList<>(perThread);
            for (int i = 0; i < perThread; i++) {
                out.add(aead.encrypt(ByteBuffer.allocate(8).putInt(t).putInt(i).array(), AD));
            }
            return out;
        });

        Map<Long, Integer> messagesPerKeyId = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                byte[] sealed = sealedByThread.get(t).get(i);
                messagesPerKeyId.merge(keyId(sealed), 1, Integer::sum);
                assertThat(aead.decrypt(sealed, AD)).isEqualTo(ByteBuffer.allocate(8).putInt(t).putInt(i).array());
            }
        }
        assertThat(messagesPerKeyId.values()).allSatisfy(count -> assertThat(count).isEqualTo(limit));
        assertThat(messagesPerKeyId).hasSize(threads * perThread / limit);
    }

    @Test
    void shouldOpenTheVersion1VectorMadeByTheOldCode() {
        MasterKey legacyMaster = MasterKey.fromBase64(V1_MASTER_KEY);
        byte[] sealed = HexFormat.of().parseHex(V1_SEALED);

        assertThat(new String(legacyMaster.aead("idempotency-responses").decrypt(sealed, AD), StandardCharsets.UTF_8))
                .isEqualTo(V1_PLAINTEXT);
        assertThat(LegacySealing.sealVersion1(legacyMaster, "idempotency-responses",
                Arrays.copyOfRange(sealed, 1, 13), V1_PLAINTEXT.getBytes(StandardCharsets.UTF_8), AD))
                .as("the test helper is the old code path").isEqualTo(sealed);
        assertThatThrownBy(() -> legacyMaster.aead("dp-dataset-rows").decrypt(sealed, AD))
                .isInstanceOf(SealedDataException.class);
        assertThatThrownBy(() -> legacyMaster.aead("idempotency-responses").decrypt(sealed, new byte[0]))
                .isInstanceOf(SealedDataException.class);
    }

    @Property(tries = 100)
    void shouldOpenVersion1DataAlongsideVersion2(@ForAll byte[] plaintext, @ForAll byte[] ad) {
        Aead aead = master.aead("test");
        byte[] legacy = LegacySealing.sealVersion1(master, "test", plaintext, ad);
        byte[] current = aead.encrypt(plaintext, ad);

        assertThat(legacy[0]).isEqualTo((byte) 1);
        assertThat(current[0]).isEqualTo((byte) 2);
        assertThat(aead.decrypt(legacy, ad)).isEqualTo(plaintext);
        assertThat(aead.decrypt(current, ad)).isEqualTo(plaintext);
    }

    @Test
    void shouldRefuseAnyAlteredVersionKeyIdNonceCiphertextOrTag() {
        Aead aead = master.aead("test");
        byte[] sealed = aead.encrypt("secret".getBytes(StandardCharsets.UTF_8), AD);
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] altered = sealed.clone();
                altered[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> aead.decrypt(altered, AD)).as("byte %d bit %d", i, bit)
                        .isInstanceOf(SealedDataException.class);
            }
        }
        byte[] relabelled = sealed.clone();
        relabelled[0] = 1;
        assertThatThrownBy(() -> aead.decrypt(relabelled, AD)).isInstanceOf(SealedDataException.class);
    }

    @Test
    void shouldRefuseAKeyIdSwappedForAnotherRealOne() {
        Aead aead = master.aead("test", new SealingKeyLimits(1, Duration.ofHours(24)), Clock.systemUTC());
        byte[] first = aead.encrypt("one".getBytes(StandardCharsets.UTF_8), AD);
        byte[] second = aead.encrypt("two".getBytes(StandardCharsets.UTF_8), AD);
        assertThat(keyId(second)).isNotEqualTo(keyId(first));

        byte[] swapped = first.clone();
        System.arraycopy(second, 1, swapped, 1, 8);
        assertThatThrownBy(() -> aead.decrypt(swapped, AD)).isInstanceOf(SealedDataException.class);
    }

    @Test
    void shouldRefuseEmptyTruncatedAndUnknownVersions() {
        Aead aead = master.aead("test");
        byte[] sealed = aead.encrypt(new byte[0], AD);
        assertThatThrownBy(() -> aead.decrypt(new byte[0], AD))
                .isInstanceOf(SealedDataException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> aead.decrypt(Arrays.copyOf(sealed, sealed.length - 1), AD))
                .isInstanceOf(SealedDataException.class).hasMessageContaining("truncated");
        byte[] legacy = LegacySealing.sealVersion1(master, "test", new byte[0], AD);
        assertThatThrownBy(() -> aead.decrypt(Arrays.copyOf(legacy, legacy.length - 1), AD))
                .isInstanceOf(SealedDataException.class).hasMessageContaining("truncated");
        byte[] future = sealed.clone();
        future[0] = 3;
        assertThatThrownBy(() -> aead.decrypt(future, AD))
                .isInstanceOf(SealedDataException.class).hasMessageContaining("unknown version 3");
    }

    @Test
    void shouldLetTwoInstancesWithTheSameMasterKeyOpenEachOthersData() {
        MasterKey first = MasterKey.fromBase64(master.exportBase64());
        MasterKey second = MasterKey.fromBase64(master.exportBase64());
        byte[] fromFirst = first.aead("smpc-shares").encrypt("a".getBytes(StandardCharsets.UTF_8), AD);
        byte[] fromSecond = second.aead("smpc-shares").encrypt("b".getBytes(StandardCharsets.UTF_8), AD);

        assertThat(keyId(fromFirst)).as("each instance draws its own key id").isNotEqualTo(keyId(fromSecond));
        assertThat(second.aead("smpc-shares").decrypt(fromFirst, AD)).containsExactly('a');
        assertThat(first.aead("smpc-shares").decrypt(fromSecond, AD)).containsExactly('b');
        assertThatThrownBy(() -> second.aead("he-private-keys").decrypt(fromFirst, AD))
                .isInstanceOf(SealedDataException.class);
        assertThatThrownBy(() -> MasterKey.generate().aead("smpc-shares").decrypt(fromFirst, AD))
                .isInstanceOf(SealedDataException.class);
    }

    /** More key ids than the opening cache holds: the evicted ones are derived again. */
    @Test
    void shouldOpenDataUnderMoreKeyIdsThanTheCacheHolds() {
        Aead sealing = master.aead("test", new SealingKeyLimits(1, Duration.ofHours(24)), Clock.systemUTC());
        int messages = AesGcmAead.CACHED_KEYS + 100;
        List<byte[]> sealed = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            sealed.add(sealing.encrypt(ByteBuffer.allocate(4).putInt(i).array(), AD));
        }
        Set<Long> ids = new LinkedHashSet<>();
        sealed.forEach(s -> ids.add(keyId(s)));
        assertThat(ids).hasSize(messages);

        Aead opening = MasterKey.fromBase64(master.exportBase64()).aead("test");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < messages; i++) {
                assertThat(opening.decrypt(sealed.get(i), AD)).isEqualTo(ByteBuffer.allocate(4).putInt(i).array());
            }
        }
    }

    @Test
    void shouldRefuseLimitsBeyondTheNistBoundOrWithoutAnAge() {
        assertThat(new SealingKeyLimits(1L << 32, Duration.ofMillis(1)).maxMessages()).isEqualTo(1L << 32);
        assertThatThrownBy(() -> new SealingKeyLimits((1L << 32) + 1, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NIST SP 800-38D");
        assertThatThrownBy(() -> new SealingKeyLimits(0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SealingKeyLimits(10, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("millisecond");
        assertThatThrownBy(() -> new SealingKeyLimits(10, Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SealingKeyLimits(10, Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SealingKeyLimits(10, Duration.ofSeconds(Long.MAX_VALUE)).maxAgeMillis())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(master.sealingKeyLimits()).isEqualTo(SealingKeyLimits.DEFAULT);
        assertThat(master.withSealingKeyLimits(A_DAY).sealingKeyLimits()).isEqualTo(A_DAY);
        assertThat(master.withSealingKeyLimits(A_DAY)).isEqualTo(master);
    }

    @Test
    void shouldNotPrintKeysOrTheMasterKeyInTheEnvelope() {
        assertThat(master.aead("test").toString()).contains("redacted").doesNotContain(master.exportBase64());
    }

    private static long keyId(byte[] sealed) {
        return ByteBuffer.wrap(sealed, 1, 8).getLong();
    }

    private static byte[] nonce(byte[] sealed) {
        return Arrays.copyOfRange(sealed, 9, 21);
    }

    private static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
