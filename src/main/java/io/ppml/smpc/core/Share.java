package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One party's share of a vector (or an aggregate of such shares), bound to its session: the field elements, the
 * party index 1..n it belongs to, and — when the session verifies with Pedersen commitments — the blinding factor
 * that opens the commitment to it (additive: r_i; Shamir: g(i), the blinding polynomial at i).
 *
 * <p>{@code sessionBinding} names the session and its configuration (see {@link SessionConfig#shareBinding}).
 * Shares with different bindings never combine: adding or reconstructing them is refused with
 * {@link SmpcException.Problem#SESSION_MISMATCH}, so a share of one session cannot leak into another's total.
 *
 * <p>Immutable: the array is copied in and out. {@link #toString()} shows no values, since a share of a single
 * contribution is secret.
 */
public record Share(String sessionBinding, int partyIndex, BigInteger[] values, @Nullable BigInteger blinding) {

    public Share {
        if (sessionBinding.isBlank()) {
            throw SmpcException.invalidInput("sessionBinding", "must not be blank");
        }
        if (partyIndex < 1) {
            throw SmpcException.invalidInput("partyIndex", "must be at least 1");
        }
        if (values.length == 0 || values.length > Generators.MAX_LENGTH) {
            throw SmpcException.invalidInput("share", "length must be in [1, " + Generators.MAX_LENGTH + "]");
        }
        values = values.clone();
        for (int j = 0; j < values.length; j++) {
            Field.requireElement(Objects.requireNonNull(values[j], "share value"), "share[" + j + "]");
        }
        if (blinding != null) {
            Field.requireElement(blinding, "blinding");
        }
    }

    /** A share without a blinding factor (sessions with verification NONE). */
    public static Share of(String sessionBinding, int partyIndex, BigInteger[] values) {
        return new Share(sessionBinding, partyIndex, values, null);
    }

    /** A copy of the values. */
    @Override
    public BigInteger[] values() {
        return values.clone();
    }

    public BigInteger value(int j) {
        return values[j];
    }

    public int length() {
        return values.length;
    }

    public boolean isBlinded() {
        return blinding != null;
    }

    /**
     * The share-wise sum with another share of the same session and party: what a node does to aggregate. The sum of
     * shares of x and y is a share of x + y (for Shamir, of the polynomial f_x + f_y), and blindings add likewise.
     */
    public Share plus(Share other) {
        return sum(List.of(this, other));
    }

    /**
     * The share-wise sum of shares of one session and one party, e.g. all accepted submissions at a node. Additions
     * are done without reduction and reduced once per coordinate at the end: the partial sums stay below
     * shares.size()·q, so nothing is lost, and one {@code mod} per coordinate replaces one per addition.
     */
    public static Share sum(List<Share> shares) {
        if (shares.isEmpty()) {
            throw SmpcException.invalidInput("shares", "nothing to add");
        }
        Share first = shares.get(0);
        int length = first.values.length;
        for (Share share : shares) {
            first.requireSameSlot(share);
            if (share.values.length != length) {
                throw SmpcException.invalidInput("share", "length " + share.values.length + " differs from " + length);
            }
        }
        BigInteger[] total = first.values.clone();
        BigInteger blindingTotal = first.blinding;
        for (int s = 1; s < shares.size(); s++) {
            BigInteger[] values = shares.get(s).values;
            for (int j = 0; j < length; j++) {
                total[j] = total[j].add(values[j]);
            }
            if (blindingTotal != null) {
                blindingTotal = blindingTotal.add(Objects.requireNonNull(shares.get(s).blinding));
            }
        }
        for (int j = 0; j < length; j++) {
            total[j] = total[j].mod(Field.Q);
        }
        return new Share(first.sessionBinding, first.partyIndex, total,
                blindingTotal == null ? null : blindingTotal.mod(Field.Q));
    }

    /** Refuses to combine this share with one of another session, another party or another verification mode. */
    void requireSameSlot(Share other) {
        if (!sessionBinding.equals(other.sessionBinding)) {
            throw SmpcException.mismatch("sessionBinding", "shares of different sessions cannot be combined");
        }
        if (partyIndex != other.partyIndex) {
            throw SmpcException.mismatch("partyIndex", "shares of different parties cannot be added");
        }
        if (isBlinded() != other.isBlinded()) {
            throw SmpcException.mismatch("blinding", "shares with and without blinding cannot be combined");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Share other && partyIndex == other.partyIndex
                && sessionBinding.equals(other.sessionBinding) && Arrays.equals(values, other.values)
                && Objects.equals(blinding, other.blinding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionBinding, partyIndex, Arrays.hashCode(values), blinding);
    }

    @Override
    public String toString() {
        return "Share[session=" + sessionBinding + ", party=" + partyIndex + ", length=" + values.length
                + (blinding == null ? "" : ", blinded") + "]";
    }
}
