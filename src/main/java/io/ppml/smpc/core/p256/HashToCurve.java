package io.ppml.smpc.core.p256;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.bouncycastle.math.ec.ECPoint;

/**
 * RFC 9380 "Hashing to Elliptic Curves", suite {@code P256_XMD:SHA-256_SSWU_RO_} (§8.2): expand_message_xmd with
 * SHA-256 (§5.3.1), hash_to_field with L = 48 bytes per element (§5.2), the simplified Shallue–van de
 * Woestijne–Ulas map with Z = −10 (§6.6.2, Z from §8.2), and the random-oracle construction
 * hash_to_curve(msg) = map(u0) + map(u1) (§3); the cofactor of P-256 is 1, so clear_cofactor is the identity.
 * Checked against the test vectors of RFC 9380 Appendix J.1.1 and K.1.
 *
 * <p>The random-oracle construction is indifferentiable from a random oracle into the group (RFC 9380 §10.1, after
 * Brier, Coron, Icart, Madore, Randriam and Tibouchi, CRYPTO 2010): its outputs can be treated as uniformly random
 * points whose discrete logarithms nobody knows. That is the property the Pedersen generators need.
 *
 * <p>This code is not constant-time (BigInteger arithmetic and data-dependent branches). That is fine here: it only
 * ever hashes public, fixed strings to derive generators; never use it on secret inputs.
 */
public final class HashToCurve {

    public static final String SUITE = "P256_XMD:SHA-256_SSWU_RO_";

    /** L = ceil((ceil(log2(p)) + k) / 8) = ceil((256 + 128) / 8) = 48 (RFC 9380 §5, §8.2 with k = 128). */
    private static final int L = 48;
    private static final int HASH_BYTES = 32; // b_in_bytes of SHA-256
    private static final int BLOCK_BYTES = 64; // s_in_bytes of SHA-256

    private static final BigInteger P = P256.P;
    private static final BigInteger A = P256.A;
    private static final BigInteger B = P256.B;
    /** Z = −10 (RFC 9380 §8.2). */
    private static final BigInteger Z = P.subtract(BigInteger.TEN);
    /** p ≡ 3 (mod 4), so sqrt(x) = x^((p+1)/4) when x is a square (RFC 9380 Appendix I.1). */
    private static final BigInteger SQRT_EXPONENT = P.add(BigInteger.ONE).shiftRight(2);
    private static final BigInteger LEGENDRE_EXPONENT = P.subtract(BigInteger.ONE).shiftRight(1);
    private static final BigInteger INVERSE_EXPONENT = P.subtract(BigInteger.TWO);

    private HashToCurve() {
    }

    /** hash_to_curve(msg) with the given domain separation tag (RFC 9380 §3). Never the point at infinity. */
    public static ECPoint hashToCurve(byte[] message, byte[] dst) {
        BigInteger[] u = hashToField(message, dst, 2);
        ECPoint q0 = mapToCurve(u[0]);
        ECPoint q1 = mapToCurve(u[1]);
        ECPoint p = q0.add(q1).normalize();
        if (p.isInfinity()) {
            // Happens with probability about 1/q for a random-oracle output; refuse rather than return a point
            // whose discrete logarithm (zero) everyone knows.
            throw new IllegalStateException("hash_to_curve produced the point at infinity");
        }
        return p;
    }

    /** hash_to_field(msg, count) for P-256 (RFC 9380 §5.2, m = 1). */
    static BigInteger[] hashToField(byte[] message, byte[] dst, int count) {
        byte[] uniform = expandMessageXmd(message, dst, count * L);
        BigInteger[] u = new BigInteger[count];
        for (int i = 0; i < count; i++) {
            u[i] = new BigInteger(1, Arrays.copyOfRange(uniform, i * L, (i + 1) * L)).mod(P);
        }
        return u;
    }

    /** expand_message_xmd with SHA-256 (RFC 9380 §5.3.1). */
    static byte[] expandMessageXmd(byte[] message, byte[] dst, int lengthInBytes) {
        int ell = (lengthInBytes + HASH_BYTES - 1) / HASH_BYTES;
        if (ell > 255 || lengthInBytes > 65535 || lengthInBytes <= 0) {
            throw new IllegalArgumentException("expand_message_xmd: requested length out of range");
        }
        if (dst.length > 255) {
            throw new IllegalArgumentException("expand_message_xmd: DST longer than 255 bytes");
        }
        byte[] dstPrime = Arrays.copyOf(dst, dst.length + 1);
        dstPrime[dst.length] = (byte) dst.length;

        MessageDigest sha256 = sha256();
        sha256.update(new byte[BLOCK_BYTES]); // Z_pad
        sha256.update(message);
        sha256.update(new byte[] {(byte) (lengthInBytes >>> 8), (byte) lengthInBytes, 0}); // l_i_b_str || I2OSP(0, 1)
        sha256.update(dstPrime);
        byte[] b0 = sha256.digest();

        ByteArrayOutputStream uniform = new ByteArrayOutputStream(ell * HASH_BYTES);
        byte[] previous = new byte[HASH_BYTES]; // b_0 XOR b_0 = 0 makes the first step b_1 = H(b_0 || 1 || DST')
        for (int i = 1; i <= ell; i++) {
            byte[] mixed = new byte[HASH_BYTES];
            for (int j = 0; j < HASH_BYTES; j++) {
                mixed[j] = (byte) (b0[j] ^ previous[j]);
            }
            sha256.update(mixed);
            sha256.update((byte) i);
            sha256.update(dstPrime);
            previous = sha256.digest();
            uniform.writeBytes(previous);
        }
        return Arrays.copyOf(uniform.toByteArray(), lengthInBytes);
    }

    /** map_to_curve_simple_swu (RFC 9380 §6.6.2), the straight-line description with A ≠ 0 and B ≠ 0. */
    static ECPoint mapToCurve(BigInteger u) {
        BigInteger u2 = u.multiply(u).mod(P);
        BigInteger zu2 = Z.multiply(u2).mod(P);
        BigInteger tv1 = inv0(zu2.multiply(zu2).add(zu2).mod(P)); // 1 / (Z^2·u^4 + Z·u^2), or 0
        BigInteger x1;
        if (tv1.signum() == 0) {
            x1 = B.multiply(inv0(Z.multiply(A))).mod(P); // B / (Z·A), the exceptional case
        } else {
            x1 = P.subtract(B).multiply(inv0(A)).multiply(BigInteger.ONE.add(tv1)).mod(P); // (−B / A)·(1 + tv1)
        }
        BigInteger gx1 = curveRightHandSide(x1);
        BigInteger x;
        BigInteger y;
        if (isSquare(gx1)) {
            x = x1;
            y = sqrt(gx1);
        } else {
            x = zu2.multiply(x1).mod(P);
            y = sqrt(curveRightHandSide(x));
        }
        if (sgn0(u) != sgn0(y)) {
            y = y.signum() == 0 ? y : P.subtract(y);
        }
        return P256.point(x, y);
    }

    private static BigInteger curveRightHandSide(BigInteger x) {
        return x.multiply(x).add(A).multiply(x).add(B).mod(P); // x^3 + A·x + B
    }

    private static BigInteger inv0(BigInteger x) {
        return x.modPow(INVERSE_EXPONENT, P); // x^(p−2): the inverse, and 0 for 0 (RFC 9380 §4)
    }

    private static boolean isSquare(BigInteger x) {
        BigInteger legendre = x.modPow(LEGENDRE_EXPONENT, P);
        return legendre.signum() == 0 || legendre.equals(BigInteger.ONE);
    }

    private static BigInteger sqrt(BigInteger x) {
        BigInteger root = x.modPow(SQRT_EXPONENT, P);
        if (!root.multiply(root).mod(P).equals(x)) {
            throw new IllegalStateException("not a square"); // unreachable: the map only takes roots of squares
        }
        return root;
    }

    /** sgn0 for m = 1 (RFC 9380 §4.1): the parity of the canonical representative. */
    private static int sgn0(BigInteger x) {
        return x.testBit(0) ? 1 : 0;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
