"""Hawkes fits on simulated series: recovery, standard errors, goodness of fit, edge cases."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

pytest.importorskip("scipy")

from sitrep.escalation.checks import EscalationInputError  # noqa: E402
from sitrep.escalation.hawkes import (_Likelihood, _events, decay_bounds, fit_hawkes,  # noqa: E402
                                      fitted_intensity, hawkes_loglik, poisson_gof)
from sitrep.escalation.simulate import simulate_hawkes  # noqa: E402

# A dyad where B answers A more than A answers B; stationary (spectral radius 0.62).
BASELINE = (0.25, 0.15)
BRANCHING = ((0.35, 0.25), (0.45, 0.20))
DECAY = 0.5                      # per day: mean response 2 days
T_LONG = 80_000.0                # about 88,000 events


@pytest.fixture(scope="module")
def simulated():
    times = simulate_hawkes(BASELINE, BRANCHING, DECAY, T_LONG, seed=3)
    return times, fit_hawkes(times, T_LONG)


def _poisson(rates, T, seed):
    rng = np.random.default_rng(seed)
    return [np.sort(rng.uniform(0, T, rng.poisson(r * T))) for r in rates]


def _direct_loglik(times, T, mu, alpha, beta):
    """The log-likelihood summed pair by pair, O(n^2): the reference for the recursion."""
    total = 0.0
    for i, side in enumerate(times):
        for t in side:
            lam = mu[i]
            for j, other in enumerate(times):
                earlier = other[other < t]
                lam += alpha[i][j] * beta * np.exp(-beta * (t - earlier)).sum()
            total += math.log(lam)
        total -= mu[i] * T
        for j, other in enumerate(times):
            total -= alpha[i][j] * (1 - np.exp(-beta * (T - other))).sum()
    return total


def test_escalation_hawkes_simulation_has_enough_events(simulated):
    times, fit = simulated
    assert sum(len(s) for s in times) >= 20_000
    assert fit.n_events == tuple(len(s) for s in times)


def test_escalation_hawkes_recovers_baseline_branching_and_decay(simulated):
    _, fit = simulated
    assert fit.identifiable and fit.converged
    for got, true in zip(fit.baseline, BASELINE):
        assert abs(got - true) <= 0.10 * true
    for got_row, true_row in zip(fit.branching, BRANCHING):
        for got, true in zip(got_row, true_row):
            assert abs(got - true) <= 0.10 * true
    assert abs(fit.decay - DECAY) <= 0.10 * DECAY
    assert fit.mean_response_days == pytest.approx(1 / fit.decay)


def test_escalation_hawkes_stderr_covers_the_truth(simulated):
    _, fit = simulated
    se = fit.stderr
    pairs = list(zip(fit.baseline, se["baseline"], BASELINE))
    pairs += [(g, s, t) for gr, sr, tr in zip(fit.branching, se["branching"], BRANCHING) for g, s, t in zip(gr, sr, tr)]
    pairs.append((fit.decay, se["decay"], DECAY))
    for got, err, true in pairs:
        assert 0 < err < 0.1 * true
        assert abs(got - true) < 4 * err


def test_escalation_hawkes_gof_accepts_true_model_and_rejects_poisson(simulated):
    times, fit = simulated
    assert min(fit.gof["p_value"]) > 0.01
    assert max(fit.gof["poisson"]["p_value"]) < 1e-6
    assert max(poisson_gof(times, T_LONG)["p_value"]) < 1e-6
    assert fit.excitation_test["p_value"] < 1e-6


def test_escalation_hawkes_triggered_share_matches_stationary_reading(simulated):
    _, fit = simulated
    # In the stationary process side i's rate is ((I - A)^-1 mu)_i; its background share is mu_i / rate_i.
    rate = np.linalg.solve(np.eye(2) - np.array(BRANCHING), np.array(BASELINE))
    expected = 1 - np.array(BASELINE) / rate
    assert np.allclose(fit.triggered_share, expected, atol=0.03)
    assert np.allclose(np.sum(fit.triggered_by, axis=1), fit.triggered_share)


def test_escalation_hawkes_independent_poisson_gives_no_excitation():
    T = 10_000.0
    times = _poisson((1.0, 0.7), T, seed=4)
    fit = fit_hawkes(times, T)
    # No excitation by the likelihood ratio, and no branching entry significantly above 0.
    assert fit.excitation_test["p_value"] > 0.05
    assert fit.identifiable and any("excitation" in note for note in fit.notes)
    for row, errs in zip(fit.branching, fit.stderr["branching"]):
        for value, err in zip(row, errs):
            assert value == 0.0 or value < 3 * err
    # Slow excitation (a mean response of months) is hard to tell from a drifting baseline, so
    # on pure noise the point estimate can reach 0.2-0.35 then (20 seeds of this size); at the
    # response times that matter for retaliation (a week) it is ~0: at most 0.06 in 12 seeds.
    week = fit_hawkes(times, T, max_response_days=7)
    assert max(max(row) for row in week.branching) < 0.1
    assert max(week.triggered_share) < 0.1
    assert week.baseline == pytest.approx((1.0, 0.7), rel=0.1)


def test_escalation_hawkes_trend_is_not_passed_off_as_reaction():
    # No excitation, but both rates rise tenfold over the period: a Hawkes fit with a constant
    # baseline reads the trend as slow, explosive excitation, and must say so.
    rng = np.random.default_rng(0)
    T = 2000.0
    times = [np.sort(T * np.sqrt(rng.uniform(0, 1, n))) for n in (3000, 2000)]
    fit = fit_hawkes(times, T)
    assert (not fit.identifiable) or fit.spectral_radius >= 1
    assert any("explosive" in note or "drifts" in note for note in fit.notes)


def test_escalation_hawkes_loglik_recursion_matches_direct_sum():
    times = simulate_hawkes((0.4, 0.3), ((0.3, 0.2), (0.5, 0.1)), 0.8, 150.0, seed=2)
    mu, alpha, beta = (0.35, 0.25), ((0.2, 0.3), (0.4, 0.15)), 0.6
    assert hawkes_loglik(times, 150.0, mu, alpha, beta) == pytest.approx(
        _direct_loglik(times, 150.0, mu, alpha, beta), rel=1e-10)


def test_escalation_hawkes_gradient_matches_finite_differences():
    times = simulate_hawkes((0.4, 0.3), ((0.3, 0.2), (0.5, 0.1)), 0.8, 400.0, seed=5)
    lik = _Likelihood(_events(times, 400.0, seed=7, jitter_days=True))
    mu, alpha, beta = np.array([0.35, 0.25]), np.array([[0.2, 0.3], [0.4, 0.15]]), 0.6
    _, g_mu, g_alpha, g_beta = lik.value_and_grad(mu, alpha, beta)

    def f(m=mu, a=alpha, b=beta):
        return lik.value_and_grad(m, a, b, grad=False)[0]

    h = 1e-6
    assert (f(m=mu + [h, 0]) - f(m=mu - [h, 0])) / (2 * h) == pytest.approx(g_mu[0], rel=1e-5)
    bump = np.zeros((2, 2))
    bump[1, 0] = h
    assert (f(a=alpha + bump) - f(a=alpha - bump)) / (2 * h) == pytest.approx(g_alpha[1, 0], rel=1e-5)
    assert (f(b=beta + h) - f(b=beta - h)) / (2 * h) == pytest.approx(g_beta, rel=1e-5)


@pytest.mark.parametrize("counts", [(20, 200), (200, 29), (0, 200)])
def test_escalation_hawkes_few_events_not_identifiable(counts):
    rng = np.random.default_rng(1)
    times = [np.sort(rng.uniform(0, 1000, n)) for n in counts]
    fit = fit_hawkes(times, 1000.0)
    assert not fit.identifiable
    assert any("fewer than 30" in note for note in fit.notes)
    json.dumps(fit.to_dict(), allow_nan=False)


@pytest.mark.parametrize("times", [[[], []], [[3.0], []]])
def test_escalation_hawkes_almost_no_events_does_not_crash(times):
    fit = fit_hawkes([np.asarray(s, float) for s in times], 10.0)
    assert not fit.identifiable
    assert all(math.isnan(v) for row in fit.branching for v in row)
    json.dumps(fit.to_dict(), allow_nan=False)


def test_escalation_hawkes_all_events_on_one_day_not_identifiable():
    fit = fit_hawkes([np.full(60, 4.0), np.full(45, 4.0)], 10.0)
    assert not fit.identifiable
    assert any("distinct days" in note for note in fit.notes)


@pytest.mark.parametrize("T", [0.5, 1e-3])
def test_escalation_hawkes_tiny_period_does_not_crash(T):
    rng = np.random.default_rng(2)
    fit = fit_hawkes([np.sort(rng.uniform(0, T, 40)), np.sort(rng.uniform(0, T, 40))], T)
    assert not fit.identifiable
    assert fit.decay >= decay_bounds(T)[0] * (1 - 1e-9)
    json.dumps(fit.to_dict(), allow_nan=False)


def test_escalation_hawkes_decay_bounds_follow_the_period():
    assert decay_bounds(10_000.0) == pytest.approx((1 / 180, 1000.0))
    assert decay_bounds(300.0)[0] == pytest.approx(1 / 30)
    lo, hi = decay_bounds(0.01)
    assert hi >= 10 * lo


def test_escalation_hawkes_day_stamps_are_spread_with_a_reported_seed():
    rng = np.random.default_rng(3)
    days = [np.sort(rng.integers(0, 400, 300)).astype(float), np.sort(rng.integers(0, 400, 200)).astype(float)]
    one, two = fit_hawkes(days, 400.0, seed=11), fit_hawkes(days, 400.0, seed=11)
    assert json.dumps(one.to_dict()) == json.dumps(two.to_dict())
    assert "seed 11" in one.ties and "500 day-stamped" in one.ties
    assert fit_hawkes(days, 400.0, seed=12).loglik != one.loglik
    assert "no jitter" in fit_hawkes(days, 400.0, jitter_days=False).ties


@pytest.mark.slow
def test_escalation_hawkes_day_resolution_recovers_slow_responses():
    # Mean response 5 days, times cut to whole days, spread again by the jitter.  Same-day
    # answers land in random order, so half of them read as the other direction: a measured tie
    # bias of up to ~7% of a branching entry at this decay (docs in hawkes.spread_ties); the
    # sampling error at 88,000 events is ~3%.  The day fit must stay within 10% of the truth.
    times = simulate_hawkes(BASELINE, BRANCHING, 0.2, T_LONG, seed=1)
    fit = fit_hawkes([np.floor(s) for s in times], T_LONG)
    assert fit.identifiable
    for got, true in zip(fit.baseline, BASELINE):
        assert abs(got - true) <= 0.10 * true
    for got_row, true_row in zip(fit.branching, BRANCHING):
        for got, true in zip(got_row, true_row):
            assert abs(got - true) <= 0.10 * true
    assert abs(fit.decay - 0.2) <= 0.10 * 0.2
    assert min(fit.gof["p_value"]) > 0.01


def test_escalation_hawkes_fitted_intensity_starts_at_baseline(simulated):
    times, fit = simulated
    grid, lam = fitted_intensity(fit, times, n_points=50)
    assert lam.shape == (2, 50) and grid[0] == 0.0
    assert lam[:, 0] == pytest.approx(fit.baseline)
    assert np.all(lam >= np.array(fit.baseline)[:, None] - 1e-12)


def test_escalation_hawkes_to_dict_is_plain_json(simulated):
    _, fit = simulated
    d = fit.to_dict()
    json.dumps(d, allow_nan=False)
    assert len(d["branching"]) == 2 and len(d["stderr"]["branching"][0]) == 2


@pytest.mark.parametrize("times, T", [
    ([np.array([1.0, 2.0])], 0.0),
    ([np.array([1.0, 2.0])], float("nan")),
    ([np.array([1.0, 2.0])], "ten"),
    ([np.array([1.0, 12.0])], 10.0),
    ([np.array([-1.0, 2.0])], 10.0),
    ([np.array([1.0, float("nan")])], 10.0),
    ([np.array([[1.0, 2.0]])], 10.0),
    (np.array([1.0, 2.0]), 10.0),
    ([], 10.0),
    ([["a", "b"]], 10.0),
])
def test_escalation_hawkes_bad_input_raises(times, T):
    with pytest.raises(EscalationInputError):
        fit_hawkes(times, T)


@pytest.mark.parametrize("longest", [0.0, -3.0, float("nan"), "long"])
def test_escalation_hawkes_bad_max_response_raises(longest):
    with pytest.raises(EscalationInputError):
        fit_hawkes([np.array([1.0, 2.0])], 10.0, max_response_days=longest)


def test_escalation_hawkes_simulate_explosive_process_raises():
    with pytest.raises(EscalationInputError):
        simulate_hawkes((1.0, 1.0), ((0.9, 0.5), (0.5, 0.9)), 1.0, 1e6, seed=1, max_events=10_000)
    with pytest.raises(EscalationInputError):
        simulate_hawkes((1.0, -1.0), ((0.1, 0.1), (0.1, 0.1)), 1.0, 10.0, seed=1)
