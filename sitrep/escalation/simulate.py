"""Simulation of a multivariate exponential-kernel Hawkes process by Ogata's thinning.

Same parameterisation as :mod:`sitrep.escalation.hawkes`: ``lambda_i(t) = mu_i + sum_j
alpha_ij beta sum_{t_k^j < t} exp(-beta (t - t_k^j))``, times in days.  Thinning (Ogata, *IEEE
Trans. Inf. Theory* 27, 1981): between events every intensity only decays, so the total
intensity just after the current point bounds it until the next event; a candidate drawn at that
rate is kept with probability ``lambda(t) / bound`` and given side i with probability
``lambda_i(t) / lambda(t)``.  Event times are exact (continuous), not day stamps.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from sitrep.escalation.checks import EscalationInputError, check_period
from sitrep.escalation.hawkes import _check_params

MAX_EVENTS = 5_000_000
_BATCH = 8192


def simulate_hawkes(baseline: Sequence[float], branching: Sequence[Sequence[float]], decay: float,
                    T: float, seed: int = 7, *, max_events: int = MAX_EVENTS) -> list[np.ndarray]:
    """Event times of each side on ``[0, T]`` days.

    ``baseline``: (K,) events/day; ``branching``: (K, K), ``branching[i][j]`` expected side-i
    events triggered by one side-j event; ``decay``: per day; ``seed``: for
    ``numpy.random.default_rng``.  Returns K sorted float arrays.  Raises
    :class:`EscalationInputError` on malformed parameters, or when more than ``max_events``
    events are drawn (an explosive process: spectral radius of ``branching`` >= 1).
    Cost: O(number of candidates), about 2 microseconds each for K = 2.
    """
    T = check_period(T)
    mu_arr = np.asarray(baseline, dtype=float)
    K = mu_arr.size
    mu_arr, alpha_arr, beta = _check_params(mu_arr, branching, decay, K)
    mu = [float(v) for v in mu_arr]
    # jump[j][i]: what one side-j event adds to lambda_i
    jump = [[float(alpha_arr[i, j]) * beta for i in range(K)] for j in range(K)]
    rng = np.random.default_rng(seed)
    excite = [0.0] * K                                   # excite[i] = lambda_i(t) - mu_i
    out: list[list[float]] = [[] for _ in range(K)]
    t, n_events = 0.0, 0
    bound = sum(mu)
    if bound <= 0:
        return [np.empty(0) for _ in range(K)]
    exp_draws, uni_draws, pos = rng.standard_exponential(_BATCH), rng.random(_BATCH), 0
    while True:
        if pos == _BATCH:
            exp_draws, uni_draws, pos = rng.standard_exponential(_BATCH), rng.random(_BATCH), 0
        w = exp_draws[pos] / bound
        u = uni_draws[pos] * bound
        pos += 1
        t += w
        if t > T:
            break
        fade = math.exp(-beta * w)
        excite = [e * fade for e in excite]
        lams = [m + e for m, e in zip(mu, excite)]
        total = sum(lams)
        if u < total:
            i, acc = 0, lams[0]
            while u >= acc and i < K - 1:
                i += 1
                acc += lams[i]
            out[i].append(t)
            n_events += 1
            if n_events > max_events:
                raise EscalationInputError(
                    f"simulation passed {max_events} events: the process is explosive or T too long "
                    f"(spectral radius of branching {np.max(np.abs(np.linalg.eigvals(alpha_arr))):.3g})")
            excite = [e + d for e, d in zip(excite, jump[i])]
            total += sum(jump[i])
        bound = total
    return [np.asarray(side, dtype=float) for side in out]
