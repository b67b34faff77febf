package io.ppml.he.core;

import java.math.BigInteger;
import java.security.SecureRandom;

import io.ppml.crypto.Randomness;

/**
 * {@link EncryptionMethod#DJN_SHORT_EXPONENT}: h_s^α mod n² with h = −y² mod n for a random y ∈ Z*_n,
 * h_s = h^n mod n² and α uniform in [0, 2^⌈k/2⌉), k = bit length of n (Damgård, Jurik &amp; Nielsen 2010; the same
 * parameters as the Ant Group HEU library's "paillier_zahlen"). Only n is needed, so any holder of a public key can
 * set it up; y is drawn here, never taken from outside. Set-up costs one h^n mod n² and the fixed-base table
 * (≈ 0.1 s at 2048 bits); each sample then costs about k/18 multiplications mod n².
 *
 * <p>h_s^α = (h^α)^n is an n-th residue, so decryption is unchanged. Whatever a ciphertext shows mod n (e.g. its
 * Jacobi symbol) comes from h^(nα) alone, because (1 + n)^m ≡ 1 (mod n): it never depends on the plaintext. The
 * security claim is the paper's short-exponent assumption, stated in {@link EncryptionMethod#DJN_SHORT_EXPONENT}.
 */
final class DjnSampler implements NthResidueSampler {

    private final FixedBaseExponentiator table;
    private final int exponentBits;

    private DjnSampler(FixedBaseExponentiator table, int exponentBits) {
        this.table = table;
        this.exponentBits = exponentBits;
    }

    static DjnSampler create(BigInteger n, BarrettReducer nSquared) {
        SecureRandom random = Randomness.secureRandom();
        BigInteger y;
        do {
            y = new BigInteger(n.bitLength(), random);
        } while (y.signum() == 0 || y.compareTo(n) >= 0 || !y.gcd(n).equals(BigInteger.ONE));
        BigInteger h = n.subtract(y.multiply(y).mod(n)); // −y² mod n
        BigInteger hs = h.modPow(n, nSquared.modulus());
        int exponentBits = (n.bitLength() + 1) / 2;
        return new DjnSampler(new FixedBaseExponentiator(hs, nSquared, exponentBits), exponentBits);
    }

    @Override
    public BigInteger sample() {
        return table.pow(new BigInteger(exponentBits, Randomness.secureRandom()));
    }

    @Override
    public EncryptionMethod method() {
        return EncryptionMethod.DJN_SHORT_EXPONENT;
    }
}
