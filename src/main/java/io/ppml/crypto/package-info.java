/**
 * Shared cryptographic primitives, plain Java with no Spring: the per-thread {@link java.security.SecureRandom}
 * every feature draws from, the master key and the sub-keys derived from it with HKDF, the AES-256-GCM envelope
 * that seals secrets at rest under sub-keys rotated by message count and age, keyed hashes for API-key secrets
 * and constant-time comparison.
 * The Spring wiring (loading or generating the master key) lives in {@code io.ppml.crypto.config}.
 */
@NullMarked
package io.ppml.crypto;

import org.jspecify.annotations.NullMarked;
