"""VAR on weekly counts with Granger tests."""
from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("statsmodels")

from sitrep.escalation.checks import EscalationInputError  # noqa: E402
from sitrep.escalation.var import default_maxlags, var_granger  # noqa: E402
from sitrep.records import to_dict  # noqa: E402


def _weekly(times, T):
    weeks = int(T // 7)
    return np.stack([np.bincount((t // 7).astype(int), minlength=weeks + 1)[:weeks] for t in times], axis=1)


def test_escalation_var_independent_poisson_no_granger_causality():
    rng = np.random.default_rng(4)
    T = 2100.0
    times = [np.sort(rng.uniform(0, T, rng.poisson(r * T))) for r in (1.0, 0.7)]
    res = var_granger(_weekly(times, T))
    assert res.estimable and res.weeks == 300
    assert res.granger["a_causes_b"]["p"] > 0.05
    assert res.granger["b_causes_a"]["p"] > 0.05


def test_escalation_var_detects_b_following_a_a_week_later():
    rng = np.random.default_rng(0)
    a = rng.poisson(4, 400)
    b = rng.poisson(1 + 0.6 * np.concatenate([[4], a[:-1]]))
    res = var_granger(np.stack([a, b], axis=1))
    assert res.granger["a_causes_b"]["p"] < 0.01
    assert res.granger["b_causes_a"]["p"] > 0.05
    assert res.coefficients[0][1][0] == pytest.approx(0.6, abs=0.15)   # B's equation, A one week ago
    assert res.stable


def test_escalation_var_hawkes_dyad_granger_one_way():
    from sitrep.escalation.simulate import simulate_hawkes
    T = 3500.0
    times = simulate_hawkes((0.6, 0.2), ((0.2, 0.0), (0.5, 0.0)), 1 / 7, T, seed=6)
    res = var_granger(_weekly(times, T))
    assert res.granger["a_causes_b"]["p"] < 0.01
    assert res.granger["b_causes_a"]["p"] > 0.05


def test_escalation_var_order_chosen_by_aic_within_bounds():
    rng = np.random.default_rng(3)
    data = rng.poisson(3, (120, 2))
    res = var_granger(data)
    assert default_maxlags(120) == 8 and default_maxlags(20) == 3 and default_maxlags(5) == 1
    assert 1 <= res.lags <= res.maxlags == 8
    assert set(res.aic) == set(range(0, 9))
    assert len(res.coefficients) == res.lags and len(res.intercept) == 2
    json.dumps(to_dict(res), allow_nan=False)


@pytest.mark.parametrize("column", [0, 1])
def test_escalation_var_constant_column_not_estimable(column):
    rng = np.random.default_rng(1)
    data = rng.poisson(2, (60, 2))
    data[:, column] = 0
    res = var_granger(data)
    assert not res.estimable and res.lags == 0
    assert res.granger["a_causes_b"]["p"] is None
    assert "no variance" in res.notes[0]
    json.dumps(to_dict(res), allow_nan=False)


def test_escalation_var_nearly_empty_column_does_not_crash():
    rng = np.random.default_rng(1)
    data = np.stack([rng.poisson(2, 60), np.zeros(60, int)], axis=1)
    data[10, 1] = 1
    res = var_granger(data)
    assert res.estimable in (True, False)
    json.dumps(to_dict(res), allow_nan=False)


@pytest.mark.parametrize("weekly, maxlags", [
    (np.zeros(30), None),
    (np.zeros((30, 3)), None),
    (np.ones((5, 2)), None),
    (np.full((30, 2), -1.0), None),
    (np.full((30, 2), np.nan), None),
    ([["a", "b"]] * 30, None),
    (np.ones((30, 2)), 0),
    (np.ones((30, 2)), 1.5),
])
def test_escalation_var_bad_input_raises(weekly, maxlags):
    with pytest.raises(EscalationInputError):
        var_granger(weekly, maxlags=maxlags)
