"""A vector autoregression on weekly counts with Granger tests: the literature's cross-check.

Haushofer, Biletzki & Kanwisher (*PNAS* 2010) and Jaeger & Paserman (*AER* 2008) ask whether one
side's past violence predicts the other's beyond the other's own past.  Here: a VAR(p) with an
intercept on the (weeks, 2) table of weekly counts, column 0 = A's acts on B, column 1 = B's acts
on A, fitted by least squares with statsmodels (``statsmodels.tsa.api.VAR``); the order ``p``
minimises Akaike's criterion over ``1..maxlags`` (default ``min(8, weeks // 6)``, at least 1; an
order of 0 chosen by AIC is raised to 1 so that the tests exist); the Granger tests are the F
tests of ``VARResults.test_causality`` that the p lagged coefficients of one column in the
other's equation are all zero (Lütkepohl 2005, section 3.6.1).  Beside them: the portmanteau
test of residual whiteness and whether the fitted VAR is stable (all roots outside the unit
circle).  Counts are small integers, so the F test's normality is an approximation; the Hawkes
fit is the primary model and this the comparison.

A column with no variance (e.g. one side never acts) makes the regressors collinear: the result
then says ``estimable=False`` with the reason and reports no tests, rather than failing.

Errors: a table that is not (weeks, 2) of finite non-negative counts, or too short for one lag,
raises :class:`sitrep.escalation.checks.EscalationInputError`.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from sitrep.escalation.checks import EscalationInputError

MAX_DEFAULT_LAGS = 8
WEEKS_PER_LAG = 6              # default maxlags = weeks // 6: keeps >= 6 observations per lag
MIN_WEEKS = 8                  # below this not even a VAR(1) with 3 coefficients per equation is sensible
COLUMNS = ("a_on_b", "b_on_a")


@dataclass(frozen=True)
class VarResult:
    """A VAR on weekly counts and its Granger tests (see the module docstring).

    ``lags``: the order p chosen by AIC (0 when not estimable); ``granger``: ``{"a_causes_b":
    {"F", "p", "df"}, "b_causes_a": {...}}`` (F statistic, p-value, (numerator, denominator)
    degrees of freedom; None when not estimable); ``coefficients[l][i][j]``: effect of column j's
    count l+1 weeks ago on column i's count (counts per week per count); ``intercept[i]``;
    ``weeks``: rows used.  ``whiteness``: portmanteau test ``{"statistic", "p", "nlags"}`` (a small
    p: residual autocorrelation left, a longer order may be needed); ``stable``: all roots
    outside the unit circle.
    """
    lags: int
    granger: dict
    coefficients: tuple[tuple[tuple[float, ...], ...], ...]
    weeks: int
    # additions beyond the contract
    intercept: tuple[float, ...] = ()
    maxlags: int = 0
    aic: dict = field(default_factory=dict)      # {order: AIC} for the orders compared
    whiteness: dict = field(default_factory=dict)
    stable: bool | None = None
    estimable: bool = True
    columns: tuple[str, ...] = COLUMNS
    notes: tuple[str, ...] = ()


def check_weekly(weekly) -> np.ndarray:
    """The weekly table as a (weeks, 2) float array; raises :class:`EscalationInputError` unless it
    is 2-D with two columns, finite, non-negative, with at least :data:`MIN_WEEKS` rows."""
    try:
        arr = np.asarray(weekly, dtype=float)
    except (TypeError, ValueError) as exc:
        raise EscalationInputError("weekly counts must be numbers, shape (weeks, 2)") from exc
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise EscalationInputError(f"weekly counts must have shape (weeks, 2), got {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise EscalationInputError("weekly counts must be finite and non-negative")
    if arr.shape[0] < MIN_WEEKS:
        raise EscalationInputError(f"weekly counts: {arr.shape[0]} weeks, at least {MIN_WEEKS} are needed")
    return arr


def default_maxlags(weeks: int) -> int:
    """``min(8, weeks // 6)``, at least 1."""
    return max(1, min(MAX_DEFAULT_LAGS, weeks // WEEKS_PER_LAG))


def _not_estimable(weeks: int, maxlags: int, reason: str) -> VarResult:
    none = {"F": None, "p": None, "df": None}
    return VarResult(lags=0, granger={"a_causes_b": dict(none), "b_causes_a": dict(none)}, coefficients=(),
                     weeks=weeks, maxlags=maxlags, estimable=False, notes=(reason,))


def _finite(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def var_granger(weekly, maxlags: int | None = None) -> VarResult:
    """Fit a VAR to ``weekly`` (weeks, 2) counts and run Granger F tests both ways.

    ``maxlags``: the largest order compared by AIC (default ``min(8, weeks // 6)``, at least 1;
    capped so that each equation keeps more observations than coefficients).  Cost: O(weeks x
    maxlags^2).  Raises :class:`EscalationInputError` on a malformed table; a column with no
    variance gives ``estimable=False`` (module docstring).
    """
    from statsmodels.tsa.api import VAR

    data = check_weekly(weekly)
    weeks = data.shape[0]
    if maxlags is None:
        maxlags = default_maxlags(weeks)
    if isinstance(maxlags, bool) or not isinstance(maxlags, (int, np.integer)) or maxlags < 1:
        raise EscalationInputError(f"maxlags must be a whole number >= 1, got {maxlags!r}")
    # each equation has 1 + 2p coefficients and weeks - p rows: keep at least 2 rows of slack per lag
    cap = max(1, (weeks - 3) // 4)
    maxlags = int(min(maxlags, cap))
    flat = [COLUMNS[i] for i in range(2) if np.ptp(data[:, i]) == 0]
    if flat:
        return _not_estimable(weeks, maxlags, f"VAR not estimable: no variance in {', '.join(flat)} "
                                              f"(the same count every week)")
    notes = []
    model = VAR(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            order = model.select_order(maxlags, trend="c")
            aic = {int(p): _finite(v) for p, v in enumerate(order.ics["aic"])}
            p = int(order.aic)
            if p < 1:
                notes.append("AIC chose order 0 (no dynamics); order 1 fitted so that the tests exist")
                p = 1
            res = model.fit(p, trend="c")
            tests = {}
            for key, caused, causing in (("a_causes_b", 1, 0), ("b_causes_a", 0, 1)):
                t = res.test_causality(caused, causing, kind="f")
                tests[key] = {"F": _finite(t.test_statistic), "p": _finite(t.pvalue),
                              "df": [int(d) for d in t.df]}
            white_lags = max(p + 2, min(10, (weeks - p) // 4))
            try:
                w = res.test_whiteness(nlags=white_lags)
                whiteness = {"statistic": _finite(w.test_statistic), "p": _finite(w.pvalue), "nlags": white_lags}
            except (ValueError, np.linalg.LinAlgError):
                whiteness = {}
            stable = bool(res.is_stable())
    except (np.linalg.LinAlgError, ValueError) as exc:
        return _not_estimable(weeks, maxlags, f"VAR not estimable: {exc}")
    if not stable:
        notes.append("the fitted VAR is not stable (a root on or inside the unit circle): a trend or "
                     "a change of regime; read the tests with care")
    coefs = tuple(tuple(tuple(float(v) for v in row) for row in lag) for lag in res.coefs)
    return VarResult(lags=p, granger=tests, coefficients=coefs, weeks=weeks,
                     intercept=tuple(float(v) for v in res.intercept), maxlags=maxlags, aic=aic,
                     whiteness=whiteness, stable=stable, notes=tuple(notes))
