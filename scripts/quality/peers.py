"""The three Python peers of the quality benchmark and the project's threshold rule.

Every peer returns the same record: test metrics at its threshold, the raw figures behind them and
wall-clock timings, so the report can put them next to spamflow's without special cases.
"""

import math
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC

KERAS_THRESHOLD = 0.5
KERAS_MAX_TOKENS = 8000
KERAS_SEQUENCE_LENGTH = 100
# TextVectorization's index of its out-of-vocabulary token ("[UNK]"; 0 is padding).
TEXT_VECTORIZATION_OOV = 1


def select_threshold(scores, is_spam, ceiling):
    """Port of core's ThresholdSelector.select: best spam F1 under the conformal blocked-ham bound.

    One difference: the Java scores are probabilities, so its cut below the lowest score is half of
    it; these are margins and log-odds, possibly negative, so that cut goes just under it instead.
    """
    if not 0 <= ceiling < 1:
        raise ValueError(f"blocked-ham ceiling must be in [0, 1), was {ceiling}")
    scores = [float(s) for s in scores]
    is_spam = [bool(s) for s in is_spam]
    n = len(scores)
    if n == 0 or n != len(is_spam):
        raise ValueError("need matching, non-empty scores and labels to choose a threshold")
    total_spam = sum(is_spam)
    total_ham = n - total_spam
    # Python's sort is stable like Java's object sort, so equal scores keep the same order.
    order = sorted(range(n), key=lambda i: -scores[i])
    best_threshold = math.nextafter(scores[order[0]], math.inf)
    best_f1 = 1.0 if total_spam == 0 else 0.0
    tp = fp = 0
    for k in range(1, n + 1):
        if is_spam[order[k - 1]]:
            tp += 1
        else:
            fp += 1
        if k < n and scores[order[k]] == scores[order[k - 1]]:
            continue
        # Blocked ham only grows walking down the scores, so the first breach ends the search.
        if fp > 0 and (fp + 1.0) / (total_ham + 1.0) > ceiling:
            break
        fn = total_spam - tp
        f1 = 0.0 if tp == 0 else 2.0 * tp / (2.0 * tp + fp + fn)
        if f1 > best_f1:
            best_f1 = f1
            above = scores[order[k - 1]]
            if k < n:
                best_threshold = (above + scores[order[k]]) / 2
            else:
                best_threshold = math.nextafter(above, -math.inf)
    return best_threshold


def metrics(scores, is_spam, threshold):
    """Test metrics at a threshold (spam iff score ≥ it), named as spamflow's evaluate does."""
    scores = np.asarray(scores, dtype=float)
    is_spam = np.asarray(is_spam, dtype=bool)
    called = scores >= threshold
    tp = int(np.sum(called & is_spam))
    fp = int(np.sum(called & ~is_spam))
    tn = int(np.sum(~called & ~is_spam))
    fn = int(np.sum(~called & is_spam))
    precision = 1.0 if tp + fp == 0 else tp / (tp + fp)
    recall = 1.0 if tp + fn == 0 else tp / (tp + fn)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {
        "count": len(scores),
        "threshold": float(threshold),
        "truePositives": tp,
        "falsePositives": fp,
        "trueNegatives": tn,
        "falseNegatives": fn,
        "accuracy": (tp + tn) / len(scores),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "blockedHamRate": 0.0 if fp + tn == 0 else fp / (fp + tn),
        "blockedHam": fp,
        "ham": fp + tn,
        "rocAuc": float(roc_auc_score(is_spam, scores)),
    }


def naive_bayes(alpha=1.0):
    return make_pipeline(
        FeatureUnion(
            [
                ("words", CountVectorizer(analyzer="word", lowercase=True)),
                ("chars", CountVectorizer(analyzer="char_wb", ngram_range=(4, 4))),
            ]
        ),
        MultinomialNB(alpha=alpha),
    )


def linear_svm(seed):
    return make_pipeline(
        FeatureUnion(
            [
                ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
                ),
            ]
        ),
        # The dual solver visits samples in a random order: seed it so a rerun gives the same model.
        LinearSVC(C=1.0, random_state=seed),
    )


def _spam_scores(out, method):
    # Naive Bayes' probabilities saturate: on SMS dozens of messages, ham among them, score exactly
    # 1.0, and the threshold rule cannot cut between tied scores. Its log-odds rank the same way
    # without the ties.
    return out[:, 1] - out[:, 0] if method == "predict_log_proba" else out


def sklearn_peer(name, train, test, seed, ceiling):
    """Threshold from the peer's own 5-fold out-of-fold scores on train, then a fit on all of it."""
    build, method, score_name = {
        "nb": (naive_bayes, "predict_log_proba", "log-odds"),
        "svm": (lambda: linear_svm(seed), "decision_function", "decision_function margins"),
    }[name]
    texts, labels = train
    y = np.asarray(labels)
    started = time.perf_counter()
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    oof = _spam_scores(cross_val_predict(build(), texts, y, cv=folds, method=method), method)
    threshold = select_threshold(oof, y, ceiling)
    cv_seconds = time.perf_counter() - started
    model = build()
    fit_started = time.perf_counter()
    model.fit(texts, y)
    fit_seconds = time.perf_counter() - fit_started
    score_started = time.perf_counter()
    scores = _spam_scores(getattr(model, method)(test[0]), method)
    score_seconds = time.perf_counter() - score_started
    return {
        "metrics": metrics(scores, test[1], threshold),
        "thresholdRule": f"own 5-fold out-of-fold {score_name} on train, ceiling {ceiling}",
        "oofMetrics": metrics(oof, y, threshold),
        "trainSeconds": cv_seconds + fit_seconds,
        "cvSeconds": cv_seconds,
        "fitSeconds": fit_seconds,
        "scoreSeconds": score_seconds,
    }


def _out_of_vocabulary(x, y, x_test, y_test, scores):
    """How messages with a word outside the vocabulary fare: the last, rarest words of the training
    texts fall outside it, so what the model learns for the unknown-word token depends on which
    class those words came from."""
    oov = TEXT_VECTORIZATION_OOV
    train_oov = (x == oov).any(axis=1)
    test_ham = np.asarray(y_test) == 0
    test_oov = (x_test == oov).any(axis=1)
    blocked = np.asarray(scores) >= KERAS_THRESHOLD
    return {
        "trainMessages": int(train_oov.sum()),
        "trainSpamShare": float(y[train_oov].mean()) if train_oov.any() else None,
        "testHam": int((test_ham & test_oov).sum()),
        "blockedHam": int((test_ham & test_oov & blocked).sum()),
    }


def _drop_unknown(x):
    """Words outside the vocabulary become padding, which the embedding masks: the LSTM skips
    them, as the classic Keras Tokenizer(num_words=…) the seed model used dropped them. Left as the
    unknown-word token, they teach the model that a rare word means spam (the rarest training words
    come mostly from spam) and it blocks ham with unseen words."""
    return np.where(x == TEXT_VECTORIZATION_OOV, 0, x)


def keras_peer(train, test, seed, label):
    """The project's first model, an LSTM, in Keras, at a fixed 0.5 threshold as it was shipped."""
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.random.set_seed(seed)
    texts, labels = train
    y = np.asarray(labels, dtype="float32")
    started = time.perf_counter()
    vectorize = keras.layers.TextVectorization(
        max_tokens=KERAS_MAX_TOKENS, output_sequence_length=KERAS_SEQUENCE_LENGTH
    )
    vectorize.adapt(np.asarray(texts, dtype=object))
    x_raw = np.asarray(vectorize(np.asarray(texts, dtype=object)))
    x = _drop_unknown(x_raw)
    model = keras.Sequential(
        [
            keras.Input(shape=(KERAS_SEQUENCE_LENGTH,), dtype="int64"),
            keras.layers.Embedding(KERAS_MAX_TOKENS, 32, mask_zero=True),
            keras.layers.LSTM(50, dropout=0.1),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(), loss="binary_crossentropy")
    epochs = 10

    def report_epoch(epoch, logs):
        print(
            f"[{label}] keras: epoch {epoch + 1}/{epochs} loss {logs['loss']:.4f}"
            f" val_loss {logs['val_loss']:.4f} ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
            flush=True,
        )

    history = model.fit(
        x,
        y,
        batch_size=32,
        epochs=epochs,
        validation_split=0.1,
        callbacks=[
            keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=2, restore_best_weights=True
            ),
            keras.callbacks.LambdaCallback(on_epoch_end=report_epoch),
        ],
        verbose=0,
    )
    fit_seconds = time.perf_counter() - started
    score_started = time.perf_counter()
    x_test_raw = np.asarray(vectorize(np.asarray(test[0], dtype=object)))
    scores = model.predict(_drop_unknown(x_test_raw), batch_size=256, verbose=0)[:, 0]
    score_seconds = time.perf_counter() - score_started
    val_loss = history.history["val_loss"]
    return {
        "metrics": metrics(scores, test[1], KERAS_THRESHOLD),
        "outOfVocabulary": _out_of_vocabulary(x_raw, y, x_test_raw, test[1], scores),
        "thresholdRule": f"fixed {KERAS_THRESHOLD}",
        "epochsRun": len(val_loss),
        "bestEpoch": int(np.argmin(val_loss)) + 1,
        "trainSeconds": fit_seconds,
        "fitSeconds": fit_seconds,
        "scoreSeconds": score_seconds,
    }
