package io.ppml.smpc.core.p256;

import java.math.BigInteger;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The NIST P-256 curve as Bouncy Castle implements it. {@link CustomNamedCurves} gives the specialised
 * {@code SecP256R1Curve} (fixed-width 32-bit-limb field arithmetic), several times faster than the generic
 * {@code ECCurve.Fp} that the ASN.1 table would return for the same parameters.
 */
public final class P256 {

    static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("P-256");
    public static final ECCurve CURVE = PARAMETERS.getCurve();
    /** The standard base point G of FIPS 186-5 / SEC 2. */
    public static final ECPoint G = PARAMETERS.getG().normalize();
    /** The group order q (prime; the cofactor of P-256 is 1, so every point other than infinity has order q). */
    public static final BigInteger ORDER = PARAMETERS.getN();
    /** The field prime p = 2^256 − 2^224 + 2^192 + 2^96 − 1. */
    public static final BigInteger P = CURVE.getField().getCharacteristic();
    static final BigInteger A = CURVE.getA().toBigInteger();
    static final BigInteger B = CURVE.getB().toBigInteger();

    static {
        if (!BigInteger.ONE.equals(PARAMETERS.getH()) || ORDER.bitLength() != 256) {
            throw new IllegalStateException("unexpected P-256 parameters");
        }
    }

    private P256() {
    }

    /** The point (x, y) from affine coordinates, refusing anything that is not on the curve. */
    static ECPoint point(BigInteger x, BigInteger y) {
        return CURVE.validatePoint(x, y);
    }
}
