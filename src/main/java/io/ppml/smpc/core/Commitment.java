package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.Base64;
import java.util.HexFormat;

import io.ppml.smpc.core.p256.P256;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A Pedersen commitment: a point of P-256 other than the point at infinity. On the wire it is the compressed SEC1
 * encoding (SEC 1 v2 §2.3.3: 0x02 or 0x03 for the parity of y, then x in 32 bytes big-endian), as 66 hex digits or
 * 44 base64 characters. Decoding accepts exactly that form and checks that x is a field element and that the point
 * lies on the curve, so that a commitment from outside is always a genuine group element.
 *
 * <p>Commitments add up: the sum of commitments to x and y (with blindings r and s) is a commitment to x + y with
 * blinding r + s. A sum that is the point at infinity is refused — it cannot be encoded, and with random blindings
 * it does not occur except by cancelling someone else's commitment on purpose.
 */
public record Commitment(ECPoint point) {

    /** The length of a compressed encoding. */
    public static final int ENCODED_BYTES = 33;

    public Commitment {
        if (point.isInfinity()) {
            throw SmpcException.invalidInput("commitment", "must not be the point at infinity");
        }
        if (point.getCurve() != P256.CURVE && !point.getCurve().equals(P256.CURVE)) {
            throw SmpcException.invalidInput("commitment", "must be a point of P-256");
        }
        point = point.normalize();
        if (!point.isValid()) {
            throw SmpcException.invalidInput("commitment", "must be a point on P-256");
        }
    }

    /** Decodes a compressed SEC1 point, refusing other encodings, coordinates ≥ p and points off the curve. */
    public static Commitment fromBytes(byte[] encoded, String field) {
        if (encoded.length != ENCODED_BYTES || (encoded[0] != 0x02 && encoded[0] != 0x03)) {
            throw SmpcException.invalidInput(field, "must be a compressed SEC1 point (33 bytes starting 02 or 03)");
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, ENCODED_BYTES));
        if (x.compareTo(P256.P) >= 0) {
            throw SmpcException.invalidInput(field, "x coordinate must be below the field prime");
        }
        ECPoint point;
        try {
            point = P256.CURVE.decodePoint(encoded); // computes y = sqrt(x³ − 3x + b); fails if there is none
        } catch (IllegalArgumentException e) {
            throw SmpcException.invalidInput(field, "is not the x coordinate of a point on P-256");
        }
        if (point.isInfinity() || !point.isValid()) {
            throw SmpcException.invalidInput(field, "is not a point on P-256");
        }
        return new Commitment(point);
    }

    public static Commitment fromHex(String hex, String field) {
        if (hex.length() != 2 * ENCODED_BYTES) {
            throw SmpcException.invalidInput(field, "must be 66 hex digits");
        }
        try {
            return fromBytes(HexFormat.of().parseHex(hex), field);
        } catch (IllegalArgumentException e) {
            throw SmpcException.invalidInput(field, "must be 66 hex digits");
        }
    }

    public static Commitment fromBase64(String base64, String field) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw SmpcException.invalidInput(field, "must be base64 (RFC 4648 §4)");
        }
        Commitment commitment = fromBytes(bytes, field);
        if (!commitment.toBase64().equals(base64)) {
            throw SmpcException.invalidInput(field, "must be standard base64 (RFC 4648 §4)"); // one encoding per point
        }
        return commitment;
    }

    public byte[] toBytes() {
        return point.getEncoded(true);
    }

    /** Lower-case hex of the compressed encoding. */
    public String toHex() {
        return HexFormat.of().formatHex(toBytes());
    }

    /** Standard base64 with padding (RFC 4648 §4) of the compressed encoding. */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(toBytes());
    }

    /** The commitment to the sum of the openings of both. */
    public Commitment plus(Commitment other) {
        ECPoint sum = point.add(other.point);
        if (sum.isInfinity()) {
            throw SmpcException.verificationFailed("commitments", "commitments cancel out to the point at infinity");
        }
        return new Commitment(sum);
    }

    @Override
    public String toString() {
        return "Commitment[" + toHex() + "]";
    }
}
