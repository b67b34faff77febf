package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Additive and Shamir sharing without commitments: correctness, linearity, privacy and session binding. */
class SmpcSharingTests {

    private static final String SESSION = "session-a#" + "0".repeat(64);

    /** n parties, threshold t, and a set of at least t distinct party indices in random order. */
    record Setup(int parties, int threshold, List<Integer> subset) {
    }

    @Provide
    Arbitrary<Setup> shamirSetups() {
        return Arbitraries.integers().between(2, 9).flatMap(n -> Arbitraries.integers().between(2, n).flatMap(t ->
                Arbitraries.shuffle(IntStream.rangeClosed(1, n).boxed().toList())
                        .flatMap(order -> Arbitraries.integers().between(t, n)
                                .map(size -> new Setup(n, t, order.subList(0, size))))));
    }

    @Provide
    Arbitrary<BigInteger[]> vectors() {
        return Arbitraries.bigIntegers().between(BigInteger.ZERO, Field.Q.subtract(BigInteger.ONE))
                .array(BigInteger[].class).ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 100)
    void additiveReconstructsFromAllParts(@ForAll("vectors") BigInteger[] x, @ForAll @IntRange(min = 2, max = 9) int n) {
        Dealing dealing = new AdditiveSharing(n).split(SESSION, x, Verification.NONE);
        assertThat(dealing.shares()).hasSize(n);
        assertThat(dealing.commitments()).isEmpty();
        List<Share> parts = new ArrayList<>(dealing.shares());
        Collections.reverse(parts); // the order of parts does not matter
        assertThat(new AdditiveSharing(n).reconstruct(parts)).containsExactly(x);
    }

    @Property(tries = 150)
    void shamirReconstructsFromAnySubsetOfAtLeastThreshold(@ForAll("shamirSetups") Setup setup,
            @ForAll("vectors") BigInteger[] x) {
        ShamirSharing sharing = new ShamirSharing(setup.parties(), setup.threshold());
        Dealing dealing = sharing.split(SESSION, x, Verification.NONE);
        List<Share> parts = setup.subset().stream().map(dealing::share).toList();
        assertThat(sharing.reconstruct(parts)).containsExactly(x);
    }

    @Property(tries = 60)
    void realsWithNegativesSurviveSharing(@ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = -1e9, max = 1e9) Double> reals,
            @ForAll @IntRange(min = 0, max = 40) int fractionBits, @ForAll("shamirSetups") Setup setup) {
        FixedPoint fp = new FixedPoint(fractionBits);
        double[] xs = reals.stream().mapToDouble(Double::doubleValue).toArray();
        BigInteger[] encoded = fp.encodeAll(xs);
        double[] expected = fp.decodeAll(encoded);
        for (int i = 0; i < xs.length; i++) {
            assertThat(Math.abs(expected[i] - xs[i])).isLessThanOrEqualTo(Math.scalb(1.0, -fractionBits - 1)
                    + Math.ulp(xs[i]));
        }
        SecretSharing additive = new AdditiveSharing(setup.parties());
        assertThat(fp.decodeAll(additive.reconstruct(additive.split(SESSION, encoded, Verification.NONE).shares())))
                .containsExactly(expected);
        ShamirSharing shamir = new ShamirSharing(setup.parties(), setup.threshold());
        Dealing dealing = shamir.split(SESSION, encoded, Verification.NONE);
        assertThat(fp.decodeAll(shamir.reconstruct(setup.subset().stream().map(dealing::share).toList())))
                .containsExactly(expected);
    }

    @Property(tries = 60)
    void sumsOfSharesReconstructToSums(@ForAll("shamirSetups") Setup setup,
            @ForAll @IntRange(min = 1, max = 6) int contributors, @ForAll @IntRange(min = 1, max = 20) int length) {
        for (SecretSharing sharing : List.of(new AdditiveSharing(setup.parties()),
                new ShamirSharing(setup.parties(), setup.threshold()))) {
            BigInteger[] expected = filled(length, BigInteger.ZERO);
            List<List<Share>> perParty = new ArrayList<>();
            for (int i = 0; i < setup.parties(); i++) {
                perParty.add(new ArrayList<>());
            }
            for (int c = 0; c < contributors; c++) {
                BigInteger[] x = SmpcPedersenTests.randomVector(length);
                for (int j = 0; j < length; j++) {
                    expected[j] = Field.add(expected[j], x[j]);
                }
                Dealing dealing = sharing.split(SESSION, x, Verification.NONE);
                for (Share share : dealing.shares()) {
                    perParty.get(share.partyIndex() - 1).add(share);
                }
            }
            List<Share> aggregates = perParty.stream().map(Share::sum).toList();
            List<Share> parts = sharing instanceof ShamirSharing
                    ? setup.subset().stream().map(i -> aggregates.get(i - 1)).toList()
                    : aggregates;
            assertThat(sharing.reconstruct(parts)).containsExactly(expected);
        }
    }

    /**
     * Privacy, constructively: for any t − 1 Shamir shares of x and any other secret x', there is a t-th share that
     * completes them to a sharing of x' — so t − 1 shares cannot tell x from x'. Likewise n − 1 additive shares.
     */
    @Property(tries = 100)
    void fewerThanThresholdSharesAreConsistentWithAnySecret(@ForAll("shamirSetups") Setup setup,
            @ForAll("vectors") BigInteger[] x) {
        BigInteger[] other = SmpcPedersenTests.randomVector(x.length);
        int t = setup.threshold();
        ShamirSharing shamir = new ShamirSharing(setup.parties(), t);
        Dealing dealing = shamir.split(SESSION, x, Verification.NONE);
        List<Share> known = setup.subset().subList(0, t - 1).stream().map(dealing::share).toList();
        int missing = IntStream.rangeClosed(1, setup.parties())
                .filter(i -> known.stream().noneMatch(s -> s.partyIndex() == i)).findFirst().orElseThrow();
        // the polynomial through (0, x'_j) and the known points, evaluated at the missing party
        BigInteger[] nodes = new BigInteger[t];
        nodes[0] = BigInteger.ZERO;
        for (int i = 0; i < t - 1; i++) {
            nodes[i + 1] = BigInteger.valueOf(known.get(i).partyIndex());
        }
        BigInteger[] weights = Polynomials.lagrange(nodes, BigInteger.valueOf(missing));
        BigInteger[] forged = new BigInteger[x.length];
        for (int j = 0; j < x.length; j++) {
            BigInteger[] ys = new BigInteger[t];
            ys[0] = other[j];
            for (int i = 0; i < t - 1; i++) {
                ys[i + 1] = known.get(i).value(j);
            }
            forged[j] = Polynomials.combine(weights, ys);
        }
        List<Share> completed = new ArrayList<>(known);
        completed.add(Share.of(SESSION, missing, forged));
        assertThat(shamir.reconstruct(completed)).containsExactly(other);
        assertThat(shamir.reconstruct(dealing.shares())).containsExactly(x);

        AdditiveSharing additive = new AdditiveSharing(setup.parties());
        List<Share> additiveShares = additive.split(SESSION, x, Verification.NONE).shares();
        List<Share> first = additiveShares.subList(0, setup.parties() - 1);
        BigInteger[] last = other.clone();
        for (Share share : first) {
            for (int j = 0; j < last.length; j++) {
                last[j] = Field.sub(last[j], share.value(j));
            }
        }
        List<Share> additiveCompleted = new ArrayList<>(first);
        additiveCompleted.add(Share.of(SESSION, setup.parties(), last));
        assertThat(additive.reconstruct(additiveCompleted)).containsExactly(other);
    }

    @Test
    void sharesOfDifferentSessionsNeverMix() {
        ShamirSharing sharing = new ShamirSharing(3, 2);
        BigInteger[] x = SmpcPedersenTests.randomVector(5);
        Dealing a = sharing.split("session-a#" + "0".repeat(64), x, Verification.NONE);
        Dealing b = sharing.split("session-b#" + "0".repeat(64), x, Verification.NONE);
        assertMismatch(() -> a.share(1).plus(b.share(1)));
        assertMismatch(() -> Share.sum(List.of(a.share(2), a.share(2), b.share(2))));
        assertMismatch(() -> sharing.reconstruct(List.of(a.share(1), b.share(2))));
        assertMismatch(() -> new AdditiveSharing(2).reconstruct(List.of(a.share(1), b.share(2))));
        // one party twice, or shares of different parties added as if they were one node's
        assertMismatch(() -> sharing.reconstruct(List.of(a.share(1), a.share(1))));
        assertMismatch(() -> a.share(1).plus(a.share(2)));
    }

    @Test
    void malformedPartsAreRefused() {
        ShamirSharing sharing = new ShamirSharing(4, 3);
        Dealing dealing = sharing.split(SESSION, SmpcPedersenTests.randomVector(3), Verification.NONE);
        assertThatThrownBy(() -> sharing.reconstruct(List.of(dealing.share(1), dealing.share(2))))
                .isInstanceOf(SmpcException.class).hasMessageContaining("at least 3");
        Share shorter = Share.of(SESSION, 3, new BigInteger[] {BigInteger.ONE});
        assertThatThrownBy(() -> sharing.reconstruct(List.of(dealing.share(1), dealing.share(2), shorter)))
                .isInstanceOf(SmpcException.class).hasMessageContaining("length");
        Share outOfRange = Share.of(SESSION, 5, dealing.share(4).values());
        assertThatThrownBy(() -> sharing.reconstruct(List.of(dealing.share(1), dealing.share(2), outOfRange)))
                .isInstanceOf(SmpcException.class).hasMessageContaining("party index");
        AdditiveSharing additive = new AdditiveSharing(3);
        List<Share> shares = additive.split(SESSION, SmpcPedersenTests.randomVector(2), Verification.NONE).shares();
        assertThatThrownBy(() -> additive.reconstruct(shares.subList(0, 2))).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> Share.of(SESSION, 0, new BigInteger[] {BigInteger.ONE}))
                .isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> Share.of(SESSION, 1, new BigInteger[] {Field.Q})).isInstanceOf(SmpcException.class)
                .hasMessageStartingWith("share[0]");
        assertThatThrownBy(() -> Share.of(" ", 1, new BigInteger[] {BigInteger.ONE})).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> new ShamirSharing(3, 1)).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> new ShamirSharing(3, 4)).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> new AdditiveSharing(1)).isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> sharing.split(SESSION, new BigInteger[0], Verification.NONE))
                .isInstanceOf(SmpcException.class);
        assertThatThrownBy(() -> sharing.split(SESSION, new BigInteger[] {BigInteger.ONE.negate()}, Verification.NONE))
                .isInstanceOf(SmpcException.class).hasMessageStartingWith("values[0]");
    }

    /** Without commitments, parts beyond the threshold still expose an altered part (not which one). */
    @Property(tries = 50)
    void extraShamirPartsExposeAnAlteredPart(@ForAll @IntRange(min = 0, max = 3) int victim,
            @ForAll @IntRange(min = 0, max = 4) int coordinate) {
        ShamirSharing sharing = new ShamirSharing(4, 2);
        List<Share> shares = new ArrayList<>(sharing.split(SESSION, SmpcPedersenTests.randomVector(5), Verification.NONE)
                .shares());
        BigInteger[] values = shares.get(victim).values();
        values[coordinate] = Field.add(values[coordinate], BigInteger.ONE);
        shares.set(victim, Share.of(SESSION, victim + 1, values));
        assertThatThrownBy(() -> sharing.reconstruct(shares)).isInstanceOf(SmpcException.class)
                .satisfies(e -> assertThat(((SmpcException) e).problem())
                        .isEqualTo(SmpcException.Problem.VERIFICATION_FAILED));
    }

    @Test
    void sharesHideTheirValuesWhenPrinted() {
        Share share = Share.of(SESSION, 2, new BigInteger[] {BigInteger.valueOf(123456789)});
        assertThat(share.toString()).doesNotContain("123456789").contains("party=2");
        assertThat(share).isEqualTo(Share.of(SESSION, 2, new BigInteger[] {BigInteger.valueOf(123456789)}));
        BigInteger[] copy = share.values();
        copy[0] = BigInteger.ZERO;
        assertThat(share.value(0)).isEqualTo(BigInteger.valueOf(123456789)); // immutable
    }

    private static void assertMismatch(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(SmpcException.class)
                .satisfies(e -> assertThat(((SmpcException) e).problem()).isEqualTo(SmpcException.Problem.SESSION_MISMATCH));
    }

    private static BigInteger[] filled(int length, BigInteger value) {
        BigInteger[] out = new BigInteger[length];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
