/**
 * The pure mathematics of federated learning (DESIGN §8), plain Java with no Spring: models and updates are
 * {@code float[]} throughout, never boxed.
 *
 * <ul>
 *   <li>{@link io.ppml.fl.core.AggregationSettings} and {@link io.ppml.fl.core.DpSettings}: a task's aggregation rule
 *       and optional DP-FedAvg settings, validated on construction, refusals naming their JSON fields;</li>
 *   <li>{@link io.ppml.fl.core.ClientUpdate}: one client's validated delta (dimension, finiteness, numExamples);</li>
 *   <li>{@link io.ppml.fl.core.Aggregator}: a round's aggregation by the settings — {@link io.ppml.fl.core.FedAvg}
 *       (weighted by numExamples, accumulated in double), {@link io.ppml.fl.core.RobustAggregation} (coordinate-wise
 *       median and trimmed mean), {@link io.ppml.fl.core.DpFedAvg} (clipping, fixed denominator, Gaussian noise
 *       through {@link io.ppml.fl.core.GaussianVectorNoise}, which the DP module implements);</li>
 *   <li>{@link io.ppml.fl.core.Vectors}: L2 norms and clipping whose result provably has norm ≤ the bound;</li>
 *   <li>{@link io.ppml.fl.core.Float32Codec}: the little-endian float32 wire form, decoded from a stream in
 *       chunks.</li>
 * </ul>
 * Refusals are {@link io.ppml.fl.core.FlException}s ({@link io.ppml.refusal.Refusal.Kind#INVALID}), which the web layer
 * answers as 400 problems naming the field. Nothing here draws randomness: the only noise comes through
 * {@link io.ppml.fl.core.GaussianVectorNoise}.
 */
@NullMarked
package io.ppml.fl.core;

import org.jspecify.annotations.NullMarked;
