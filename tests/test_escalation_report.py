"""Reports of the escalation analysis: the plain-language summary, text, JSON and the one-file
HTML report (inline SVG, nothing from the network), on series built here from simulated acts."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from sitrep.escalation import analyse
from sitrep.escalation.report import (parameter_rows, render_html, render_json, render_text, summary_lines,
                                      svg_matrix, svg_series)
from sitrep.escalation.series import Act, Party, Period, Series
from sitrep.escalation.simulate import simulate_hawkes

START = dt.date(2015, 1, 1)


def _party(key: str, name: str | None = None) -> Party:
    return Party(name=name or key.title(), key=key, keys=frozenset({key}))


def _series(times, parties, T: int, caused: dict[str, tuple[str, ...]] | None = None) -> Series:
    """Day-stamped acts of each side from simulated times (side i acts on side i+1)."""
    caused = caused or {}
    acts = []
    for i, ts in enumerate(times):
        target = parties[(i + 1) % len(parties)].key
        side = []
        for k, t in enumerate(ts):
            eid = f"s{i}-{k}"
            side.append(Act(day=START + dt.timedelta(days=int(t)), actors=(parties[i].key,), targets=(target,),
                            type="armed_clash", family="violence", event_id=eid, fatalities=k % 3,
                            caused_by=caused.get(eid, ()), evidence=f"sentence {eid}"))
        acts.append(tuple(side))
    return Series(parties=tuple(parties), period=Period(START, START + dt.timedelta(days=T - 1)), acts=tuple(acts))


@pytest.fixture(scope="module")
def dyad():
    times = simulate_hawkes((0.2, 0.15), ((0.15, 0.3), (0.45, 0.1)), 0.2, 1500, seed=11)
    parties = [_party("north", "North Army"), _party("south", "South <Front> & Co")]
    first = int((times[1] >= times[0][4]).argmax())              # South's first act after North's 5th
    then = int((times[0] >= times[1][first]).argmax())           # North's next act after that
    caused = {f"s1-{first}": ("s0-4",), f"s0-{then}": (f"s1-{first}",)}
    return analyse(_series(times, parties, 1500, caused), origin="simulated", n_permutations=99, seed=3)


@pytest.fixture(scope="module")
def tiny():
    parties = [_party("north"), _party("south")]
    times = [[1.0, 5.0, 9.0], [2.0, 6.0]]
    return analyse(_series(times, parties, 20, {"s1-0": ("s0-0",)}), origin="simulated", n_permutations=20)


def test_escalation_report_summary_quotes_reaction_share_and_median_response(dyad):
    lines = summary_lines(dyad)
    text = " ".join(lines)
    assert re.search(r"About \d+% \(95% range \d+% to \d+%\) of South <Front> & Co's acts on North Army are estimated to be reactions to "
                     r"North Army's acts", text)
    assert "median response" in text and "mean response time" in text
    assert any("time-rescaling" in s for s in lines)


def test_escalation_report_not_identifiable_gives_no_numbers(tiny):
    assert tiny.hawkes is None and not tiny.identifiable and tiny.lags == ()
    lines = summary_lines(tiny)
    assert any(s.startswith("Not identifiable: fewer than 30 acts a side") for s in lines)
    rest = " ".join(s for s in lines if not s.startswith(("Not identifiable", "North and South")))
    assert "%" not in rest and "median" not in rest and not re.search(r"\d", rest)
    d = tiny.to_dict()
    assert d["hawkes"]["identifiable"] is False and "branching" not in d["hawkes"] and d["lags"] == {}
    assert d["var"]["estimated"] is False and len(d["chains"]) == 1
    text = render_text(tiny)
    assert "Not identifiable" in text and "branching" not in text and "Response lags" not in text
    assert "<table class=\"data params\">" not in render_html(tiny)


def test_escalation_report_parameter_rows_give_95_percent_intervals(dyad):
    rows = {r["name"]: r for r in parameter_rows(dyad)}
    assert {"baseline[0]", "baseline[1]", "branching[1][0]", "decay", "mean response"} <= set(rows)
    r = rows["branching[1][0]"]
    assert r["low"] == pytest.approx(max(0.0, r["estimate"] - 1.96 * r["stderr"]))
    assert r["high"] == pytest.approx(r["estimate"] + 1.96 * r["stderr"])
    assert r["estimate"] == dyad.hawkes.branching[1][0]


def test_escalation_report_json_has_the_issue_shape_and_no_nan(dyad):
    d = json.loads(render_json(dyad))
    assert {"dyad", "period", "n_events", "series", "chains", "lags", "hawkes", "var"} <= set(d)
    assert d["dyad"] == ["North Army", "South <Front> & Co"]
    assert {"baseline", "branching", "decay", "stderr", "triggered_share", "gof"} <= set(d["hawkes"])
    assert len(d["hawkes"]["branching"]) == 2 and len(d["hawkes"]["branching"][0]) == 2
    assert set(d["lags"]) == {"b_answers_a", "a_answers_b"}
    assert d["var"]["estimated"] is True and "a_causes_b" in d["var"]["granger"]
    assert [c["lag_days"] >= 0 for c in d["chains"]] == [True, True]


def test_escalation_report_html_is_one_self_contained_file(dyad):
    html = render_html(dyad)
    assert html.startswith("<!doctype html>") and "<style>" in html
    assert html.count("<svg") >= 4            # series, two lag histograms, intensities, matrix
    assert "http://" not in html and "https://" not in html and "<script" not in html
    assert "@import" not in html and "url(http" not in html
    assert "South &lt;Front&gt; &amp; Co" in html and "South <Front>" not in html
    assert "95% interval" in html and "Granger" in html


def test_escalation_report_chains_are_drawn_as_arrows(dyad):
    svg = svg_series(dyad, uid="t")
    assert svg.count('marker-end="url(#t-arrow)"') == len(dyad.chains) == 2


def test_escalation_report_top_k_shows_who_excites_whom():
    times = simulate_hawkes((0.1, 0.1, 0.1), ((0.1, 0.4, 0.0), (0.0, 0.1, 0.4), (0.4, 0.0, 0.1)), 0.3, 1500, seed=5)
    parties = [_party("a"), _party("b"), _party("c")]
    esc = analyse(_series(times, parties, 1500), origin="simulated", top=3, n_permutations=10)
    assert esc.hawkes is not None and esc.var is None and esc.lags == ()
    svg = svg_matrix(esc)
    assert svg.count("<rect") == 9
    b = esc.hawkes.branching
    assert b[0][1] > b[0][2] and b[1][2] > b[1][0] and b[2][0] > b[2][1]   # a answers b, b answers c, c answers a
    lines = summary_lines(esc)
    assert any("B's" in s and "largest share" in s for s in lines)
    assert "VAR not estimated" in render_text(esc)


def test_escalation_report_independent_series_claim_no_reactions():
    rng = __import__("numpy").random.default_rng(5)
    times = [sorted(rng.uniform(0, 2000, 400)), sorted(rng.uniform(0, 2000, 300))]
    esc = analyse(_series(times, [_party("east"), _party("west")], 2000), origin="simulated",
                  n_permutations=49, seed=2)
    text = " ".join(summary_lines(esc))
    assert esc.hawkes is not None and "No significant excitation" in text
    assert "estimated to be reactions" not in text


# --- tryout 8: wording, uncertainty, origins, plots ---------------------------------------------

from dataclasses import replace  # noqa: E402

from sitrep.escalation import _named, chains_of  # noqa: E402
from sitrep.escalation import report as report_mod  # noqa: E402


def test_escalation_report_poisson_rejection_names_each_side(dyad):
    def line(pvals):
        esc = replace(dyad, poisson_gof={"p_value": pvals})
        return next(s for s in summary_lines(esc) if "constant-rate" in s)
    mixed = line([0.527, 0.046])
    assert ("rejected for South <Front> & Co on North Army but not for North Army on South <Front> & Co" in mixed)
    assert "North Army on South <Front> & Co: p 0.527" in mixed
    assert "rejected on every side" in line([0.01, 0.02])
    assert "not rejected either" in line([0.4, 0.6])


def test_escalation_report_shares_carry_a_range_and_few_acts_a_caveat(dyad, monkeypatch):
    by = report_mod._triggered_by(dyad)
    lo, hi = report_mod.share_range(dyad, 1, 0)
    assert lo < by[1][0] < hi <= 1.0
    assert f"({'95% range'} {report_mod._pct(lo)} to {report_mod._pct(hi)})" in " ".join(summary_lines(dyad))
    assert not any("rough" in s for s in summary_lines(dyad))              # 500+ acts a side
    monkeypatch.setattr(report_mod, "FEW_ACTS", 10_000)
    assert any("estimates are rough" in s for s in summary_lines(dyad))


def test_escalation_report_wording_possessives_plurals_and_p_floor():
    assert report_mod._poss("United States") == "United States'" and report_mod._poss("Iran") == "Iran's"
    assert report_mod._lag_p(1 / 201, 200) == "p <= 0.005"
    assert report_mod._lag_p(0.031, 200) == "p = 0.031"
    wrapped = report_mod._wrap("word " * 15 + "Asa'ib Ahl al-Haq and Harakat Hezbollah al-Nujaba " * 4)
    assert not any(line.rstrip().endswith("-") for line in wrapped.splitlines())
    parties = [_party("north"), _party("south")]
    one = analyse(_series([[0.0], [0.0, 0.0]], parties, 1), origin="simulated", n_permutations=5)
    text = render_text(one)
    assert "(1 day)" in text and "1 hostile act of" in text and "1 days" not in text
    assert re.search(r"\b1 act \s+0 killed", text) and "1 acts" not in text


def test_escalation_report_no_response_time_after_a_nil_share(dyad):
    se = dict(dyad.hawkes.stderr)
    se["branching"] = [[None, None], [None, None]]
    fit = replace(dyad.hawkes, triggered_by=((0.1, 0.0), (0.0, 0.1)), branching=((0.1, 0.0), (0.0, 0.1)), stderr=se)
    lines = summary_lines(replace(dyad, hawkes=fit))
    nil = next(s for s in lines if s.startswith("Next to none of South"))
    assert "median response" not in nil
    assert "triggers on average" in " ".join(lines) and "followed on average" not in " ".join(lines)


def test_escalation_report_lag_notes_name_the_sides():
    note = "1 act(s) of A after B's last act: censored at the period's end, dropped"
    assert _named(note, cause="Iran", responder="United States") == (
        "1 act of Iran after United States' last act: censored at the period's end, dropped")
    assert _named("3 act(s) of A", cause="Iran", responder="Iraq") == "3 acts of Iran"


def test_escalation_report_left_out_is_said_to_be_the_whole_source(tiny):
    esc = replace(tiny, left_out={"no named actor or target": 44})
    text = " ".join(render_text(esc).split())
    assert "all actors, not only these sides" in text and "no named actor or target: 44" in text
    assert "all actors, not only these sides" in render_html(esc)


def test_escalation_report_json_keeps_one_share_split(dyad):
    h = json.loads(render_json(dyad))["hawkes"]
    assert "attribution" not in h and len(h["triggered_by"]) == 2


def test_escalation_report_analyst_links_are_not_presented_as_stated():
    parties = [_party("north"), _party("south")]
    base = _series([[1.0, 5.0], [3.0, 9.0]], parties, 12)
    acts = list(base.acts[1])
    acts[0] = replace(acts[0], caused_by=("s0-0",), cause_notes=(("s0-0", "analyst", ""),))
    acts[1] = replace(acts[1], caused_by=("s0-1",), cause_notes=(("s0-1", "text", "They struck back after it."),))
    series = replace(base, acts=(base.acts[0], tuple(acts)))
    chains = {c.cause_id: c for c in chains_of(series)}
    assert chains["s0-0"].origin == "analyst" and chains["s0-0"].evidence == ""     # not the effect's sentence
    assert chains["s0-1"].evidence == "They struck back after it."
    esc = analyse(series, origin="simulated", n_permutations=5)
    text = render_text(esc)
    assert "Chains stated by the sources or added by analysts" in text and "added by an analyst" in text
    html = render_html(esc)
    assert "<th>Origin</th>" in html and "added by an analyst" in html and "sentence s1-0" not in html
    only = analyse(replace(series, acts=(base.acts[0], (acts[0], base.acts[1][1]))), origin="s", n_permutations=5)
    assert any(s.startswith("Action-reaction links between these acts added by analysts") for s in summary_lines(only))
    assert "stated by the sources" not in render_text(only)


def test_escalation_report_same_data_same_answer_whatever_the_side_order():
    times = simulate_hawkes((0.2, 0.15), ((0.15, 0.3), (0.45, 0.1)), 0.2, 900, seed=4)
    ab = analyse(_series(times, [_party("north"), _party("south")], 900), origin="s", n_permutations=9)
    ba = analyse(_series(times[::-1], [_party("south"), _party("north")], 900), origin="s", n_permutations=9)
    assert ab.hawkes.branching[1][0] == pytest.approx(ba.hawkes.branching[0][1], rel=1e-6)
    assert ab.hawkes.triggered_by[0][1] == pytest.approx(ba.hawkes.triggered_by[1][0], rel=1e-6)
    assert report_mod.side_colors(ab) == report_mod.side_colors(ba)[::-1]


def test_escalation_report_figures_label_axes_and_keep_labels_readable(dyad):
    lag_svg = report_mod.svg_lags(dyad, dyad.lags[0])
    assert "acts in the bin" in lag_svg
    series_svg = svg_series(dyad, uid="t")
    label = series_svg.index('paint-order="stroke">North Army on South')
    assert label > series_svg.rindex("marker-end")
    assert "Acts per day" not in render_html(dyad) and "Acts over time" in render_html(dyad)
    intensity = report_mod.svg_intensity(dyad)
    assert intensity.count("<polyline") == 2 and intensity.count("peak") == 2
