"""Lesson 9's checks: right answers pass, the article's count and near misses fail with a hint."""

import math

import numpy as np

from lesson_utils.exercises import lesson09 as ex


def verdict(capsys):
    return capsys.readouterr().out.split(":")[0]


def test_sample_gradients_right(capsys):
    assert ex.check_sample_gradients(100 * 80_000)
    assert "8,000,000" in capsys.readouterr().out


def test_sample_gradients_article_count_fails(capsys):
    assert not ex.check_sample_gradients(10_000_000)
    assert "training split" in capsys.readouterr().out


def test_sample_gradients_placeholder(capsys):
    assert not ex.check_sample_gradients(...)
    assert verdict(capsys) == "Not done yet"


def test_updates_per_epoch_right(capsys):
    assert ex.check_updates_per_epoch(lambda m, b: math.ceil(m / b))
    assert verdict(capsys) == "Correct"


def test_updates_per_epoch_floor_fails_on_partial_batch(capsys):
    assert not ex.check_updates_per_epoch(lambda m, b: m // b)
    out = capsys.readouterr().out
    assert out.startswith("Not yet: for input (100, 32) it returned 3")


def test_updates_per_epoch_placeholder(capsys):
    assert not ex.check_updates_per_epoch(None)
    assert verdict(capsys) == "Not done yet"


def test_noise_ratio_measured_passes(capsys):
    # measure it as a reader would: per-sample values, means of many batches of 16 and of 256
    rng = np.random.default_rng(0)
    values = rng.normal(size=80_000)
    std = {}
    for size in (16, 256):
        means = [values[rng.permutation(80_000)[: (80_000 // size) * size]].reshape(-1, size).mean(axis=1)
                 for _ in range(1 + 2_000 * size // 80_000)]
        std[size] = np.concatenate(means)[:2_000].std()
    assert ex.check_noise_ratio(std[16] / std[256])
    assert verdict(capsys) == "Correct"


def test_noise_ratio_linear_guess_fails(capsys):
    assert not ex.check_noise_ratio(16.0)
    assert verdict(capsys) == "Not yet"


def test_noise_ratio_expected_value_for_small_m(capsys):
    # m = 512: √16 · √(496 / 256) = 5.568...
    assert ex.check_noise_ratio(5.57, m=512)
    assert not ex.check_noise_ratio(4.0, m=512)
