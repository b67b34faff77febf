package io.ppml.he.core;

import java.math.BigInteger;
import java.util.Objects;

import io.ppml.he.core.HeException.Problem;

/**
 * A ciphertext bound to its {@link PaillierPublicKey}: c ∈ Z*_{n²} and the base-16 exponent of the encoded number
 * inside (python-paillier {@code EncryptedNumber}). Instances come only from a key — {@code encrypt}, or
 * {@link PaillierPublicKey#bind(Ciphertext)} which validates outside values — or from operations on instances, so
 * every instance holds a valid ciphertext; operands of another key are refused ({@link Problem#KEY_MISMATCH}).
 *
 * <h2>Homomorphic operations (Paillier 1999, §5; python-paillier)</h2>
 * E(a)·E(b) = E(a + b), E(a)^k = E(k·a), E(a)^−1 = E(−a), all mod n². Operands of different exponents are first
 * aligned to the smaller exponent by multiplying the other mantissa by 16^Δ (python-paillier
 * {@code decrease_exponent_to}); a factor 16^Δ beyond max_int is refused rather than allowed to wrap.
 *
 * <h2>Overflow</h2>
 * The guard band catches any result whose true mantissa T satisfies max_int &lt; |T| &lt; n − max_int (≈ 2n/3): in
 * particular every sum or difference of two valid numbers. A result with |T| ≥ n − max_int wraps around n and
 * cannot be told from a valid number by anyone (python-paillier has the same limit). It takes a huge true result:
 * inputs near max_int (≈ 2^(|n|−2)) summed three or more at a time, huge plaintext weights, or an alignment across
 * a wide range of exponents (1e300 + 1e−300 multiplies the first mantissa by 16^499). Alignments whose factor
 * alone exceeds max_int are refused. Keep values far below max_int and exponents close (a billion values below
 * 2^64 sum to below 2^94, against max_int ≈ 2^2046 at 2048 bits).
 *
 * <h2>Re-randomisation</h2>
 * Like python-paillier's, operations do not add fresh randomness: a product E(a)^k shows k to anyone who holds E(a)
 * (try the candidates), and E(0)^0 = 1. Call {@link #rerandomize()} on a result before it leaves for someone who
 * may hold the inputs.
 */
public final class EncryptedNumber {

    private final PaillierPublicKey publicKey;
    private final BigInteger value;
    private final int exponent;

    EncryptedNumber(PaillierPublicKey publicKey, BigInteger value, int exponent) {
        EncodedNumber.checkExponent(exponent);
        this.publicKey = publicKey;
        this.value = value;
        this.exponent = exponent;
    }

    public PaillierPublicKey publicKey() {
        return publicKey;
    }

    public int exponent() {
        return exponent;
    }

    /** The wire form {@code (v, e)}. */
    public Ciphertext ciphertext() {
        return new Ciphertext(value, exponent);
    }

    BigInteger value() {
        return value;
    }

    /** E(a + b). */
    public EncryptedNumber add(EncryptedNumber other) {
        publicKey.requireSame(other.publicKey);
        int target = Math.min(exponent, other.exponent);
        BigInteger product = publicKey.multiplyModNSquared(decreaseExponentTo(target).value,
                other.decreaseExponentTo(target).value);
        return new EncryptedNumber(publicKey, product, target);
    }

    /** E(a − b) = E(a)·E(b)^−1. */
    public EncryptedNumber subtract(EncryptedNumber other) {
        publicKey.requireSame(other.publicKey);
        return add(other.negate());
    }

    /** E(−a) = E(a)^−1 mod n². */
    public EncryptedNumber negate() {
        return new EncryptedNumber(publicKey, value.modInverse(publicKey.nSquared()), exponent);
    }

    /** E(a + x) for a plaintext x: E(a)·(1 + x·n), exponents aligned as python-paillier's {@code _add_encoded}. */
    public EncryptedNumber addPlain(EncodedNumber plaintext) {
        EncryptedNumber a = this;
        EncodedNumber x = plaintext;
        if (a.exponent > x.exponent()) {
            a = a.decreaseExponentTo(x.exponent());
        } else if (a.exponent < x.exponent()) {
            x = alignPlaintext(x, a.exponent);
        }
        BigInteger m = publicKey.toResidue(x);
        return new EncryptedNumber(publicKey, publicKey.multiplyByOnePlusMn(a.value, m), a.exponent);
    }

    /**
     * E(k·a) = E(a)^k for a plaintext k with |mantissa| ≤ max_int; a negative k uses E(a)^−1 raised to |k|
     * (python-paillier's {@code _raw_mul} does the same to keep the exponent short). The result's exponent is
     * the sum of both exponents.
     */
    public EncryptedNumber multiplyPlain(EncodedNumber factor) {
        BigInteger k = factor.mantissa();
        publicKey.toResidue(factor); // |k| ≤ max_int, or OVERFLOW
        long newExponent = (long) exponent + factor.exponent();
        EncodedNumber.checkExponent(newExponent);
        BigInteger base = k.signum() < 0 ? value.modInverse(publicKey.nSquared()) : value;
        return new EncryptedNumber(publicKey, base.modPow(k.abs(), publicKey.nSquared()), (int) newExponent);
    }

    /**
     * The same plaintext with a smaller exponent: E(a)^(16^Δ), Δ = exponent − newExponent (python-paillier
     * {@code EncryptedNumber.decrease_exponent_to}). Refused when 16^Δ exceeds max_int: every non-zero mantissa
     * would then overflow.
     */
    public EncryptedNumber decreaseExponentTo(int newExponent) {
        if (newExponent > exponent) {
            throw new HeException(Problem.EXPONENT_OUT_OF_RANGE,
                    "cannot increase an exponent from " + exponent + " to " + newExponent + " without decrypting");
        }
        if (newExponent == exponent) {
            return this;
        }
        BigInteger factor = alignmentFactor(exponent - newExponent);
        return new EncryptedNumber(publicKey, value.modPow(factor, publicKey.nSquared()), newExponent);
    }

    /** The same plaintext under fresh randomness: c·R mod n² for a new random n-th residue R. */
    public EncryptedNumber rerandomize() {
        return new EncryptedNumber(publicKey,
                publicKey.multiplyModNSquared(value, publicKey.randomNthResidue()), exponent);
    }

    private EncodedNumber alignPlaintext(EncodedNumber x, int target) {
        alignmentFactor(x.exponent() - target);
        return x.decreaseExponentTo(target);
    }

    private BigInteger alignmentFactor(int delta) {
        if ((long) delta * 4 >= publicKey.maxInt().bitLength()) {
            throw new HeException(Problem.EXPONENT_OUT_OF_RANGE, "aligning exponents " + delta
                    + " apart needs a factor 16^" + delta + " beyond max_int of this key");
        }
        return BigInteger.ONE.shiftLeft(4 * delta);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedNumber other && other.exponent == exponent && other.value.equals(value)
                && other.publicKey.equals(publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, exponent);
    }

    @Override
    public String toString() {
        return "EncryptedNumber[exponent=" + exponent + ", key=" + publicKey.fingerprint() + "]";
    }
}
