/**
 * Secure multi-party computation over HTTP. The pure core ({@code io.ppml.smpc.core}) holds the field, the sharing
 * schemes and the Pedersen commitments. This shell runs one aggregator node's sessions — share submission (each
 * contributorId bound to the API key that first used it, each submissionId to one contributor and one body), close
 * once, the checksum of accepted submissions — and the two stateless endpoints: {@code split} for a contributor's
 * own node and {@code reconstruct} for a collector.
 */
@NullMarked
package io.ppml.smpc;

import org.jspecify.annotations.NullMarked;
