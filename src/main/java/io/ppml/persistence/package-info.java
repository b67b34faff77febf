/**
 * What every feature's persistence shares: the one idempotency mechanism behind {@code Idempotency-Key}, which
 * each service calls around the transaction it owns; the durability journal that makes an H2 commit survive a
 * crash before its answer leaves; and the small helpers for reading and writing rows.
 */
@NullMarked
package io.ppml.persistence;

import org.jspecify.annotations.NullMarked;
