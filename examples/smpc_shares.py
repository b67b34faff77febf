#!/usr/bin/env python3
"""Secure multi-party computation: contributors split their inputs themselves; nodes see only random-looking shares.

    python3 examples/smpc_shares.py                                    # one instance plays all three nodes
    python3 examples/smpc_shares.py --base-url http://localhost:8081 \\
        --base-url http://localhost:8082 --base-url http://localhost:8083  # one node per instance
    python3 examples/smpc_shares.py --scheme SHAMIR --threshold 2      # any 2 of the 3 nodes reconstruct

Each running instance of the service is one aggregator node (DESIGN §7). Four banks want the total of their
exposures without showing them to anyone. Each bank encodes its numbers as fixed point over Z_q (q the order of the
P-256 group), splits them here into one share per node — additive n-of-n, or Shamir t-of-n — commits to the shares
with Pedersen commitments (examples/pedersen.py), and sends share i only to node i, with its own CONTRIBUTOR key on
that node. Every node checks the share it gets against the commitments and sums what it accepts; at close it
releases only that sum. /v1/smpc/reconstruct combines the nodes' sums into the total, checking them against the
commitments, and the script checks the total itself and against the plaintext sum.

With one --base-url, one instance plays every node, each node a tenant of its own. That shows the protocol, but
gives no protection: replicas run by one operator see every share, so they see every input. A real deployment runs
n >= 2 instances operated by different organisations, each with its own database and master key. Start three local
ones with `PPML_DATA_DIR=node1 SERVER_PORT=8081 ./mvnw spring-boot:run` and so on (give them one PPML_ADMIN_TOKEN,
or pass each one's data/admin-token with --admin-token-file in the order of --base-url).

`--verification NONE` leaves the commitments out (the service's /v1/smpc/split can also make PEDERSEN shares for a
contributor that trusts its own node).
"""
import datetime
import math
import secrets
import uuid

import pedersen
import ppml_client

Q = pedersen.Q
BANKS = {  # exposure (millions) and daily profit and loss of each bank: private inputs
    "bank-a": [1250.1, -42.25],
    "bank-b": [730.25, 10.5],
    "bank-c": [2000.0, -0.3],
    "bank-d": [15.3333, 7.0],
}


def fixed_point(x, fraction_bits):
    """round(x * 2^f) mod q, half to even (Python's round, the service's Math.rint); negatives become q - |n|."""
    n = round(math.ldexp(x, fraction_bits))  # x * 2^f is exact for a float; only the rounding to an integer moves it
    if abs(n) >= 2 ** 222:
        raise ValueError("%r is too large for %d fraction bits" % (x, fraction_bits))
    return n % Q


def decode(element, fraction_bits):
    """The real an element stands for: below q/2 itself, above it element - q; divided by 2^f."""
    signed = element if element < 2 ** 254 else element - Q
    if abs(signed) >= 2 ** 254:
        raise ppml_client.Failure("a total outside the range sums can reach: overflow or corrupted shares")
    return math.ldexp(float(signed), -fraction_bits)


def split_additive(values, parties):
    """n-of-n: n - 1 uniformly random shares, the last one values minus their sum; any n - 1 reveal nothing."""
    shares = [[secrets.randbelow(Q) for _ in values] for _ in range(parties - 1)]
    shares.append([(x - sum(column)) % Q for x, column in zip(values, zip(*shares))])
    return shares


def split_shamir(values, parties, threshold):
    """t-of-n (Shamir 1979): f_j(z) = x_j + a_j1 z + ... + a_j(t-1) z^(t-1); party i gets f_j(i). Returns the shares
    and the coefficients, row k holding the k-th coefficient of every coordinate (row 0 is the input)."""
    coefficients = [list(values)] + [[secrets.randbelow(Q) for _ in values] for _ in range(threshold - 1)]
    shares = [[evaluate([row[j] for row in coefficients], i) for j in range(len(values))]
              for i in range(1, parties + 1)]
    return shares, coefficients


def evaluate(polynomial, at):
    """polynomial[0] + polynomial[1]*at + ... mod q (Horner)."""
    value = 0
    for coefficient in reversed(polynomial):
        value = (value * at + coefficient) % Q
    return value


def lagrange_at_zero(indices):
    """The weights w_i with f(0) = sum_i w_i f(i) for any polynomial of degree below len(indices)."""
    weights = []
    for i in indices:
        numerator, denominator = 1, 1
        for m in indices:
            if m != i:
                numerator = numerator * m % Q
                denominator = denominator * (m - i) % Q
        weights.append(numerator * pow(denominator, -1, Q) % Q)
    return weights


def deal(values, scheme, parties, threshold, verified):
    """One contributor's dealing: for each party (share, blinding or None), and the commitments every node gets.

    ADDITIVE: one vector commitment per share, D_i = sum_j s_ij G_j + r_i H; node i checks its (s_i, r_i) against
    D_i. SHAMIR: Pedersen VSS, one commitment per coefficient row, C_k = sum_j a_jk G_j + b_k H, with one blinding
    polynomial g(z) = b_0 + b_1 z + ...; node i gets (f(i), g(i)) and checks sum_j f_j(i) G_j + g(i) H against
    sum_k i^k C_k."""
    if scheme == "ADDITIVE":
        shares = split_additive(values, parties)
        if not verified:
            return [(s, None) for s in shares], None
        blindings = [pedersen.random_scalar() for _ in shares]
        commitments = [pedersen.encode(pedersen.commit(s, r)) for s, r in zip(shares, blindings)]
        return list(zip(shares, blindings)), commitments
    shares, coefficients = split_shamir(values, parties, threshold)
    if not verified:
        return [(s, None) for s in shares], None
    blinding_polynomial = [pedersen.random_scalar() for _ in range(threshold)]
    commitments = [pedersen.encode(pedersen.commit(row, b)) for row, b in zip(coefficients, blinding_polynomial)]
    blindings = [evaluate(blinding_polynomial, i) for i in range(1, parties + 1)]
    return list(zip(shares, blindings)), commitments


def main():
    parser = ppml_client.arguments(__doc__, several=True)
    parser.add_argument("--scheme", choices=["ADDITIVE", "SHAMIR"], default="ADDITIVE")
    parser.add_argument("--threshold", type=int, help="SHAMIR: how many nodes reconstruct (default: a majority)")
    parser.add_argument("--parties", type=int, default=3, help="nodes played by a single instance (default 3)")
    parser.add_argument("--verification", choices=["PEDERSEN", "NONE"], default="PEDERSEN")
    parser.add_argument("--fraction-bits", type=int, default=16, help="fixed-point resolution 2^-f (default 16)")
    args = parser.parse_args()
    instances = ppml_client.instances(args)
    parties = len(instances) if len(instances) > 1 else args.parties
    if parties < 2:
        raise ppml_client.Failure("SMPC needs at least two nodes")
    threshold = parties if args.scheme == "ADDITIVE" else (args.threshold or parties // 2 + 1)
    verified = args.verification == "PEDERSEN"
    f = args.fraction_bits
    if len(instances) == 1:
        instances = instances * parties
        print("One instance plays all %d nodes, each node a tenant of its own. This shows the protocol but protects "
              "nothing:\nreplicas run by one operator see every share. Give one --base-url per node run by different "
              "organisations.\n" % parties)

    # Each node: a tenant (the organisation running it), its OWNER key, and a CONTRIBUTOR key per bank — a
    # contributorId belongs to the key that first submits for it, one contributor per key by default.
    nodes = []
    for i, (url, token) in enumerate(instances, start=1):
        owner = ppml_client.create_tenant(url, token, "smpc-node%d" % i, 0, 0)
        keys = {bank: owner.as_key(owner.post("/v1/keys", {"name": bank, "role": "CONTRIBUTOR"},
                                              idempotent=True)["secret"]) for bank in BANKS}
        nodes.append((owner, keys))

    # The same session on every node; only partyIndex differs, so configHash is the same everywhere.
    session = "exposures-" + uuid.uuid4().hex[:12]
    deadline = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)) \
        .strftime("%Y-%m-%dT%H:%M:%SZ")
    hashes = set()
    for index, (owner, _) in enumerate(nodes, start=1):
        config = {"scheme": args.scheme, "parties": parties, "partyIndex": index, "vectorLength": 2,
                  "fractionBits": f, "minContributors": len(BANKS), "deadline": deadline,
                  "verification": args.verification}
        if args.scheme == "SHAMIR":
            config["threshold"] = threshold
        hashes.add(owner.put("/v1/smpc/sessions/" + session, config)["configHash"])
    if len(hashes) != 1:
        raise ppml_client.Failure("the nodes disagree on the session: %s" % hashes)
    print("\nsession %s: %s %d-of-%d, fixed point with %d fraction bits, verification %s, configHash %s..."
          % (session, args.scheme, threshold, parties, f, args.verification, hashes.pop()[:16]))

    # Each bank splits its own input here and sends share i to node i, and nothing else anywhere.
    for bank, values in BANKS.items():
        encoded = [fixed_point(x, f) for x in values]
        dealing, commitments = deal(encoded, args.scheme, parties, threshold, verified)
        if verified and bank == "bank-a":
            # A share that does not open the bank's commitments is refused with 400 and not stored.
            share, blinding = dealing[0]
            tampered = {"contributorId": bank, "submissionId": str(uuid.uuid4()),
                        "share": [str((share[0] + 1) % Q), str(share[1])], "blinding": str(blinding),
                        "commitments": commitments}
            try:
                nodes[0][1][bank].post("/v1/smpc/sessions/%s/shares" % session, tampered)
                raise ppml_client.Failure("node 1 accepted a tampered share")
            except ppml_client.Problem as refused:
                print("node 1 refused a tampered share of %s: %d %s" % (bank, refused.status, refused.detail))
        submission = str(uuid.uuid4())  # names this submission on every node; sent again, it is a replay
        for (owner, keys), (share, blinding) in zip(nodes, dealing):
            body = {"contributorId": bank, "submissionId": submission, "share": [str(s) for s in share]}
            if verified:
                body["blinding"] = str(blinding)
                body["commitments"] = commitments
            accepted = keys[bank].post("/v1/smpc/sessions/%s/shares" % session, body)
            if accepted["verified"] != verified:
                raise ppml_client.Failure("node answered verified = %s" % accepted["verified"])
        print("%s: split %s into %d shares, one sent to each node%s"
              % (bank, values, parties, ", each checked against its commitments" if verified else ""))

    # Close: each node releases the sum of the shares it accepted, once.
    closed = [owner.post("/v1/smpc/sessions/%s/close" % session) for owner, _ in nodes]
    for index, part in enumerate(closed, start=1):
        print("node %d closed: %d contributors, checksum %s..." % (index, part["contributors"], part["checksum"][:16]))
    if verified and len({tuple(part["aggregateCommitments"]) for part in closed}) != 1:
        # every node must have received the same commitments (as in Pedersen's VSS), so the collector compares them
        raise ppml_client.Failure("the nodes report different aggregate commitments")

    # Reconstruct from all nodes (ADDITIVE) or the last t (SHAMIR: any t will do).
    chosen = list(range(1, parties + 1))[-threshold:]
    parts = []
    for index in chosen:
        part = {"partyIndex": index, "aggregateShare": closed[index - 1]["aggregateShare"],
                "checksum": closed[index - 1]["checksum"]}
        if verified:
            part["aggregateBlinding"] = closed[index - 1]["aggregateBlinding"]
        parts.append(part)
    request = {"scheme": args.scheme, "fractionBits": f, "parts": parts}
    if args.scheme == "SHAMIR":
        request["threshold"] = threshold
    if verified:
        request["aggregateCommitments"] = closed[0]["aggregateCommitments"]
    total = nodes[0][0].post("/v1/smpc/reconstruct", request)
    print("\nreconstructed by the service from nodes %s: %s, verified %s" % (chosen, total["values"],
                                                                           total["verified"]))

    # The collector can combine the aggregate shares itself: the service's answer is no more than this.
    shares = [[int(s) for s in part["aggregateShare"]] for part in parts]
    weights = [1] * len(parts) if args.scheme == "ADDITIVE" else lagrange_at_zero(chosen)
    elements = [sum(w * column[k] for w, column in zip(weights, shares)) % Q for k in range(2)]
    if verified:
        blinding = sum(w * int(part["aggregateBlinding"]) for w, part in zip(weights, parts)) % Q
        points = [pedersen.decode(c) for c in request["aggregateCommitments"]]
        # ADDITIVE: the total opens the sum of the aggregate commitments; SHAMIR: the constant coefficients' C_0
        committed = pedersen.combine(points) if args.scheme == "ADDITIVE" else points[0]
        if pedersen.commit(elements, blinding) != committed:
            raise ppml_client.Failure("the total does not open the aggregate commitments")
        print("checked here: the total opens the aggregate commitments")
    ours = [decode(e, f) for e in elements]
    print("reconstructed here:                             %s" % ours)
    if ours != total["values"]:
        raise ppml_client.Failure("the service reconstructed %s, this script %s" % (total["values"], ours))

    # Exactly the sum of the fixed-point inputs; within rounding of the plaintext sum.
    expected = [decode(sum(fixed_point(values[k], f) for values in BANKS.values()) % Q, f) for k in range(2)]
    if ours != expected:
        raise ppml_client.Failure("the total %s is not the sum %s of the fixed-point inputs" % (ours, expected))
    plaintext = [math.fsum(values[k] for values in BANKS.values()) for k in range(2)]
    rounding = len(BANKS) * 2.0 ** -(f + 1)  # each input moved by at most half a fixed-point step
    for k, name in enumerate(["exposure", "profit and loss"]):
        print("total %-15s %14.6f  plaintext sum %14.6f  difference %.2e (fixed-point rounding, at most %.2e)"
              % (name, total["values"][k], plaintext[k], abs(total["values"][k] - plaintext[k]), rounding))
        if abs(total["values"][k] - plaintext[k]) > rounding + 1e-9 * abs(plaintext[k]):
            raise ppml_client.Failure("the total is further from the plaintext sum than rounding explains")


if __name__ == "__main__":
    ppml_client.run(main)
