/**
 * Secure multi-party computation over HTTP. The pure core ({@code io.ppml.smpc.core}) holds the field, the sharing
 * schemes and the Pedersen commitments. This shell so far offers the two stateless endpoints — {@code split} for a
 * contributor's own node and {@code reconstruct} for a collector; sessions (share submission, close, the checksum
 * of accepted submissions) are not built yet.
 */
@NullMarked
package io.ppml.smpc;

import org.jspecify.annotations.NullMarked;
