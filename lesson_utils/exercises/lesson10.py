"""Exercise checks of lesson 10 (regularisation and early stopping). Expected values with ``math``: finite
differences of the penalised loss written out sample by sample, gradient descent on lists of numbers."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import numpy as np

from . import agrees, as_number, check_choice, check_function, check_prediction, not_done
from .reference import gradient_case, mean_gradients, mean_loss, sigma

#: (x, y, w, b, l2) of the test points: small batches, parameters away from 0, penalties of
#: different sizes, so that every typical mistake below gives a different result.
GRADIENT_CASES = (
    (((1.0, 2.0), (0.0, -1.0), (2.0, -2.0)), (1.0, 0.0, 1.0), (0.5, -1.0), 0.25, 0.1),
    (((0.3, -1.2, 2.0), (1.5, 0.4, -0.7), (-0.8, 0.9, 0.1), (2.2, -0.3, 1.1)), (0.0, 1.0, 1.0, 0.0),
     (1.2, -0.4, 0.7), -0.6, 0.5),
    (((4.0, 1.0), (-3.0, 2.0), (1.0, 1.0), (0.5, -2.5), (-1.0, -1.0)), (1.0, 0.0, 1.0, 0.0, 0.0),
     (2.0, 3.0), 1.5, 0.03),
)


def _gradient_cases() -> list[tuple[tuple, tuple]]:
    return [gradient_case(*case) for case in GRADIENT_CASES]


def _penalty_mistake(penalty_w: Callable, penalty_b: Callable = lambda w, b, l2: 0.0) -> Callable:
    """Mean cross-entropy gradients plus a wrong penalty term: penalty_w(w, l2, m), penalty_b(w, b, l2)."""
    def wrong(x, y, w, b, l2):
        dL_dw, dL_db = mean_gradients(x, y, w, b)
        return dL_dw + penalty_w(w, l2, len(y)), dL_db + penalty_b(w, b, l2)
    return wrong


GRADIENT_MISTAKES = (
    (_penalty_mistake(lambda w, l2, m: l2 * w, lambda w, b, l2: l2 * b),
     "you penalised the bias too: dL_db has an extra l2·b. The penalty (l2/2)‖w‖² contains only the "
     "weights, so its derivative with respect to b is 0."),
    (_penalty_mistake(lambda w, l2, m: 2 * l2 * w),
     "your penalty term is 2·l2·w, twice too large: that is the derivative of l2·‖w‖². The ½ in "
     "(l2/2)‖w‖² is there to cancel the 2 that the square brings down."),
    (_penalty_mistake(lambda w, l2, m: 0.5 * l2 * w),
     "your penalty term is (l2/2)·w, half the right size: differentiating w_j² brings down a factor 2, "
     "which cancels the ½."),
    (_penalty_mistake(lambda w, l2, m: -l2 * w),
     "the penalty term has the wrong sign: (l2/2)‖w‖² grows as w moves away from 0, so its slope "
     "+l2·w points away from 0, and the descent step −η·l2·w pulls w back."),
    (_penalty_mistake(lambda w, l2, m: l2 * w / m),
     "your penalty term is divided by m. The penalty is added once to the mean loss, not averaged "
     "over the samples, so its gradient is l2·w whatever m is."),
    (_penalty_mistake(lambda w, l2, m: 0 * w),
     "these are the gradients of the cross-entropy alone: the penalty's gradient is missing from dL_dw."),
    (lambda x, y, w, b, l2: (l2 * w, 0.0),
     "these are the gradients of the penalty alone: the cross-entropy's part (lesson 5) is missing."),
    (lambda x, y, w, b, l2: (mean_gradients(x, y, w, b, sum_w=True)[0] + l2 * w,
                             mean_gradients(x, y, w, b, sum_b=True)[1]),
     "the cross-entropy part is summed over the samples instead of averaged: the loss is the mean "
     "over the m samples, so divide those sums by m."),
)


def check_penalised_gradients(penalised_gradients: Callable | None) -> bool:
    """Exercise 1: ``penalised_gradients(x, y, w, b, l2) -> (dL_dw, dL_db)`` of mean BCE + (l2/2)‖w‖²."""
    return check_function(
        penalised_gradients, _gradient_cases(), names=("dL_dw", "dL_db"), mistakes=GRADIENT_MISTAKES,
        success="dL_dw = xᵀ(g − y)/m + l2·w and dL_db = mean(g − y): the penalty adds l2·w to the "
        "weights' gradient and nothing to the bias's.",
        hint="start from the gradients of lesson 5 and add the derivative of (l2/2)(w_1² + … + w_d²) "
        "with respect to each w_j and to b.",
    )


#: Exercise 2: multiple choice, why the bias is left out of the penalty.
check_bias_choice = partial(
    check_choice, correct="d",
    explanations={
        "a": "the bias does have a gradient: ∂L/∂b = mean(g − y), which is 0 only where the predicted "
        "probabilities average to the share of class 1. A penalty (α/2)·b² would add α·b to it and move "
        "the minimum.",
        "b": "a penalty on b keeps the objective convex: (α/2)·b² is convex, and a sum of convex functions "
        "is convex. The objective would even stay strictly convex. Convexity is not the reason.",
        "c": "the minimum exists without a penalty on b. The Hessian's bias entry is mean g(1 − g) > 0 and, "
        "with both classes present, the loss grows without bound as |b| → ∞ while w is held in check by "
        "the penalty. That is what the derivation above shows.",
        "d": "b only says where the boundary sits; how confident the model is depends on w alone. The "
        "point b = 0 is wherever the origin of the inputs happens to be, so a penalty on b would pull the "
        "boundary towards an arbitrary point, and shifting the data (centring it or not) would change "
        "the model's predictions.",
    },
    success="the weights set how steep (how confident) the model is; b only places the boundary, "
    "relative to wherever the origin of the inputs is. Penalising b would make the answer depend "
    "on that arbitrary choice. The cell below checks this on the article's data.",
)


def check_norm_prediction(prediction: Any, norms: Mapping[float, float] | None) -> bool:
    """Exercise 3: ‖w*‖ at α = 0.1, predicted from ‖w*‖ at α = 0.01, against the measured value (within
    10 %); norms: {α: ‖w*‖} from the experiment cell (None or without 0.01 and 0.1: not run yet)."""
    try:
        base, outcome = float(norms[0.01]), float(norms[0.1])  # type: ignore[index]
    except (TypeError, KeyError, ValueError):  # the experiment has not run yet
        return check_prediction(prediction, None, explanation="")
    # A prediction is a rough number: one within 5 % of a typical wrong guess is taken to be that guess.
    mistakes = [
        (base / 10, "That is ‖w*‖ at α = 0.01 divided by 10, as if w* were proportional to 1/α."),
        (base / math.sqrt(10),
         "That is ‖w*‖ at α = 0.01 divided by √10, as if ‖w*‖² were proportional to 1/α."),
        (base, "That is the length at α = 0.01: the penalty does change the minimum."),
    ]
    # After the typical guesses (matched first): any negative length, any length above the one at α = 0.01.
    is_number = isinstance(prediction, numbers.Real) and not isinstance(prediction, (bool, np.bool_))
    guess = as_number(prediction) if is_number else None
    if guess is not None and guess < 0:
        mistakes.append((guess, "A length is never negative."))
    elif guess is not None and guess > 1.05 * base:
        mistakes.append((guess, "That is longer than at α = 0.01, but a larger penalty never lengthens the "
                                "weights of the minimum (add the two minima's optimality inequalities "
                                "and the α terms leave (α₁ − α₂)(‖w₁‖² − ‖w₂‖²) ≤ 0)."))
    return check_prediction(
        prediction, outcome, rtol=0.1, mistakes=mistakes, mistake_rtol=0.05,
        explanation=f"Ten times the penalty shrinks ‖w*‖ only by a factor {base / outcome:.2f}. At the "
        "minimum the penalty's pull α·w balances the data's push −xᵀ(g − y)/m. A sample on its right side "
        "pushes with |g − y| = σ(−|z|) < e^(−|z|), and along a fixed direction its |z| grows in proportion "
        "to ‖w‖: a small step back towards 0 multiplies the push many times over, enough to balance a pull "
        "ten times as strong.",
    )


#: Two small problems (x_train, y_train, x_val, y_val, learning_rate, epochs). In the first the
#: validation loss falls, then rises; in the second it rises from the very first step.
STOPPING_CASES = (
    (((1.0, 0.5), (2.0, 1.5), (-1.0, -0.5), (-2.0, 0.5), (0.5, -1.0), (-0.5, 1.0)),
     (1.0, 1.0, 0.0, 0.0, 1.0, 0.0),
     ((1.5, 0.0), (-1.5, 0.0), (0.2, 0.3), (-0.3, -0.2), (1.0, 1.0)),
     (1.0, 0.0, 0.0, 1.0, 1.0),
     0.5, 60),
    (((1.0, 0.0), (2.0, 1.0), (-1.0, 0.0), (-2.0, -1.0)),
     (1.0, 1.0, 0.0, 0.0),
     ((1.0, 0.5), (-1.0, -0.5)),
     (0.0, 1.0),
     0.3, 25),
)


def _descent_path(x, y, learning_rate: float, epochs: int) -> list[list[float]]:
    """[w_1, …, w_d, b] after 0, 1, …, epochs steps of plain gradient descent, with lists and ``math``."""
    d, m = len(x[0]), len(x)
    theta = [0.0] * (d + 1)
    path = [list(theta)]
    for _ in range(epochs):
        dz = [sigma(sum(t * v for t, v in zip(theta[:-1], xi, strict=True)) + theta[-1]) - yi
              for xi, yi in zip(x, y, strict=True)]
        grad = [sum(dz[i] * x[i][j] for i in range(m)) / m for j in range(d)] + [sum(dz) / m]
        theta = [t - learning_rate * g for t, g in zip(theta, grad, strict=True)]
        path.append(list(theta))
    return path


def _stopping_answers(case) -> dict[str, tuple]:
    """The right answer and the answers of the typical mistakes, for one case."""
    x, y, x_val, y_val, eta, epochs = case
    path = _descent_path(x, y, eta, epochs)
    val = [mean_loss(x_val, y_val, theta) for theta in path]
    k = min(range(len(val)), key=lambda i: (val[i], i))
    w = [np.array(theta[:-1]) for theta in path]
    b = [theta[-1] for theta in path]
    return {
        "right": (k, w[k], b[k]),
        "aliased": (k, w[-1], b[k]),
        "aliased_in_loop": (k, w[-1] if k > 0 else w[0], b[k]),  # copied where `best` is first set only
        "last": (epochs, w[-1], b[-1]),
        "shifted": (max(k - 1, 0), w[k], b[k]),
        "shifted_up": (k + 1 if k > 0 else 0, w[k], b[k]),  # the start is never relabelled
    }


def _stopping_cases(kind: str = "right") -> list[tuple[tuple, tuple]]:
    """Each case's arguments as arrays, with the right answer or that of one typical mistake."""
    return [(tuple(np.array(v, dtype=float) for v in case[:4]) + case[4:], _stopping_answers(case)[kind])
            for case in STOPPING_CASES]


def _answer_of(kind: str) -> Callable[..., tuple]:
    """A mistake function: on each case, the answer that mistake gives (looked up by x_train)."""
    lookup = {tuple(args[0].ravel().tolist()): answer for args, answer in _stopping_cases(kind)}
    return lambda x_train, *rest: lookup[tuple(np.asarray(x_train).ravel().tolist())]


STOPPING_MISTAKES = (
    (_answer_of("aliased"),
     "the epoch and b are right, but w is the final weights, not those of the best epoch: the saved "
     "w went on changing after it was saved. Look at what `best` holds, and what the next step does "
     "to that object."),
    (_answer_of("aliased_in_loop"),
     "right where the best epoch is the start, but otherwise w is the final weights: copying w where "
     "`best` is first set is not enough. Inside the loop `best` still holds the array that `w -= …` "
     "goes on changing: save a copy there too, or write `w = w - …`."),
    (_answer_of("last"),
     "your function returns the last epoch and its parameters: nothing was stopped early. Keep the "
     "parameters of the epoch with the lowest validation loss (not the training loss)."),
    (_answer_of("shifted"),
     "the parameters are right but the epoch number is one too small: epoch k is the state after "
     "k updates, with epoch 0 the start w = 0, b = 0."),
    (_answer_of("shifted_up"),
     "the parameters are right but the epoch number is one too large: epoch k is the state after "
     "k updates (measure the validation loss after the update, and label it with the loop's epoch)."),
)


def check_early_stopping(early_stopping: Callable | None) -> bool:
    """Exercise 4: ``early_stopping(x_train, y_train, x_val, y_val, learning_rate, epochs)`` returns
    (best_epoch, w, b) of the epoch with the lowest validation loss."""
    if agrees(early_stopping, _stopping_cases("aliased")):
        return not_done("early_stopping still gives the numbers of the version with the bug (the right "
                        "epoch and b, the last epoch's w). Find the bug, fix it, run the cell, then this "
                        "check. Stuck? Print `best` after every epoch: does the saved w change after it was "
                        "saved?")
    return check_function(
        early_stopping, _stopping_cases(), names=("best_epoch", "w", "b"), mistakes=STOPPING_MISTAKES,
        success="the function now returns the parameters of the best epoch. `w = w - …` makes a new "
        "array at every step (or keep `w.copy()` in `best`), so what was saved stays saved. In the "
        "second test the validation loss rises from the first step, and the answer is epoch 0, w = 0.",
        hint="run it on a tiny problem and print `best` after every epoch: does the saved w change "
        "after it was saved?",
    )
