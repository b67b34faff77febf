#!/usr/bin/env python3
"""A federated learning client for ppml-service, standard library only (no pip install).

    python3 examples/fl_client.py                       # a new tenant and task, three simulated clients, 5 rounds
    python3 examples/fl_client.py --dp                  # the same with DP-FedAvg, each round charged to the budget
    python3 examples/fl_client.py --key ppml_... --task TASK_ID --clients 1    # one client of an existing task

Each client holds its own data, fetches the task's global model, trains logistic regression on its data for a few
steps, and sends only the model delta (little-endian float32) for the current round. Run several at once, one per
client, or use --clients N to simulate N clients from one process (each with its own slice of synthetic data).

Without --task the script creates a task (dimension = features + 1: the last parameter is the bias), which needs an
OWNER key; without --key it first creates a tenant with the admin token, as the other examples do. It prints the
held-out accuracy after every round. Base URL and admin token as in the other examples (--base-url / PPML_URL,
PPML_ADMIN_TOKEN or data/admin-token).
"""
import math
import os
import random
import struct
import time
import uuid

import ppml_client

FLOAT32 = {"Accept": "application/octet-stream"}


def fetch_model(client, task):
    response = client.request("GET", "/v1/fl/tasks/%s/model" % task, headers=FLOAT32)
    count = len(response.body) // 4
    return list(struct.unpack("<%df" % count, response.body)), int(response.headers["Ppml-Model-Version"])


def send_update(client, task, client_id, round_number, num_examples, delta):
    body = struct.pack("<%df" % len(delta), *delta)
    return client.request("POST", "/v1/fl/tasks/%s/updates" % task, body, {
        "Content-Type": "application/octet-stream", "Ppml-Client-Id": client_id,
        "Ppml-Round": str(round_number), "Ppml-Num-Examples": str(num_examples)}).json()


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
    parser = ppml_client.arguments(__doc__)
    parser.add_argument("--key", default=os.environ.get("PPML_KEY"),
                        help="an API key (env PPML_KEY): CONTRIBUTOR with --task, OWNER to create a task; "
                        "left out, a new tenant is created")
    parser.add_argument("--task", help="the task id; left out, a task is created")
    parser.add_argument("--create", action="store_true", help="create a 6-parameter FEDAVG task (what happens "
                        "anyway without --task)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the task created")
    parser.add_argument("--dp", action="store_true", help="the task created uses DP-FedAvg (clipNorm 1, z = 1)")
    parser.add_argument("--clients", type=int, default=3, help="clients simulated by this process")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic data")
    args = parser.parse_args()

    features, true_weights, true_bias = 5, [1.5, -2.0, 1.0, 0.5, -1.0], 0.3
    if args.key:
        client = ppml_client.Client(ppml_client.base_url(args), args.key)
    else:
        client = ppml_client.new_tenant(args, "fl-example", 100, 1e-4)
    if args.create and args.task:
        raise ppml_client.Failure("give --task to join a task, or --create to make one, not both")
    task = args.task
    if not task:
        spec = {"name": "fl-client-%s" % uuid.uuid4().hex[:8], "dimension": features + 1,
                "rounds": args.rounds, "minClients": args.clients, "roundTimeout": "PT10M",
                "aggregation": "FEDAVG"}
        if args.dp:
            spec["dp"] = {"clipNorm": 1.0, "noiseMultiplier": 1.0, "expectedClients": args.clients, "delta": 1e-5}
        task = client.post("/v1/fl/tasks", spec, idempotent=True)["id"]
        print("created task", task)

    rng = random.Random(args.seed)
    data = {"client-%d" % c: synthetic(rng, 200, true_weights, true_bias) for c in range(args.clients)}
    held_out = synthetic(rng, 1000, true_weights, true_bias)

    while True:
        state = client.get("/v1/fl/tasks/%s" % task)
        if state["status"] != "WAITING_FOR_UPDATES":
            break
        model, version = fetch_model(client, task)
        if len(model) != features + 1:
            raise ppml_client.Failure("the task's dimension is %d; this client trains %d parameters"
                                      % (len(model), features + 1))
        round_number = state["currentRound"]
        for client_id, rows in data.items():
            local = train(model, rows)
            delta = [a - b for a, b in zip(local, model)]
            answer = send_update(client, task, client_id, round_number, len(rows), delta)
        model, version = fetch_model(client, task)
        print("round %d: model v%d, held-out accuracy %.3f%s" % (round_number, version, accuracy(model, held_out),
              "" if answer["aggregated"] else " (waiting for other clients)"))
        if not answer["aggregated"]:
            time.sleep(1)
    model, version = fetch_model(client, task)
    spent = state.get("epsilonSpent")
    print("task %s: %s after %d model versions; held-out accuracy %.3f; %s"
          % (task, state["status"], version, accuracy(model, held_out),
             "no DP, nothing charged" if spent is None else "epsilonSpent %s" % spent))


if __name__ == "__main__":
    ppml_client.run(main)
