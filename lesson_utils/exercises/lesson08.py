"""Exercise checks of lesson 8 (a hidden layer); expected gradients: central differences of a loss written
independently of ``lesson_utils.network``, with σ(z) = (1 + tanh(z/2)) / 2."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from . import changed_arguments, check_function, check_prediction, check_value, not_yet
from .reference import central_differences

GRADIENT_NAMES = ("dL_dW1", "dL_db1", "dL_dw2", "dL_db2")
PARAMETER_NAMES = ("W1", "b1", "w2", "b2")


def _sigmoid_via_tanh(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_hidden_loss(x: np.ndarray, y: np.ndarray, W1, b1, w2, b2) -> float:
    """Mean BCE of a1 = σ(x W1 + b1), z2 = a1 w2 + b2: log(1 + e^z2) − y z2 per sample.
    x: (m, d); y: (m,); W1: (d, h); b1: (h,); w2: (h,); b2: float."""
    z2 = _sigmoid_via_tanh(x @ W1 + b1) @ w2 + b2
    return float(np.mean(np.logaddexp(0.0, z2) - y * z2))


def _split(t, d: int, h: int) -> tuple:
    """[W1 (d·h numbers), b1, w2, b2] as (W1 (d, h), b1 (h,), w2 (h,), b2)."""
    t = np.asarray(t, dtype=float)
    return t[: d * h].reshape(d, h), t[d * h : d * h + h], t[-h - 1 : -1], float(t[-1])


def _finite_differences(x, y, W1, b1, w2, b2) -> tuple:
    d, h = W1.shape
    theta = [*W1.ravel(), *b1, *w2, b2]
    return _split(central_differences(lambda t: sigmoid_hidden_loss(x, y, *_split(t, d, h)), theta), d, h)


def _gradient_cases() -> list[tuple[tuple, tuple]]:
    """Two small problems with one-decimal numbers (so a failing case prints short enough to retype)."""
    rng = np.random.default_rng(808)
    cases = []
    for m, d, h in ((3, 2, 2), (4, 3, 3)):
        x = np.round(rng.normal(size=(m, d)), 1)
        y = np.array([0.0, 1.0] * m)[:m]
        W1 = np.round(rng.normal(size=(d, h)), 1)
        b1 = np.round(rng.normal(size=h), 1)
        w2 = np.round(rng.normal(size=h), 1)
        args = (x, y, W1, b1, w2, float(np.round(rng.normal(), 1)))
        cases.append((args, _finite_differences(*args)))
    return cases


def _parts_off(fn: Callable, case: tuple) -> str:
    """'dL_db2 is off (the others agree …). ' naming the gradients ``fn`` gets wrong (with the right
    shape) on ``case``; '' when there are none or ``fn`` fails (check_function reports that)."""
    args, expected = case
    try:
        with np.errstate(all="ignore"):
            got = fn(*copy.deepcopy(args))
        wrong = [name for name, part, want in zip(GRADIENT_NAMES, got, expected, strict=True)
                 if np.shape(part) == np.shape(want)
                 and not np.allclose(np.asarray(part, dtype=float), want, rtol=1e-5, atol=1e-8)]
    except Exception:  # any problem is reported by check_function
        return ""
    verb = "is" if len(wrong) == 1 else "are"
    return f"{' and '.join(wrong)} {verb} off (the others agree with finite differences). " if wrong else ""


def _gradients(x, y, W1, b1, w2, b2, slope=lambda a1: a1 * (1 - a1), sign=1.0, w2_back=True,
               mean_W1=True, mean_w2=True):
    """Backpropagation through a sigmoid hidden layer; each keyword makes one mistake below. slope: step 4's
    local derivative of a1; sign=-1: y − g; w2_back: step 3 multiplies by w2; mean_*: divides by m."""
    m = x.shape[0]
    a1 = _sigmoid_via_tanh(x @ W1 + b1)
    dL_dz2 = sign * (_sigmoid_via_tanh(a1 @ w2 + b2) - y)
    dL_dz1 = np.outer(dL_dz2, w2 if w2_back else np.ones_like(w2)) * slope(a1)
    dL_dW1 = x.T @ dL_dz1 / (m if mean_W1 else 1)
    return dL_dW1, dL_dz1.mean(axis=0), a1.T @ dL_dz2 / (m if mean_w2 else 1), float(dL_dz2.mean())


GRADIENT_MISTAKES = [
    (partial(_gradients, sign=-1.0),
     "every gradient has the wrong sign: the output error is dL_dz2 = g − y (prediction minus label), "
     "not y − g. That was the article's sign error too."),
    (partial(_gradients, slope=lambda a1: 1 - a1**2),
     "dL_dW1 and dL_db1 are off: you kept tanh's local derivative 1 − a1². The hidden activation is "
     "now σ; what is σ'(z) written in terms of σ(z) (lesson 2)?"),
    (partial(_gradients, slope=lambda a1: 1.0),
     "dL_dW1 and dL_db1 are off: step 4 is missing, dL_dz1 must include the local derivative of the "
     "hidden activation."),
    (partial(_gradients, slope=lambda a1: a1),
     "dL_dW1 and dL_db1 are off: the local derivative of σ is not a1 alone."),
    (partial(_gradients, w2_back=False),
     "dL_dW1 and dL_db1 are off: in step 3 each hidden unit receives the output error times its own "
     "output weight w2_k, which is missing."),
    (partial(_gradients, mean_W1=False),
     "dL_dW1 is m times too large: it is a sum over the samples, the loss is their mean (divide by m)."),
    (partial(_gradients, mean_w2=False),
     "dL_dw2 is m times too large: it is a sum over the samples, the loss is their mean (divide by m)."),
    (partial(_gradients, mean_W1=False, mean_w2=False),
     "dL_dW1 and dL_dw2 are m times too large: they are sums over the samples, the loss is their mean."),
]


def check_sigmoid_hidden_gradients(fn: Callable | None) -> bool:
    """Exercise 1: fn(x, y, W1, b1, w2, b2) → (dL_dW1 (d, h), dL_db1 (h,), dL_dw2 (h,), dL_db2) of the
    mean BCE of a1 = σ(x W1 + b1), z2 = a1 w2 + b2, g = σ(z2), through a *sigmoid* hidden layer."""
    cases = _gradient_cases()
    which = _parts_off(fn, cases[0]) if callable(fn) else ""
    return check_function(
        fn, cases,
        success="all four gradients agree with finite differences. Only step 4 changed: the chain rule "
        "is the same, the local derivative is a1(1 − a1) instead of 1 − a1².",
        hint=which + ("Walk" if which else "walk") + " the five steps of section 4 again: the output steps "
        "do not care which activation the hidden layer uses, and only one local derivative is new.",
        mistakes=GRADIENT_MISTAKES, names=GRADIENT_NAMES, rtol=1e-5, atol=1e-8, show_expected=False,
    )


def _flip_cases() -> list[tuple[tuple, tuple]]:
    """Unit 0 and unit 3 of a (2, 4) network; expected: column k of W1, entries k of b1, w2 times −1."""
    rng = np.random.default_rng(809)
    W1, b1, w2, b2 = rng.normal(size=(2, 4)), rng.normal(size=4), rng.normal(size=4), 0.25
    signs = {k: np.where(np.arange(4) == k, -1.0, 1.0) for k in (0, 3)}  # −1 for unit k, +1 for the others
    return [((W1, b1, w2, b2, k), (W1 * s, b1 * s, w2 * s, b2)) for k, s in signs.items()]


def _flipped(W1, b1, w2, b2, k, parts=("W1", "b1", "w2")):
    """Copies of the parameters with the named ``parts`` of unit k negated ("W1 row": row k of W1)."""
    W1, b1, w2 = np.array(W1, dtype=float), np.array(b1, dtype=float), np.array(w2, dtype=float)
    for part, array, index in (("W1", W1, (slice(None), k)), ("W1 row", W1, k), ("b1", b1, k), ("w2", w2, k)):
        if part in parts:
            array[index] *= -1
    return W1, b1, w2, (-b2 if "b2" in parts else b2)


FLIP_MISTAKES = [
    (partial(_flipped, parts=("W1", "b1")),
     "w2 is unchanged, so unit k now adds −a1_k·w2_k to z2: the output changed sign for that unit. "
     "What must happen to its output weight?"),
    (partial(_flipped, parts=("W1", "w2")),
     "b1 is unchanged: the unit computes tanh(−x·W1[:, k] + b1[k]), which is not −tanh(z1_k) "
     "unless b1[k] = 0."),
    (partial(_flipped, parts=("W1", "b1", "w2", "b2")),
     "b2 is shared by all units; flipping unit k must leave it alone."),
    (partial(_flipped, parts=("W1",)),
     "only W1 changed: b1[k] and w2[k] must follow for the output to stay the same."),
    (lambda W1, b1, w2, b2, k: (-W1, -b1, -w2, b2),
     "you flipped every hidden unit. That also keeps the output, but the exercise flips only unit k: "
     "column k of W1 and entry k of b1 and w2."),
    (lambda W1, b1, w2, b2, k: (W1, b1, w2, b2),
     "the parameters come back unchanged: unit k still computes what it computed before."),
    (partial(_flipped, parts=("W1 row", "b1", "w2")),
     "you negated row k of W1 (all units' weights from input k); unit k's weights are column k, W1[:, k]."),
]


def check_flip_unit(fn: Callable | None) -> bool:
    """Exercise 2: fn(W1, b1, w2, b2, k) flips the sign of hidden unit k and leaves its arguments alone."""
    cases = _flip_cases()
    changed = [PARAMETER_NAMES[i] for i in changed_arguments(fn, cases[0][0])] if callable(fn) else []
    if changed:
        return not_yet(f"the function changed its input {', '.join(changed)} in place. Work on copies "
                       "(W1 = W1.copy(), …) so the network you were given stays as it was.")
    return check_function(
        fn, cases,
        success="flipping the three signs of one unit leaves the network's output unchanged: "
        "(−a1_k)(−w2_k) = a1_k w2_k.",
        hint="tanh is odd, tanh(−z) = −tanh(z). Which parameters make z1_k change sign, and which one "
        "undoes the sign change in z2?",
        mistakes=FLIP_MISTAKES, names=PARAMETER_NAMES, rtol=0.0, atol=1e-12,
    )


def check_symmetry_count(value: object, n_hidden: int = 4) -> bool:
    """Exercise 3: how many parameter vectors reordering and sign flips give, for h hidden units."""
    h = n_hidden
    expected = math.factorial(h) * 2**h
    return check_value(
        value, expected, rtol=0.0, atol=0.0,
        success=f"{expected:,} = {h}! orderings × 2^{h} sign patterns: every parameter vector of this "
        "network comes with that many copies, all at the same loss.",
        hint=f"count the ways to order {h} units and, independently, the ways to choose a sign for each "
        "unit, then multiply.",
        mistakes=[
            (math.factorial(h), f"{math.factorial(h):,} counts the orderings only; each unit can also be "
             "flipped, independently of the others."),
            (2**h, f"{2**h} counts the sign patterns only; the units can also be reordered."),
            (2 * math.factorial(h), "one sign flip per unit, not one for the whole network: the signs "
             f"give 2^{h} patterns."),
            (h * 2**h, f"{h} is the number of units, not the number of their orderings ({h}!)."),
            (math.factorial(h) * 2**h - 1, "the count includes the network itself."),
            (math.factorial(h) + 2**h, f"you added the {math.factorial(h)} orderings and the {2**h} sign "
             "patterns; every ordering can be combined with every sign pattern, so multiply."),
        ],
    )


def check_units_prediction(prediction: Any, accuracies: dict | None) -> bool:
    """Exercise 4: the smallest h whose network (η = 1, 500 epochs) passes 95 % hold-out accuracy;
    accuracies: {h: hold-out accuracy} from the experiment cell (None when it has not run)."""
    passing = [h for h, acc in sorted((accuracies or {}).items()) if acc > 0.95]
    if accuracies and not passing:
        return not_yet("no network in the experiment passed 95 %; run the experiment cell as it is.")
    return check_prediction(
        prediction, passing[0] if passing else None, rtol=0.0,
        explanation="Each tanh unit switches sign along one straight line, z1_k = 0. One line gives a "
        "straight boundary; two can only cut out a region that runs off to infinity (a band or a wedge); "
        "three lines are the fewest that enclose a region, a triangle around the centre. More units give "
        "a rounder polygon.",
        mistakes=[
            (1, "One unit is one line: the output is a soft step across it, a straight boundary again."),
            (2, "Two lines cut out a band or a wedge, which is not closed: the region of class 0 runs "
             "off to infinity, through the outer ring."),
            (4, "Four units pass, but they are not the fewest: the question is where the accuracy first "
             "jumps."),
        ],
    )


BEHAVIOURS = {
    "a": "the loss becomes inf or NaN within a few epochs and the run stops.",
    "b": "the loss jumps far above its start and keeps bouncing for all 500 epochs, but every number stays "
    "finite.",
    "c": "the loss falls smoothly, only faster than at η = 1.",
}


def behaviour_of(history) -> str:
    """Which of ``BEHAVIOURS`` a ``History`` shows: "a" stopped (non-finite), "b" bouncing (the loss rose
    above twice its start and still varies by more than a factor 2 over the last 100 epochs), "c" smooth."""
    if history.stopped_at is not None:
        return "a"
    loss = np.asarray(history.train_loss, dtype=float)
    tail = loss[-100:]
    if loss.max() > 2 * loss[0] and tail.max() > 2 * tail.min():
        return "b"
    return "c"


def check_large_rate_prediction(prediction: Any, history=None) -> bool:
    """Exercise 5: what full-batch training at η = 30 does to the h = 4 network (options ``BEHAVIOURS``)."""
    return check_prediction(
        prediction, None if history is None else behaviour_of(history), options=BEHAVIOURS,
        explanation="The steps overshoot, so the loss climbs far above its start and never settles; but "
        "nothing can overflow. tanh keeps every a1_k in [−1, 1], so |z2| ≤ |w2_1| + … + |w2_h| + |b2|, "
        "and one step changes each w2_k and b2 by at most η (|g − y| ≤ 1). After 500 steps at η = 30 with "
        "h = 4, |z2|, and with it each sample's loss, stays below about 5 · 500 · 30 = 75,000 (plus its "
        "start): large, but nowhere near overflow at 10³⁰⁸.",
    )
