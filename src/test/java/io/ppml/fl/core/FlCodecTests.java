package io.ppml.fl.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import io.ppml.refusal.Refusal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The little-endian float32 wire form: layout, round trips, and refusal of wrong lengths and non-finite values. */
class FlCodecTests {

    @Test
    void valuesAreLittleEndianFloat32InOrder() {
        // IEEE 754 binary32: 1.0 = 0x3F800000, −2.5 = 0xC0200000, least significant byte first
        assertThat(HexFormat.of().formatHex(Float32Codec.encode(new float[] {1.0f, -2.5f})))
                .isEqualTo("0000803f000020c0");
        assertThat(Float32Codec.decode(HexFormat.of().parseHex("0000803f000020c0"), 2, "delta"))
                .containsExactly(1.0f, -2.5f);
    }

    /** Every finite float pattern survives encode → decode, from a byte[] and from a stream that trickles. */
    @Property(tries = 200)
    void encodingRoundTripsBitForBit(@ForAll long seed, @ForAll @IntRange(min = 0, max = 20_000) int d)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[d];
        for (int i = 0; i < d; i++) {
            float v;
            do {
                v = Float.intBitsToFloat(random.nextInt()); // every pattern: ±0, subnormals, extremes
            } while (!Float.isFinite(v));
            values[i] = v;
        }
        byte[] bytes = Float32Codec.encode(values);
        assertThat(bytes).hasSize(4 * d);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        Float32Codec.encode(values, streamed);
        assertThat(streamed.toByteArray()).isEqualTo(bytes);

        assertSameBits(Float32Codec.decode(bytes, d, "delta"), values);
        assertSameBits(Float32Codec.decode(new Trickle(bytes, random.nextLong()), d, "delta"), values);
        assertSameBits(Float32Codec.decode(new ByteArrayInputStream(bytes), d, "delta"), values);
    }

    @Test
    void aBodyShorterThanItsDimensionIsRefused() {
        byte[] bytes = Float32Codec.encode(new float[] {1, 2, 3});
        byte[] truncated = Arrays.copyOf(bytes, 11);
        assertRefused(() -> Float32Codec.decode(truncated, 3, "delta"), "delta", "ends after 11 bytes");
        assertRefused(() -> Float32Codec.decode(new ByteArrayInputStream(truncated), 3, "delta"), "delta",
                "ends after 11 bytes");
        assertRefused(() -> Float32Codec.decode(new Trickle(truncated, 5), 3, "delta"), "delta", "ends after 11 bytes");
        assertRefused(() -> Float32Codec.decode(new byte[0], 3, "delta"), "delta", "ends after 0 bytes");
    }

    @Test
    void aBodyLongerThanItsDimensionIsRefused() {
        byte[] bytes = Float32Codec.encode(new float[] {1, 2, 3});
        byte[] longer = Arrays.copyOf(bytes, 13);
        assertRefused(() -> Float32Codec.decode(longer, 3, "delta"), "delta", "longer than the 12 bytes");
        assertRefused(() -> Float32Codec.decode(new ByteArrayInputStream(longer), 3, "delta"), "delta",
                "longer than the 12 bytes");
        assertRefused(() -> Float32Codec.decode(new ByteArrayInputStream(new byte[] {0}), 0, "delta"), "delta",
                "longer than the 0 bytes");
        assertThat(Float32Codec.decode(new byte[0], 0, "delta")).isEmpty();
    }

    @Test
    void nonFiniteValuesAreRefusedNamingTheFirstBadIndex() {
        int d = 20_000; // past the first chunk of the stream decoder
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffffffff)}) {
            for (int at : new int[] {0, 17, 4_095, 4_096, 19_999}) {
                byte[] bytes = Float32Codec.encode(new float[d]);
                // write the raw bits: a float[] could canonicalise a NaN payload on the way
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4 * at, Float.floatToRawIntBits(bad));
                if (at < 19_999) {
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4 * 19_999,
                            Float.floatToRawIntBits(Float.NaN)); // a later bad value is not the one named
                }
                String expected = Float.isNaN(bad) ? "must be finite, got NaN" : "must be finite, got " + bad;
                assertRefused(() -> Float32Codec.decode(bytes, d, "delta"), "delta[" + at + "]", expected);
                assertRefused(() -> Float32Codec.decode(new Trickle(bytes, at), d, "delta"), "delta[" + at + "]",
                        expected);
            }
        }
    }

    @Test
    void refusalsAreInvalidRequestsNamingTheCallersField() {
        assertThatThrownBy(() -> Float32Codec.decode(new byte[3], 1, "initialModel"))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID);
                    assertThat(r.field()).isEqualTo("initialModel");
                    assertThat(r.detail()).startsWith("initialModel: ");
                });
    }

    private interface Decode {
        float[] run() throws IOException;
    }

    private static void assertRefused(Decode decode, String field, String messagePart) {
        assertThatThrownBy(decode::run).isInstanceOfSatisfying(FlException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(messagePart);
        });
    }

    private static void assertSameBits(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToRawIntBits(actual[i])).as("value %d", i)
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
        }
    }

    /** A stream that hands out 1 to 7 bytes per read, so values straddle reads as they do on a network. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final SplittableRandom random;
        private int at;

        Trickle(byte[] bytes, long seed) {
            this.bytes = bytes;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(7)), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}
