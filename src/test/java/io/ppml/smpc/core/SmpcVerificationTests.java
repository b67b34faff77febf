package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pedersen verification end to end: nodes check contributors' shares (Pedersen VSS for Shamir, per-share vector
 * commitments for additive sharing), aggregate shares and commitments, and the collector catches a node that forged
 * its aggregate share.
 */
class SmpcVerificationTests {

    private static final String SESSION = "s-1#" + "a".repeat(64);

    @Property(tries = 25)
    void honestSharesVerifyAndAnyChangedCoordinateOrBlindingIsRejected(@ForAll boolean shamir,
            @ForAll @IntRange(min = 1, max = 60) int length, @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll @IntRange(min = 0, max = 4) int party, @ForAll @IntRange(min = 1, max = 1 << 20) int delta) {
        SecretSharing sharing = shamir ? new ShamirSharing(5, 3) : new AdditiveSharing(5);
        Dealing dealing = sharing.split(SESSION, SmpcPedersenTests.randomVector(length), Verification.PEDERSEN);
        assertThat(dealing.commitments()).hasSize(sharing.commitmentCount());
        for (Share share : dealing.shares()) {
            assertThatCode(() -> sharing.verify(share, dealing.commitments())).doesNotThrowAnyException();
        }
        Share honest = dealing.shares().get(party);
        BigInteger[] values = honest.values();
        int j = position % length;
        values[j] = Field.add(values[j], BigInteger.valueOf(delta));
        Share changedValue = new Share(SESSION, honest.partyIndex(), values, honest.blinding());
        assertVerificationFails(() -> sharing.verify(changedValue, dealing.commitments()));
        Share changedBlinding = new Share(SESSION, honest.partyIndex(), honest.values(),
                Field.add(honest.blinding(), BigInteger.valueOf(delta)));
        assertVerificationFails(() -> sharing.verify(changedBlinding, dealing.commitments()));
        // a genuine share presented as another party's
        Share relabelled = new Share(SESSION, honest.partyIndex() % 5 + 1, honest.values(), honest.blinding());
        assertVerificationFails(() -> sharing.verify(relabelled, dealing.commitments()));
    }

    @Test
    void sharesDoNotVerifyAgainstAnotherContributionsCommitments() {
        for (SecretSharing sharing : List.of(new ShamirSharing(3, 2), new AdditiveSharing(3))) {
            BigInteger[] x = SmpcPedersenTests.randomVector(10);
            Dealing one = sharing.split(SESSION, x, Verification.PEDERSEN);
            Dealing other = sharing.split(SESSION, x, Verification.PEDERSEN); // same input, fresh randomness
            assertVerificationFails(() -> sharing.verify(one.share(1), other.commitments()));
            assertThatThrownBy(() -> sharing.verify(Share.of(SESSION, 1, one.share(1).values()), one.commitments()))
                    .isInstanceOf(SmpcException.class).hasMessageContaining("blinding");
            assertThatThrownBy(() -> sharing.verify(one.share(1), one.commitments().subList(0, 1)))
                    .isInstanceOf(SmpcException.class).hasMessageContaining("commitments");
        }
    }

    /** Several contributors, every node verifying and aggregating, the collector verifying the total. */
    @Property(tries = 15)
    void verifiedAggregationReconstructsTheSumAndCatchesAForgedAggregateShare(@ForAll boolean shamir,
            @ForAll @IntRange(min = 1, max = 5) int contributors, @ForAll @IntRange(min = 1, max = 40) int length,
            @ForAll @IntRange(min = 0, max = 3) int forger, @ForAll @IntRange(min = 0, max = 100) int position) {
        int n = 4;
        SecretSharing sharing = shamir ? new ShamirSharing(n, 3) : new AdditiveSharing(n);
        BigInteger[] expected = new BigInteger[length];
        java.util.Arrays.fill(expected, BigInteger.ZERO);
        List<List<Share>> received = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            received.add(new ArrayList<>());
        }
        List<List<Commitment>> published = new ArrayList<>();
        for (int c = 0; c < contributors; c++) {
            BigInteger[] x = SmpcPedersenTests.randomVector(length);
            for (int j = 0; j < length; j++) {
                expected[j] = Field.add(expected[j], x[j]);
            }
            Dealing dealing = sharing.split(SESSION, x, Verification.PEDERSEN);
            published.add(dealing.commitments());
            for (Share share : dealing.shares()) {
                sharing.verify(share, dealing.commitments()); // node i on receipt
                received.get(share.partyIndex() - 1).add(share);
            }
        }
        List<Commitment> aggregateCommitments = SecretSharing.aggregateCommitments(published);
        List<Share> aggregates = received.stream().map(Share::sum).toList();
        // the aggregate shares themselves open the aggregate commitments, so nodes can check each other too
        for (Share aggregate : aggregates) {
            sharing.verify(aggregate, aggregateCommitments);
        }
        assertThat(sharing.reconstruct(aggregates, aggregateCommitments)).containsExactly(expected);
        assertThat(sharing.reconstruct(aggregates)).containsExactly(expected);

        // one node forges its aggregate share: a changed coordinate, or a changed blinding
        Share honest = aggregates.get(forger);
        BigInteger[] forgedValues = honest.values();
        int j = position % length;
        forgedValues[j] = Field.add(forgedValues[j], BigInteger.ONE);
        for (Share forged : List.of(new Share(SESSION, honest.partyIndex(), forgedValues, honest.blinding()),
                new Share(SESSION, honest.partyIndex(), honest.values(), Field.add(honest.blinding(), BigInteger.ONE)))) {
            List<Share> parts = new ArrayList<>(aggregates);
            parts.set(forger, forged);
            // all n parts (for Shamir more than t), so the forger is among them whichever node it is
            assertThatThrownBy(() -> sharing.reconstruct(parts, aggregateCommitments))
                    .isInstanceOf(SmpcException.class)
                    .satisfies(e -> {
                        SmpcException ex = (SmpcException) e;
                        assertThat(ex.problem()).isEqualTo(SmpcException.Problem.VERIFICATION_FAILED);
                        assertThat(ex.field()).isEqualTo("parts[" + forger + "]"); // the forging node is named
                    });
        }
    }

    /** With exactly t Shamir parts, a forged one is still caught (and without commitments it would not be). */
    @Test
    void forgedPartAmongExactlyThresholdPartsIsCaughtOnlyWithCommitments() {
        ShamirSharing sharing = new ShamirSharing(5, 3);
        BigInteger[] x = SmpcPedersenTests.randomVector(8);
        Dealing dealing = sharing.split(SESSION, x, Verification.PEDERSEN);
        Share honest = dealing.share(4);
        BigInteger[] values = honest.values();
        values[0] = Field.add(values[0], BigInteger.TEN);
        List<Share> parts = List.of(dealing.share(2), new Share(SESSION, 4, values, honest.blinding()), dealing.share(5));
        assertThat(sharing.reconstruct(parts)).isNotEqualTo(x); // silently wrong without verification
        assertThatThrownBy(() -> sharing.reconstruct(parts, dealing.commitments()))
                .isInstanceOf(SmpcException.class).hasMessageStartingWith("parts[1]");
        assertThat(sharing.reconstruct(List.of(dealing.share(2), dealing.share(4), dealing.share(5)),
                dealing.commitments())).containsExactly(x);
    }

    @Test
    void verifiedReconstructionNeedsBlindingsAndTheRightCommitments() {
        AdditiveSharing sharing = new AdditiveSharing(3);
        Dealing dealing = sharing.split(SESSION, SmpcPedersenTests.randomVector(4), Verification.PEDERSEN);
        List<Share> unblinded = dealing.shares().stream().map(s -> Share.of(SESSION, s.partyIndex(), s.values()))
                .toList();
        assertThatThrownBy(() -> sharing.reconstruct(unblinded, dealing.commitments()))
                .isInstanceOf(SmpcException.class).hasMessageContaining("blinding");
        Dealing other = sharing.split(SESSION, SmpcPedersenTests.randomVector(4), Verification.PEDERSEN);
        assertVerificationFails(() -> sharing.reconstruct(dealing.shares(), other.commitments()));
        assertThatThrownBy(() -> SecretSharing.aggregateCommitments(List.of(dealing.commitments(),
                dealing.commitments().subList(0, 2)))).isInstanceOf(SmpcException.class);
    }

    private static void assertVerificationFails(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(SmpcException.class)
                .satisfies(e -> assertThat(((SmpcException) e).problem())
                        .isEqualTo(SmpcException.Problem.VERIFICATION_FAILED));
    }
}
