package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;

/**
 * n-of-n additive sharing over Z_q: shares s_1 … s_(n−1) uniformly random, s_n = x − Σ s_i, so that Σ s_i = x. Any
 * n − 1 shares are independent and uniform whatever x is (s_n is then determined by x, the rest by the coins).
 *
 * <p><b>Verification.</b> With Pedersen commitments the contributor publishes D_i = Σ_j s_(i,j)·G_j + r_i·H for
 * every party i — one vector commitment per share, all n of them sent to every node — and gives party i the pair
 * (s_i, r_i). Node i checks its pair against D_i. Summing over contributors, node i's aggregate (S_i, R_i) opens
 * A_i = Σ_contributors D_i, which every node can compute because every node received all commitments; the
 * collector checks each part (S_i, R_i) against A_i, naming a node whose part does not open, and then checks that
 * (Σ_i S_i, Σ_i R_i) opens Σ_i A_i, the commitment to the total. The D_i are perfectly hiding, so publishing them
 * to all nodes reveals nothing about the other shares.
 */
public record AdditiveSharing(int parties) implements SecretSharing {

    public AdditiveSharing {
        if (parties < 2 || parties > SecretSharing.MAX_PARTIES) {
            throw SmpcException.invalidInput("parties", "must be in [2, " + SecretSharing.MAX_PARTIES + "]");
        }
    }

    @Override
    public Scheme scheme() {
        return Scheme.ADDITIVE;
    }

    @Override
    public int threshold() {
        return parties;
    }

    @Override
    public int commitmentCount() {
        return parties;
    }

    @Override
    public Dealing split(String sessionBinding, BigInteger[] values, Verification verification) {
        BigInteger[] x = Sharing.requireValues(values);
        int length = x.length;
        BigInteger[][] shares = new BigInteger[parties][length];
        BigInteger[] last = x.clone();
        for (int i = 0; i < parties - 1; i++) {
            for (int j = 0; j < length; j++) {
                BigInteger s = Field.random();
                shares[i][j] = s;
                last[j] = Field.sub(last[j], s);
            }
        }
        shares[parties - 1] = last;

        List<Share> out = new ArrayList<>(parties);
        List<Commitment> commitments = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            if (verification == Verification.PEDERSEN) {
                BigInteger r = Pedersen.randomBlinding();
                commitments.add(Pedersen.commitVector(shares[i], r));
                out.add(new Share(sessionBinding, i + 1, shares[i], r));
            } else {
                out.add(Share.of(sessionBinding, i + 1, shares[i]));
            }
        }
        return new Dealing(out, commitments);
    }

    @Override
    public void verify(Share share, List<Commitment> commitments) {
        Sharing.requireIndex(share, parties);
        Sharing.requireCommitments(commitments, parties);
        BigInteger blinding = Sharing.requireBlinding(share);
        if (!Pedersen.vector(share.values(), blinding).equals(commitments.get(share.partyIndex() - 1).point())) {
            throw SmpcException.verificationFailed("share",
                    "does not open commitment " + share.partyIndex() + " of the contribution");
        }
    }

    @Override
    public BigInteger[] reconstruct(List<Share> parts) {
        List<Share> sorted = Sharing.requireParts(parts, parties, parties);
        if (sorted.size() != parties) {
            throw SmpcException.invalidInput("parts", "additive sharing needs exactly " + parties + " parts");
        }
        return Share.sum(relabel(sorted)).values();
    }

    @Override
    public BigInteger[] reconstruct(List<Share> parts, List<Commitment> aggregateCommitments) {
        List<Share> sorted = Sharing.requireParts(parts, parties, parties);
        if (sorted.size() != parties) {
            throw SmpcException.invalidInput("parts", "additive sharing needs exactly " + parties + " parts");
        }
        Sharing.requireCommitments(aggregateCommitments, parties);
        for (Share part : sorted) {
            BigInteger blinding = Sharing.requireBlinding(part);
            ECPoint expected = aggregateCommitments.get(part.partyIndex() - 1).point();
            if (!Pedersen.vector(part.values(), blinding).equals(expected)) {
                throw SmpcException.verificationFailed(Sharing.fieldOf(parts, part), "the aggregate share of party "
                        + part.partyIndex() + " does not open its aggregate commitment");
            }
        }
        Share total = Share.sum(relabel(sorted));
        // Implied by the checks above; kept as the check the protocol states, against the commitment to the total.
        ECPoint committedTotal = Pedersen.sum(aggregateCommitments).point();
        if (!Pedersen.vector(total.values(), Sharing.requireBlinding(total)).equals(committedTotal)) {
            throw SmpcException.verificationFailed("parts", "the total does not open the sum of the commitments");
        }
        return total.values();
    }

    /** The parts as shares of one slot, so that {@link Share#sum} adds them (it refuses different party indices). */
    private static List<Share> relabel(List<Share> parts) {
        List<Share> relabelled = new ArrayList<>(parts.size());
        for (Share part : parts) {
            relabelled.add(new Share(part.sessionBinding(), 1, part.values(), part.blinding()));
        }
        return relabelled;
    }
}
