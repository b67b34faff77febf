/**
 * The pure mathematics of secure multi-party aggregation, plain Java with no Spring: additive (n-of-n) and Shamir
 * (t-of-n) secret sharing over the scalar field of P-256, fixed-point encoding of reals, Pedersen commitments and
 * Pedersen verifiable secret sharing on P-256 (Bouncy Castle), and the session's config hash and submission
 * checksum.
 *
 * <h2>Flow</h2>
 * A contributor encodes its reals ({@link io.ppml.smpc.core.FixedPoint}), splits them
 * ({@link io.ppml.smpc.core.SecretSharing#split}) into one {@link io.ppml.smpc.core.Share} per node plus, with
 * Pedersen verification, public {@link io.ppml.smpc.core.Commitment}s that go to every node. Node i checks its share
 * ({@link io.ppml.smpc.core.SecretSharing#verify}), adds the accepted shares ({@link io.ppml.smpc.core.Share#sum})
 * and the commitments ({@link io.ppml.smpc.core.SecretSharing#aggregateCommitments}); a collector rebuilds the total
 * from the n (or t) aggregate shares ({@link io.ppml.smpc.core.SecretSharing#reconstruct(java.util.List,
 * java.util.List)}), which also catches a node that altered its aggregate share.
 *
 * <h2>Why the field is Z_q of P-256</h2>
 * Shares must be checkable against commitments x·G + r·H, whose scalars live modulo the group order q; sharing in
 * the same field makes share arithmetic and commitment arithmetic the same arithmetic.
 *
 * <h2>Generators</h2>
 * H and the per-coordinate G_j are RFC 9380 hash-to-curve outputs of fixed strings, so nobody knows a discrete-log
 * relation between them; see {@link io.ppml.smpc.core.Generators} (package-private) for the derivation and the
 * argument, and {@link io.ppml.smpc.core.p256} for the hash-to-curve it uses.
 *
 * <h2>Side channels</h2>
 * Share arithmetic uses {@link java.math.BigInteger} and verification uses variable-time multi-scalar
 * multiplication (the run time depends on the digits of the share); neither is constant-time. Someone able to time
 * a node's verification precisely could learn something about that node's share, and by timing every node, about
 * the input. This core does not defend against such an attacker; the nodes' operators should not expose
 * fine-grained timing of share submission. Nor does it defend against someone who can read the node's process
 * memory: shares live there as BigIntegers while they are checked and summed, and the multi-scalar multiplication's
 * reused scratch arrays keep the last share's point layout until the next check. Randomness comes only from
 * {@link io.ppml.crypto.Randomness#secureRandom()}.
 *
 * <h2>Field arithmetic</h2>
 * Points and curve operations come from Bouncy Castle, except inside the multi-scalar multiplication behind vector
 * commitments, which runs on its own Montgomery arithmetic modulo the P-256 prime (52-bit limbs), tested against
 * BigInteger on every representative it accepts; it is what makes checking one 1,000-coordinate commitment about
 * ten times cheaper than checking 1,000 scalar ones (BENCHMARKS.md). That kernel lives in its own sub-package,
 * {@link io.ppml.smpc.core.p256}.
 */
@NullMarked
package io.ppml.smpc.core;

import org.jspecify.annotations.NullMarked;
