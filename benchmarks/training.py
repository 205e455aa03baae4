"""Speed of ``lesson_utils.train`` against a literal transcription of the article's code.

The article's experiment: 100,000 samples, 80/20 split, two models (raw and centred data), each trained
for 100 full-batch epochs, with hold-out loss and accuracy recorded every epoch (the article plots
them). Both implementations run in this one process, alternately, several times; the script prints
the median wall time of each, their ratio, and the peak memory of one run of each.

``--only article`` (or ``--only train``) times one implementation alone in a fresh process. The
article's code allocates a new 640 KB array for almost every operation. In a fresh process glibc's
malloc maps fresh memory for such arrays again and again, and every page of it faults in on first
touch; once a larger block has been freed (``train`` frees 1.28 MB transposed copies), malloc raises
its mapping and trimming thresholds and keeps reusing the same heap memory. So the article's code is
slower alone (about 600 against 420 ms on a 2-core machine; ``MALLOC_MMAP_THRESHOLD_=8000000`` in
the environment closes the gap), and the ratio printed by the default run is the conservative one.

Usage: python benchmarks/training.py [--repeats N] [--only {article,train}]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import numpy as np

import lesson_utils as lu

EPOCHS = 100
LEARNING_RATE = 0.1


def experiment_ours(splits) -> list[float]:
    """Both models with ``lesson_utils.train`` (which records train and test metrics each epoch)."""
    finals = []
    for x_train, x_test, y_train, y_test in splits:
        model = lu.LogisticRegression(2)
        history = lu.train(model, x_train, y_train, EPOCHS, LEARNING_RATE, x_test, y_test)
        finals.append(history.test_loss[-1])
    return finals


def experiment_article(splits) -> list[float]:
    """Both models with the article's three methods, plus its per-epoch hold-out loss and accuracy."""
    finals = []
    for x_train, x_test, y_train, y_test in splits:
        model = lu.ArticleLogisticRegression(2)
        test_loss = []
        for _ in range(EPOCHS):
            dL_dw, dL_db = model.compute_gradients(x_train, y_train)
            model.optimize(dL_dw, dL_db, LEARNING_RATE)
            test_loss.append(model.loss(x_test, y_test))
            model.accuracy(x_test, y_test)
        finals.append(test_loss[-1])
    return finals


def peak_mib(fn, splits) -> float:
    tracemalloc.start()
    fn(splits)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--only", choices=("article", "train"), help="time one implementation alone")
    args = parser.parse_args()

    x, y = lu.make_two_gaussians()
    x_train, x_test, y_train, y_test = lu.train_test_split(x, y)
    x_train_c, x_test_c, _ = lu.center(x_train, x_test)
    splits = [(x_train, x_test, y_train, y_test), (x_train_c, x_test_c, y_train, y_test)]

    if args.only:
        fn = experiment_article if args.only == "article" else experiment_ours
        fn(splits)  # warm-up, as in the default run
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            fn(splits)
            times.append(time.perf_counter() - start)
        print(f"median {args.only} alone: {statistics.median(times) * 1000:8.1f} ms ({args.repeats} repeats)")
        return

    ours = experiment_ours(splits)
    article = experiment_article(splits)
    assert np.allclose(ours, article, rtol=1e-6), (ours, article)  # same maths, same numbers

    times: dict[str, list[float]] = {"train": [], "article": []}
    for _ in range(args.repeats):
        for name, fn in (("train", experiment_ours), ("article", experiment_article)):
            start = time.perf_counter()
            fn(splits)
            times[name].append(time.perf_counter() - start)

    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"article experiment: 2 models x {EPOCHS} full-batch epochs on {len(x_train):,} samples, "
          f"hold-out metrics every epoch, {args.repeats} repeats")
    print(f"final hold-out loss raw / centred: {ours[0]:.4f} / {ours[1]:.4f} (both implementations)")
    for name in ("article", "train"):
        print(f"median {name:<8} {med[name] * 1000:8.1f} ms")
    print(f"ratio article / train: {med['article'] / med['train']:5.1f}x  (target: at least 8x)")
    print(f"peak memory article: {peak_mib(experiment_article, splits):6.1f} MiB, "
          f"train: {peak_mib(experiment_ours, splits):6.1f} MiB")


if __name__ == "__main__":
    main()
