package io.ppml.fl.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The binary form of models and updates ({@code application/octet-stream}, DESIGN §8): each value as an IEEE 754
 * float32, little-endian, in order, nothing else — {@code numpy.ndarray.astype('<f4').tobytes()} and
 * {@code torch.Tensor.numpy().tobytes()} on little-endian machines produce it. A body of dimension d is exactly 4·d
 * bytes.
 *
 * <p>Decoding reads a stream in chunks through one small buffer, so a body is never held twice, and refuses (as
 * {@link FlException}s naming the field) a body that is shorter or longer than its declared dimension, and any NaN or
 * ±Infinity, naming the first bad index.
 */
public final class Float32Codec {

    /** Bytes read or written per chunk: a multiple of 4, small enough to stay in the L1 cache. */
    private static final int CHUNK = 16 * 1024;

    private Float32Codec() {
    }

    public static byte[] encode(float[] values) {
        byte[] out = new byte[Math.multiplyExact(values.length, Float.BYTES)];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        return out;
    }

    /** Writes {@code values} to {@code out} in chunks; does not close or flush it. */
    public static void encode(float[] values, OutputStream out) throws IOException {
        byte[] buf = new byte[(int) Math.min(CHUNK, (long) values.length * Float.BYTES)];
        FloatBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int perChunk = buf.length / Float.BYTES;
        for (int at = 0; at < values.length; at += perChunk) {
            int n = Math.min(perChunk, values.length - at);
            view.put(0, values, at, n);
            out.write(buf, 0, n * Float.BYTES);
        }
    }

    /**
     * The {@code dimension} values of {@code body}; refuses a body of any other length or holding a non-finite value.
     *
     * @param field the JSON name refusals use, e.g. {@code "delta"} ({@code "delta[17]"} for a bad value)
     */
    public static float[] decode(byte[] body, int dimension, String field) {
        requireDimension(dimension);
        long expected = (long) dimension * Float.BYTES;
        if (body.length < expected) {
            throw truncated(field, dimension, body.length);
        }
        if (body.length > expected) {
            throw tooLong(field, dimension);
        }
        float[] out = new float[dimension];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        Vectors.requireFinite(out, field);
        return out;
    }

    /**
     * Reads exactly {@code dimension} values from {@code in}, then checks that the stream ends; refuses a stream that
     * ends early, one with bytes left over, or a non-finite value (naming its index, checked chunk by chunk so a bad
     * value early in a large body is refused without reading the rest). Does not close {@code in}.
     *
     * @param field the JSON name refusals use, e.g. {@code "delta"}
     */
    public static float[] decode(InputStream in, int dimension, String field) throws IOException {
        requireDimension(dimension);
        long expected = (long) dimension * Float.BYTES;
        float[] out = new float[dimension];
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(expected, Float.BYTES))];
        FloatBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        long read = 0;
        int pending = 0; // bytes at the start of buf not yet decoded: the tail of a value split across reads
        int decoded = 0;
        while (read < expected) {
            int r = in.read(buf, pending, (int) Math.min(buf.length - pending, expected - read));
            if (r < 0) {
                throw truncated(field, dimension, read);
            }
            read += r;
            pending += r;
            int whole = pending / Float.BYTES;
            view.get(0, out, decoded, whole);
            Vectors.requireFinite(out, decoded, decoded + whole, field);
            decoded += whole;
            int rest = pending - whole * Float.BYTES;
            System.arraycopy(buf, whole * Float.BYTES, buf, 0, rest);
            pending = rest;
        }
        if (in.read() >= 0) {
            throw tooLong(field, dimension);
        }
        return out;
    }

    private static void requireDimension(int dimension) {
        if (dimension < 0 || dimension > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException("dimension out of range: " + dimension);
        }
    }

    private static FlException truncated(String field, int dimension, long bytes) {
        return new FlException(field, "the body ends after " + bytes + " bytes; dimension " + dimension + " needs "
                + (long) dimension * Float.BYTES + " (little-endian float32)");
    }

    private static FlException tooLong(String field, int dimension) {
        return new FlException(field, "the body is longer than the " + (long) dimension * Float.BYTES
                + " bytes of dimension " + dimension + " (little-endian float32)");
    }
}
