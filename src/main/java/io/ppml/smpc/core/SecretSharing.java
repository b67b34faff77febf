package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splitting vectors of field elements among n parties and reconstructing them, with optional Pedersen verification.
 * Two schemes: {@link AdditiveSharing} (n-of-n) and {@link ShamirSharing} (t-of-n, verified by Pedersen VSS).
 *
 * <p>Security guarantees, for honest randomness from {@link io.ppml.crypto.Randomness}:
 * <ul>
 *   <li><b>privacy</b>: any set of fewer than {@link #threshold()} shares is uniformly distributed whatever the input,
 *       so it reveals nothing about it; the commitments are perfectly hiding, so publishing them changes nothing;</li>
 *   <li><b>linearity</b>: share-wise sums of shares ({@link Share#sum}) are shares of the sum of the inputs, and the
 *       element-wise sums of the commitments ({@link #aggregateCommitments}) commit to them;</li>
 *   <li><b>verifiability</b>: with commitments, a share that was changed in any coordinate or in its blinding fails
 *       {@link #verify}, and a forged aggregate share fails {@link #reconstruct(List, List)} — unless the forger
 *       can open a Pedersen commitment two ways, i.e. knows a discrete-log relation between the generators.</li>
 * </ul>
 * Not covered: a contributor may commit to any input it likes (there are no range proofs), so a contribution can be
 * wrong but consistent; and nothing here hides how many contributors there were. Like Pedersen's VSS, this assumes
 * every node receives the same commitments from a contributor (a broadcast channel): a contributor that sends
 * different commitments to different nodes makes the nodes' aggregate commitments differ, so the collector must
 * check that all nodes report the same aggregate commitments before trusting any of them.
 */
public sealed interface SecretSharing permits AdditiveSharing, ShamirSharing {

    /**
     * The most parties a sharing has — the one limit for sessions, split and reconstruct. Party indices are 1..n;
     * more parties than this is not a deployment this service is meant for.
     */
    int MAX_PARTIES = 256;

    /** The longest vector one sharing carries: there is one Pedersen generator G_j per coordinate. */
    int MAX_LENGTH = Generators.MAX_LENGTH;

    static SecretSharing of(Scheme scheme, int parties, int threshold) {
        return switch (scheme) {
            case ADDITIVE -> {
                if (threshold != parties) {
                    throw SmpcException.invalidInput("threshold", "additive sharing needs all parties");
                }
                yield new AdditiveSharing(parties);
            }
            case SHAMIR -> new ShamirSharing(parties, threshold);
        };
    }

    Scheme scheme();

    int parties();

    /** How many shares reconstruct: n for additive, t for Shamir. */
    int threshold();

    /** How many commitments a dealing carries with {@link Verification#PEDERSEN}: n for additive, t for Shamir. */
    int commitmentCount();

    /**
     * Splits {@code values} (field elements, e.g. from {@link FixedPoint#encodeAll}) into one share per party, each
     * bound to {@code sessionBinding}; with {@link Verification#PEDERSEN}, blinded and committed to.
     */
    Dealing split(String sessionBinding, BigInteger[] values, Verification verification);

    /**
     * What node {@code share.partyIndex()} checks on receipt: that the share and its blinding open the contributor's
     * commitments. Throws {@link SmpcException} ({@code VERIFICATION_FAILED}) if not, ({@code INVALID_INPUT}) if the
     * share has no blinding or the commitments are the wrong number.
     */
    void verify(Share share, List<Commitment> commitments);

    /**
     * The inputs' total from aggregate shares of one session, without verification: all n for additive sharing; at
     * least t for Shamir, where parts beyond the first t (by party index) must lie on the same polynomial.
     */
    BigInteger[] reconstruct(List<Share> parts);

    /**
     * The total from blinded aggregate shares, checked against the aggregate commitments: each part must open them
     * (a tampering node is named in the exception's field, {@code parts[k]}), and so must the total.
     */
    BigInteger[] reconstruct(List<Share> parts, List<Commitment> aggregateCommitments);

    /** The element-wise sum of every contributor's commitments: commitments to the aggregate shares. */
    static List<Commitment> aggregateCommitments(List<List<Commitment>> perContributor) {
        if (perContributor.isEmpty()) {
            throw SmpcException.invalidInput("commitments", "no contributions");
        }
        int count = perContributor.get(0).size();
        List<Commitment> sums = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            List<Commitment> column = new ArrayList<>(perContributor.size());
            for (List<Commitment> commitments : perContributor) {
                if (commitments.size() != count) {
                    throw SmpcException.invalidInput("commitments",
                            "contributions carry different numbers of commitments");
                }
                column.add(commitments.get(k));
            }
            sums.add(Pedersen.sum(column));
        }
        return List.copyOf(sums);
    }
}
