"""Validation of the event series handed to the escalation statistics (hawkes, lags, var,
simulate), and the one error they raise on bad input.

The statistics core raises :class:`EscalationInputError` (a ``ValueError``) on malformed input:
a period length that is not a positive finite number of days, a time that is not finite or lies
outside ``[0, T]``, a series that is not one-dimensional, a weekly table of the wrong shape.  The
product layer (CLI, web) turns it into a coded :class:`sitrep.errors.SitrepError`, so a batch
never crashes on it.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np


class EscalationInputError(ValueError):
    """An event series, period or parameter given to the escalation statistics is malformed."""


def check_period(T: float) -> float:
    """``T`` as a float; raises :class:`EscalationInputError` unless it is finite and > 0 (days)."""
    try:
        value = float(T)
    except (TypeError, ValueError) as exc:
        raise EscalationInputError(f"period length T must be a number of days, got {T!r}") from exc
    if not np.isfinite(value) or value <= 0:
        raise EscalationInputError(f"period length T must be a positive finite number of days, got {T!r}")
    return value


def check_times(times: Sequence[float] | np.ndarray, T: float, *, name: str = "times") -> np.ndarray:
    """One side's event times as a sorted float64 array.

    ``times``: 1-D array-like of days since the start of the period, each in ``[0, T]``.
    Raises :class:`EscalationInputError` when the array is not 1-D, holds a non-finite value or a
    value outside ``[0, T]``.
    """
    try:
        arr = np.asarray(times, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise EscalationInputError(f"{name}: event times must be numbers (days)") from exc
    if arr.ndim != 1:
        raise EscalationInputError(f"{name}: event times must be a 1-D array, got shape {arr.shape}")
    if arr.size and not np.all(np.isfinite(arr)):
        raise EscalationInputError(f"{name}: event times must be finite")
    if arr.size and (arr.min() < 0 or arr.max() > T):
        raise EscalationInputError(
            f"{name}: event times must lie in [0, T={T:g}] days, got [{arr.min():g}, {arr.max():g}]")
    return np.sort(arr, kind="stable")


def check_series(times: Sequence[Sequence[float] | np.ndarray], T: float) -> list[np.ndarray]:
    """Every side's event times, checked by :func:`check_times`; at least one side."""
    if isinstance(times, np.ndarray) and times.ndim == 1 and times.dtype != object:
        raise EscalationInputError("times must be a sequence of arrays, one per side (e.g. [a_times, b_times])")
    series = [check_times(side, T, name=f"side {i}") for i, side in enumerate(times)]
    if not series:
        raise EscalationInputError("times must hold at least one side")
    return series
