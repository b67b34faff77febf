package io.ppml.he.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

import io.ppml.he.core.HeException.Problem;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static io.ppml.he.core.PaillierKeyTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ciphertext arithmetic decrypts to plaintext arithmetic: exactly for integers, and exactly for the encoded
 * values of reals (python-paillier's encodings are exact, so sums and products of them are exact rationals);
 * MEAN is exact for (Σx)·double(1/k) and within a relative 2^−52 of the true mean. Refusals: malformed
 * ciphertexts, overflow, mixed keys.
 */
class PaillierHomomorphicTests {

    private static final PaillierPrivateKey KEY = PaillierTestKeys.key2048();
    private static final PaillierPublicKey HELD = KEY.publicKey();
    private static final PaillierPublicKey IMPORTED = PaillierPublicKey.of(HELD.modulus());

    @Property(tries = 15)
    void shouldSumIntegersExactly(@ForAll @Size(min = 1, max = 12) List<Long> values) {
        List<EncryptedNumber> encrypted = new ArrayList<>();
        BigInteger expected = BigInteger.ZERO;
        for (int i = 0; i < values.size(); i++) {
            encrypted.add((i % 2 == 0 ? HELD : IMPORTED).encrypt(values.get(i)));
            expected = expected.add(BigInteger.valueOf(values.get(i)));
        }
        assertThat(KEY.decrypt(HELD.sum(encrypted)).toBigIntegerExact()).isEqualTo(expected);
    }

    @Property(tries = 15)
    void shouldSumRealsExactlyInTheirEncoding(
            @ForAll @Size(min = 1, max = 8) List<@DoubleRange(min = -1e6, max = 1e6) Double> values) {
        List<EncryptedNumber> encrypted = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        for (double v : values) {
            encrypted.add(HELD.encrypt(v));
            expected = expected.add(new BigDecimal(v));
        }
        EncodedNumber sum = KEY.decrypt(HELD.sum(encrypted));
        assertThat(sum.toBigDecimal()).isEqualByComparingTo(expected);
        assertThat(sum.doubleValue()).isEqualTo(expected.doubleValue()); // one correct rounding at the end
    }

    @Property(tries = 15)
    void shouldAddSubtractAndNegate(@ForAll long a, @ForAll long b, @ForAll double c) {
        EncryptedNumber ea = HELD.encrypt(a);
        EncryptedNumber eb = IMPORTED.encrypt(b);
        EncryptedNumber ec = HELD.encrypt(c);
        BigInteger ba = BigInteger.valueOf(a);
        BigInteger bb = BigInteger.valueOf(b);
        assertThat(KEY.decrypt(ea.add(eb)).toBigIntegerExact()).isEqualTo(ba.add(bb));
        assertThat(KEY.decrypt(ea.subtract(eb)).toBigIntegerExact()).isEqualTo(ba.subtract(bb));
        assertThat(KEY.decrypt(eb.negate()).toBigIntegerExact()).isEqualTo(bb.negate());
        // mixed exponents: the integer is aligned down to the double's exponent
        assertThat(KEY.decrypt(ea.add(ec)).toBigDecimal()).isEqualByComparingTo(new BigDecimal(ba)
                .add(new BigDecimal(c)));
        assertThat(KEY.decrypt(ec.subtract(ea)).toBigDecimal()).isEqualByComparingTo(new BigDecimal(c)
                .subtract(new BigDecimal(ba)));
    }

    @Property(tries = 15)
    void shouldAddAndMultiplyByPlaintexts(@ForAll @DoubleRange(min = -1e9, max = 1e9) double x,
            @ForAll @DoubleRange(min = -1e9, max = 1e9) double k, @ForAll int i) {
        EncryptedNumber ex = IMPORTED.encrypt(x);
        BigDecimal bx = new BigDecimal(x);
        BigDecimal bk = new BigDecimal(k);
        assertThat(KEY.decrypt(ex.addPlain(EncodedNumber.of(k))).toBigDecimal()).isEqualByComparingTo(bx.add(bk));
        assertThat(KEY.decrypt(ex.multiplyPlain(EncodedNumber.of(k))).toBigDecimal())
                .isEqualByComparingTo(bx.multiply(bk));
        assertThat(KEY.decrypt(ex.multiplyPlain(EncodedNumber.of(i))).toBigDecimal())
                .isEqualByComparingTo(bx.multiply(BigDecimal.valueOf(i)));
        assertThat(KEY.decrypt(HELD.encrypt((long) i).addPlain(EncodedNumber.of((long) i))).toBigIntegerExact())
                .isEqualTo(BigInteger.valueOf(2L * i));
    }

    @Property(tries = 10)
    void shouldComputeDotProducts(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = -100000, max = 100000)
            Integer> values, @ForAll double weightSeed) {
        List<EncryptedNumber> encrypted = new ArrayList<>();
        List<EncodedNumber> weights = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 0; i < values.size(); i++) {
            double w = Double.isFinite(weightSeed) ? (weightSeed % 1000) / (i + 1) : i - 2.5;
            encrypted.add(HELD.encrypt((long) values.get(i)));
            weights.add(EncodedNumber.of(w));
            expected = expected.add(BigDecimal.valueOf(values.get(i)).multiply(new BigDecimal(w)));
        }
        assertThat(KEY.decrypt(HELD.dot(encrypted, weights)).toBigDecimal()).isEqualByComparingTo(expected);
    }

    @Property(tries = 10)
    void shouldComputeMeans(@ForAll @Size(min = 1, max = 10) List<@IntRange(min = -1000000, max = 1000000)
            Integer> values) {
        List<EncryptedNumber> encrypted = new ArrayList<>();
        long sum = 0;
        for (int v : values) {
            encrypted.add(IMPORTED.encrypt((long) v));
            sum += v;
        }
        int k = values.size();
        EncodedNumber mean = KEY.decrypt(HELD.mean(encrypted));
        // exactly the sum times the double nearest 1/k …
        assertThat(mean.toBigDecimal()).isEqualByComparingTo(BigDecimal.valueOf(sum)
                .multiply(new BigDecimal(1.0 / k)));
        // … hence within a relative 2^−53 (plus the final rounding) of the true mean
        BigDecimal exact = BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(k), MathContext.DECIMAL128);
        assertThat(Math.abs(mean.doubleValue() - exact.doubleValue()))
                .isLessThanOrEqualTo(Math.abs(exact.doubleValue()) * 0x1p-52);
        assertThat(mean.exponent()).isEqualTo(EncodedNumber.of(1.0 / k).exponent());
    }

    @Test
    void shouldRefuseMalformedCiphertexts() {
        BigInteger n = HELD.modulus();
        BigInteger nSquared = n.multiply(n);
        for (BigInteger bad : List.of(BigInteger.ZERO, BigInteger.valueOf(-5), nSquared, nSquared.add(BigInteger.ONE),
                n, KEY.p(), KEY.q().multiply(BigInteger.valueOf(12345)))) {
            assertProblem(() -> HELD.bind(new Ciphertext(bad, 0)), Problem.INVALID_CIPHERTEXT);
            assertProblem(() -> KEY.decrypt(new Ciphertext(bad, 0)), Problem.INVALID_CIPHERTEXT);
        }
        BigInteger valid = HELD.encrypt(1L).ciphertext().value();
        assertProblem(() -> HELD.bind(new Ciphertext(valid, EncodedNumber.MAX_EXPONENT_MAGNITUDE + 1)),
                Problem.EXPONENT_OUT_OF_RANGE);
        assertThat(KEY.decrypt(HELD.bind(new Ciphertext(valid, 0))).toBigIntegerExact()).isEqualTo(1);
    }

    @Test
    void shouldReportOverflowInsteadOfAWrongNumber() {
        BigInteger nearMax = HELD.maxInt().subtract(BigInteger.TEN);
        EncryptedNumber a = HELD.encrypt(nearMax);
        EncryptedNumber b = IMPORTED.encrypt(nearMax);
        assertProblem(() -> KEY.decrypt(a.add(b)), Problem.OVERFLOW);
        assertProblem(() -> KEY.decrypt(a.negate().subtract(b)), Problem.OVERFLOW);
        assertProblem(() -> KEY.decrypt(a.multiplyPlain(EncodedNumber.of(2L))), Problem.OVERFLOW);
        assertProblem(() -> KEY.decrypt(HELD.sum(List.of(a, b))), Problem.OVERFLOW);
        assertProblem(() -> a.addPlain(EncodedNumber.of(HELD.maxInt().add(BigInteger.ONE))), Problem.OVERFLOW);
        assertProblem(() -> a.multiplyPlain(EncodedNumber.of(HELD.maxInt().negate().subtract(BigInteger.ONE))),
                Problem.OVERFLOW);
        // the largest legal sum is still decoded
        BigInteger half = HELD.maxInt().shiftRight(1);
        assertThat(KEY.decrypt(HELD.encrypt(half).add(HELD.encrypt(HELD.maxInt().subtract(half))))
                .toBigIntegerExact()).isEqualTo(HELD.maxInt());
    }

    @Test
    void shouldRefuseAlignmentsWhoseFactorExceedsMaxInt() {
        EncryptedNumber coarse = HELD.encrypt(new EncodedNumber(BigInteger.ONE, 300)); // 16^300
        EncryptedNumber fine = HELD.encrypt(1e-300); // exponent −263: aligning needs 16^563 > max_int
        assertProblem(() -> coarse.add(fine), Problem.EXPONENT_OUT_OF_RANGE);
        assertProblem(() -> coarse.decreaseExponentTo(coarse.exponent() + 1), Problem.EXPONENT_OUT_OF_RANGE);
    }

    @Test
    void shouldRefuseToMixKeys() {
        PaillierPrivateKey other = PaillierTestKeys.otherKey2048();
        EncryptedNumber mine = HELD.encrypt(1L);
        EncryptedNumber theirs = other.publicKey().encrypt(1L);
        assertProblem(() -> mine.add(theirs), Problem.KEY_MISMATCH);
        assertProblem(() -> mine.subtract(theirs), Problem.KEY_MISMATCH);
        assertProblem(() -> HELD.sum(List.of(mine, theirs)), Problem.KEY_MISMATCH);
        assertProblem(() -> HELD.dot(List.of(theirs), List.of(EncodedNumber.of(2L))), Problem.KEY_MISMATCH);
        assertProblem(() -> KEY.decrypt(theirs), Problem.KEY_MISMATCH);
        // the same modulus imported separately is the same key
        assertThat(KEY.decrypt(mine.add(IMPORTED.encrypt(2L))).toBigIntegerExact()).isEqualTo(3);
    }

    @Test
    void shouldRefuseMalformedAggregates() {
        assertProblem(() -> HELD.sum(List.of()), Problem.INVALID_ARGUMENT);
        assertProblem(() -> HELD.mean(List.of()), Problem.INVALID_ARGUMENT);
        assertProblem(() -> HELD.dot(List.of(HELD.encrypt(1L)), List.of()), Problem.INVALID_ARGUMENT);
    }
}
