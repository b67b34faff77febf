package io.ppml.smpc.core;

import java.math.BigInteger;

/** Polynomials over the field: evaluation and Lagrange interpolation (Shamir 1979, "How to share a secret"). */
final class Polynomials {

    private Polynomials() {
    }

    /** a_0 + a_1·x + … + a_(t−1)·x^(t−1) by Horner's rule. */
    static BigInteger evaluate(BigInteger[] coefficients, BigInteger x) {
        BigInteger value = BigInteger.ZERO;
        for (int k = coefficients.length - 1; k >= 0; k--) {
            value = value.multiply(x).add(coefficients[k]).mod(Field.Q);
        }
        return value;
    }

    /**
     * The Lagrange coefficients λ_i(at) = Π_(m ≠ i) (at − x_m) / (x_i − x_m) for distinct nodes x_i, so that
     * f(at) = Σ_i λ_i(at)·f(x_i) for every polynomial f of degree below the number of nodes.
     */
    static BigInteger[] lagrange(BigInteger[] nodes, BigInteger at) {
        int t = nodes.length;
        BigInteger[] coefficients = new BigInteger[t];
        for (int i = 0; i < t; i++) {
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            for (int m = 0; m < t; m++) {
                if (m != i) {
                    numerator = Field.mul(numerator, Field.sub(at, nodes[m]));
                    denominator = Field.mul(denominator, Field.sub(nodes[i], nodes[m]));
                }
            }
            coefficients[i] = Field.mul(numerator, Field.inverse(denominator));
        }
        return coefficients;
    }

    /** Σ_i weights[i]·values[i] in the field. */
    static BigInteger combine(BigInteger[] weights, BigInteger[] values) {
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < weights.length; i++) {
            sum = sum.add(weights[i].multiply(values[i]));
        }
        return sum.mod(Field.Q);
    }
}
