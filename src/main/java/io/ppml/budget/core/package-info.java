/**
 * The pure mathematics of the privacy ledger, plain Java with no Spring: what a release costs
 * ({@link io.ppml.budget.core.PrivacyCost}), how charges compose into the (ε, δ) spent
 * ({@link io.ppml.budget.core.PrivacyAccountant}), conversions between zero-concentrated differential privacy
 * (zCDP, Bun &amp; Steinke 2016) and approximate (ε, δ)-differential privacy, and Rényi DP (Mironov 2017) for
 * subsampled mechanisms: the curve of the Poisson-subsampled Gaussian mechanism
 * ({@link io.ppml.budget.core.SampledGaussianRdp}, {@link io.ppml.budget.core.RdpCurve}) and its conversion to
 * (ε, δ) ({@link io.ppml.budget.core.RdpConversion}). Other modules (the DP noise calibration first) use it through
 * the named interface {@code core}.
 */
@NullMarked
@NamedInterface("core")
package io.ppml.budget.core;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
