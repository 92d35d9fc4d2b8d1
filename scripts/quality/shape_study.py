"""Does the message's shape (length, digits, capitals, words) help a TF-IDF linear model?

The study behind spamflow's shape block (core's MessageShape; docs/benchmarks.md, "Message
shape"), run on tuning splits only (seeds 101 and up, never the reported 1-5). It uses the SVM peer
of bench_quality (TF-IDF word 1-2 + char_wb 2-5 grams, LinearSVC C 1), the model family of
spamflow's n-gram half, with and without a third block: four one-hot bins (the same edges as
MessageShape), each of value length / 2 so that the block's Euclidean length is `length` against 1
for each TF-IDF block. The threshold is chosen as `spamflow train` chooses it (out-of-fold scores
of the development part, 80 % of the training messages; peers.select_threshold, the port of core's
ThresholdSelector), then the model is refitted on all the training messages and scores the test
part.

    ~/.cache/spamflow/quality-venv/bin/python scripts/quality/shape_study.py \
        --seeds 121-140 --size 1000 --lengths 0,0.35,0.5,0.7

(the virtualenv is the one scripts/bench-quality creates). Prints one JSON line per split (F1,
blocked ham, missed spam, ROC-AUC per block length) and a summary per block length: mean F1, mean
ROC-AUC, blocked ham, missed spam, splits over the ceiling, and on how many splits it beat or fell behind the first
length given.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_quality  # noqa: E402
from peers import metrics, select_threshold  # noqa: E402
from tuning import add_study_arguments, parse_study_arguments  # noqa: E402

# MessageShape's bin edges: a value falls in the bin after the last edge at or below it.
EDGES = {
    "length": [20, 40, 60, 80, 100, 120, 140, 160, 200],
    "digits": [1, 3, 5, 8, 11, 15],
    "capitals": [0.05, 0.1, 0.2, 0.35, 0.5],
    "words": [3, 6, 10, 15, 20, 28],
}
WIDTH = sum(len(edges) + 1 for edges in EDGES.values())


def shape_values(text):
    letters = sum(c.isalpha() for c in text)
    return {
        "length": len(text),
        "digits": sum(c.isdigit() for c in text),
        "capitals": sum(c.isupper() for c in text) / max(1, letters),
        "words": len(text.split()),
    }


class Shape(BaseEstimator, TransformerMixin):
    """One-hot shape bins, each of value length / 2 (four of them: the block's length)."""

    def __init__(self, length=0.35):
        self.length = length

    def fit(self, texts, y=None):
        return self

    def transform(self, texts):
        rows, cols = [], []
        for i, text in enumerate(texts):
            values = shape_values(text)
            offset = 0
            for name, edges in EDGES.items():
                rows.append(i)
                cols.append(offset + int(np.searchsorted(edges, values[name], side="right")))
                offset += len(edges) + 1
        data = np.full(len(rows), self.length / 2)
        return csr_matrix((data, (rows, cols)), shape=(len(texts), WIDTH))


def svm(seed, length):
    blocks = [
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
    ]
    if length > 0:
        blocks.append(("shape", Shape(length)))
    return make_pipeline(FeatureUnion(blocks), LinearSVC(C=1.0, random_state=seed))


def out_of_fold(texts, y, seed, length):
    scores = np.zeros(len(texts))
    for train, held in StratifiedKFold(5, shuffle=True, random_state=seed).split(texts, y):
        model = svm(seed, length).fit([texts[i] for i in train], y[train])
        scores[held] = model.decision_function([texts[i] for i in held])
    return scores


def run(length, train, test, seed, ceiling):
    texts = [text for text, _ in train]
    y = np.array([label == "spam" for _, label in train])
    dev, _ = train_test_split(
        list(range(len(texts))), test_size=0.2, stratify=y, random_state=seed
    )
    dev_scores = out_of_fold([texts[i] for i in dev], y[dev], seed, length)
    threshold = select_threshold(dev_scores, y[dev], ceiling)
    model = svm(seed, length).fit(texts, y)
    scores = model.decision_function([text for text, _ in test])
    return metrics(scores, [label == "spam" for _, label in test], threshold)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_study_arguments(parser)
    parser.add_argument(
        "--lengths",
        type=lambda text: [float(x) for x in text.split(",")],
        default=[0.0, 0.35],
        help="shape block lengths to compare, the first is the reference (0: no shape block)",
    )
    args = parse_study_arguments(parser)
    rows = bench_quality.sms_rows(args.data_dir)
    results = {length: [] for length in args.lengths}
    for seed in args.seeds:
        train, test = bench_quality.sms_split(rows, seed, args.size)
        line = {"seed": seed, "train": len(train)}
        for length in args.lengths:
            m = run(length, train, test, seed, args.ceiling)
            results[length].append(m)
            line[str(length)] = {
                "f1": round(m["f1"], 4),
                "blockedHam": m["blockedHam"],
                "missedSpam": m["falseNegatives"],
                "rocAuc": round(m["rocAuc"], 4),
            }
        print(json.dumps(line), flush=True)
    reference = results[args.lengths[0]]
    for length in args.lengths:
        runs = results[length]
        better = sum(m["f1"] > r["f1"] + 1e-9 for m, r in zip(runs, reference))
        worse = sum(m["f1"] < r["f1"] - 1e-9 for m, r in zip(runs, reference))
        print(
            f"shape block {length}: mean F1 {np.mean([m['f1'] for m in runs]):.4f}, mean ROC-AUC "
            f"{np.mean([m['rocAuc'] for m in runs]):.5f}, blocked ham "
            f"{sum(m['blockedHam'] for m in runs)}, missed spam "
            f"{sum(m['falseNegatives'] for m in runs)}, "
            f"{sum(m['blockedHamRate'] > args.ceiling for m in runs)} of {len(runs)} splits over "
            f"{100 * args.ceiling:.1f} %; against {args.lengths[0]}: better on {better}, worse on "
            f"{worse}"
        )


if __name__ == "__main__":
    main()
