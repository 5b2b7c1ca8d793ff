"""Response lags against circular-shift baselines."""
from __future__ import annotations

import json

import numpy as np
import pytest

from sitrep.escalation.checks import EscalationInputError
from sitrep.escalation.lags import _shifted_lags, next_lags, response_lags
from sitrep.records import to_dict


def _answering(T=1000.0, seed=1, share=0.7, delay=2.0, n=200):
    """A acts at random; B answers a share of A's acts after ~delay days, plus its own acts."""
    rng = np.random.default_rng(seed)
    a = np.sort(rng.uniform(0, T, n))
    answered = a[rng.random(len(a)) < share]
    b = np.concatenate([answered + rng.exponential(delay, len(answered)), rng.uniform(0, T, 50)])
    return a, np.sort(b[b <= T])


def test_escalation_lags_next_act_and_censoring():
    a = np.array([1.0, 4.0, 9.0])
    b = np.array([2.5, 4.0, 7.0])
    assert list(next_lags(a, b)) == [1.5, 0.0, np.inf]
    res = response_lags(a, b, 10.0, n_permutations=0)
    assert res.lags_days == (1.5, 0.0)
    assert res.n_censored == 1 and res.median_days == 0.75
    assert res.p_value is None and res.n_permutations == 0


def test_escalation_lags_detects_a_two_day_answer():
    a, b = _answering()
    res = response_lags(a, b, 1000.0, n_permutations=1000, seed=7)
    assert res.p_value < 0.01
    assert res.median_days < 3 < res.baseline_median_days
    assert res.histogram["observed"][0] > 2 * res.histogram["baseline"][0]


def test_escalation_lags_independent_series_not_detected():
    rng = np.random.default_rng(5)
    a = np.sort(rng.uniform(0, 1000, 200))
    b = np.sort(rng.uniform(0, 1000, 190))
    res = response_lags(a, b, 1000.0, n_permutations=1000, seed=7)
    assert res.p_value > 0.05


def test_escalation_lags_clustered_independent_series_not_detected():
    # Both sides come in bursts (self-excitation) but ignore each other: the circular shift
    # keeps B's bursts, so B's clustering is not read as answers to A.
    from sitrep.escalation.simulate import simulate_hawkes
    a = simulate_hawkes((0.05,), ((0.8,),), 0.3, 2000.0, seed=3)[0]
    b = simulate_hawkes((0.05,), ((0.8,),), 0.3, 2000.0, seed=4)[0]
    res = response_lags(a, b, 2000.0, n_permutations=500, seed=7)
    assert res.p_value > 0.05


def test_escalation_lags_shifted_series_match_explicit_rotation():
    rng = np.random.default_rng(0)
    T = 100.0
    for whole in (False, True):
        a = np.sort(rng.uniform(0, T, 30))
        b = np.sort(rng.uniform(0, T, 25))
        shifts = rng.uniform(0, T, 6)
        if whole:
            a, b, shifts = np.floor(a), np.floor(b), np.floor(shifts)
        got = _shifted_lags(a, b, T, shifts)
        for row, s in zip(got, shifts):
            want = next_lags(a, np.sort((b + s) % T))
            want[~np.isfinite(want)] = np.nan
            assert np.allclose(row, want, equal_nan=True)


def test_escalation_lags_whole_days_use_every_shift_once():
    a, b = _answering(T=200.0, seed=2, n=40)
    res = response_lags(np.floor(a), np.floor(b), 200.0, n_permutations=1000)
    assert res.n_permutations == 200 - 2 * 30 + 1      # shifts of 30..170 days
    assert "exact" in res.null
    assert res.p_value < 0.05


def test_escalation_lags_histogram_is_consistent():
    a, b = _answering()
    res = response_lags(a, b, 1000.0, n_permutations=200)
    h = res.histogram
    assert h["edges"][0] == 0 and h["edges"][-1] == 1000.0
    assert len(h["observed"]) == len(h["baseline"]) == len(h["edges"]) - 1
    assert sum(h["observed"]) == len(res.lags_days)
    assert 0 < sum(h["baseline"]) <= len(a)


def test_escalation_lags_tied_day_medians_are_broken_by_the_mean():
    # Dense day series: most arrangements have a median lag of 0 days, like the observed one;
    # the answers still show in the mean lag.
    a, b = _answering(T=200.0, seed=2, n=200, delay=1.0)
    res = response_lags(np.floor(a), np.floor(b), 200.0)
    assert res.median_days == res.baseline_median_days == 0.0
    assert res.p_value < 0.01
    rng = np.random.default_rng(8)
    indep = response_lags(np.floor(a), np.sort(rng.integers(0, 200, len(b))).astype(float), 200.0)
    assert indep.p_value > 0.05


def test_escalation_lags_seeded_and_plain():
    a, b = _answering()
    one = response_lags(a, b, 1000.0, n_permutations=300, seed=3)
    assert one == response_lags(a, b, 1000.0, n_permutations=300, seed=3)
    json.dumps(to_dict(one), allow_nan=False)


@pytest.mark.parametrize("a, b", [([], [1.0, 2.0]), ([1.0, 2.0], []), ([], [])])
def test_escalation_lags_empty_side(a, b):
    res = response_lags(np.array(a), np.array(b), 10.0)
    assert res.lags_days == () and res.median_days is None and res.p_value is None


@pytest.mark.parametrize("kwargs", [
    {"T": 0.0}, {"T": float("inf")}, {"b": [1.0, 20.0]}, {"a": [[1.0]]}, {"a": [float("nan")]},
    {"n_permutations": -1}, {"n_permutations": 2.5}, {"edges": (1.0, 2.0)}, {"edges": (0.0, 2.0, 1.0)},
    {"min_shift_days": 9.0},
])
def test_escalation_lags_bad_input_raises(kwargs):
    args = {"a": [1.0, 2.0], "b": [3.0], "T": 10.0}
    extra = {k: v for k, v in kwargs.items() if k not in args}
    args.update({k: v for k, v in kwargs.items() if k in args})
    with pytest.raises(EscalationInputError):
        response_lags(args["a"], args["b"], args["T"], **extra)


def test_escalation_lags_cost_is_near_linear():
    rng = np.random.default_rng(0)
    a = np.sort(rng.uniform(0, 20_000, 20_000))
    b = np.sort(rng.uniform(0, 20_000, 20_000))
    res = response_lags(a, b, 20_000.0, n_permutations=100)
    assert res.n_permutations == 100 and len(res.lags_days) > 19_000
