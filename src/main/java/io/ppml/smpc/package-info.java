/**
 * Secure multi-party aggregation over HTTP: several aggregator nodes, each running this service, sum contributors'
 * secret-shared vectors so that no node sees a contributor's values, and a collector rebuilds only the total.
 *
 * <p>This module is one node. {@link io.ppml.smpc.SmpcService} owns every endpoint and its transaction:
 * <ul>
 *   <li>sessions ({@code PUT/GET /v1/smpc/sessions/{id}}): this node's part of a session, the same configuration on
 *       every node (its configHash) except the party index, created once however PUTs race;</li>
 *   <li>submissions ({@code POST …/shares}): one share per contributor, stored sealed, verified against the
 *       contributor's Pedersen commitments when the session asks for it, under the session's row lock; each
 *       contributorId bound to the API key that first used it (at most {@code contributorsPerKey} per key), each
 *       submissionId to one contributor and one body, so a retry is a replay and anything else a 409 or 403;</li>
 *   <li>close ({@code POST …/close}): the node's aggregate share and the checksum of the submissions it summed,
 *       released exactly once (closing again answers the same);</li>
 *   <li>the stateless {@code split}, for a contributor's own node, and {@code reconstruct}, for a collector, which
 *       refuses parts of different submission sets or parts that do not open the aggregate commitments (409).</li>
 * </ul>
 * Sessions and submissions are JPA entities ({@code SmpcSession}, {@code Submission}) on the tables of migrations V6
 * and V9. The maths — the field, additive and Shamir sharing, Pedersen commitments, reconstruction, the config hash
 * and checksum — is the pure core {@link io.ppml.smpc.core}, whose refusals are 400s naming the request field; the
 * P-256 arithmetic beneath it is {@link io.ppml.smpc.core.p256}.
 */
@NullMarked
package io.ppml.smpc;

import org.jspecify.annotations.NullMarked;
