package io.ppml.fl.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Decoding a 1,000,000-parameter update (4 MB) from a stream, with its finiteness check, and encoding a model. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Float32CodecBenchmark {

    private static final int DIMENSION = 1_000_000;

    private float[] values;
    private byte[] body;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(3);
        values = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            values[i] = (float) random.nextGaussian();
        }
        body = Float32Codec.encode(values);
    }

    @Benchmark
    public float[] decodeStream() throws IOException {
        return Float32Codec.decode(new ByteArrayInputStream(body), DIMENSION, "delta");
    }

    @Benchmark
    public byte[] encode() {
        return Float32Codec.encode(values);
    }
}
