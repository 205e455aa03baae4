"""Speed of ``lesson_utils.train`` against a literal transcription of the article's code, doing equal work.

The article's experiment: 100,000 samples, 80/20 split, two models (raw and centred data), each trained
for 100 full-batch epochs. ``train`` records, after every epoch, the loss and accuracy on the training
set and on the hold-out set; so the article's loop here records the same four numbers with the
article's own ``loss`` and ``accuracy`` methods. Both implementations run in this one process,
alternately, several times; the script prints the median wall time of each, their ratio, the time
per epoch of ``train`` on the 80,000 training samples, and the largest difference between the two
implementations' recorded hold-out losses (the same maths, so it should be rounding only).

``train`` is written to be read (the loop of lesson 5, with input checks and a stable loss), not to be
fast: the ratio says what that costs. There is no target.

Usage: python benchmarks/training.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import lesson_utils as lu

EPOCHS = 100
LEARNING_RATE = 0.1


def experiment_train(splits) -> list[np.ndarray]:
    """Both models with ``lesson_utils.train``; returns each run's hold-out loss per epoch."""
    curves = []
    for x_train, x_test, y_train, y_test in splits:
        history = lu.train(lu.LogisticRegression(2), x_train, y_train, EPOCHS, LEARNING_RATE, x_test, y_test)
        curves.append(history.test_loss)
    return curves


def experiment_article(splits) -> list[np.ndarray]:
    """Both models with the article's three methods, recording what ``train`` records every epoch."""
    curves = []
    for x_train, x_test, y_train, y_test in splits:
        model = lu.ArticleLogisticRegression(2)
        record = []
        for epoch in range(EPOCHS + 1):
            record.append((model.loss(x_train, y_train), model.accuracy(x_train, y_train),
                           model.loss(x_test, y_test), model.accuracy(x_test, y_test)))
            if epoch < EPOCHS:
                dL_dw, dL_db = model.compute_gradients(x_train, y_train)
                model.optimize(dL_dw, dL_db, LEARNING_RATE)
        curves.append(np.array(record)[:, 2])
    return curves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    x, y = lu.make_two_gaussians()
    x_train, x_test, y_train, y_test = lu.train_test_split(x, y)
    x_train_c, x_test_c, _ = lu.center(x_train, x_test)
    splits = [(x_train, x_test, y_train, y_test), (x_train_c, x_test_c, y_train, y_test)]

    ours, theirs = experiment_train(splits), experiment_article(splits)  # also a warm-up
    gap = max(float(np.max(np.abs(a / b - 1))) for a, b in zip(ours, theirs, strict=True))

    times: dict[str, list[float]] = {"train": [], "article": []}
    for _ in range(args.repeats):
        for name, fn in (("train", experiment_train), ("article", experiment_article)):
            start = time.perf_counter()
            fn(splits)
            times[name].append(time.perf_counter() - start)
    med = {name: statistics.median(t) for name, t in times.items()}

    print(f"article experiment: 2 models x {EPOCHS} full-batch epochs on {len(x_train):,} samples, "
          f"training and hold-out loss and accuracy recorded every epoch by both, {args.repeats} repeats")
    print(f"final hold-out loss raw / centred: {ours[0][-1]:.4f} / {ours[1][-1]:.4f}; largest relative "
          f"difference between the two implementations' hold-out losses: {gap:.1e}")
    for name in ("article", "train"):
        print(f"median {name:<8} {med[name] * 1000:8.1f} ms")
    print(f"ratio train / article: {med['train'] / med['article']:.2f} (above 1: train is slower)")
    per_epoch = med["train"] / (2 * EPOCHS)
    print(f"train: {per_epoch * 1000:.2f} ms per epoch on {len(x_train):,} training samples "
          f"(one update, then loss and accuracy on {len(x_train):,} + {len(x_test):,} samples)")


if __name__ == "__main__":
    main()
