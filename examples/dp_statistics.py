#!/usr/bin/env python3
"""Differentially private statistics, paid from a privacy budget.

    python3 examples/dp_statistics.py                   # against http://localhost:8080 (or --base-url / PPML_URL)

The script creates a tenant with a budget of epsilon = 2, plans a count (what epsilon buys a +/-25 interval, and how
many such counts the budget pays for), then releases a MEAN, a COUNT, QUANTILES and a HISTOGRAM of 2,000 synthetic
patients. Each answer comes with its confidence interval and what it cost; the true value is printed next to it
(this script made the data, so it can). A retry with the same Idempotency-Key returns the same noisy answer and is
charged once. Then a release that needs more than is left is refused with 403 `budget-exhausted` and nothing is
spent; the script shows the budget is unchanged and spends half of what remains instead. Last, the ledger: one entry
per charge, newest first, read a page at a time.
"""
import random
import statistics
import uuid

import ppml_client

EPSILON_BUDGET = 2.0
DIAGNOSES = ["flu", "cold", "covid", "other"]


def synthetic_patients(seed, count=2000):
    """Ages (whole years, 0..100) and diagnoses of `count` made-up patients; each patient is one value."""
    rng = random.Random(seed)
    ages = [min(100, max(0, round(rng.gauss(47, 16)))) for _ in range(count)]
    diagnoses = rng.choices(DIAGNOSES, weights=[5, 8, 2, 3], k=count)
    return ages, diagnoses


def show_budget(client, when):
    budget = client.get("/v1/budget")
    epsilon = budget["epsilon"]
    print("budget %s: epsilon spent %.6f of %s, remaining %.6f"
          % (when, epsilon["spent"], epsilon["total"], epsilon["remaining"]))
    return budget


def release(client, request, truth, label, headers=None):
    """POST /v1/dp/statistics with a fresh Idempotency-Key (or the one in `headers`); prints answer and truth."""
    response = client.request("POST", "/v1/dp/statistics", request, headers=headers,
                              idempotent=headers is None)
    answer = response.json()
    interval = answer["confidenceInterval"]
    result = answer["result"]
    if isinstance(result, dict):
        shown = ", ".join("%s %.1f (true %d)" % (k, v, truth[k]) for k, v in result.items())
    elif isinstance(result, list):
        shown = ", ".join("%.2f (true %.2f)" % pair for pair in zip(result, truth))
    else:
        shown = "%.3f (true %s)" % (result, round(truth, 3))
    replayed = " [replayed: %s]" % response.headers.get("Idempotent-Replayed") if headers else ""
    print("  %-24s %s  +/- %.3f at %d %%  cost epsilon = %.6g%s"
          % (label, shown, interval["halfWidth"], round(interval["level"] * 100), answer["privacy"]["epsilon"],
             replayed))
    return answer


def main():
    parser = ppml_client.arguments(__doc__)
    parser.add_argument("--seed", type=int, default=11, help="seed of the synthetic data (not of the noise)")
    args = parser.parse_args()
    owner = ppml_client.new_tenant(args, "dp-example", EPSILON_BUDGET, 0)
    show_budget(owner, "at the start")
    ages, diagnoses = synthetic_patients(args.seed)

    # Plan first; a plan spends nothing and is calibrated exactly as the release will be.
    count_plan = owner.post("/v1/dp/plan", {"statistic": "COUNT", "halfWidth": 25})
    print("plan: a COUNT accurate to +/-25 at 95 %% needs epsilon = %.4f; the budget pays for %d of them"
          % (count_plan["epsilon"], count_plan["queriesRemaining"]))
    mean_plan = owner.post("/v1/dp/plan", {"statistic": "MEAN", "epsilon": 0.5, "lower": 0, "upper": 100})
    print("plan: a MEAN at epsilon = 0.5 costs epsilon = %s; the budget pays for %d of them"
          % (mean_plan["cost"]["epsilon"], mean_plan["queriesRemaining"]))

    print("releases (each value is one patient's; ages clamped to [0, 100]):")
    costs = []
    answer = release(owner, {"statistic": "MEAN", "values": ages, "lower": 0, "upper": 100, "epsilon": 0.5},
                     statistics.fmean(ages), "MEAN age")
    costs.append(answer["privacy"]["epsilon"])
    count_request = {"statistic": "COUNT", "values": ages, "epsilon": count_plan["epsilon"]}
    retry_key = {"Idempotency-Key": str(uuid.uuid4())}
    answer = release(owner, count_request, len(ages), "COUNT patients", headers=retry_key)
    costs.append(answer["privacy"]["epsilon"])
    # The same request with the same key, as a client whose connection dropped would send it: the stored answer
    # comes back, the same noisy number, and nothing is charged again (no averaging attack by replay).
    again = release(owner, count_request, len(ages), "COUNT again (retry)", headers=retry_key)
    if again["result"] != answer["result"] or again["receiptId"] != answer["receiptId"]:
        raise ppml_client.Failure("a retry with the same Idempotency-Key gave another answer")
    quartiles = statistics.quantiles(ages, n=4, method="inclusive")
    answer = release(owner, {"statistic": "QUANTILES", "values": ages, "lower": 0, "upper": 100,
                             "quantiles": [0.25, 0.5, 0.75], "epsilon": 0.3}, quartiles, "QUANTILES age")
    costs.append(answer["privacy"]["epsilon"])
    answer = release(owner, {"statistic": "HISTOGRAM", "values": diagnoses, "categories": DIAGNOSES,
                             "epsilon": 0.3}, {d: diagnoses.count(d) for d in DIAGNOSES}, "HISTOGRAM diagnosis")
    costs.append(answer["privacy"]["epsilon"])
    budget = show_budget(owner, "after %d releases" % len(costs))
    print("  the releases cost %.6f together" % sum(costs))

    # More than is left: refused before anything is computed or spent. Handle it: plan what fits instead.
    remaining = budget["epsilon"]["remaining"]
    try:
        release(owner, {"statistic": "MEAN", "values": ages, "lower": 0, "upper": 100, "epsilon": 1.0},
                statistics.fmean(ages), "MEAN age, epsilon = 1")
        raise ppml_client.Failure("a release beyond the budget was answered")
    except ppml_client.Problem as refused:
        if refused.code != "budget-exhausted":
            raise
        print("refused: %d %s: %s" % (refused.status, refused.code, refused.detail))
    after = show_budget(owner, "after the refusal")
    if after["epsilon"]["spent"] != budget["epsilon"]["spent"]:
        raise ppml_client.Failure("the refused release was charged")
    affordable = owner.post("/v1/dp/plan", {"statistic": "MEAN", "epsilon": remaining / 2, "lower": 0,
                                            "upper": 100})
    print("instead, half of what is left (plan: %d such releases fit):" % affordable["queriesRemaining"])
    answer = release(owner, {"statistic": "MEAN", "values": ages, "lower": 0, "upper": 100,
                             "epsilon": remaining / 2}, statistics.fmean(ages), "MEAN age, half the rest")
    costs.append(answer["privacy"]["epsilon"])
    show_budget(owner, "at the end")

    # The ledger: one entry per charge (the retry is not one), newest first, three to a page.
    print("ledger, newest first:")
    page, entries, after_cursor = 1, 0, None
    while True:
        path = "/v1/budget/ledger?limit=3" + ("&after=%s" % after_cursor if after_cursor is not None else "")
        ledger = owner.get(path)
        for entry in ledger["items"]:
            entries += 1
            print("  page %d: #%d %-26s epsilon %-10.6g spent after %.6g"
                  % (page, entry["sequence"], entry["operation"], entry["epsilon"], entry["epsilonSpent"]))
        after_cursor = ledger.get("nextCursor")
        if after_cursor is None:
            break
        page += 1
    print("%d ledger entries for %d charged releases" % (entries, len(costs)))
    if entries != len(costs):
        raise ppml_client.Failure("the ledger has %d entries, expected %d" % (entries, len(costs)))


if __name__ == "__main__":
    ppml_client.run(main)
