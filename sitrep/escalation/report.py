"""Reports of an escalation analysis: plain-language summary, text, JSON and one HTML file.

* :func:`summary_lines` -- sentences an editor could quote ("about 40% of B's acts on A are
  estimated to be reactions to A's acts; median response 6 days"); when a side has fewer than
  :data:`sitrep.escalation.MIN_EVENTS` acts they say the fit is not identifiable and give no
  estimate.
* :func:`render_text`, :func:`render_json`, :func:`render_html` -- the three ``--format`` outputs.
* The figures, as SVG strings the web page reuses: :func:`svg_series` (the daily series on one
  time axis, the stated ``caused_by`` chains drawn as arrows), :func:`svg_lags` (response-lag
  histogram against the permutation baseline), :func:`svg_intensity` (the fitted intensities),
  :func:`svg_matrix` (who excites whom: the branching matrix as a heat map).
* Tables as rows: :func:`parameter_rows` (estimate, standard error, 95% interval = estimate
  +/- 1.96 SE, clipped at 0 since every parameter is non-negative), :func:`var_rows`.

Every figure is built from the :class:`sitrep.escalation.Escalation` alone (the intensities
call :func:`sitrep.escalation.hawkes.fitted_intensity`); all text is escaped (actor names and
evidence come from articles).  SVG uses presentation attributes only (no ``style``), so the
figures also pass the web app's content security policy.  The HTML file is self-contained:
inline CSS and SVG, no script, nothing fetched from the network.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from html import escape
from statistics import median
from typing import Any

PALETTE = ("#b23a2e", "#1f5fa8", "#2f7f86", "#c7821b", "#5b4aa8", "#3a8a55", "#8c4a7a", "#4a6b2f",
           "#a4461b", "#3c7fb8", "#7a8594", "#5d6b7c")
INK, MUTED, LINE = "#1c2430", "#5d6b7c", "#dde2e8"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"
Z95 = 1.96
MAX_ARROWS = 300          # chains drawn on the series figure (all are listed in the tables)
MAX_CHAIN_ROWS = 200


# --- small helpers ---------------------------------------------------------------------------

def _num(x: Any, digits: int = 2) -> str:
    """A number for reading: None/NaN as an en dash, large ones without decimals."""
    if x is None:
        return "\u2013"
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(v):
        return "\u2013"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def _p(x: Any) -> str:
    if x is None or not isinstance(x, (int, float)) or not math.isfinite(float(x)):
        return "\u2013"
    return "< 0.001" if x < 0.001 else f"{x:.3f}"


def _pct(share: float) -> str:
    v = 100 * share
    return f"{v:.0f}%" if v >= 1 else ("under 1%" if v > 0 else "0%")


def _days(x: float | None) -> str:
    if x is None or not math.isfinite(x):
        return "\u2013"
    if x == 0:
        return "0 days"
    if x >= 10:
        return f"{x:.0f} days"
    return f"{x:.1f} day{'' if abs(x - 1) < 0.05 else 's'}"


def _and(items: Any) -> str:
    """"a", "a and b", "a, b and c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _sided(labels: Sequence[str], pvals: Sequence[Any]) -> str:
    """p-values named by their side: "A on B: p 0.527; B on A: p 0.046"."""
    return "; ".join(f"{label}: p {_p(v)}" for label, v in zip(labels, pvals))


def _poss(name: str) -> str:
    """English possessive: "Iran's", "United States'" (a name ending in s takes the apostrophe alone)."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(float(x))


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _lag(esc: Any, responder: int, to: int) -> Any:
    return next((r.result for r in esc.lags if r.responder == responder and r.to == to), None)


def _triggered_by(esc: Any) -> list[list[float]] | None:
    """Share of side i's acts attributed to side j's: the fit's ``triggered_by``, else the
    stationary reading ``branching[i][j] * n_j / n_i``."""
    fit = esc.hawkes
    if fit is None:
        return None
    by = getattr(fit, "triggered_by", None)
    if by and all(_finite(v) for row in by for v in row):
        return [list(row) for row in by]
    att = esc.attribution
    return [list(r) for r in att] if att else None


def side_colors(esc: Any) -> list[str]:
    """One colour per side, fixed by the sides' keys (the first key in sort order takes the first
    colour), so a side keeps its colour whatever order the sides were named in."""
    keys = [p.key for p in esc.parties]
    rank = {k: r for r, k in enumerate(sorted(keys))}
    return [PALETTE[rank[k] % len(PALETTE)] for k in keys]


def _fatalities(esc: Any) -> list[int]:
    return [sum(a.fatalities or 0 for a in acts) for acts in esc.series.acts]


def _labels(esc: Any) -> list[str]:
    from . import _dimension_labels
    return _dimension_labels(esc)


# --- the plain-language summary ----------------------------------------------------------------

FEW_ACTS = 100            # below this many acts a side the summary says its estimates are rough


def summary_lines(esc: Any) -> list[str]:
    """Sentences an editor could quote; no estimate when the fit is not identifiable.  Every
    share comes with its 95% range (from the branching entry's interval), and with a caveat
    when a side has fewer than :data:`FEW_ACTS` acts."""
    names = list(esc.names)
    n = list(esc.n_events)
    p = esc.period
    span = f"{p.start.isoformat()} to {p.end.isoformat()} ({_plural(p.days, 'day')})"
    out = []
    if esc.top is None and len(names) == 2:
        a, b = names
        line = (f"{a} and {b}, {span}: {_plural(n[0], 'hostile act')} of {a} on {b} and {n[1]} of {b} on {a}")
        dead = _fatalities(esc)
        out.append(line + (f" ({dead[0]} and {dead[1]} people reported killed)." if any(dead) else "."))
    else:
        out.append(_top_head(esc, span))
    if esc.hawkes is None:
        out.append(_not_identifiable_line(esc))
        if esc.chains:
            out.append(f"{chains_title(esc).replace('Chains', 'Action-reaction links between these acts', 1)} "
                       "are listed below.")
        return out
    excitation = getattr(esc.hawkes, "excitation_test", None) or {}
    pv = excitation.get("p_value")
    if _finite(pv) and pv >= 0.05:
        out.append(f"No significant excitation: the acts are no more clustered after the other side's (or their own) "
                   f"acts than constant-rate series would be (likelihood ratio against Poisson series, p = {_p(pv)}); "
                   "no share of them can be called reactions.")
    elif esc.top is None and len(names) == 2:
        out += _dyad_lines(esc)
    else:
        out += _top_lines(esc)
    if min(n, default=0) < FEW_ACTS:
        out.append(f"With fewer than {FEW_ACTS} acts a side these estimates are rough: read the ranges, not the "
                   "single figures.")
    out += _fit_lines(esc)

    if esc.chains:
        lags = [c.lag_days for c in esc.chains]
        out.append(f"{_chain_counts(esc)}, median lag {_days(float(median(lags)))}.")
    return out


def _chain_counts(esc: Any) -> str:
    """"The sources state 3 action-reaction links (2 across sides); analysts added 1" and the like."""
    stated = [c for c in esc.chains if c.origin != "analyst"]
    added = [c for c in esc.chains if c.origin == "analyst"]
    parts = []
    if stated:
        across = sum(1 for c in stated if c.crosses)
        parts.append(f"The sources state {_plural(len(stated), 'action-reaction link')} ({across} across sides)")
    if added:
        across = sum(1 for c in added if c.crosses)
        parts.append(f"{'analysts' if stated else 'Analysts'} added {_plural(len(added), 'link')} by hand "
                     f"({across} across sides)")
    return "; ".join(parts)


def _top_head(esc: Any, span: str) -> str:
    """The first line of a top-K summary: which sides, why they were chosen, their acts."""
    names, n = list(esc.names), list(esc.n_events)
    asked = [p.name for p in esc.parties if p.key in set(getattr(esc, "asked", ()) or ())]
    chosen = len(names) - len(asked)
    if not asked:
        who = f"The {len(names)} most active actors (by acts on one another)"
    elif not chosen:
        who = f"The {len(names)} actors named ({_and(asked)})"
    else:
        others = "the most active other actor" if chosen == 1 else f"the {chosen} most active other actors"
        who = f"{_and(asked)} (named) and {others} (by acts on one another)"
    acts = ", ".join(f"{x}: {_plural(k, 'act')} on the others" for x, k in zip(names, n))
    return f"{who}, {span}: {acts}."


def _not_identifiable_line(esc: Any) -> str:
    from . import MIN_EVENTS
    counts = ", ".join(f"{label}: {k}" for label, k in zip(_labels(esc), esc.n_events))
    if min(esc.n_events, default=0) < MIN_EVENTS:
        return (f"Not identifiable: fewer than {MIN_EVENTS} acts a side ({counts}), so no reaction shares, "
                "response times or model estimates are given.")
    return f"Not identifiable: {esc.reason.removeprefix('not identifiable: ')}; no model estimates are given."


def share_range(esc: Any, i: int, j: int) -> tuple[float, float] | None:
    """A 95% range for ``triggered_by[i][j]``: the share scaled by the branching entry's interval
    (estimate +/- 1.96 SE, clipped to [0, 1]); None without a standard error."""
    fit = esc.hawkes
    by = _triggered_by(esc)
    if fit is None or not by:
        return None
    est = fit.branching[i][j]
    se = _at(_at((fit.stderr or {}).get("branching"), i), j)
    share = by[i][j]
    if not (_finite(est) and _finite(se) and _finite(share)) or est <= 0:
        return None
    lo, hi = max(0.0, est - Z95 * float(se)), est + Z95 * float(se)
    return max(0.0, share * lo / est), min(1.0, share * hi / est)


def _share(esc: Any, i: int, j: int, share: float) -> str:
    """"44% (95% range 14% to 58%)", or the share alone without a range."""
    rng = share_range(esc, i, j)
    if rng is None:
        return _pct(share)
    return f"{_pct(share)} (95% range {_pct(rng[0])} to {_pct(rng[1])})"


def _lag_p(pv: float, n_perm: Any) -> str:
    """"p = 0.031", "p < 0.001", or "p <= 0.005" when p is the least the shuffles can give."""
    if _finite(n_perm) and n_perm > 0 and pv <= (1.0 / (float(n_perm) + 1.0)) * (1 + 1e-9):
        return f"p <= {_p(pv)}" if pv >= 0.001 else f"p {_p(pv)}"
    return f"p {_p(pv)}" if pv < 0.001 else f"p = {_p(pv)}"


def _dyad_lines(esc: Any) -> list[str]:
    a, b = esc.names
    names = (a, b)
    fit = esc.hawkes
    by = _triggered_by(esc) or [[0.0, 0.0], [0.0, 0.0]]
    out = []
    for i in (1, 0):
        j = 1 - i
        me, other = names[i], names[j]
        if by[i][j] < 0.01 and share_range(esc, i, j) is None:
            s = f"Next to none of {_poss(me)} acts on {other} are estimated to be reactions to {_poss(other)} acts"
        else:
            s = (f"About {_share(esc, i, j, by[i][j])} of {_poss(me)} acts on {other} are estimated to be reactions "
                 f"to {_poss(other)} acts on {me}")
        lag = _lag(esc, i, j)
        med = _get(lag, "median_days")
        if _finite(med) and by[i][j] >= 0.01:
            s += f"; median response {_days(float(med))}"
            base = _get(lag, "baseline_median_days")
            pv = _get(lag, "p_value")
            if _finite(base) and _finite(pv):
                faster = "faster than chance" if pv < 0.05 else "no faster than chance"
                mean, bmean = _get(lag, "mean_days"), _get(lag, "baseline_mean_days")
                pt = _lag_p(pv, _get(lag, "n_permutations"))
                if float(med) == float(base) and _finite(mean) and _finite(bmean):
                    # tied medians (whole days): the test orders by the mean lag next
                    s += (f" ({faster}: the same median in shuffled series, a mean of {_days(float(mean))} "
                          f"against {_days(float(bmean))}, {pt})")
                else:
                    s += f" ({faster}: {_days(float(base))} in shuffled series, {pt})"
        s += f". A further {_share(esc, i, i, by[i][i])} follow {_poss(me)} own earlier acts."
        out.append(s)
    alpha = fit.branching
    out.append(f"Each act of {a} on {b} triggers on average {_num(alpha[1][0])} acts of {b} on {a}, and each "
               f"act of {b} on {a} {_num(alpha[0][1])} acts of {a} on {b}; the effect of an act fades with a "
               f"mean response time of {_days(fit.mean_response_days)}.")
    if esc.var is not None:
        g = _get(esc.var, "granger") or {}
        parts = []
        for key, x, y in (("a_causes_b", a, b), ("b_causes_a", b, a)):
            pv = _get(g.get(key), "p")
            if _finite(pv):
                verb = "help" if pv < 0.05 else "do not help"
                pt = _p(pv) if pv < 0.001 else "= " + _p(pv)
                parts.append(f"{_poss(x)} weekly acts {verb} predict {_poss(y)} (Granger p {pt})")
        if parts:
            out.append("Cross-check on weekly counts (VAR): " + "; ".join(parts) + ".")
    return out


def _top_lines(esc: Any) -> list[str]:
    names = esc.names
    by = _triggered_by(esc)
    out = []
    if not by:
        return out
    for i, me in enumerate(names):
        others = [(by[i][j], j) for j in range(len(names)) if j != i]
        share, j = max(others) if others else (0.0, i)
        total = sum(by[i])
        out.append(f"About {_pct(total)} of {_poss(me)} acts are estimated to be reactions to earlier acts; "
                   f"the largest share, {_share(esc, i, j, share)}, to {_poss(names[j])}.")
    out.append(f"The effect of an act fades with a mean response time of {_days(esc.hawkes.mean_response_days)}.")
    return out


def _fit_lines(esc: Any) -> list[str]:
    fit = esc.hawkes
    gof = fit.gof or {}
    pvals = [v for v in gof.get("p_value", []) or []]
    poisson = (esc.poisson_gof or gof.get("poisson") or {}).get("p_value", []) or []
    out = []
    labels = _labels(esc)
    if pvals and all(_finite(v) for v in pvals):
        failed = [i for i, v in enumerate(pvals) if v < 0.05]
        if not failed:
            s = "The self-exciting model passes the time-rescaling test on every side"
        else:
            s = f"The self-exciting model fails the time-rescaling test for {_and(labels[i] for i in failed)}"
        s += f" ({_sided(labels, pvals)})"
        if failed:
            s += ", so read its numbers as approximate"
        if poisson and len(poisson) == len(labels) and all(_finite(v) for v in poisson):
            rejected = [i for i, v in enumerate(poisson) if v < 0.05]
            if len(rejected) == len(labels):
                s += "; a constant-rate model without reactions is rejected on every side"
            elif rejected:
                s += (f"; a constant-rate model without reactions is rejected for {_and(labels[i] for i in rejected)} "
                      f"but not for {_and(labels[i] for i in range(len(labels)) if i not in rejected)}")
            else:
                s += "; a constant-rate model without reactions is not rejected either"
            s += f" ({_sided(labels, poisson)})"
        out.append(s + ".")
    rho = getattr(fit, "spectral_radius", float("nan"))
    if _finite(rho) and rho >= 1:
        out.append(f"The fitted excitation is explosive (spectral radius {_num(rho)} >= 1): the numbers describe "
                   "a burst, not a steady state.")
    return out


# --- tables --------------------------------------------------------------------------------------

def parameter_rows(esc: Any) -> list[dict[str, Any]]:
    """Hawkes parameters as rows ``{"name", "meaning", "estimate", "stderr", "low", "high"}``:
    the 95% interval is estimate +/- 1.96 SE, the lower end clipped at 0 (parameters are
    non-negative); SE None where the observed information gave none.  [] without a fit."""
    fit = esc.hawkes
    if fit is None:
        return []
    se = fit.stderr or {}
    names = esc.names
    labels = _labels(esc)
    rows = []

    def row(name: str, meaning: str, est: Any, err: Any) -> None:
        ok = _finite(err)
        rows.append({"name": name, "meaning": meaning, "estimate": est, "stderr": err if ok else None,
                     "low": max(0.0, est - Z95 * err) if ok and _finite(est) else None,
                     "high": est + Z95 * err if ok and _finite(est) else None})

    for i, mu in enumerate(fit.baseline):
        row(f"baseline[{i}]", f"background rate of {labels[i]} (events/day)", mu, _at(se.get("baseline"), i))
    for i in range(len(names)):
        for j in range(len(names)):
            row(f"branching[{i}][{j}]", f"acts of {labels[i]} triggered by one act of {labels[j]}",
                fit.branching[i][j], _at(_at(se.get("branching"), i), j))
    row("decay", "decay of the excitation (per day)", fit.decay, se.get("decay"))
    row("mean response", "mean response time, 1/decay (days)", fit.mean_response_days, se.get("mean_response_days"))
    return rows


def _at(seq: Any, i: int) -> Any:
    try:
        return seq[i]
    except (TypeError, IndexError, KeyError):
        return None


def var_rows(esc: Any) -> list[dict[str, Any]]:
    """Granger tests as rows ``{"cause", "effect", "F", "p"}`` ([] when no VAR was estimated)."""
    if esc.var is None:
        return []
    g = _get(esc.var, "granger") or {}
    names = esc.names
    out = []
    for key, c, e in (("a_causes_b", 0, 1), ("b_causes_a", 1, 0)):
        t = g.get(key)
        if t is not None:
            out.append({"cause": names[c], "effect": names[e], "F": _get(t, "F"), "p": _get(t, "p")})
    return out


# --- text ------------------------------------------------------------------------------------

def render_text(esc: Any) -> str:
    """The report as plain text: summary, counts, chains, lags, parameters, VAR, notes."""
    lines = [f"Escalation: {' / '.join(esc.names)}", f"Source: {esc.origin}; families: {', '.join(esc.families)}",
             f"Period: {esc.period.start} to {esc.period.end} ({_plural(esc.period.days, 'day')})", ""]
    lines += [_wrap(s) for s in summary_lines(esc)]
    lines.append("")
    labels = _labels(esc)
    dead = _fatalities(esc)
    lines.append("Acts")
    for label, k, d in zip(labels, esc.n_events, dead):
        lines.append(f"  {label:<48} {k:>7} act{' ' if k == 1 else 's'} {d:>7} killed")
    if esc.chains:
        lines += ["", f"{chains_title(esc)} ({len(esc.chains)})"]
        for c in esc.chains[:MAX_CHAIN_ROWS]:
            lines.append(f"  {c.cause_day} {c.cause_type} ({labels[c.cause_side]}) -> {c.effect_day} {c.effect_type} "
                         f"({labels[c.effect_side]}), {_plural(c.lag_days, 'day')}")
            said = f": \u201c{_clip(c.evidence, 160)}\u201d" if c.evidence else ""
            lines.append(f"      {ORIGINS.get(c.origin, c.origin)}{said}")
        if len(esc.chains) > MAX_CHAIN_ROWS:
            lines.append(f"  ... {len(esc.chains) - MAX_CHAIN_ROWS} more in the JSON output")
    if esc.hawkes is not None and esc.lags:
        lines += ["", "Response lags (days to the other side's next act)"]
        lines.append(f"  {'':<40} {'':>6} {'median':>8} {'':>9} {'mean':>7}")
        lines.append(f"  {'responder':<40} {'n':>6} {'observed':>8} {'shuffled':>9} {'obs.':>7} {'shuffled':>9} {'p':>7}")
        for r in esc.lags:
            x = r.result
            lines.append(f"  {esc.names[r.responder] + ' answers ' + esc.names[r.to]:<40} "
                         f"{len(_get(x, 'lags_days') or ()):>6} {_num(_get(x, 'median_days'), 1):>8} "
                         f"{_num(_get(x, 'baseline_median_days'), 1):>9} {_num(_get(x, 'mean_days'), 1):>7} "
                         f"{_num(_get(x, 'baseline_mean_days'), 1):>9} {_p(_get(x, 'p_value')):>7}")
        n_perm = _get(esc.lags[0].result, "n_permutations")
        lines.append(f"  p: share of {n_perm} shifted (shuffled) series whose median lag is as short or shorter "
                     "(ties of the median decided by the mean)")
    rows = parameter_rows(esc)
    if rows:
        lines += ["", "Hawkes process (exponential kernel, maximum likelihood; 95% interval = estimate +/- 1.96 SE)"]
        lines.append(f"  {'parameter':<18} {'estimate':>10} {'SE':>9} {'95% interval':>20}  meaning")
        for r in rows:
            ci = f"{_num(r['low'], 3)} to {_num(r['high'], 3)}" if r["low"] is not None else "\u2013"
            lines.append(f"  {r['name']:<18} {_num(r['estimate'], 4):>10} {_num(r['stderr'], 4):>9} {ci:>20}  "
                         f"{r['meaning']}")
        fit = esc.hawkes
        by = _triggered_by(esc)
        lines.append("  triggered share: " + ", ".join(f"{lab} {_pct(s)}" for lab, s in zip(labels, fit.triggered_share)))
        if by and len(labels) == 2 and esc.top is None:
            lines.append(f"  of which by the other side: {labels[0]} {_pct(by[0][1])}, {labels[1]} {_pct(by[1][0])}")
        gof = fit.gof or {}
        lines.append("  time-rescaling test (KS): p " + ", ".join(_p(v) for v in gof.get("p_value", [])) +
                     "; under a Poisson model: p " +
                     ", ".join(_p(v) for v in ((esc.poisson_gof or gof.get("poisson") or {}).get("p_value", []))))
        lines.append(f"  ties: {fit.ties}")
    vr = var_rows(esc)
    if vr:
        lines += ["", f"VAR on weekly counts ({_plural(_get(esc.var, 'lags'), 'lag')}, {_weeks(esc)} weeks): "
                  "Granger tests"]
        for r in vr:
            lines.append(f"  {r['cause'] + ' -> ' + r['effect']:<48} F {_num(r['F'], 2):>7}  p {_p(r['p'])}")
    if esc.notes or esc.left_out:
        lines += ["", "Notes"]
        lines += [_wrap(f"  {n}", 100) for n in [*esc.notes, *left_out_lines(esc)]]
    return "\n".join(lines) + "\n"


ORIGINS = {"text": "stated in one article", "reference": "stated across articles (a cause phrase matched to "
           "another report)", "analyst": "added by an analyst"}


def chains_title(esc: Any) -> str:
    """"Chains stated by the sources", "Chains added by analysts" or "... or added by analysts"."""
    origins = {c.origin for c in esc.chains}
    if origins == {"analyst"}:
        return "Chains added by analysts"
    return "Chains stated by the sources" + (" or added by analysts" if "analyst" in origins else "")


def left_out_lines(esc: Any) -> list[str]:
    """What the source held in the period but could not count, as notes: these counts are of the
    whole source for the period (every actor, not only these sides), since an event without an
    actor, a target or a day cannot be placed on a side."""
    if not esc.left_out:
        return []
    parts = "; ".join(f"{k}: {v}" for k, v in sorted(esc.left_out.items()))
    return [f"Left out of the source for the period (all actors, not only these sides): {parts}. Such events "
            "cannot be placed on a side or a day; if some of them are acts between these sides, the counts above "
            "miss them."]


def _weeks(esc: Any) -> Any:
    w = _get(esc.var, "weeks")
    return w if w is not None else len(esc.series.weekly())


def _wrap(text: str, width: int = 96) -> str:
    import textwrap
    return textwrap.fill(text, width=width, subsequent_indent="  ", break_on_hyphens=False,
                         break_long_words=False)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "\u2026"


def render_json(esc: Any) -> str:
    """The analysis as JSON (:meth:`Escalation.to_dict`), indented."""
    return json.dumps(esc.to_dict(), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


# --- SVG figures -----------------------------------------------------------------------------

def _svg_open(width: int, height: int, label: str, fixed: bool = False) -> str:
    size = f'width="{width}" height="{height}"' if fixed else 'width="100%"'
    return (f'<svg class="esc-figure" viewBox="0 0 {width} {height}" '
            f'{size} role="img" aria-label="{escape(label)}" font-family="{FONT}" font-size="11">')


def _text(x: float, y: float, s: str, anchor: str = "start", size: int = 11, fill: str = MUTED,
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"'
            f'{" font-weight=" + chr(34) + weight + chr(34) if weight != "normal" else ""}>{escape(s)}</text>')


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values from lo to hi."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    out, v = [], first
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += step
    return out


def _date_ticks(start: dt.date, days: int, n: int = 7) -> list[tuple[int, str]]:
    if days <= 1:
        return [(0, start.isoformat())]
    step = max(1, round((days - 1) / n))
    out = []
    for off in range(0, days, step):
        d = start + dt.timedelta(days=off)
        label = d.isoformat() if days <= 400 else d.strftime("%Y-%m")
        out.append((off, label))
    return out


def svg_series(esc: Any, width: int = 960, lane: int = 64, uid: str = "s") -> str:
    """The daily series of every dimension on one time axis (one lane each, bars of acts per
    day or per bin of days when the period is long), the stated chains as arrows from the
    cause's day and lane to the effect's.  Hover text gives counts, deaths and evidence."""
    s = esc.series
    labels = _labels(esc)
    days = max(1, s.period.days)
    left, right, top = 40, 32, 22
    plot_w = width - left - right
    bins = min(days, plot_w // 2)
    bin_days = math.ceil(days / bins)
    bins = math.ceil(days / bin_days)
    height = top + lane * s.dims + 34
    counts = [[0] * bins for _ in range(s.dims)]
    deaths = [[0] * bins for _ in range(s.dims)]
    for i, acts in enumerate(s.acts):
        for a in acts:
            k = min(bins - 1, max(0, s.period.offset(a.day) // bin_days))
            counts[i][k] += 1
            deaths[i][k] += a.fatalities or 0
    peak = max((max(c) for c in counts if c), default=0) or 1
    bw = plot_w / bins

    def x_of(offset: float) -> float:
        return left + plot_w * offset / days

    parts = [_svg_open(width, height, "daily series of acts with chains")]
    parts.append(f'<defs><marker id="{uid}-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" '
                 f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="{INK}"/></marker></defs>')
    unit = "day" if bin_days == 1 else f"{bin_days} days"
    parts.append(_text(left + plot_w, 13, f"bars: acts per {unit} (tallest bar: {peak})", anchor="end", size=11))
    colors = side_colors(esc)
    for i in range(s.dims):
        y0 = top + lane * (i + 1) - 6
        color = colors[i]
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y0}" y2="{y0}" stroke="{LINE}"/>')
        for k, c in enumerate(counts[i]):
            if not c:
                continue
            h = max(1.5, (lane - 22) * c / peak)
            day0 = s.period.start + dt.timedelta(days=k * bin_days)
            when = day0.isoformat() if bin_days == 1 else f"{day0.isoformat()} + {bin_days - 1} days"
            tip = f"{when}: {c} act{'s' if c != 1 else ''} of {labels[i]}, {deaths[i][k]} killed"
            parts.append(f'<rect x="{left + k * bw:.2f}" y="{y0 - h:.2f}" width="{max(bw - 0.4, 0.8):.2f}" '
                         f'height="{h:.2f}" fill="{color}"><title>{escape(tip)}</title></rect>')
    for c in esc.chains[:MAX_ARROWS]:
        x1 = x_of(s.period.offset(c.cause_day) + 0.5)
        x2 = x_of(s.period.offset(c.effect_day) + 0.5)
        y1 = top + lane * (c.cause_side + 1) - 6 - lane / 3
        y2 = top + lane * (c.effect_side + 1) - 6 - lane / 3
        bend = min(60.0, 12 + abs(x2 - x1) / 3)
        cx, cy = (x1 + x2) / 2, min(y1, y2) - bend
        tip = (f"{c.cause_day} {c.cause_type} \u2192 {c.effect_day} {c.effect_type} ({_plural(c.lag_days, 'day')}; "
               f"{ORIGINS.get(c.origin, c.origin)})")
        if c.evidence:
            tip += f": {_clip(c.evidence, 200)}"
        parts.append(f'<path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{max(cy, 2):.1f} {x2:.1f},{y2:.1f}" fill="none" '
                     f'stroke="{INK}" stroke-width="1.2" marker-end="url(#{uid}-arrow)"><title>{escape(tip)}</title></path>')
    for i in range(s.dims):   # lane labels last, on a white halo: arrows never hide them
        y0 = top + lane * (i + 1) - 6
        parts.append(f'<text x="{left:.1f}" y="{y0 - lane + 16:.1f}" font-size="11" font-weight="600" '
                     f'fill="{colors[i]}" stroke="#fff" stroke-width="4" stroke-linejoin="round" '
                     f'paint-order="stroke">{escape(_clip(labels[i], 60))}</text>')
    ya = top + lane * s.dims
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{ya}" y2="{ya}" stroke="{MUTED}"/>')
    for off, label in _date_ticks(s.period.start, days):
        x = x_of(off)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{ya}" y2="{ya + 4}" stroke="{MUTED}"/>')
        parts.append(_text(x, ya + 16, label, anchor="middle", size=10))
    if esc.chains:
        parts.append(_text(left + plot_w, height - 4, f"arrows: {_plural(min(len(esc.chains), MAX_ARROWS), 'link')} "
                           f"{chains_title(esc).removeprefix('Chains ')} (cause \u2192 reaction)",
                           anchor="end", size=10))
    parts.append("</svg>")
    return "".join(parts)


def svg_lags(esc: Any, response: Any, width: int = 460, height: int = 220) -> str:
    """Histogram of one side's response lags (bars) against the permutation baseline (dashed
    steps: mean count per shuffled series).  Bins may be uneven (0-1, 1-2, 2-3, 3-5 ... days,
    the last to the period's end): each is drawn the same width, labelled by its edges."""
    x = response.result
    names = esc.names
    who, to = names[response.responder], names[response.to]
    hist = _get(x, "histogram") or {}
    edges = list(hist.get("edges") or [])
    obs = list(hist.get("observed") or [])
    base = list(hist.get("baseline") or [])
    if not edges or len(obs) != len(edges) - 1:
        edges, obs = _histogram([float(v) for v in (_get(x, "lags_days") or ())])
        base = []
    color = side_colors(esc)[response.responder]
    left, right, top, bottom = 52, 12, 24, 40
    pw, ph = width - left - right, height - top - bottom
    parts = [_svg_open(width, height, f"response lags of {who} to {to}")]
    parts.append(_text(left, 14, f"days from an act of {to} to {_poss(who)} next act", size=11, fill=INK))
    if not edges or not obs:
        parts.append(_text(width / 2, height / 2, "no lags", anchor="middle"))
        parts.append("</svg>")
        return "".join(parts)
    n = len(obs)
    slot = pw / n
    peak = max([float(v) for v in obs] + [float(v) for v in base if _finite(v)] + [1e-9])

    def Y(v: float) -> float:
        return top + ph - ph * v / peak

    for k, v in enumerate(obs):
        x0 = left + slot * k
        tip = f"{_num(edges[k], 0)}\u2013{_num(edges[k + 1], 0)} days: {_num(v, 1)} observed"
        if k < len(base):
            tip += f", {_num(base[k], 1)} expected in shuffled series"
        parts.append(f'<rect x="{x0 + 1:.2f}" y="{Y(float(v)):.2f}" width="{max(slot - 2, 0.6):.2f}" '
                     f'height="{top + ph - Y(float(v)):.2f}" fill="{color}" fill-opacity="0.75">'
                     f'<title>{escape(tip)}</title></rect>')
    if base and len(base) == n:
        pts = []
        for k, v in enumerate(base):
            v = float(v) if _finite(v) else 0.0
            pts += [f"{left + slot * k:.1f},{Y(v):.1f}", f"{left + slot * (k + 1):.1f},{Y(v):.1f}"]
        parts.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{INK}" stroke-width="1.5" '
                     f'stroke-dasharray="4 3"/>')
    parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" stroke="{MUTED}"/>')
    for k, e in enumerate(edges):
        label = "end" if k == len(edges) - 1 and len(edges) > 2 and float(e) > 2 * float(edges[-2]) else _num(e, 0)
        parts.append(_text(left + slot * k, top + ph + 13, label, anchor="middle", size=10))
    for t in _ticks(0, peak, 3):
        parts.append(_text(left - 5, Y(t) + 3, _num(t, 0 if peak >= 6 else 1), anchor="end", size=10))
    ymid = top + ph / 2
    parts.append(f'<text x="12" y="{ymid:.1f}" text-anchor="middle" font-size="10" fill="{MUTED}" '
                 f'transform="rotate(-90 12 {ymid:.1f})">acts in the bin</text>')
    if len(edges) > 2 and len({round(float(edges[k + 1]) - float(edges[k]), 6) for k in range(len(edges) - 1)}) > 1:
        parts.append(_text(left + pw, top + 10, "bins of unequal width, each drawn alike: read the edges (days)",
                           anchor="end", size=10))
    med = _get(x, "median_days")
    bmed = _get(x, "baseline_median_days")
    note = f"median {_num(med, 1)} days (shuffled {_num(bmed, 1)})"
    if _finite(_get(x, "mean_days")):
        note += f", mean {_num(_get(x, 'mean_days'), 1)} ({_num(_get(x, 'baseline_mean_days'), 1)})"
    pv = _get(x, "p_value")
    note += ", " + (_lag_p(pv, _get(x, "n_permutations")) if _finite(pv) else "p \u2013")
    parts.append(_text(left + pw, height - 6, note + ("; dashed: shuffled series" if base else ""), anchor="end",
                       size=10))
    parts.append("</svg>")
    return "".join(parts)


def _histogram(values: Sequence[float], bins: int = 20) -> tuple[list[float], list[float]]:
    if not values:
        return [], []
    hi = max(values) or 1.0
    width = hi / bins
    counts = [0.0] * bins
    for v in values:
        counts[min(bins - 1, int(v / width))] += 1
    return [k * width for k in range(bins + 1)], counts


def svg_intensity(esc: Any, width: int = 960, panel: int = 90, n_points: int = 600) -> str:
    """The fitted conditional intensities (events/day), one panel per side on a shared time axis
    (each panel on its own scale, its peak written), on an even grid of ``n_points`` (the
    envelope of the jumps), the background rate dashed; "" without a fit."""
    fit = esc.hawkes
    if fit is None:
        return ""
    from . import fit_times
    from .hawkes import fitted_intensity
    grid, lam = fitted_intensity(fit, fit_times(esc)[0], n_points=n_points)
    labels = _labels(esc)
    colors = side_colors(esc)
    left, right, top, gap = 56, 32, 24, 22
    pw = width - left - right
    K = lam.shape[0]
    height = top + K * (panel + gap) + 12
    T = float(grid[-1]) if len(grid) else 1.0
    parts = [_svg_open(width, height, "fitted intensities")]
    parts.append(_text(left, 14, "fitted intensity, acts per day, one panel per side (dashed: background rate)",
                       size=11, fill=INK))

    def X(t: float) -> float:
        return left + pw * t / (T or 1.0)

    for i in range(K):
        y_top = top + i * (panel + gap) + 14
        ph = panel - 14
        peak = max(float(lam[i].max()) if lam.size else 0.0, float(fit.baseline[i]), 1e-9)

        def Y(v: float, y_top: float = y_top, ph: float = ph, peak: float = peak) -> float:
            return y_top + ph - ph * v / peak

        parts.append(_text(left, y_top - 3, f"{_clip(labels[i], 70)} (peak {_num(peak, 2)} a day)", size=10,
                           fill=colors[i], weight="600"))
        for t in _ticks(0, peak, 2):
            parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{Y(t):.1f}" y2="{Y(t):.1f}" stroke="{LINE}"/>')
            parts.append(_text(left - 5, Y(t) + 3, _num(t, 2 if peak < 10 else 0), anchor="end", size=10))
        pts = " ".join(f"{X(float(t)):.1f},{Y(float(v)):.1f}" for t, v in zip(grid, lam[i]))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colors[i]}" stroke-width="1.2">'
                     f'<title>{escape(labels[i])}</title></polyline>')
        yb = Y(float(fit.baseline[i]))
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{yb:.1f}" y2="{yb:.1f}" stroke="{INK}" '
                     f'stroke-dasharray="5 4"/>')
    ya = top + K * (panel + gap) - gap
    parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{ya}" y2="{ya}" stroke="{MUTED}"/>')
    for off, label in _date_ticks(esc.period.start, esc.period.days, 7):
        parts.append(_text(X(off), ya + 14, label, anchor="middle", size=10))
    parts.append("</svg>")
    return "".join(parts)


def svg_matrix(esc: Any, cell: int = 64) -> str:
    """Who excites whom: ``branching[i][j]`` (acts of row i triggered by one act of column j) as
    a heat map with the values written in; "" without a fit."""
    fit = esc.hawkes
    if fit is None:
        return ""
    names = esc.names
    K = len(names)
    left, top = 200, 96
    width, height = max(left + cell * K + 120, 470), top + cell * K + 10
    peak = max((v for row in fit.branching for v in row if _finite(v)), default=0.0) or 1.0
    parts = [_svg_open(width, height, "who excites whom: branching matrix", fixed=True)]
    parts.append(_text(6, 14, "each cell: acts of the row's side triggered by one act of the column's side",
                       size=11, fill=INK))
    for j, name in enumerate(names):
        x = left + cell * j + cell / 2
        parts.append(f'<text x="{x:.1f}" y="{top - 8}" font-size="10" fill="{INK}" text-anchor="start" '
                     f'transform="rotate(-35 {x:.1f} {top - 8})">{escape(_clip(name, 22))}</text>')
    for i, name in enumerate(names):
        y = top + cell * i
        parts.append(_text(left - 8, y + cell / 2 + 4, _clip(name, 30), anchor="end", fill=INK))
        for j in range(K):
            v = fit.branching[i][j]
            share = max(0.0, min(1.0, v / peak)) if _finite(v) else 0.0
            fill = _heat(share)
            tip = f"one act of {names[j]} triggers on average {_num(v, 3)} acts of {names[i]}"
            parts.append(f'<rect x="{left + cell * j}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}">'
                         f'<title>{escape(tip)}</title></rect>')
            parts.append(_text(left + cell * j + cell / 2 - 1, y + cell / 2 + 4, _num(v, 2), anchor="middle",
                               fill="#fff" if share > 0.55 else INK, weight="600"))
    parts.append("</svg>")
    return "".join(parts)


def _heat(share: float) -> str:
    """White to the violence red (#b23a2e) by ``share`` in [0, 1]."""
    lo, hi = (255, 255, 255), (0xb2, 0x3a, 0x2e)
    r, g, b = (round(a + (c - a) * share) for a, c in zip(lo, hi))
    return f"#{r:02x}{g:02x}{b:02x}"


def figures(esc: Any, uid: str = "esc") -> dict[str, Any]:
    """Every figure of the report as SVG strings: ``series``, ``lags`` (a list), ``intensity``,
    ``matrix`` ("" or [] when there is nothing to draw)."""
    return {"series": svg_series(esc, uid=uid),
            "lags": [svg_lags(esc, r) for r in esc.lags] if esc.hawkes is not None else [],
            "intensity": svg_intensity(esc), "matrix": svg_matrix(esc)}


# --- HTML ------------------------------------------------------------------------------------

CSS = """
body{margin:0;background:#f6f7f9;color:#1c2430;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{background:#17212e;color:#e9eef4;padding:.7rem 1.25rem;font-weight:700;letter-spacing:.04em}
header span{color:#8fb7e6;font-weight:400}
main{padding:1rem 1.25rem 3rem;max-width:1100px;margin:0 auto}
h1{font-size:1.35rem;margin:.2rem 0 .3rem;font-weight:600}
h2{font-size:1.05rem;margin:1.3rem 0 .5rem;font-weight:600;color:#2a3646}
.sub,.muted{color:#5d6b7c;font-size:.9rem}
.panel{background:#fff;border:1px solid #dde2e8;border-radius:4px;padding:.8rem 1rem;margin-bottom:1rem}
.summary p{margin:.3rem 0}
.half{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
@media (max-width:800px){.half{grid-template-columns:1fr}}
table{width:100%;border-collapse:collapse;background:#fff;font-size:.93rem}
th,td{padding:.3rem .5rem;border-bottom:1px solid #dde2e8;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600;font-size:.82rem;color:#384659}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.esc-figure{display:block;max-width:100%;height:auto}
footer{color:#5d6b7c;font-size:.8rem;text-align:center;padding:1rem}
"""


def html_body(esc: Any, figs: dict[str, Any] | None = None) -> str:
    """The report's body (no ``<html>`` shell): summary, figures and tables; the web page
    wraps it in the app layout."""
    figs = figs if figs is not None else figures(esc)
    labels = _labels(esc)
    out = ['<div class="panel summary">']
    out += [f"<p>{escape(s)}</p>" for s in summary_lines(esc)]
    out.append("</div>")
    out.append(f'<h2>Acts over time</h2><div class="panel">{figs["series"]}</div>')
    if figs.get("lags"):
        out.append('<h2>Response lags against shuffled series</h2><div class="half">')
        out += [f'<div class="panel">{svg}</div>' for svg in figs["lags"]]
        out.append("</div>")
    if figs.get("intensity"):
        out.append(f'<h2>Fitted intensities</h2><div class="panel">{figs["intensity"]}</div>')
    rows = parameter_rows(esc)
    if rows:
        out.append('<h2>Hawkes parameters</h2><div class="panel">')
        if figs.get("matrix"):
            out.append(f'<h3>Who excites whom (branching)</h3>{figs["matrix"]}')
        out.append('<table class="data params"><thead><tr><th>Parameter</th><th>Meaning</th><th class="num">Estimate</th>'
                   '<th class="num">SE</th><th class="num">95% interval</th></tr></thead><tbody>')
        for r in rows:
            ci = f"{_num(r['low'], 3)} \u2013 {_num(r['high'], 3)}" if r["low"] is not None else "\u2013"
            out.append(f"<tr><td>{escape(r['name'])}</td><td>{escape(r['meaning'])}</td>"
                       f"<td class=\"num\">{_num(r['estimate'], 4)}</td><td class=\"num\">{_num(r['stderr'], 4)}</td>"
                       f"<td class=\"num\">{ci}</td></tr>")
        out.append("</tbody></table>")
        fit = esc.hawkes
        gof = fit.gof or {}
        pois = (esc.poisson_gof or gof.get("poisson") or {}).get("p_value", [])
        out.append('<table class="data"><thead><tr><th>Side</th><th class="num">Acts</th><th class="num">Triggered share</th>'
                   '<th class="num">Rescaling test p</th><th class="num">Poisson model p</th></tr></thead><tbody>')
        for i, label in enumerate(labels):
            out.append(f"<tr><td>{escape(label)}</td><td class=\"num\">{esc.n_events[i]}</td>"
                       f"<td class=\"num\">{_pct(fit.triggered_share[i]) if _finite(fit.triggered_share[i]) else '&#8211;'}</td>"
                       f"<td class=\"num\">{_p(_at(gof.get('p_value'), i))}</td><td class=\"num\">{_p(_at(pois, i))}</td></tr>")
        out.append(f"</tbody></table><p class=\"muted\">95% interval: estimate \u00b1 1.96 standard errors from the "
                   f"observed information, clipped at 0. Ties: {escape(fit.ties)}.</p></div>")
    vr = var_rows(esc)
    if vr:
        out.append(f'<h2>VAR on weekly counts (Granger tests)</h2><div class="panel"><table class="data var">'
                   f'<thead><tr><th>Do the weekly acts of \u2026</th><th>\u2026 help predict those of</th>'
                   f'<th class="num">F</th><th class="num">p</th></tr></thead><tbody>')
        for r in vr:
            out.append(f"<tr><td>{escape(r['cause'])}</td><td>{escape(r['effect'])}</td>"
                       f"<td class=\"num\">{_num(r['F'], 2)}</td><td class=\"num\">{_p(r['p'])}</td></tr>")
        out.append(f"</tbody></table><p class=\"muted\">{escape(str(_get(esc.var, 'lags')))} weekly lags, "
                   f"{escape(str(_weeks(esc)))} weeks.</p></div>")
    if esc.chains:
        out.append(f'<h2>{escape(chains_title(esc))} ({len(esc.chains)})</h2><div class="panel"><table class="data chains">'
                   '<thead><tr><th>Cause</th><th>Reaction</th><th class="num">Lag</th><th>Origin</th><th>Evidence</th>'
                   '</tr></thead><tbody>')
        for c in esc.chains[:MAX_CHAIN_ROWS]:
            out.append(f"<tr><td>{c.cause_day} {escape(c.cause_type.replace('_', ' '))}<br><span class=\"muted\">{escape(labels[c.cause_side])}</span></td>"
                       f"<td>{c.effect_day} {escape(c.effect_type.replace('_', ' '))}<br><span class=\"muted\">{escape(labels[c.effect_side])}</span></td>"
                       f"<td class=\"num\">{c.lag_days} d</td><td>{escape(ORIGINS.get(c.origin, c.origin))}</td>"
                       f"<td class=\"muted\">{escape(c.evidence)}</td></tr>")
        out.append("</tbody></table></div>")
    notes = list(esc.notes) + left_out_lines(esc)
    if notes:
        out.append('<h2>Notes</h2><div class="panel"><ul>' + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul></div>")
    return "\n".join(out)


def render_html(esc: Any) -> str:
    """ONE self-contained HTML file: inline CSS and SVG, no script, nothing from the network."""
    title = " / ".join(esc.names)
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Escalation: {escape(title)} \u00b7 sitrep</title><style>{CSS}</style></head><body>"
            "<header>sitrep <span>escalation</span></header><main>"
            f"<h1>Escalation: {escape(title)}</h1>"
            f"<div class=\"sub\">{escape(esc.origin)} \u00b7 families {escape(', '.join(esc.families))} \u00b7 "
            f"{esc.period.start} to {esc.period.end} ({_plural(esc.period.days, 'day')}) \u00b7 seed {esc.seed}</div>\n"
            f"{html_body(esc)}\n</main><footer>sitrep escalation report \u00b7 self-contained, offline</footer>"
            "</body></html>\n")


__all__ = ["summary_lines", "render_text", "render_json", "render_html", "html_body", "figures", "svg_series",
           "svg_lags", "svg_intensity", "svg_matrix", "parameter_rows", "var_rows"]
