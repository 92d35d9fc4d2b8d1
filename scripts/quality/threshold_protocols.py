"""Where should the out-of-fold scores that choose the threshold come from?

A study behind docs/benchmarks.md ("Which messages choose the threshold"), run on tuning splits
only (seeds 101 and up, never the reported 1-5). It uses the SVM peer of bench_quality (TF-IDF
word 1-2 + char_wb 2-5 grams, LinearSVC C 1), the model family spamflow's n-gram half belongs to,
because it takes seconds per split where spamflow takes tens.

Two ways to choose the threshold under the same rule (peers.select_threshold, the port of core's
ThresholdSelector), then refit on all the training messages and score the test part:

- all:  5-fold out-of-fold scores over all the training messages, as the peers do. Fold models
        see 80 % of what the shipped model sees.
- dev:  as `spamflow train` does: hold 20 % of the training messages out for held-out figures and
        cross-validate on the other 80 %. Fold models see 64 % of what the shipped model sees.

    ~/.cache/spamflow/quality-venv/bin/python scripts/quality/threshold_protocols.py \
        --seeds 101-120 --size 1000

(the virtualenv is the one scripts/bench-quality creates). Prints one JSON line per split and a
summary: mean F1, blocked ham in all and as a share of the test ham, and how many splits blocked
more than the ceiling's share of their test ham.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold, train_test_split

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_quality  # noqa: E402
from peers import linear_svm, metrics, select_threshold  # noqa: E402
from tuning import add_study_arguments, parse_study_arguments  # noqa: E402

PROTOCOLS = ("all", "dev")


def out_of_fold(texts, y, seed):
    scores = np.zeros(len(texts))
    folds = StratifiedKFold(5, shuffle=True, random_state=seed)
    for train, held in folds.split(texts, y):
        model = linear_svm(seed).fit([texts[i] for i in train], y[train])
        scores[held] = model.decision_function([texts[i] for i in held])
    return scores


def run(protocol, train, test, seed, ceiling):
    texts = [text for text, _ in train]
    y = np.array([label == "spam" for _, label in train])
    if protocol == "all":
        threshold = select_threshold(out_of_fold(texts, y, seed), y, ceiling)
    else:
        dev, _ = train_test_split(
            list(range(len(texts))), test_size=0.2, stratify=y, random_state=seed
        )
        dev_texts = [texts[i] for i in dev]
        threshold = select_threshold(out_of_fold(dev_texts, y[dev], seed), y[dev], ceiling)
    model = linear_svm(seed).fit(texts, y)
    scores = model.decision_function([text for text, _ in test])
    return metrics(scores, [label == "spam" for _, label in test], threshold)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_study_arguments(parser)
    args = parse_study_arguments(parser)
    rows = bench_quality.sms_rows(args.data_dir)
    results = {protocol: [] for protocol in PROTOCOLS}
    for seed in args.seeds:
        train, test = bench_quality.sms_split(rows, seed, args.size)
        line = {"seed": seed, "train": len(train)}
        for protocol in PROTOCOLS:
            m = run(protocol, train, test, seed, args.ceiling)
            results[protocol].append(m)
            line[protocol] = {
                "f1": round(m["f1"], 4),
                "blockedHam": m["blockedHam"],
                "missedSpam": m["falseNegatives"],
            }
        print(json.dumps(line), flush=True)
    for protocol in PROTOCOLS:
        runs = results[protocol]
        blocked = sum(m["blockedHam"] for m in runs)
        ham = sum(m["ham"] for m in runs)
        over = sum(m["blockedHamRate"] > args.ceiling for m in runs)
        print(
            f"{protocol}: mean F1 {np.mean([m['f1'] for m in runs]):.4f}, blocked ham {blocked} of "
            f"{ham} ({100 * blocked / ham:.2f} %), {over} of {len(runs)} splits over "
            f"{100 * args.ceiling:.1f} %"
        )


if __name__ == "__main__":
    main()
