"""Lesson 7's checks: right answers pass, each named mistake is recognised, placeholders wait.

The right answers here are written independently of the checks (the math module, or numpy
formulas other than the ones the checks use for their expected values).
"""

import math

import numpy as np
import pytest

from lesson_utils.exercises import lesson07 as ex


def stable_sigma(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def textbook_sigma(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


# ---------- exercise 1: log σ(z) ----------


def test_log_sigmoid_right(verdict):
    assert ex.check_log_sigmoid(lambda z: -np.logaddexp(0.0, -z))
    assert verdict().startswith("Correct:")


def test_log_sigmoid_branchwise_right(verdict):
    # another correct form: z − log(1 + e^z) for z < 0, −log(1 + e^−z) otherwise
    assert ex.check_log_sigmoid(lambda z: z - math.log1p(math.exp(z)) if z < 0 else -math.log1p(math.exp(-z)))
    assert verdict().startswith("Correct:")


def test_log_sigmoid_tolerance(verdict):
    # rtol is 1e-9 here: the point of the exercise is keeping every digit
    assert ex.check_log_sigmoid(lambda z: -np.logaddexp(0.0, -z) * (1 + 1e-11))
    assert not ex.check_log_sigmoid(lambda z: -np.logaddexp(0.0, -z) * 1.01)
    verdict()


def test_log_sigmoid_raising_function_is_reported(verdict):
    assert not ex.check_log_sigmoid(lambda z: math.log(1 / (1 + math.exp(-z))))  # OverflowError
    assert "raised OverflowError" in verdict()


def test_log_sigmoid_placeholder(verdict):
    assert not ex.check_log_sigmoid(lambda z: None)
    assert verdict().startswith("Not done yet:")


# ---------- exercise 2: find the bug in a "safe" sigmoid ----------


def test_safe_sigmoid_given_code_is_not_done_yet(verdict):
    assert not ex.check_safe_sigmoid(ex.buggy_safe_sigmoid)
    out = verdict()
    assert out.startswith("Not done yet: this is still the code as given") and "np.where" not in out


def test_safe_sigmoid_given_code_typed_again_is_recognised(verdict):
    def safe_sigmoid(z):
        """Typed in a notebook, with another docstring."""
        z = np.asarray(z, dtype=float)
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))

    assert not ex.check_safe_sigmoid(safe_sigmoid)
    assert verdict().startswith("Not done yet:")


def test_safe_sigmoid_warning_after_an_edit_is_named(verdict):
    def edited(z):  # reformatted, same bug
        z = np.asarray(z, dtype=float)
        positive = 1 / (1 + np.exp(-z))
        return np.where(z >= 0, positive, np.exp(z) / (1 + np.exp(z)))

    assert not ex.check_safe_sigmoid(edited)
    out = verdict()
    assert out.startswith("Not yet: the values are right") and "overflow" in out and "np.where" in out


def test_safe_sigmoid_given_code_really_warns():
    with pytest.warns(RuntimeWarning, match="overflow"), np.errstate(over="warn", invalid="ignore"):
        ex.buggy_safe_sigmoid(np.array([-1000.0, 1000.0]))


@pytest.mark.parametrize(
    "fixed",
    [
        stable_sigma,
        lambda z: np.where(z >= 0, 1, np.exp(-np.abs(z))) / (1 + np.exp(-np.abs(z))),
        lambda z: np.exp(-np.logaddexp(0.0, -z)),  # another safe form
    ],
)
def test_safe_sigmoid_fixes_pass(fixed, verdict):
    assert ex.check_safe_sigmoid(fixed)
    assert verdict().startswith("Correct:")


def test_safe_sigmoid_calling_the_library_is_named(verdict):
    import lesson_utils as lu

    assert not ex.check_safe_sigmoid(lu.sigmoid)
    assert "hides the bug" in verdict()

    def wrapper(z):
        return lu.sigmoid(z)

    assert not ex.check_safe_sigmoid(wrapper)
    assert "hides the bug" in verdict()


def test_safe_sigmoid_other_ready_made_sigmoid_is_named(verdict):
    expit = stable_sigma  # stands for scipy.special.expit, which is recognised by its name

    def with_expit(z):
        return expit(z)

    assert not ex.check_safe_sigmoid(with_expit)
    assert "hides the bug" in verdict()


def test_safe_sigmoid_silencing_the_warning_is_named(verdict):
    def silenced(z):
        z = np.asarray(z, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))

    assert not ex.check_safe_sigmoid(silenced)
    out = verdict()
    assert out.startswith("Not yet:") and "silences numpy's warnings" in out


def test_safe_sigmoid_lost_tiny_values_are_described_as_values(verdict):
    def clipped(z):  # no warning any more, but σ(−710) and σ(−1000) come out wrong
        z = np.clip(np.asarray(z, dtype=float), -500.0, 500.0)
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))

    assert not ex.check_safe_sigmoid(clipped)
    out = verdict()
    assert out.startswith("Not yet:") and "tiny ones" in out and "overflow" not in out


def test_safe_sigmoid_half_fixed_still_warns(verdict):
    def half(z):  # the positive branch fixed, the negative one still forms e^z for z = 1000
        return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(z) / (1 + np.exp(z)))

    assert not ex.check_safe_sigmoid(half)
    assert "overflow" in verdict()


def test_safe_sigmoid_tolerance(verdict):
    assert ex.check_safe_sigmoid(lambda z: stable_sigma(z) * (1 + 1e-11))
    assert not ex.check_safe_sigmoid(lambda z: stable_sigma(z) * 1.01)
    verdict()


def test_safe_sigmoid_scalar_only_code_is_reported(verdict):
    assert not ex.check_safe_sigmoid(lambda z: 1 / (1 + math.exp(-z)))
    assert "raised TypeError" in verdict()


def test_safe_sigmoid_placeholder(verdict):
    assert not ex.check_safe_sigmoid(lambda z: None)
    assert verdict().startswith("Not done yet:")


# ---------- exercise 3: why σ(40) == 1.0 ----------


def test_sigma_40_right(verdict):
    assert ex.check_sigma_40("c")
    assert verdict().startswith("Correct:")


@pytest.mark.parametrize("option", ["a", "b", "d"])
def test_sigma_40_every_wrong_option_has_its_own_explanation(option, verdict):
    assert not ex.check_sigma_40(option)
    assert verdict() == f"Not yet: ({option}) {ex.check_sigma_40.keywords['explanations'][option]}"


def test_sigma_40_facts_behind_the_options():
    assert math.exp(-40.0) > 0 and math.exp(-40.0) == pytest.approx(4.248e-18, rel=1e-3)  # (b) is false
    assert 1.0 + math.exp(-40.0) == 1.0  # (c): the sum rounds to 1
    assert 1.0 - np.nextafter(1.0, 0.0) == pytest.approx(1.11e-16, rel=1e-2)


def test_sigma_40_placeholder_and_silly(verdict):
    assert not ex.check_sigma_40(None)
    assert verdict().startswith("Not done yet:")
    assert not ex.check_sigma_40(3)
    assert verdict().startswith("Not yet: answer with one letter")


# ---------- exercise 4: 1 − σ(z) ----------


def test_one_minus_sigmoid_right(verdict):
    assert ex.check_one_minus_sigmoid(lambda z: stable_sigma(-z))
    assert verdict().startswith("Correct:")


def test_one_minus_sigmoid_math_right(verdict):
    def by_branch(z):
        return math.exp(-z) / (1 + math.exp(-z)) if z > 0 else 1 / (1 + math.exp(z))

    assert ex.check_one_minus_sigmoid(by_branch)
    assert verdict().startswith("Correct:")


def test_one_minus_sigmoid_tolerance(verdict):
    assert ex.check_one_minus_sigmoid(lambda z: stable_sigma(-z) * (1 + 1e-11))
    assert not ex.check_one_minus_sigmoid(lambda z: stable_sigma(-z) * 1.01)
    verdict()


def test_one_minus_sigmoid_placeholder(verdict):
    assert not ex.check_one_minus_sigmoid(lambda z: None)
    assert verdict().startswith("Not done yet:")


# ---------- exercise 5: the float32 threshold ----------


def test_float32_threshold_right(verdict):
    assert ex.check_float32_threshold(float(np.log(2 / np.finfo(np.float32).eps)))
    assert verdict().startswith("Correct:")


def test_float32_threshold_tolerance(verdict):
    assert ex.check_float32_threshold(16.64)  # four significant digits
    assert ex.check_float32_threshold(16.63553)  # the largest float32 with σ < 1, found by search
    assert not ex.check_float32_threshold(16.6355 * 1.01)
    verdict()


def test_float32_threshold_placeholder_and_text(verdict):
    assert not ex.check_float32_threshold(None)
    assert verdict().startswith("Not done yet:")
    assert not ex.check_float32_threshold("16.64")
    assert "not as text" in verdict()


@pytest.mark.parametrize("z", [16.0, 16.6])
def test_float32_threshold_is_where_rounding_starts(z):
    # independent confirmation of the expected value with float32 arithmetic itself
    one = np.float32(1)
    assert one / (one + np.exp(np.float32(-z))) < one
    assert one / (one + np.exp(np.float32(-16.64))) == one
    assert ex.FLOAT32_ONE_AT == pytest.approx(16.6355, abs=1e-4)


# --- every exercise: each named mistake gets its own message --------------------


@pytest.mark.parametrize(("check", "wrong", "words"), [
    (ex.check_log_sigmoid, lambda z: np.log(textbook_sigma(z)), "formed σ(z) first"),
    (ex.check_log_sigmoid, lambda z: np.log(stable_sigma(z)), "formed σ(z) first"),
    (ex.check_log_sigmoid, lambda z: -np.log1p(np.exp(-z)), "exp(800) overflows"),
    (ex.check_log_sigmoid, lambda z: np.logaddexp(0.0, -z), "sign is flipped"),
    (ex.check_log_sigmoid, lambda z: -np.logaddexp(0.0, z), "log σ(−z)"),
    (ex.check_safe_sigmoid,
     lambda z: np.where(z >= 0, np.exp(z) / (1 + np.exp(z)), 1 / (1 + np.exp(-z))), "swapped"),
    (ex.check_safe_sigmoid, lambda z: 1 / (1 + np.exp(-np.abs(z))), "σ(|z|)"),
    (ex.check_safe_sigmoid, lambda z: np.where(z >= 0, np.exp(z) / (1 + np.exp(z)), np.nan), "NaN or inf"),
    (ex.check_one_minus_sigmoid, lambda z: 1 - stable_sigma(z), "subtract σ(z) from 1"),
    (ex.check_one_minus_sigmoid, lambda z: 1 - textbook_sigma(z), "subtract σ(z) from 1"),
    (ex.check_one_minus_sigmoid, lambda z: stable_sigma(z), "that is σ(z) itself"),
    (ex.check_one_minus_sigmoid, lambda z: 1 / (1 + np.exp(z)), "overflows above z = 709.78"),
    (ex.check_one_minus_sigmoid, lambda z: np.exp(-z), "only for large z"),
    (ex.check_float32_threshold, 36.7368, "float64 threshold"),
    (ex.check_float32_threshold, float(np.log(1 / np.finfo(np.float32).eps)), "e^(−z) = eps"),
    (ex.check_float32_threshold, -16.6355, "sign is flipped"),
    (ex.check_float32_threshold, 7.2247, "log10"),
    (ex.check_float32_threshold, 16.6, "rounded to three digits"),
    (ex.check_float32_threshold, 24, "number of significant bits"),
])
def test_named_mistakes(check, wrong, words, not_yet):
    not_yet(check, wrong, words)
