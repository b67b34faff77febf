/**
 * Fast, exact Gaussian noise for long vectors — the noise DP federated learning (DP-FedAvg) adds to an averaged model
 * update of a million coordinates and more — with the same defence against the floating-point attack as
 * {@code io.ppml.dp.core}: a power-of-two grid chosen from public parameters only, exact integer noise drawn with
 * exact arithmetic, conversion to floating point only at the end.
 *
 * <p>{@link io.ppml.dp.core.vector.VectorGaussian} is the entry point: calibrate from the L2 sensitivity, the noise
 * multiplier and the dimension, then release a vector (optionally in parallel). It differs from
 * {@link io.ppml.dp.core.GaussianMechanism} in two choices that make it more than ten times faster on long vectors
 * (about 3 million coordinates a second on one core, as fast as a naive {@code SecureRandom.nextGaussian()} loop;
 * VectorGaussianBenchmark): the grid is only 2^16 times finer than the noise needs (not 2^30), so σ in grid steps
 * stays well inside a long; and the sampler ({@code DiscreteGaussianSampler}, Karney's algorithm D) works in long
 * arithmetic and reads random bits one at a time as its exact Bernoulli trials need them, instead of whole words or
 * BigIntegers. Randomness comes only from
 * {@link io.ppml.dp.core.RandomBits}. Other modules (federated learning) use it through the named interface
 * {@code vector-noise}.
 */
@NullMarked
@NamedInterface("vector-noise")
package io.ppml.dp.core.vector;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
