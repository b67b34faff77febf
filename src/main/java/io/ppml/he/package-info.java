/**
 * Homomorphic encryption over HTTP: per-tenant Paillier keys with versions (Vault Transit is the model), encryption,
 * computation on ciphertexts and decryption — optionally with Laplace noise charged to the privacy budget. The pure
 * core ({@code io.ppml.he.core}) holds the cryptography. In this shell, {@link io.ppml.he.HeKeyService} owns the key
 * endpoints and the key rows ({@code HeKey} with its {@code HeKeyVersion}s, private keys only sealed);
 * {@link io.ppml.he.HeService} owns encrypt, compute and decrypt, and tags the ciphertexts it issues with their
 * provenance so that {@code minAggregated} can tell a plain sum of distinct encryptions from anything else.
 */
@NullMarked
package io.ppml.he;

import org.jspecify.annotations.NullMarked;
