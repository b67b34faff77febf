package io.ppml.smpc.core.p256;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;

import io.ppml.smpc.core.Field;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One multiplication and one squaring modulo the P-256 prime: {@link MontgomeryP256} (52-bit limbs) against Bouncy
 * Castle's {@link SecP256R1Field} (32-bit limbs), the arithmetic {@link FixedBaseMsm} spends most of its time in.
 * Each invocation runs a dependent chain of {@value #CHAIN} operations (each result feeds the next), so that
 * the figure is the throughput of a real inner loop rather than of one isolated call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class P256FieldBenchmark {

    private static final int CHAIN = 1_000;

    private final long[] montgomery = new long[2 * MontgomeryP256.LIMBS];
    private final int[] bcA = new int[8];
    private final int[] bcB = new int[8];

    @Setup(Level.Trial)
    public void setUp() {
        BigInteger a = Field.random();
        BigInteger b = Field.random();
        MontgomeryP256.fromBigInteger(a, montgomery, 0);
        MontgomeryP256.fromBigInteger(b, montgomery, MontgomeryP256.LIMBS);
        Nat256.copy(Nat256.fromBigInteger(a), 0, bcA, 0);
        Nat256.copy(Nat256.fromBigInteger(b), 0, bcB, 0);
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public long multiplyMontgomery52() {
        for (int i = 0; i < CHAIN; i++) {
            MontgomeryP256.mul(montgomery, 0, montgomery, MontgomeryP256.LIMBS, montgomery, 0);
        }
        return montgomery[0];
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public int baselineMultiplyBouncyCastle() {
        for (int i = 0; i < CHAIN; i++) {
            SecP256R1Field.multiply(bcA, bcB, bcA);
        }
        return bcA[0];
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public long squareMontgomery52() {
        for (int i = 0; i < CHAIN; i++) {
            MontgomeryP256.square(montgomery, 0, montgomery, 0);
        }
        return montgomery[0];
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public int squareBouncyCastle() {
        for (int i = 0; i < CHAIN; i++) {
            SecP256R1Field.square(bcA, bcA);
        }
        return bcA[0];
    }
}
