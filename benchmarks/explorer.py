"""Speed of the convergence explorer (lesson 6): one slider move = train if needed, then redraw to PNG.

The explorer trains on a sample of the article's data (``explorer_data``; by default 4,000 of the 80,000
training and 4,000 of the 20,000 hold-out samples; ``--sample 80000 20000`` for all of them). The
script builds it at its starting values, then makes a seeded random walk of slider moves: each move
picks one of the three sliders at random and sets it to a random other position (learning rate: 21
positions 10**-3 … 10**2; centring: 21 positions 0 … 1; epochs: 1 … 300). For every move it times

* ``update``: training (only what the cache lacks) and putting the result on the artists;
* ``render_png``: the PNG the widget displays (static layers kept as pixels, changing artists redrawn);
* ``figure.savefig`` to a BytesIO as PNG: what displaying the figure with the inline backend costs.

It prints the median and 95th percentile of update + render_png (what a user waits for after
releasing a slider; target: median under 100 ms, 95th percentile under 200 ms), the same for
update + savefig, and the parts. Wall time depends on what else runs: the load average is printed,
and so is the processor time of update + render_png, which a busy machine inflates much less.

Usage: python benchmarks/explorer.py [--moves N] [--seed S]
"""

from __future__ import annotations

import argparse
import io
import os
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

import lesson_utils as lu  # noqa: E402
from lesson_utils.viz import use_style  # noqa: E402
from lesson_utils.viz.explorer import (  # noqa: E402
    CENTRING_STEP,
    LR_EXPONENTS,
    LR_STEP,
    MAX_EPOCHS,
    SAMPLE_SIZES,
    ConvergenceExplorer,
)

LEARNING_RATES = [float(f"{10**e:.6g}") for e in np.arange(LR_EXPONENTS[0], LR_EXPONENTS[1] + 1e-9, LR_STEP)]
CENTRINGS = [round(c, 2) for c in np.arange(0.0, 1.0 + 1e-9, CENTRING_STEP)]


def slider_walk(n_moves: int, seed: int, start: dict) -> list[dict]:
    """n_moves slider positions, each one slider away from the previous one."""
    rng = np.random.default_rng(seed)
    choices = {
        "learning_rate": LEARNING_RATES,
        "centring": CENTRINGS,
        "epochs": list(range(1, MAX_EPOCHS + 1)),
    }
    position, walk = dict(start), []
    for _ in range(n_moves):
        name = ["learning_rate", "centring", "epochs"][rng.integers(3)]
        options = [v for v in choices[name] if v != position[name]]
        position = {**position, name: options[rng.integers(len(options))]}
        walk.append(position)
    return walk


def percentiles(values: list[float]) -> tuple[float, float]:
    return float(np.median(values)) * 1000, float(np.percentile(values, 95)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="slider moves to time (at least 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", type=int, nargs=2, metavar=("TRAIN", "TEST"), default=SAMPLE_SIZES,
                        help="training and hold-out samples the explorer keeps (80000 20000: all)")
    args = parser.parse_args()
    if args.moves < 20:
        parser.error("--moves must be at least 20")

    use_style()
    x, y = lu.make_two_gaussians()
    x_train, x_test, y_train, y_test = lu.train_test_split(x, y)
    load_before = os.getloadavg()[0]

    start = time.perf_counter()
    explorer = ConvergenceExplorer(x_train, y_train, x_test, y_test, sample_sizes=tuple(args.sample))
    build = time.perf_counter() - start
    start_position = {"learning_rate": 0.1, "centring": 0.0, "epochs": 100}

    update_times, render_times, savefig_times, cpu_times, trained, moved = [], [], [], [], 0, []
    previous = start_position
    for position in slider_walk(args.moves, args.seed, start_position):
        moved.append(next(name for name in position if position[name] != previous[name]))
        previous = position
        runs_before = {key: int(run.updates[-1]) for key, run in explorer._runs.items()}
        with threadpool_limits(limits=1, user_api="blas"):  # as the widget does on a slider move
            start, cpu_start = time.perf_counter(), time.process_time()
            explorer.update(**position)
            middle = time.perf_counter()
            png = explorer.render_png()
            end = time.perf_counter()
        cpu_times.append(time.process_time() - cpu_start)
        assert png[:4] == b"\x89PNG"
        buffer = io.BytesIO()
        start_savefig = time.perf_counter()
        explorer.figure.savefig(buffer, format="png")
        savefig_times.append(time.perf_counter() - start_savefig)
        update_times.append(middle - start)
        render_times.append(end - middle)
        trained += {key: int(run.updates[-1]) for key, run in explorer._runs.items()} != runs_before

    widget = [u + r for u, r in zip(update_times, render_times, strict=True)]
    inline = [u + s for u, s in zip(update_times, savefig_times, strict=True)]
    kept = (len(explorer.data.y_train), len(explorer.data.y_test))
    print(f"convergence explorer on {len(x):,} samples ({len(x_train):,} training; it trains on {kept[0]:,} "
          f"and tests on {kept[1]:,} of them), "
          f"{args.moves} slider moves (seeded random walk, seed {args.seed}); {trained} of them had to train")
    print(f"building the explorer (first run and first full draw): {build * 1000:.0f} ms")
    print("update + render_png (what the widget shows): median {:6.1f} ms, 95th percentile {:6.1f} ms"
          "   [target: 100 / 200]".format(*percentiles(widget)))
    print("  the same in processor time:                median {:6.1f} ms, 95th percentile {:6.1f} ms".format(
        *percentiles(cpu_times)))
    print("update + figure.savefig PNG (inline style):  median {:6.1f} ms, 95th percentile {:6.1f} ms".format(
        *percentiles(inline)))
    print("  of which update (training, artists):       median {:6.1f} ms, 95th percentile {:6.1f} ms".format(
        *percentiles(update_times)))
    print("  render_png alone:                          median {:6.1f} ms, 95th percentile {:6.1f} ms".format(
        *percentiles(render_times)))
    print("  savefig alone:                             median {:6.1f} ms, 95th percentile {:6.1f} ms".format(
        *percentiles(savefig_times)))
    for name in ("learning_rate", "centring", "epochs"):
        times = [t for t, m in zip(widget, moved, strict=True) if m == name]
        print(f"  moves of the {name + ' slider:':22s} {len(times):2d}, update + render_png median "
              f"{np.median(times) * 1000:6.1f} ms, slowest {max(times) * 1000:6.1f} ms")
    print(f"load average (1 min) before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
