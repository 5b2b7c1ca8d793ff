"""The escalation page of the web app and its JSON twin (FastAPI TestClient), the links to it
from the dossier and the network page, and its errors (E800, E801)."""
from __future__ import annotations

import datetime as dt
import re
import sys

import pytest

from sitrep.kb import open_kb
from sitrep.records import Actor, Article, Event, EventDate, Evidence, Extraction
from sitrep.escalation.simulate import simulate_hawkes
from test_web_api import HTML, TOKEN, build_kb  # noqa: E402  (the small knowledge base of the web tests)

NORTH = Actor("north-army", "North Army", "armed_group", "XX", ("NA",))
SOUTH = Actor("south-front", "South <Front>", "armed_group", "XX", ("SF",))


def _simulated_extractions() -> list[Extraction]:
    """Hand-made extractions of a simulated exchange (one act a side a day at most), one
    article a month."""
    times = simulate_hawkes((0.12, 0.1), ((0.1, 0.35), (0.4, 0.1)), 0.25, 900, seed=4)
    start = dt.date(2018, 1, 1)
    by_month: dict[str, list[Event]] = {}
    for side, ts in enumerate(times):
        doer, target = (NORTH, SOUTH) if side == 0 else (SOUTH, NORTH)
        for day in sorted({int(t) for t in ts}):
            d = start + dt.timedelta(days=day)
            text = f"{doer.name} attacked {target.name} on {d.isoformat()}."
            by_month.setdefault(d.isoformat()[:7], []).append(
                Event(f"e{side}-{day}", "armed_clash" if side else "air_strike", "190", actors=(doer.id,),
                      targets=(target.id,), date=EventDate(d.isoformat(), d.isoformat(), "day"), fatalities=day % 3,
                      evidence=(Evidence(text, 0, len(text)),)))
    out = []
    for month, events in sorted(by_month.items()):
        text = " ".join(e.evidence[0].text for e in events)
        events = [Event(e.id, e.type, e.cameo, actors=e.actors, targets=e.targets, date=e.date, fatalities=e.fatalities,
                        evidence=(Evidence(e.evidence[0].text, text.index(e.evidence[0].text),
                                           text.index(e.evidence[0].text) + len(e.evidence[0].text)),))
                  for e in events]
        out.append(Extraction(article=Article(id=f"m{month}", text=text, title=f"Fighting in {month}",
                                              source="Test Wire", published=f"{month}-28"),
                              actors=(NORTH, SOUTH), events=tuple(events)))
    return out


@pytest.fixture(scope="module")
def big_client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app
    db = str(tmp_path_factory.mktemp("esc") / "kb.db")
    with open_kb(db) as kb:
        for x in _simulated_extractions():
            kb.ingest(x)
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


@pytest.fixture
def small(tmp_path):
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app
    db = str(tmp_path / "kb.db")
    build_kb(db)
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c, db


@pytest.fixture
def client(small):
    return small[0]


DYAD = "/escalation?a=north-army&b=south-front"


def test_escalation_web_page_shows_the_fit_and_figures(big_client):
    r = big_client.get(DYAD, headers=HTML)
    assert r.status_code == 200, r.text[:400]
    page = r.text
    assert "<h1>Escalation: " in page and "South &lt;Front&gt;" in page and "South <Front>" not in page
    assert page.count("<svg") >= 5 and "Who excites whom" in page and 'id="parameters"' in page
    assert "estimated to be reactions" in page and "200 shuffled series" in page
    assert "<script>" not in page and ' style="' not in page and "<style" not in page   # the app's CSP holds
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert 'href="/escalation.json?a=north-army&amp;b=south-front"' in page


def test_escalation_web_json_twin_is_the_analysis_json(big_client):
    r = big_client.get(DYAD.replace("/escalation", "/escalation.json"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    d = r.json()
    assert d["page"] == "escalation" and d["permutations"] == 200
    assert d["dyad"] == ["North Army", "South <Front>"] and min(d["n_events"]) >= 30
    assert {"baseline", "branching", "decay", "stderr", "triggered_share", "gof"} <= set(d["hawkes"])
    assert d["hawkes"]["branching"][1][0] > d["hawkes"]["branching"][1][1]    # South answers North
    assert {"dyad", "period", "series", "chains", "lags", "var"} <= set(d)


def test_escalation_web_page_and_twin_share_one_analysis(big_client, monkeypatch):
    import sitrep.escalation as esc_mod
    calls = []
    real = esc_mod.escalation
    monkeypatch.setattr(esc_mod, "escalation", lambda *a, **k: calls.append(k) or real(*a, **k))
    for path in (DYAD + "&until=2019-06", DYAD.replace("/escalation", "/escalation.json") + "&until=2019-06"):
        assert big_client.get(path, headers=HTML).status_code == 200
    assert len(calls) == 1 and calls[0]["n_permutations"] == 200


def test_escalation_web_top_k(big_client):
    r = big_client.get("/escalation.json?top=2")
    assert r.status_code == 200 and len(r.json()["hawkes"]["branching"]) == 2
    assert big_client.get("/escalation?top=2", headers=HTML).status_code == 200


def test_escalation_web_small_dyad_is_not_identifiable_and_lists_the_chain(client):
    r = client.get("/escalation?a=kataib-hezbollah&b=US", headers=HTML)
    assert r.status_code == 200, r.text[:400]
    assert "Not identifiable: fewer than 30 acts a side" in r.text and 'id="chains"' in r.text
    assert "In retaliation" in r.text
    d = client.get("/escalation.json?a=kataib-hezbollah&b=US").json()
    assert d["hawkes"]["identifiable"] is False and len(d["chains"]) == 1
    chain = d["chains"][0]
    assert (chain["cause_date"], chain["effect_date"], chain["lag_days"]) == ("2019-12-27", "2019-12-29", 2)


def test_escalation_web_unknown_actor_is_an_error_page(client):
    r = client.get("/escalation?a=kataib-hezbollah&b=nobody-at-all", headers=HTML)
    assert r.status_code == 404 and 'id="error-code">E801<' in r.text
    r = client.get("/escalation.json?a=kataib-hezbollah&b=nobody-at-all")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E801"


@pytest.mark.parametrize("query", ["a=kataib-hezbollah&b=US&since=soon", "a=kataib-hezbollah&b=US&families=gossip",
                                   "a=kataib-hezbollah", "top=99", "top=many"])
def test_escalation_web_bad_parameters_are_e801(client, query):
    r = client.get(f"/escalation.json?{query}")
    assert r.status_code == 400 and r.json()["error"]["code"] == "E801"


def test_escalation_web_missing_statistics_package_is_e800(big_client, monkeypatch):
    for name in [m for m in sys.modules if m == "statsmodels" or m.startswith("statsmodels.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "statsmodels", None)
    r = big_client.get(DYAD + "&since=2018-02", headers=HTML)     # not analysed before (no cached answer)
    assert r.status_code == 503 and 'id="error-code">E800<' in r.text and "sitrep[analysis]" in r.text


def test_escalation_web_without_a_dyad_shows_the_form(client):
    r = client.get("/escalation", headers=HTML)
    assert r.status_code == 200 and 'id="escalation-form"' in r.text
    r = client.get("/escalation.json")                       # nothing asked: a 400 that says how to ask
    assert r.status_code == 400 and r.json()["error"]["code"] == "E801"
    assert "?a=ID&b=ID" in r.json()["error"]["message"] and "top=K" in r.json()["error"]["message"]


@pytest.mark.parametrize("query, words", [("a=kataib-hezbollah", "?a=ID&b=ID"), ("top=99", "top must be"),
                                          ("a=US&b=kataib-hezbollah&families=gossip", "unknown event family")])
def test_escalation_web_errors_speak_of_query_parameters_not_flags(client, query, words):
    r = client.get(f"/escalation.json?{query}")
    message = r.json()["error"]["message"]
    assert r.status_code == 400 and words in message and "--" not in message


def test_escalation_web_no_shuffle_count_without_lags(client):
    r = client.get("/escalation?a=kataib-hezbollah&b=US", headers=HTML)
    assert "Not identifiable" in r.text and "shuffled series" not in r.text


def test_escalation_web_dossier_and_network_link_to_the_page(client):
    dossier = client.get("/actors/kataib-hezbollah", headers=HTML).text
    links = re.findall(r'href="(/escalation\?[^"]+)"', dossier)
    assert "/escalation?a=kataib-hezbollah&amp;b=united-states" in links and len(links) == len(set(links))
    network = client.get("/network", headers=HTML).text
    edges = re.findall(r'class="escalation-link" href="(/escalation\?[^"]+)"', network)
    assert "/escalation?a=united-states&amp;b=kataib-hezbollah" in edges
    target = edges[0].replace("&amp;", "&")
    assert client.get(target, headers=HTML).status_code == 200


def test_escalation_web_follows_analyst_links(small):
    client, db = small
    url = "/escalation.json?a=kataib-hezbollah&b=united-states"
    chain = client.get(url).json()["chains"][0]
    assert chain["origin"] == "text"
    with open_kb(db) as kb:
        kb.unlink_events(chain["cause"], chain["effect"], "analyst one")
    assert client.get(url).json()["chains"] == []            # the correction is seen, not a cached answer
    with open_kb(db) as kb:
        kb.link_events(chain["cause"], chain["effect"], "analyst one")
    again = client.get(url).json()["chains"]
    assert [(c["cause"], c["effect"], c["origin"]) for c in again] == [(chain["cause"], chain["effect"], "analyst")]


def test_escalation_web_links_only_hostile_pairs_of_two_sides(small):
    client, db = small
    iq = Actor("iraqi-foreign-ministry", "Iraqi Foreign Ministry", "government", "IQ", ())
    unsc = Actor("un-security-council", "UN Security Council", "organization", None, ())
    usaf = Actor("us-armed-forces", "US Armed Forces", "state_military", "US", ())
    us = Actor("united-states", "United States", "state", "US", ("US",))
    text = ("The Iraqi Foreign Ministry urged the UN Security Council to meet. "
            "United States officials said US Armed Forces were struck by mistake.")
    first, second = text.split(". ")[0] + ".", text.split(". ")[1]
    events = (Event("d1", "demand", "10", actors=(iq.id,), targets=(unsc.id,),
                    date=EventDate("2020-01-05", "2020-01-05", "day"), evidence=(Evidence(first, 0, len(first)),)),
              Event("d2", "air_strike", "195", actors=(us.id,), targets=(usaf.id,),
                    date=EventDate("2020-01-06", "2020-01-06", "day"),
                    evidence=(Evidence(second, text.index(second), len(text)),)))
    with open_kb(db) as kb:
        kb.ingest(Extraction(article=Article(id="x", text=text, title="Calls", source="Test Wire",
                                             published="2020-01-06"), actors=(iq, unsc, usaf, us), events=events))
    network = client.get("/network", headers=HTML).text
    edges = re.findall(r'class="escalation-link" href="/escalation\?([^"]+)"', network)
    assert "a=united-states&amp;b=kataib-hezbollah" in edges                    # hostile, two sides: linked
    assert not any("un-security-council" in e or "us-armed-forces" in e for e in edges)
    r = client.get("/escalation.json?a=united-states&b=us-armed-forces")
    assert r.status_code == 400 and "one side" in r.json()["error"]["message"]


def test_escalation_web_dossier_never_pairs_a_state_with_its_own_forces(tmp_path):
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app
    state = Actor("ruritania", "Ruritania", "state", "RU")
    army = Actor("ruritanian-army", "Ruritanian Army", "state_military", "RU")
    rebels = Actor("blue-brigade", "Blue Brigade", "armed_group", "RU")
    text = "Ruritania shelled the Ruritanian Army barracks. Ruritania shelled the Blue Brigade."
    events = (Event("e1", "shelling", "195", actors=("ruritania",), targets=("ruritanian-army",),
                    date=EventDate("2020-01-02", "2020-01-02", "day"), evidence=(Evidence(text[:47], 0, 47),)),
              Event("e2", "shelling", "195", actors=("ruritania",), targets=("blue-brigade",),
                    date=EventDate("2020-01-03", "2020-01-03", "day"), evidence=(Evidence(text[48:], 48, len(text)),)))
    db = str(tmp_path / "kb.db")
    with open_kb(db) as kb:
        kb.ingest(Extraction(article=Article(id="r1", text=text, title="Shelling", source="Test Wire",
                                             published="2020-01-04"),
                             actors=(state, army, rebels), events=events))
    with TestClient(create_app(db, token=TOKEN)) as c:
        links = re.findall(r'href="(/escalation\?[^"]+)"', c.get("/actors/ruritania", headers=HTML).text)
    assert any("blue-brigade" in x for x in links)
    assert not any("ruritanian-army" in x for x in links)
