/**
 * Homomorphic encryption over HTTP: per-tenant Paillier keys with versions (Vault Transit is the model), encryption,
 * computation on ciphertexts and decryption — optionally with Laplace noise charged to the privacy budget. The pure
 * core ({@code io.ppml.he.core}) holds the cryptography; this shell stores keys (private keys only sealed), tags
 * the ciphertexts it issues with their provenance so that {@code minAggregated} can tell a plain sum of distinct
 * encryptions from anything else, and maps HTTP to the core.
 */
@NullMarked
package io.ppml.he;

import org.jspecify.annotations.NullMarked;
