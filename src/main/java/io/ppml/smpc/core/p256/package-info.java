/**
 * The elliptic-curve kernel under the SMPC core: NIST P-256 and the two fast paths that Pedersen commitments rest
 * on, plain Java over Bouncy Castle with no knowledge of shares, sessions or commitments.
 *
 * <ul>
 *   <li>{@link io.ppml.smpc.core.p256.P256}: the curve, its base point, group order and field prime;</li>
 *   <li>{@link io.ppml.smpc.core.p256.HashToCurve}: RFC 9380 hash-to-curve (suite
 *       {@code P256_XMD:SHA-256_SSWU_RO_}), which turns fixed public strings into points nobody knows a discrete
 *       logarithm of;</li>
 *   <li>{@link io.ppml.smpc.core.p256.FixedBaseMsm}: multi-scalar multiplication Σ s_i·P_i over fixed base points
 *       with precomputed window tables, on its own Montgomery arithmetic modulo the P-256 prime (package-private
 *       {@code MontgomeryP256}, 52-bit limbs), tested against BigInteger and Bouncy Castle.</li>
 * </ul>
 *
 * <p>It is a package of its own because it is a different kind of code from the sharing schemes above it: limb
 * arithmetic and bucket bookkeeping that is tested and benchmarked on its own ({@code P256FieldBenchmark}) and
 * that {@code io.ppml.smpc.core} uses only through {@code HashToCurve.hashToCurve}, {@code FixedBaseMsm.sum} and
 * the curve constants. Nothing here is constant-time; see {@link io.ppml.smpc.core} on side channels.
 */
@NullMarked
package io.ppml.smpc.core.p256;

import org.jspecify.annotations.NullMarked;
