package io.ppml.smpc.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.math.ec.ECPoint;

import io.ppml.smpc.core.p256.FixedBaseMsm.BaseTable;
import io.ppml.smpc.core.p256.HashToCurve;
import io.ppml.smpc.core.p256.P256;

/**
 * The Pedersen generators, derived by hashing fixed public strings to P-256 with RFC 9380's random-oracle
 * construction ({@link HashToCurve}), and cached with their precomputed window multiples.
 *
 * <ul>
 *   <li>H = hash_to_curve("ppml-service/pedersen/H/v1"), the blinding generator;</li>
 *   <li>G_j = hash_to_curve("ppml-service/pedersen/G/v1/" ‖ I2OSP(j, 4)) for coordinate j = 0, 1, 2, …, the
 *       per-coordinate generators of vector commitments (the 4-byte big-endian index keeps the messages of
 *       different coordinates distinct and of one length);</li>
 * </ul>
 * all with the domain separation tag {@value #DST} (RFC 9380 §3.1: application, version, suite).
 *
 * <p><b>Why nobody knows a discrete-log relation between them.</b> Pedersen commitments are binding only if nobody
 * knows log_G H, nor — for vector commitments — any relation Σ a_j·G_j + b·H = 0 with a non-zero coefficient.
 * Each point here is the output of hash_to_curve, which is indifferentiable from a random oracle into the group
 * (RFC 9380 §10.1); so in the random-oracle model the points are independent uniform points, and anyone who found
 * a relation between them could solve the discrete logarithm problem on P-256 for random points (the standard
 * reduction for Pedersen vector commitments, e.g. Bünz et al., "Bulletproofs", 2018, §2.1 and Lemma 1). Nobody chose
 * the points: the strings are fixed and public, and anyone can recompute them, so there is no trapdoor to hide.
 * Scalar commitments x·G + r·H use the standard base point G of P-256, which is independent of H for the same
 * reason.
 *
 * <p>Deriving a generator costs a few modular exponentiations and a table of 22 window multiples (about 0.3 ms),
 * so they are cached: the cache grows on demand (copy-on-write, so readers never lock) up to {@link #MAX_LENGTH}
 * coordinates, taking about 1.7 KB per coordinate — 1.7 MB for 1,000 coordinates, 110 MB for the maximum.
 */
final class Generators {

    static final String DST = "ppml-service-V01-with-" + HashToCurve.SUITE;
    static final String H_MESSAGE = "ppml-service/pedersen/H/v1";
    static final String G_MESSAGE_PREFIX = "ppml-service/pedersen/G/v1/";
    /** The longest vector a commitment may cover; the cached tables for it take about 110 MB. */
    static final int MAX_LENGTH = 1 << 16;

    private static final byte[] DST_BYTES = DST.getBytes(StandardCharsets.US_ASCII);
    private static final BaseTable H = new BaseTable(hash(H_MESSAGE.getBytes(StandardCharsets.US_ASCII)));
    private static final BaseTable G = new BaseTable(P256.G);

    private static volatile BaseTable[] coordinates = new BaseTable[0];

    private Generators() {
    }

    static ECPoint h() {
        return H.base();
    }

    static ECPoint g() {
        return G.base();
    }

    static BaseTable hTable() {
        return H;
    }

    static BaseTable gTable() {
        return G;
    }

    /** G_j, derived on first use. */
    static ECPoint coordinate(int j) {
        return coordinateTables(j + 1)[j].base();
    }

    /**
     * The tables of G_0 .. G_(length−1) (the returned array may be longer; callers must not modify it).
     */
    static BaseTable[] coordinateTables(int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw SmpcException.invalidInput("vectorLength", "must be at most " + MAX_LENGTH);
        }
        BaseTable[] current = coordinates;
        if (current.length >= length) {
            return current;
        }
        synchronized (Generators.class) {
            current = coordinates;
            if (current.length < length) {
                BaseTable[] grown = Arrays.copyOf(current, length);
                for (int j = current.length; j < length; j++) {
                    grown[j] = new BaseTable(hash(coordinateMessage(j)));
                }
                coordinates = grown;
                current = grown;
            }
            return current;
        }
    }

    static byte[] coordinateMessage(int j) {
        byte[] prefix = G_MESSAGE_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(prefix, prefix.length + 4);
        message[prefix.length] = (byte) (j >>> 24);
        message[prefix.length + 1] = (byte) (j >>> 16);
        message[prefix.length + 2] = (byte) (j >>> 8);
        message[prefix.length + 3] = (byte) j;
        return message;
    }

    private static ECPoint hash(byte[] message) {
        return HashToCurve.hashToCurve(message, DST_BYTES);
    }
}
