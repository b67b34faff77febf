package io.ppml.he.core;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import io.ppml.crypto.Randomness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Paillier operations per second on one thread, ours against javallier 0.6.0 (the Java port of python-paillier,
 * which does its modular exponentiations in GMP through jnagmp when the native library loads, as it does on the
 * benchmark machine), measured in the same run at 2048 and 3072 bits.
 *
 * <ul>
 *   <li>Encryption is sustained: every call draws its own randomness and pays for it (no pool filled outside the
 *       measurement). The per-key fixed-base tables are built once in the set-up, as the service builds them once
 *       per key; javallier's encryption is its "safe" path, {@code encrypt(…).getSafeEncryptedNumber()}, which
 *       obfuscates with r^n mod n².</li>
 *   <li>{@code ourEncryptTextbookPureJava} is r^n mod n² in {@code BigInteger} with a fresh r, to separate GMP's
 *       advantage from the method's.</li>
 *   <li>{@code limitTwoHalfSizeModPows} is the floor for CRT decryption on the JVM: the two
 *       {@code BigInteger.modPow} calls c^(p−1) mod p² and c^(q−1) mod q² that any CRT decryption must make.</li>
 *   <li>add and multiply-by-plaintext are the raw operations (no re-randomisation) on both sides.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PaillierBenchmark {

    private static final long PLAINTEXT = 1_234_567_890_123L;
    private static final long FACTOR = 1_000_003L;

    @State(Scope.Benchmark)
    public static class Ours {
        @Param({"2048", "3072"})
        int bits;

        PaillierPrivateKey key;
        PaillierPublicKey held;
        PaillierPublicKey publicOnly;
        EncryptedNumber a;
        EncryptedNumber b;
        EncodedNumber factor;
        BigInteger ciphertext;
        BigInteger p;
        BigInteger q;
        BigInteger pSquared;
        BigInteger qSquared;
        BigInteger pMinusOne;
        BigInteger qMinusOne;

        @Setup
        public void setUp() {
            key = PaillierPrivateKey.generate(bits);
            held = key.publicKey();
            publicOnly = PaillierPublicKey.of(held.modulus());
            held.encryptionMethod(); // build the per-key tables outside the measurement
            publicOnly.encryptionMethod();
            a = held.encrypt(PLAINTEXT);
            b = publicOnly.encrypt(-PLAINTEXT / 3);
            factor = EncodedNumber.of(FACTOR);
            ciphertext = a.ciphertext().value();
            p = key.p();
            q = key.q();
            pSquared = p.multiply(p);
            qSquared = q.multiply(q);
            pMinusOne = p.subtract(BigInteger.ONE);
            qMinusOne = q.subtract(BigInteger.ONE);
        }
    }

    @State(Scope.Benchmark)
    public static class Javallier {
        @Param({"2048", "3072"})
        int bits;

        com.n1analytics.paillier.PaillierPrivateKey key;
        com.n1analytics.paillier.PaillierContext context;
        com.n1analytics.paillier.EncryptedNumber a;
        com.n1analytics.paillier.EncryptedNumber b;

        @Setup
        public void setUp() {
            key = com.n1analytics.paillier.PaillierPrivateKey.create(bits);
            context = key.getPublicKey().createSignedContext();
            a = context.encrypt(PLAINTEXT).getSafeEncryptedNumber();
            b = context.encrypt(-PLAINTEXT / 3).getSafeEncryptedNumber();
        }
    }

    @Benchmark
    public EncryptedNumber ourEncryptHeldKey(Ours s) {
        return s.held.encrypt(PLAINTEXT);
    }

    @Benchmark
    public EncryptedNumber ourEncryptPublicKeyOnly(Ours s) {
        return s.publicOnly.encrypt(PLAINTEXT);
    }

    @Benchmark
    public EncryptedNumber ourEncryptTextbookPureJava(Ours s) {
        SecureRandom random = Randomness.secureRandom();
        BigInteger n = s.held.modulus();
        BigInteger r;
        do {
            r = new BigInteger(n.bitLength(), random);
        } while (r.signum() == 0 || r.compareTo(n) >= 0);
        return s.held.encryptTextbook(EncodedNumber.of(PLAINTEXT), r);
    }

    @Benchmark
    public EncodedNumber ourDecrypt(Ours s) {
        return s.key.decrypt(s.a);
    }

    @Benchmark
    public EncryptedNumber ourAdd(Ours s) {
        return s.a.add(s.b);
    }

    @Benchmark
    public EncryptedNumber ourMultiplyPlain(Ours s) {
        return s.a.multiplyPlain(s.factor);
    }

    @Benchmark
    public BigInteger limitTwoHalfSizeModPows(Ours s) {
        BigInteger xp = s.ciphertext.modPow(s.pMinusOne, s.pSquared);
        BigInteger xq = s.ciphertext.modPow(s.qMinusOne, s.qSquared);
        return xp.xor(xq);
    }

    @Benchmark
    public com.n1analytics.paillier.EncryptedNumber javallierEncrypt(Javallier s) {
        return s.context.encrypt(PLAINTEXT).getSafeEncryptedNumber();
    }

    @Benchmark
    public com.n1analytics.paillier.EncodedNumber javallierDecrypt(Javallier s) {
        return s.key.decrypt(s.a);
    }

    @Benchmark
    public com.n1analytics.paillier.EncryptedNumber javallierAdd(Javallier s) {
        return s.a.add(s.b);
    }

    @Benchmark
    public com.n1analytics.paillier.EncryptedNumber javallierMultiply(Javallier s) {
        return s.a.multiply(FACTOR);
    }
}
