"""The dyadic series the escalation analysis reads: acts from ACLED exports and from the
knowledge base, parties (names, aliases, a state's own forces), periods, top-K, chains."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sitrep.errors import SitrepError
from sitrep.escalation import chains_of
from sitrep.escalation.series import (Act, ActorRef, ActTable, Party, Period, acled_names, acts_from_acled,
                                      acts_from_kb, date_bound, dyad_series, parse_families, period_of,
                                      top_series)

HEADER = "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,fatalities,notes\n"


def _csv(tmp_path, rows: list[str], name: str = "export.csv") -> str:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _act(day: str, actor: str, target: str, eid: str, caused_by: tuple[str, ...] = (), deaths: int | None = None) -> Act:
    return Act(day=dt.date.fromisoformat(day), actors=(actor,), targets=(target,), type="armed_clash",
               family="violence", event_id=eid, fatalities=deaths, caused_by=caused_by, evidence=f"text of {eid}")


def _party(key: str) -> Party:
    return Party(name=key.title(), key=key, keys=frozenset({key}))


def _table(acts) -> ActTable:
    keys = {k for a in acts for k in (*a.actors, *a.targets)}
    return ActTable(acts=tuple(acts), refs={k: ActorRef(k, k.title()) for k in keys}, origin="test",
                    families=("violence",))


# --- ACLED exports -----------------------------------------------------------------------------

def test_escalation_series_acled_reads_three_date_forms(tmp_path):
    path = _csv(tmp_path, [
        "X1,2019-12-27,Battles,Armed clash,Hamas Movement,,Military Forces of Israel (2009-2021),,2,rockets",
        "X2,20191229,Explosions/Remote violence,Air/drone strike,Military Forces of Israel (2009-2021),,Hamas Movement,,5,strike",
        "X3,31 December 2019,Battles,Armed clash,Hamas Movement,,Military Forces of Israel (2009-2021),,0,clash",
    ])
    table = acts_from_acled(path, acled_names(), ("violence",))
    assert [a.day.isoformat() for a in table.acts] == ["2019-12-27", "2019-12-29", "2019-12-31"]
    assert [a.fatalities for a in table.acts] == [2, 5, 0]
    assert table.acts[1].event_id == "X2" and table.acts[1].family == "violence"


def test_escalation_series_acled_names_match_by_alias_and_state_forces(tmp_path):
    path = _csv(tmp_path, [
        "X1,2019-12-27,Battles,Armed clash,Hamas Movement,,Military Forces of Israel (2009-2021),,2,a",
        "X2,2019-12-28,Battles,Armed clash,Military Forces of Israel (2009-2021),,Islamic Resistance Movement,,1,b",
        "X3,2019-12-29,Battles,Armed clash,Police Forces of Israel (2009-2021),,Hamas Movement,,0,c",
    ])
    names = acled_names()
    table = acts_from_acled(path, names, ("violence",))
    israel, hamas = names.party("Israel"), names.party("Hamas")
    s = dyad_series(table, israel, hamas)
    assert s.n_events == (2, 1)        # Israel's army and police on Hamas; Hamas on Israel


def test_escalation_series_acled_associated_actors_count(tmp_path):
    path = _csv(tmp_path, [
        "X1,2019-12-27,Battles,Armed clash,Unidentified Armed Group (Israel),Hamas Movement,Civilians (Israel),Military Forces of Israel (2009-2021),0,a",
    ])
    names = acled_names()
    s = dyad_series(acts_from_acled(path, names, ("violence",)), names.party("Israel"), names.party("Hamas"))
    assert s.n_events == (0, 1)


def test_escalation_series_acled_malformed_rows_warn_w800_and_are_counted(tmp_path, capsys):
    path = _csv(tmp_path, [
        "X1,2019-12-27,Battles,Armed clash,Hamas Movement,,Military Forces of Israel (2009-2021),,2,ok",
        "X2,soon,Battles,Armed clash,Hamas Movement,,Military Forces of Israel (2009-2021),,2,bad date",
        "X3,2019-12-28,Battles,Armed clash,Hamas Movement,,Military Forces of Israel (2009-2021),,many,bad deaths",
        "X4,2019-12-29,Battles",
    ])
    table = acts_from_acled(path, acled_names(), ("violence",))
    err = capsys.readouterr().err
    assert "[W800]" in err and "3 row(s) skipped" in err and "line 3" in err
    assert len(table.acts) == 1 and table.left_out["unreadable row"] == 3


def test_escalation_series_acled_other_types_left_out(tmp_path):
    path = _csv(tmp_path, [
        "X1,2019-12-27,Protests,Peaceful protest,Protesters (Israel),,,,0,march",
        "X2,2019-12-27,Battles,Armed clash,Hamas Movement,,Military Forces of Israel (2009-2021),,0,clash",
    ])
    table = acts_from_acled(path, acled_names(), ("violence",))
    assert len(table.acts) == 1 and table.left_out["type outside the families asked"] == 1


@pytest.mark.parametrize("header", ["event_date,actor1\n2019-12-27,Hamas\n", ""])
def test_escalation_series_acled_without_required_columns_is_e802(tmp_path, header):
    path = tmp_path / "bad.csv"
    path.write_text(header, encoding="utf-8")
    with pytest.raises(SitrepError) as exc:
        acts_from_acled(str(path), acled_names(), ("violence",))
    assert exc.value.code == "E802"


def test_escalation_series_acled_missing_file_is_e802(tmp_path):
    with pytest.raises(SitrepError) as exc:
        acts_from_acled(str(tmp_path / "none.csv"), acled_names(), ("violence",))
    assert exc.value.code == "E802"


# --- series, periods, families ------------------------------------------------------------------

def test_escalation_series_dyad_splits_sides_and_keeps_date_order():
    acts = [_act("2020-01-03", "b", "a", "3"), _act("2020-01-01", "a", "b", "1"), _act("2020-01-02", "a", "c", "2"),
            _act("2020-01-02", "b", "a", "4", deaths=3)]
    s = dyad_series(_table(acts), _party("a"), _party("b"))
    assert [x.event_id for x in s.acts[0]] == ["1"]
    assert [x.event_id for x in s.acts[1]] == ["4", "3"]
    assert s.period == Period(dt.date(2020, 1, 1), dt.date(2020, 1, 3)) and s.period.days == 3
    assert [t.tolist() for t in s.times()] == [[0.0], [1.0, 2.0]]
    days = [d.to_dict() for d in s.days()]
    assert days[1] == {"date": "2020-01-02", "events": [0, 1], "fatalities": [0, 3]}


def test_escalation_series_weekly_counts_drop_a_short_last_week():
    acts = [_act("2020-01-01", "a", "b", "1"), _act("2020-01-09", "b", "a", "2"), _act("2020-01-16", "a", "b", "3")]
    s = dyad_series(_table(acts), _party("a"), _party("b"))   # 16 days: 2 weeks + 2 days
    assert s.weekly().tolist() == [[1, 0], [0, 1]]


def test_escalation_series_top_k_picks_the_most_active():
    acts = [_act("2020-01-01", "a", "b", "1"), _act("2020-01-02", "b", "a", "2"), _act("2020-01-03", "c", "a", "3"),
            _act("2020-01-04", "a", "b", "4"), _act("2020-01-05", "d", "e", "5")]
    s = top_series(_table(acts), 2)
    assert [p.key for p in s.parties] == ["a", "b"] and s.n_events == (2, 1)
    s3 = top_series(_table(acts), 3)
    assert [p.key for p in s3.parties] == ["a", "b", "c"] and s3.n_events == (2, 1, 1)


def test_escalation_series_period_and_dates():
    assert date_bound("2019-12", end=True) == dt.date(2019, 12, 31)
    assert date_bound("2020", end=False) == dt.date(2020, 1, 1)
    assert period_of("2019-12-20", "2020-01").days == 43
    for bad in ("yesterday", "2019-13"):
        with pytest.raises(SitrepError) as exc:
            date_bound(bad, end=False)
        assert exc.value.code == "E801"
    with pytest.raises(SitrepError) as exc:
        period_of("2020-02", "2020-01")
    assert exc.value.code == "E801"


def test_escalation_series_families():
    assert parse_families("violence, unrest") == ("violence", "unrest")
    assert parse_families(None) == ("violence", "unrest", "coercion")
    with pytest.raises(SitrepError) as exc:
        parse_families("violence,gossip")
    assert exc.value.code == "E801"


def test_escalation_series_chains_between_sides_with_lags():
    acts = [_act("2019-12-27", "b", "a", "rocket"), _act("2019-12-29", "a", "b", "strike", caused_by=("rocket",)),
            _act("2019-12-31", "b", "a", "embassy", caused_by=("strike", "unknown"))]
    s = dyad_series(_table(acts), _party("a"), _party("b"))
    chains = chains_of(s)
    assert [(c.cause_id, c.effect_id, c.lag_days, c.cause_side, c.effect_side) for c in chains] == [
        ("rocket", "strike", 2, 1, 0), ("strike", "embassy", 2, 0, 1)]
    assert all(c.crosses for c in chains) and chains[0].evidence == "text of strike"


# --- the knowledge base (a stand-in with the KB's reading methods) -----------------------------

def _fake_kb(events, links=None):
    kb = SimpleNamespace(url="fake.db")
    kb.events = lambda **kw: [SimpleNamespace(event=e) for e in events]
    kb.actor_names = lambda keys: {k: k.title() for k in keys}
    kb.actors = lambda **kw: []
    if links is not None:
        kb.cause_links = lambda event_ids=None: [l for l in links if event_ids is None or l.effect_id in event_ids]
    return kb


def _event(eid, day, actor, target, caused_by=None, certainty="reported"):
    from sitrep.records import Event, EventDate, Evidence
    return Event(eid, "air_strike", "195", actors=(actor,), targets=(target,), date=EventDate(day, day, "day"),
                 caused_by=caused_by, certainty=certainty, evidence=(Evidence(f"sentence of {eid}", 0, 10),))


def test_escalation_series_kb_uses_caused_by_without_cause_links():
    events = [_event("e1", "2019-12-27", "kh", "us"), _event("e2", "2019-12-29", "us", "kh", caused_by="e1"),
              _event("e3", "2019-12-30", "us", "kh", certainty="false"),
              _event("e4", "2019-12", "us", "kh")]
    table = acts_from_kb(_fake_kb(events), ("violence",))
    assert [a.event_id for a in table.acts] == ["e1", "e2"] and table.acts[1].caused_by == ("e1",)
    assert table.left_out == {"marked false or denied": 1, "not dated to a day": 1}


def test_escalation_series_kb_collects_every_cause_link():
    link = SimpleNamespace(cause_id="e1", effect_id="e3", origin="analyst", evidence="an analyst joined them")
    events = [_event("e1", "2019-12-27", "kh", "us"), _event("e2", "2019-12-29", "us", "kh", caused_by="e1"),
              _event("e3", "2019-12-31", "us", "kh", caused_by="e2")]
    table = acts_from_kb(_fake_kb(events, [link]), ("violence",))
    assert table.acts[2].caused_by == ("e2", "e1")
    s = dyad_series(table, _party("us"), _party("kh"))
    chains = {(c.cause_id, c.effect_id): c for c in chains_of(s)}
    assert set(chains) == {("e1", "e2"), ("e1", "e3"), ("e2", "e3")}
    assert chains[("e1", "e3")].origin == "analyst" and chains[("e1", "e3")].evidence == "an analyst joined them"
    assert chains[("e2", "e3")].origin == "text" and not chains[("e2", "e3")].crosses


# --- files that are not clean CSV (tryout 8, items 2 and 12) -------------------------------------

def test_escalation_series_acled_reads_bare_carriage_return_line_ends(tmp_path):
    path = tmp_path / "mac.csv"
    rows = ["X1,2021-03-02,Battles,Armed clash,Hamas Movement,,Military Forces of Israel (2009-2021),,1,a",
            "X2,2021-03-04,Battles,Armed clash,Military Forces of Israel (2009-2021),,Hamas Movement,,0,b"]
    path.write_bytes((HEADER.rstrip("\n") + "\r" + "\r".join(rows) + "\r").encode("utf-8"))
    table = acts_from_acled(str(path), acled_names(), ("violence",))
    assert [a.event_id for a in table.acts] == ["X1", "X2"]


@pytest.mark.parametrize("content", [bytes(range(256)) * 8,
                                     b'event_date,event_type,actor1,actor2\n2021-01-01,"' + b"x" * 200_000 + b'",a,b\n'])
def test_escalation_series_acled_garbage_bytes_are_e802_not_a_traceback(tmp_path, content):
    import csv
    path = tmp_path / "noise.csv"
    path.write_bytes(content)
    limit = csv.field_size_limit(131072)        # the default (another module may have raised it)
    try:
        with pytest.raises(SitrepError) as exc:
            acts_from_acled(str(path), acled_names(), ("violence",))
    finally:
        csv.field_size_limit(limit)
    assert exc.value.code == "E802"


def test_escalation_series_acled_without_event_type_says_nothing_can_be_typed(tmp_path):
    path = tmp_path / "untyped.csv"
    path.write_text("event_date,actor1,actor2\n2021-01-01,Hamas Movement,Military Forces of Israel (2009-2021)\n",
                    encoding="utf-8")
    with pytest.raises(SitrepError) as exc:
        acts_from_acled(str(path), acled_names(), ("violence",))
    assert exc.value.code == "E802" and "event_type" in str(exc.value) and "hostile" in str(exc.value)


# --- top K: sides, ranking by acts done, order (tryout 8, items 10, 11, 20) ---------------------

def _acts(spec: list[tuple[str, str, int]]) -> list[Act]:
    out, day = [], dt.date(2020, 1, 1)
    for actor, target, n in spec:
        for k in range(n):
            out.append(_act((day + dt.timedelta(days=len(out))).isoformat(), actor, target, f"{actor}-{target}-{k}"))
    return out


def test_escalation_series_top_k_ranks_by_acts_done_on_the_others():
    from sitrep.escalation import top_series as top
    acts = _acts([("a", "b", 3), ("b", "a", 2), ("c", "a", 1), ("a", "iraq", 5), ("b", "iraq", 4), ("d", "e", 10)])
    s = top(_table(acts), 3)
    assert [p.key for p in s.parties] == ["a", "b", "c"]       # not Iraq (only acted on), not d (acts on e only)
    assert s.n_events == (3, 2, 1)                              # in order of the acts shown
    assert all(n > 0 for n in s.n_events)


def test_escalation_series_top_k_is_the_same_whatever_the_order_actors_are_named():
    from sitrep.escalation import top_series as top
    acts = _acts([("a", "b", 3), ("b", "a", 2), ("c", "a", 1), ("c", "b", 1), ("d", "e", 10)])
    one = top(_table(acts), 3, first=[_party("c"), _party("b")])
    two = top(_table(acts), 3, first=[_party("b"), _party("c")])
    assert [p.key for p in one.parties] == [p.key for p in two.parties] == ["a", "b", "c"]   # by acts, then key
    assert one.n_events == two.n_events == (3, 2, 2)


def test_escalation_series_top_k_counts_a_state_and_its_forces_as_one_side():
    from sitrep.escalation import top_series as top
    acts = _acts([("usaf", "kh", 3), ("us", "kh", 2), ("kh", "us", 2), ("kh", "usaf", 1), ("iran", "us", 1)])
    refs = {"us": ActorRef("us", "United States", state="US"),
            "usaf": ActorRef("usaf", "United States Armed Forces", state="US"),
            "kh": ActorRef("kh", "Kataib Hezbollah"), "iran": ActorRef("iran", "Iran", state="IR")}
    s = top(ActTable(acts=tuple(acts), refs=refs, origin="test", families=("violence",)), 2)
    assert [p.name for p in s.parties] == ["United States", "Kataib Hezbollah"]
    assert s.parties[0].keys == {"us", "usaf"} and s.n_events == (5, 3)


def test_escalation_series_a_state_and_its_forces_are_one_side():
    from sitrep.escalation import same_side
    from sitrep.escalation.series import kb_party
    actors = {"us": SimpleNamespace(id="us", name="United States", type="state", country="US"),
              "usaf": SimpleNamespace(id="usaf", name="United States Armed Forces", type="state_military", country="US"),
              "kh": SimpleNamespace(id="kh", name="Kataib Hezbollah", type="armed_group", country="IQ")}
    kb = SimpleNamespace(url="fake.db", resolve_actor=lambda n: (n,) if n in actors else (),
                         actor=lambda i, limit=0: SimpleNamespace(actor=actors[i]))
    us, usaf, kh = (kb_party(kb, k) for k in ("us", "usaf", "kh"))
    assert usaf.country == "US" and same_side(us, usaf) and not same_side(us, kh) and not same_side(usaf, kh)


def test_escalation_series_top_k_partner_of_a_named_actor_is_the_one_it_acts_on():
    from sitrep.escalation import top_series as top
    acts = _acts([("is", "us", 5), ("kh", "us", 6), ("us", "kh", 4)])
    s = top(_table(acts), 2, first=[_party("is")])
    assert [p.key for p in s.parties] == ["is", "us"] and s.n_events == (5, 0)
