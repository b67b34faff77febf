package io.ppml.smpc.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum of a node's accepted submissions, as in the IETF Distributed Aggregation Protocol
 * (draft-ietf-ppm-dap, "checksum" of a batch): the XOR of SHA-256(submissionId) over the accepted submission ids
 * (UTF-8), in lower-case hex. Nodes that aggregated the same set of submissions report the same checksum, whatever
 * the order; the collector refuses to combine aggregate shares whose checksums differ.
 *
 * <p>What it does and does not prove: it catches nodes that accepted different sets by accident (a submission lost
 * or rejected at one node). It is not collision-resistant against a node that lies on purpose — XOR of hashes is
 * linear, so with a few hundred ids of its choice an adversary can hit any checksum by solving a linear system over
 * GF(2) (Bellare and Micciancio 1997, "A new paradigm for collision-free hashing", on XHASH). Pedersen verification
 * is what catches a dishonest node.
 */
public final class Checksums {

    /** The checksum of no submissions: 64 zeros. */
    public static final String EMPTY = "0".repeat(64);

    private Checksums() {
    }

    /** The checksum of a set of distinct submission ids (an id listed twice cancels out, as XOR does). */
    public static String submissionChecksum(Iterable<String> submissionIds) {
        byte[] acc = new byte[32];
        for (String id : submissionIds) {
            xorInto(acc, sha256(id.getBytes(StandardCharsets.UTF_8)));
        }
        return HexFormat.of().formatHex(acc);
    }

    /** The checksum after accepting one more submission: lets a node keep the checksum as it goes. */
    public static String withSubmission(String checksum, String submissionId) {
        byte[] acc;
        try {
            acc = HexFormat.of().parseHex(checksum);
        } catch (IllegalArgumentException e) {
            throw SmpcException.invalidInput("checksum", "must be 64 hex digits");
        }
        if (acc.length != 32) {
            throw SmpcException.invalidInput("checksum", "must be 64 hex digits");
        }
        xorInto(acc, sha256(submissionId.getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(acc);
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void xorInto(byte[] acc, byte[] digest) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] ^= digest[i];
        }
    }
}
