package io.ppml.smpc.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks shared by both schemes. */
final class Sharing {

    private Sharing() {
    }

    static BigInteger[] requireValues(BigInteger[] values) {
        if (values.length == 0 || values.length > Generators.MAX_LENGTH) {
            throw SmpcException.invalidInput("values", "length must be in [1, " + Generators.MAX_LENGTH + "]");
        }
        BigInteger[] copy = values.clone();
        for (int j = 0; j < copy.length; j++) {
            Field.requireElement(copy[j], "values[" + j + "]");
        }
        return copy;
    }

    static void requireCommitments(List<Commitment> commitments, int expected) {
        if (commitments.size() != expected) {
            throw SmpcException.invalidInput("commitments", "expected " + expected + ", got " + commitments.size());
        }
    }

    static void requireIndex(Share share, int parties) {
        if (share.partyIndex() > parties) {
            throw SmpcException.invalidInput("partyIndex", "must be in [1, " + parties + "]");
        }
    }

    static BigInteger requireBlinding(Share share) {
        BigInteger blinding = share.blinding();
        if (blinding == null) {
            throw SmpcException.invalidInput("blinding", "a verified share must carry its blinding factor");
        }
        return blinding;
    }

    /**
     * The parts sorted by party index, after checking that they belong to one session, come from distinct parties
     * 1..n, have one length, and are all blinded or all not.
     */
    static List<Share> requireParts(List<Share> parts, int parties, int atLeast) {
        if (parts.size() < atLeast) {
            throw SmpcException.invalidInput("parts", "need at least " + atLeast + " parts, got " + parts.size());
        }
        Share first = parts.get(0);
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < parts.size(); k++) {
            Share part = parts.get(k);
            if (!part.sessionBinding().equals(first.sessionBinding())) {
                throw SmpcException.mismatch("parts[" + k + "]", "belongs to another session or configuration");
            }
            if (part.isBlinded() != first.isBlinded()) {
                throw SmpcException.mismatch("parts[" + k + "]", "parts with and without blinding cannot be combined");
            }
            if (part.partyIndex() > parties) {
                throw SmpcException.invalidInput("parts[" + k + "]", "party index must be in [1, " + parties + "]");
            }
            if (!seen.add(part.partyIndex())) {
                throw SmpcException.mismatch("parts[" + k + "]", "party " + part.partyIndex() + " appears twice");
            }
            if (part.length() != first.length()) {
                throw SmpcException.invalidInput("parts[" + k + "]", "length differs from the other parts");
            }
        }
        List<Share> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(Share::partyIndex));
        return sorted;
    }

    /** The position of a party's part in the caller's list, for error messages. */
    static String fieldOf(List<Share> parts, Share part) {
        return "parts[" + parts.indexOf(part) + "]";
    }
}
