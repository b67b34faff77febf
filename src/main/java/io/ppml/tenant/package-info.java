/**
 * Tenants and who may act for them: the platform admin token, tenants with their privacy-budget totals, API keys
 * with roles (OWNER, ANALYST, CONTRIBUTOR) stored only as keyed hashes, and the bearer-key authentication that
 * turns a request's secret into a {@link io.ppml.tenant.Caller}. Other modules see the caller through
 * {@code @AuthenticationPrincipal Caller} and never touch keys or hashes.
 */
@NullMarked
package io.ppml.tenant;

import org.jspecify.annotations.NullMarked;
