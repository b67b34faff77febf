package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;

/**
 * t-of-n Shamir sharing over Z_q (Shamir 1979), coordinate by coordinate: f_j(z) = x_j + a_(j,1)·z + … +
 * a_(j,t−1)·z^(t−1) with uniformly random a_(j,k), and party i receives (f_j(i))_j. Any t shares determine each f_j
 * and so x_j = f_j(0) (Lagrange interpolation at 0); any t − 1 shares are consistent with every possible x.
 *
 * <p><b>Verification: Pedersen VSS with vector commitments.</b> Pedersen's verifiable secret sharing (CRYPTO '91)
 * commits to the coefficients of f and of a random blinding polynomial g; here one blinding polynomial
 * g(z) = b_0 + … + b_(t−1)·z^(t−1) serves all coordinates, and the commitment to the k-th coefficients of all
 * coordinates is one vector commitment C_k = Σ_j a_(j,k)·G_j + b_k·H (a_(j,0) = x_j). Party i receives
 * ((f_j(i))_j, g(i)) and checks
 * <pre>   Σ_j f_j(i)·G_j + g(i)·H  =  Σ_k i^k·C_k </pre>
 * which holds because both sides equal Σ_k i^k·(Σ_j a_(j,k)·G_j + b_k·H). The left side is one multi-scalar
 * multiplication over the fixed generators (L + 1 points for L coordinates), the right side t points: verifying a
 * 1,000-coordinate share costs about one 1,000-point multi-scalar multiplication, not 1,000 checks.
 *
 * <p>Still perfectly hiding for t − 1 shares with the shared g: whatever the discrete logs γ_j of G_j to base H,
 * for any other input x' take the polynomials f'_j through x'_j and the t − 1 shares, and g' = g + Σ_j γ_j·(f_j − f'_j);
 * g' agrees with g on the t − 1 parties (f_j − f'_j vanishes there) and yields the same C_k, so the view is the same.
 *
 * <p>Aggregation: shares add (f_x + f_y), blindings add (g_x + g_y), and coefficient commitments add across
 * contributors. The collector checks every part against the aggregate C_k (naming a node whose part fails), and
 * the interpolated total (Σ λ_i·S_i, Σ λ_i·R_i) against the aggregate C_0, the commitment to the total.
 */
public record ShamirSharing(int parties, int threshold) implements SecretSharing {

    public ShamirSharing {
        if (parties < 2 || parties > SecretSharing.MAX_PARTIES) {
            throw SmpcException.invalidInput("parties", "must be in [2, " + SecretSharing.MAX_PARTIES + "]");
        }
        if (threshold < 2 || threshold > parties) {
            throw SmpcException.invalidInput("threshold", "must be in [2, parties]");
        }
    }

    @Override
    public Scheme scheme() {
        return Scheme.SHAMIR;
    }

    @Override
    public int commitmentCount() {
        return threshold;
    }

    @Override
    public Dealing split(String sessionBinding, BigInteger[] values, Verification verification) {
        BigInteger[] x = Sharing.requireValues(values);
        int length = x.length;
        // coefficients[k][j] = a_(j,k): row k is the k-th coefficient of every coordinate, the vector C_k commits to
        BigInteger[][] coefficients = new BigInteger[threshold][];
        coefficients[0] = x;
        for (int k = 1; k < threshold; k++) {
            coefficients[k] = new BigInteger[length];
            for (int j = 0; j < length; j++) {
                coefficients[k][j] = Field.random();
            }
        }
        boolean committed = verification == Verification.PEDERSEN;
        BigInteger[] blindingCoefficients = new BigInteger[threshold];
        List<Commitment> commitments = new ArrayList<>();
        if (committed) {
            for (int k = 0; k < threshold; k++) {
                blindingCoefficients[k] = Pedersen.randomBlinding();
                commitments.add(Pedersen.commitVector(coefficients[k], blindingCoefficients[k]));
            }
        }

        List<Share> shares = new ArrayList<>(parties);
        for (int i = 1; i <= parties; i++) {
            BigInteger at = BigInteger.valueOf(i);
            BigInteger[] share = new BigInteger[length];
            for (int j = 0; j < length; j++) {
                BigInteger value = BigInteger.ZERO; // Horner: ((a_(t−1)·i + a_(t−2))·i + …)·i + a_0
                for (int k = threshold - 1; k >= 0; k--) {
                    value = value.multiply(at).add(coefficients[k][j]);
                }
                share[j] = value.mod(Field.Q);
            }
            shares.add(committed
                    ? new Share(sessionBinding, i, share, Polynomials.evaluate(blindingCoefficients, at))
                    : Share.of(sessionBinding, i, share));
        }
        return new Dealing(shares, commitments);
    }

    @Override
    public void verify(Share share, List<Commitment> commitments) {
        Sharing.requireIndex(share, parties);
        Sharing.requireCommitments(commitments, threshold);
        if (!opens(share, Sharing.requireBlinding(share), commitments)) {
            throw SmpcException.verificationFailed("share", "does not match the coefficient commitments (Pedersen VSS)");
        }
    }

    @Override
    public BigInteger[] reconstruct(List<Share> parts) {
        List<Share> sorted = Sharing.requireParts(parts, parties, threshold);
        List<Share> basis = sorted.subList(0, threshold);
        BigInteger[] nodes = nodes(basis);
        // Parts beyond the first t must lie on the polynomials the first t define: without commitments this cannot
        // say which part is wrong, only that one is.
        for (Share extra : sorted.subList(threshold, sorted.size())) {
            BigInteger[] weights = Polynomials.lagrange(nodes, BigInteger.valueOf(extra.partyIndex()));
            BigInteger[] predicted = interpolate(basis, weights);
            for (int j = 0; j < predicted.length; j++) {
                if (!predicted[j].equals(extra.value(j))) {
                    throw SmpcException.verificationFailed("parts",
                            "the parts are inconsistent: they do not lie on one polynomial of degree below the threshold");
                }
            }
        }
        return interpolate(basis, Polynomials.lagrange(nodes, BigInteger.ZERO));
    }

    @Override
    public BigInteger[] reconstruct(List<Share> parts, List<Commitment> aggregateCommitments) {
        List<Share> sorted = Sharing.requireParts(parts, parties, threshold);
        Sharing.requireCommitments(aggregateCommitments, threshold);
        for (Share part : sorted) {
            if (!opens(part, Sharing.requireBlinding(part), aggregateCommitments)) {
                throw SmpcException.verificationFailed(Sharing.fieldOf(parts, part), "the aggregate share of party "
                        + part.partyIndex() + " does not match the aggregate coefficient commitments");
            }
        }
        List<Share> basis = sorted.subList(0, threshold);
        BigInteger[] weights = Polynomials.lagrange(nodes(basis), BigInteger.ZERO);
        BigInteger[] total = interpolate(basis, weights);
        BigInteger[] blindings = new BigInteger[threshold];
        for (int i = 0; i < threshold; i++) {
            blindings[i] = Sharing.requireBlinding(basis.get(i));
        }
        BigInteger totalBlinding = Polynomials.combine(weights, blindings);
        // Implied by the per-part checks; kept as the check the protocol states: the total opens C_0.
        if (!Pedersen.vector(total, totalBlinding).equals(aggregateCommitments.get(0).point())) {
            throw SmpcException.verificationFailed("parts", "the total does not open the commitment to the secret");
        }
        return total;
    }

    /** Σ_j f_j(i)·G_j + g(i)·H = Σ_k i^k·C_k. */
    private boolean opens(Share share, BigInteger blinding, List<Commitment> commitments) {
        BigInteger at = BigInteger.valueOf(share.partyIndex());
        BigInteger[] powers = new BigInteger[threshold];
        powers[0] = BigInteger.ONE;
        for (int k = 1; k < threshold; k++) {
            powers[k] = Field.mul(powers[k - 1], at);
        }
        ECPoint expected = Pedersen.linearCombination(commitments, powers);
        return Pedersen.vector(share.values(), blinding).equals(expected);
    }

    private static BigInteger[] nodes(List<Share> basis) {
        BigInteger[] nodes = new BigInteger[basis.size()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = BigInteger.valueOf(basis.get(i).partyIndex());
        }
        return nodes;
    }

    /** Σ_i weights[i]·(share of basis i), coordinate by coordinate. */
    private static BigInteger[] interpolate(List<Share> basis, BigInteger[] weights) {
        int length = basis.get(0).length();
        BigInteger[] out = new BigInteger[length];
        BigInteger[] column = new BigInteger[basis.size()];
        for (int j = 0; j < length; j++) {
            for (int i = 0; i < column.length; i++) {
                column[i] = basis.get(i).value(j);
            }
            out[j] = Polynomials.combine(weights, column);
        }
        return out;
    }
}
