/**
 * The pure mathematics of differential privacy, plain Java with no Spring: secure noise samplers, the Laplace and
 * Gaussian mechanisms, and bounded statistics released in two phases (prepare, then release after the budget was
 * charged). {@link io.ppml.dp.core.DpStatistics} is the one entry point — prepare a release, or plan one from its
 * public parameters with the same calibration; each statistic's maths is its own class, the shared checks are
 * {@link io.ppml.dp.core.DpPreconditions}, and {@link io.ppml.dp.core.GroupedRelease} bounds each person's rows and
 * releases a statistic per group as one vector. Refusals are {@link io.ppml.dp.core.DpQueryException}s, which the web
 * layer answers as 400 problems naming the field.
 *
 * <h2>Why the noise is discrete</h2>
 * Mironov 2012 ("On Significance of the Least Significant Bits for Differential Privacy", CCS) showed that the
 * textbook Laplace mechanism implemented with floating-point numbers — x + b·ln(U) for a uniform double U — is not
 * differentially private: the set of doubles it can output depends on x, so single outputs can reveal x exactly.
 * Every mechanism here follows the defence of Canonne, Kamath &amp; Steinke 2020 ("The Discrete Gaussian for
 * Differential Privacy") and of Google's differential-privacy library (its "secure noise" on a power-of-two grid):
 * <ol>
 *   <li>the true value is rounded to a grid g = 2^k, where k depends only on public parameters (sensitivity, ε,
 *       dimension) and never on the data, giving an exact integer N = round(x/g);</li>
 *   <li>exact integer noise Z is drawn from a discrete Laplace or discrete Gaussian distribution with exact
 *       rational arithmetic and exact Bernoulli trials — no floating-point number takes part in sampling;</li>
 *   <li>the exact integer N + Z is converted to a double only at the end, (double)(N + Z) · g. That conversion is a
 *       fixed function of the exact DP value N + Z alone, so by post-processing it reveals nothing more.</li>
 * </ol>
 * Rounding to the grid moves each coordinate by at most g/2, so two neighbouring inputs can end up to g further apart
 * per coordinate; the calibration pays for that (L1: Δ + d·g, L2: Δ + √d·g).
 *
 * <p>All randomness comes from {@link io.ppml.crypto.Randomness#secureRandom()} through the per-thread buffer
 * {@link io.ppml.dp.core.RandomBits}.
 */
@NullMarked
package io.ppml.dp.core;

import org.jspecify.annotations.NullMarked;
