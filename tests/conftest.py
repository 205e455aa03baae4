"""Shared fixtures. Unit tests draw off-screen; notebooks under nbval use their own kernels."""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (after choosing the off-screen backend)


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test leaves no figure open behind it."""
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def article_split():
    """The article's data set, split 80/20, as every lesson uses it."""
    from lesson_utils import make_two_gaussians, train_test_split

    x, y = make_two_gaussians()
    return train_test_split(x, y)


@pytest.fixture(scope="session")
def small_split():
    """4,000 samples of the article's two Gaussians (seed 3), split 80/20: quick to train on."""
    from lesson_utils import make_two_gaussians, train_test_split

    x, y = make_two_gaussians(4000, seed=3)
    return train_test_split(x, y)


@pytest.fixture(scope="session")
def explorer_sample(small_split):
    """Lesson 6's explorer data of ``small_split`` (all of it: smaller than the sample) with 200 drawn."""
    from lesson_utils.viz.experiment import explorer_data

    x_train, x_test, y_train, y_test = small_split
    return explorer_data(x_train, y_train, x_test, y_test, n_scatter=200)


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


@pytest.fixture
def verdict(capsys):
    """A function returning what the exercise checks printed since the last call, stripped."""
    return lambda: capsys.readouterr().out.strip()


@pytest.fixture
def not_yet(verdict):
    """A function asserting that ``check(answer)`` returns False and prints a "Not yet:" verdict
    naming the mistake by ``words``: the one body of every named-mistake test."""

    def assert_named(check, answer, words: str) -> None:
        assert check(answer) is False
        out = verdict()
        assert out.startswith("Not yet:") and words in out, out

    return assert_named

