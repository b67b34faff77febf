#!/usr/bin/env python3
"""A federated learning client for ppml-service, standard library only (no pip install).

Each client holds its own data, fetches the task's global model, trains logistic regression on its data for a few
steps, and sends only the model delta (little-endian float32) for the current round. Run several at once, one per
client, or use --clients N to simulate N clients from one process (each with its own slice of synthetic data).

    python3 examples/fl_client.py --base http://localhost:8080 --key ppml_... --task TASK_ID --clients 3

The task must have dimension = features + 1 (the last parameter is the bias). With --create (and an OWNER key) the
script creates such a task first. It prints the held-out accuracy after every round.
"""
import argparse
import json
import math
import random
import struct
import sys
import time
import urllib.error
import urllib.request


def call(base, key, method, path, body=None, headers=None):
    """One HTTP request; returns (status, headers, body bytes). Problems (4xx/5xx) are returned, not raised."""
    request = urllib.request.Request(base + path, method=method, data=body)
    request.add_header("Authorization", "Bearer " + key)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def fetch_model(base, key, task):
    status, headers, body = call(base, key, "GET", "/v1/fl/tasks/%s/model" % task,
                                 headers={"Accept": "application/octet-stream"})
    if status != 200:
        sys.exit("model: HTTP %d %s" % (status, body.decode()))
    count = len(body) // 4
    return list(struct.unpack("<%df" % count, body)), int(headers["Ppml-Model-Version"])


def send_update(base, key, task, client_id, round_number, num_examples, delta):
    body = struct.pack("<%df" % len(delta), *delta)
    status, _, answer = call(base, key, "POST", "/v1/fl/tasks/%s/updates" % task, body, {
        "Content-Type": "application/octet-stream", "Ppml-Client-Id": client_id,
        "Ppml-Round": str(round_number), "Ppml-Num-Examples": str(num_examples)})
    if status != 202:
        sys.exit("update from %s: HTTP %d %s" % (client_id, status, answer.decode()))
    return json.loads(answer)


def synthetic(rng, count, weights, bias):
    """Standard normal features; label 1 when w.x + b > 0, 5 % of labels flipped."""
    rows = []
    for _ in range(count):
        x = [rng.gauss(0, 1) for _ in weights]
        y = 1 if sum(w * v for w, v in zip(weights, x)) + bias > 0 else 0
        rows.append((x, 1 - y if rng.random() < 0.05 else y))
    return rows


def score(model, x):
    return sum(w * v for w, v in zip(model, x)) + model[-1]


def train(model, rows, steps=5, rate=0.5):
    """A few steps of full-batch gradient descent on the logistic loss, from the global model."""
    w = list(model)
    for _ in range(steps):
        gradient = [0.0] * len(w)
        for x, y in rows:
            error = 1 / (1 + math.exp(-score(w, x))) - y
            for j, v in enumerate(x):
                gradient[j] += error * v
            gradient[-1] += error
        w = [wj - rate * g / len(rows) for wj, g in zip(w, gradient)]
    return w


def accuracy(model, rows):
    return sum(1 for x, y in rows if (score(model, x) > 0) == (y == 1)) / len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://localhost:8080")
    parser.add_argument("--key", required=True, help="an API key: CONTRIBUTOR (or OWNER with --create)")
    parser.add_argument("--task", help="the task id; left out with --create")
    parser.add_argument("--create", action="store_true", help="create a 6-parameter FEDAVG task first (OWNER key)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the task created with --create")
    parser.add_argument("--dp", action="store_true", help="with --create: DP-FedAvg (clipNorm 1, z = 1)")
    parser.add_argument("--clients", type=int, default=3, help="clients simulated by this process")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    features, true_weights, true_bias = 5, [1.5, -2.0, 1.0, 0.5, -1.0], 0.3
    task = args.task
    if args.create:
        spec = {"name": "fl-client-%d" % int(time.time() * 1000), "dimension": features + 1,
                "rounds": args.rounds, "minClients": args.clients, "roundTimeout": "PT10M",
                "aggregation": "FEDAVG"}
        if args.dp:
            spec["dp"] = {"clipNorm": 1.0, "noiseMultiplier": 1.0, "expectedClients": args.clients, "delta": 1e-5}
        status, _, body = call(args.base, args.key, "POST", "/v1/fl/tasks", json.dumps(spec).encode(),
                               {"Content-Type": "application/json"})
        if status != 201:
            sys.exit("create task: HTTP %d %s" % (status, body.decode()))
        task = json.loads(body)["id"]
        print("created task", task)
    if not task:
        sys.exit("give --task, or --create with an OWNER key")

    rng = random.Random(args.seed)
    data = {"client-%d" % c: synthetic(rng, 200, true_weights, true_bias) for c in range(args.clients)}
    held_out = synthetic(rng, 1000, true_weights, true_bias)

    while True:
        status, _, body = call(args.base, args.key, "GET", "/v1/fl/tasks/%s" % task)
        if status != 200:
            sys.exit("task: HTTP %d %s" % (status, body.decode()))
        state = json.loads(body)
        if state["status"] != "WAITING_FOR_UPDATES":
            break
        model, version = fetch_model(args.base, args.key, task)
        if len(model) != features + 1:
            sys.exit("the task's dimension is %d; this client trains %d parameters" % (len(model), features + 1))
        round_number = state["currentRound"]
        for client_id, rows in data.items():
            local = train(model, rows)
            delta = [a - b for a, b in zip(local, model)]
            answer = send_update(args.base, args.key, task, client_id, round_number, len(rows), delta)
        model, version = fetch_model(args.base, args.key, task)
        print("round %d: model v%d, held-out accuracy %.3f%s" % (round_number, version, accuracy(model, held_out),
              "" if answer["aggregated"] else " (waiting for other clients)"))
        if not answer["aggregated"]:
            time.sleep(1)
    model, version = fetch_model(args.base, args.key, task)
    print("task %s: %s after %d model versions; held-out accuracy %.3f; epsilonSpent %s"
          % (task, state["status"], version, accuracy(model, held_out), state.get("epsilonSpent")))


if __name__ == "__main__":
    main()
