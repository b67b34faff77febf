package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.List;

import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

import io.ppml.smpc.core.p256.FixedBaseMsm;
import io.ppml.smpc.core.p256.FixedBaseMsm.BaseTable;

/**
 * Pedersen commitments on P-256 (Pedersen 1991, "Non-interactive and information-theoretic secure verifiable secret
 * sharing", CRYPTO '91): C = x·G + r·H for one value, and C = Σ_j x_j·G_j + r·H for a vector (the generalisation
 * used by Bulletproofs, Bünz et al. 2018, §2.1). The generators are described in {@link Generators}.
 *
 * <p>Guarantees, for a blinding r drawn uniformly from the field: <b>perfectly hiding</b> — C is a uniform point
 * whatever x is, so C reveals nothing about x even to an unbounded adversary; <b>computationally binding</b> —
 * opening C to two different (x, r) would reveal a discrete-log relation between the generators, which nobody
 * knows (see {@link Generators}). Commitments add up: C(x, r) + C(y, s) = C(x + y, r + s).
 *
 * <p>A vector commitment is checked with one multi-scalar multiplication over precomputed generator tables
 * ({@link FixedBaseMsm}), which is what makes one commitment per 1,000-coordinate share much cheaper to verify
 * than 1,000 scalar commitments (SmpcBenchmark measures both).
 */
public final class Pedersen {

    private Pedersen() {
    }

    /** A uniformly random blinding factor, never zero (a zero blinding would hide nothing). */
    public static BigInteger randomBlinding() {
        while (true) {
            BigInteger r = Field.random();
            if (r.signum() != 0) {
                return r;
            }
        }
    }

    /** x·G + r·H with the standard base point G. */
    public static Commitment commit(BigInteger x, BigInteger r) {
        Field.requireElement(x, "value");
        Field.requireElement(r, "blinding");
        return commitment(scalar(x, r), "value");
    }

    /** Whether c opens to (x, r). Both must be field elements. */
    public static boolean verify(Commitment c, BigInteger x, BigInteger r) {
        Field.requireElement(x, "value");
        Field.requireElement(r, "blinding");
        return scalar(x, r).equals(c.point());
    }

    /** Σ_j x_j·G_j + r·H over the coordinates of {@code values}. */
    public static Commitment commitVector(BigInteger[] values, BigInteger r) {
        requireVector(values, r);
        return commitment(vector(values, r), "values");
    }

    /** Whether c opens to (values, r): one multi-scalar multiplication of values.length + 1 points. */
    public static boolean verifyVector(Commitment c, BigInteger[] values, BigInteger r) {
        requireVector(values, r);
        return vector(values, r).equals(c.point());
    }

    /** The commitment to the sum of the openings: Σ_k C_k. */
    public static Commitment sum(List<Commitment> commitments) {
        if (commitments.isEmpty()) {
            throw SmpcException.invalidInput("commitments", "must not be empty");
        }
        ECPoint total = commitments.get(0).point();
        for (int k = 1; k < commitments.size(); k++) {
            total = total.add(commitments.get(k).point());
        }
        return commitment(total.normalize(), "commitments");
    }

    /**
     * Σ_k weights[k]·C_k, possibly the point at infinity: Bouncy Castle's interleaved wNAF multi-scalar
     * multiplication, right for the handful of points of a Shamir threshold.
     */
    static ECPoint linearCombination(List<Commitment> commitments, BigInteger[] weights) {
        ECPoint[] points = new ECPoint[commitments.size()];
        for (int k = 0; k < points.length; k++) {
            points[k] = commitments.get(k).point();
        }
        return ECAlgorithms.sumOfMultiplies(points, weights).normalize();
    }

    /** Σ_j values[j]·G_j + r·H as a point (possibly infinity), without validation: for callers that validated. */
    static ECPoint vector(BigInteger[] values, BigInteger r) {
        BaseTable[] coordinates = Generators.coordinateTables(values.length);
        BaseTable[] tables = new BaseTable[values.length + 1];
        System.arraycopy(coordinates, 0, tables, 0, values.length);
        tables[values.length] = Generators.hTable();
        BigInteger[] scalars = new BigInteger[values.length + 1];
        System.arraycopy(values, 0, scalars, 0, values.length);
        scalars[values.length] = r;
        return FixedBaseMsm.sum(tables, scalars);
    }

    private static ECPoint scalar(BigInteger x, BigInteger r) {
        // Shamir's trick with interleaved width-w NAFs: one pass of 256 doublings for both terms.
        return ECAlgorithms.sumOfTwoMultiplies(Generators.g(), x, Generators.h(), r).normalize();
    }

    private static void requireVector(BigInteger[] values, BigInteger r) {
        if (values.length == 0 || values.length > Generators.MAX_LENGTH) {
            throw SmpcException.invalidInput("values", "length must be in [1, " + Generators.MAX_LENGTH + "]");
        }
        for (int j = 0; j < values.length; j++) {
            Field.requireElement(values[j], "values[" + j + "]");
        }
        Field.requireElement(r, "blinding");
    }

    private static Commitment commitment(ECPoint point, String field) {
        if (point.isInfinity()) {
            // Only (all zero, zero blinding) or a cancelling choice of openings lands here.
            throw SmpcException.invalidInput(field, "commits to the point at infinity; use a non-zero random blinding");
        }
        return new Commitment(point);
    }
}
