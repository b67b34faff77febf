/**
 * Federated learning: tasks whose clients train locally and send only model updates (DESIGN §8). The server keeps
 * the global model and its rounds: updates are validated (dimension, finite values, current round, one per client
 * per round), sealed at rest until their round is aggregated, and aggregated as soon as {@code minClients} are in —
 * by FEDAVG, MEDIAN or TRIMMED_MEAN ({@link io.ppml.fl.core}), or by DP-FedAvg, whose every round is charged to the
 * tenant's privacy budget before its model is released. A round that times out short of clients is retried.
 * {@link io.ppml.fl.FlService} owns every transaction; the task's row lock orders a task's updates across instances.
 */
@NullMarked
package io.ppml.fl;

import org.jspecify.annotations.NullMarked;
