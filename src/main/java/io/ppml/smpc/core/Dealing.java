package io.ppml.smpc.core;

import java.util.List;

/**
 * What a contributor produces from one input vector: a share for every party (party i receives
 * {@code shares().get(i − 1)}) and, with Pedersen verification, the public commitments that every node receives
 * with its share — additive: one vector commitment per party's share; Shamir: one vector commitment per
 * coefficient of the sharing polynomials (C_0 … C_(t−1)). Empty without verification.
 */
public record Dealing(List<Share> shares, List<Commitment> commitments) {

    public Dealing {
        shares = List.copyOf(shares);
        commitments = List.copyOf(commitments);
    }

    public Share share(int partyIndex) {
        return shares.get(partyIndex - 1);
    }
}
