"""Cause links across articles (issue 8 §1): a cause phrase of one article is linked to the
event another article tells, in whatever order the articles arrive; links follow merges,
survive re-ingesting, and analysts add or remove them (audited).

The wire articles under tests/data/chains/ were written for these tests; the seed article is
read in place from /work/shared (the tests that need it skip when it is absent).
"""
from __future__ import annotations

import itertools
import pathlib

import pytest

from sitrep.errors import SitrepError
from sitrep.kb import KB, open_kb
from sitrep.records import Actor, Article, CauseRef, Event, EventDate, Evidence, Extraction, Place

HERE = pathlib.Path(__file__).parent
WIRES = sorted((HERE / "data" / "chains").glob("*.txt"))
SEED = pathlib.Path("/work/shared/corpus/seed-iraq-militias.txt")


@pytest.fixture
def kb(db_url):
    k = open_kb(db_url)
    yield k
    k.close()


# --- hand-made extractions (no spaCy) -----------------------------------------------------------

US = Actor("united-states", "United States", "state", "US")
USF = Actor("us-armed-forces", "US forces", "state_military", "US")
KH = Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ")
QS = Actor("qassem-soleimani", "Qassem Soleimani", "person", "IR")
IRAN = Actor("iran", "Iran", "state", "IR")
K1 = Place("K-1 Air Base", "IQ", "Kirkuk", 35.5, 44.3, "site")
AIRPORT = Place("Baghdad International Airport", "IQ", "Baghdad", 33.26, 44.23, "site")
ASAD = Place("Ain al-Asad Air Base", "IQ", "Anbar", 33.8, 42.44, "site")


def _day(d: str) -> EventDate:
    return EventDate(d, d, "day")


def _x(text: str, published: str, events: list[Event], actors=(US, USF, KH, QS, IRAN)) -> Extraction:
    return Extraction(article=Article(id=f"a{abs(hash(text)) % 100000}", text=text, published=published,
                                      source="wire"), actors=tuple(actors), events=tuple(events))


def _ev(text: str, **kw) -> Event:
    return Event(cameo="190", evidence=(Evidence(text, 0, len(text)),), **kw)


def rockets() -> Extraction:
    t = "Rockets struck the K-1 base near Kirkuk on Friday, killing a US contractor."
    return _x(t, "2019-12-28", [_ev(t, id="e1", type="shelling", targets=("united-states",), date=_day("2019-12-27"),
                                    location=K1, fatalities=1)])


def soleimani() -> Extraction:
    t = "A US drone strike killed Qassem Soleimani at Baghdad airport on Friday."
    return _x(t, "2020-01-03", [_ev(t, id="e1", type="air_strike", actors=("united-states",),
                                    targets=("qassem-soleimani",), date=_day("2020-01-03"), location=AIRPORT,
                                    fatalities=1)])


def missiles(phrase: str = "in retaliation for the killing of Qassem Soleimani") -> Extraction:
    t = f"Iran fired missiles at the Ain al-Asad base on Wednesday {phrase}."
    s = t.index(phrase)
    ref = CauseRef(text=phrase, start=s, end=s + len(phrase), type="attack", names=("qassem-soleimani",))
    return _x(t, "2020-01-08", [_ev(t, id="e1", type="shelling", actors=("iran",), targets=("us-armed-forces",),
                                    date=_day("2020-01-08"), location=ASAD, cause_ref=ref)])


def kh_strike_with_ghost() -> Extraction:
    """'US forces struck KH on Sunday in response to a rocket attack that killed a US contractor':
    the rocket attack is told inside the phrase, with no place or date of its own."""
    t = ("US forces struck Kataib Hezbollah on Sunday in response to a rocket attack that killed a US "
         "contractor.")
    phrase = t[t.index("in response"):-1]
    s = t.index(phrase)
    ref = CauseRef(text=phrase, start=s, end=s + len(phrase), type="shelling", targets=("united-states",),
                   names=("united-states",), event="e2")
    strike = _ev(t, id="e1", type="air_strike", actors=("us-armed-forces",), targets=("kataib-hezbollah",),
                 date=_day("2019-12-29"), caused_by="e2", cause_ref=ref)
    ghost = _ev(t, id="e2", type="shelling", targets=("united-states",), date=EventDate("2019-12-30", "2019-12-30", "report"),
                fatalities=1)
    return _x(t, "2019-12-30", [strike, ghost])


def _pairs(kb: KB) -> set[tuple[str, str]]:
    return {(lk.cause_id, lk.effect_id) for lk in kb.cause_links()}


def _one(kb: KB, **kw) -> str:
    [m] = kb.events(**kw)
    return m.id


def test_kb_chains_reference_links_event_told_earlier(kb: KB):
    kb.ingest(soleimani())
    kb.ingest(missiles())
    s, m = _one(kb, type="air_strike"), _one(kb, actor="iran")
    [link] = kb.cause_links()
    assert (link.cause_id, link.effect_id, link.origin) == (s, m, "reference")
    assert "retaliation for the killing" in link.evidence
    assert kb.event(m).event.event.caused_by == s


def test_kb_chains_reference_links_event_ingested_later(kb: KB):
    kb.ingest(missiles())
    assert kb.cause_links() == []
    kb.ingest(soleimani())
    s, m = _one(kb, type="air_strike"), _one(kb, actor="iran")
    assert _pairs(kb) == {(s, m)}
    assert kb.event(m).event.event.caused_by == s
    assert [x.id for x in kb.event(s).effects] == [m]


@pytest.mark.parametrize("phrase", ["in retaliation for the killing of an Iraqi farmer",
                                    "in response to last year's sanctions"])
def test_kb_chains_reference_that_names_nothing_known_stays_open(kb: KB, phrase):
    kb.ingest(soleimani())
    x = missiles(phrase)
    ref = x.events[0].cause_ref
    x = Extraction(article=x.article, actors=x.actors,
                   events=(Event(**{**x.events[0].__dict__, "cause_ref": CauseRef(
                       text=ref.text, start=ref.start, end=ref.end, type="sanction" if "sanction" in phrase else "attack",
                       names=())}),))
    kb.ingest(x)
    assert kb.cause_links() == []


def test_kb_chains_cause_never_follows_its_effect(kb: KB):
    t = "A US drone strike killed Qassem Soleimani at Baghdad airport on Friday."
    late = _x(t, "2020-01-20", [_ev(t, id="e1", type="air_strike", actors=("united-states",),
                                    targets=("qassem-soleimani",), date=_day("2020-01-15"), location=AIRPORT)])
    kb.ingest(missiles())
    kb.ingest(late)
    assert kb.cause_links() == []


def test_kb_chains_ghost_of_phrase_folds_into_the_event_it_names(kb: KB):
    for order in ((rockets(), kh_strike_with_ghost()), (kh_strike_with_ghost(), rockets())):
        k = open_kb(":memory:")
        for x in order:
            k.ingest(x)
        shelling = k.events(type="shelling")
        assert len(shelling) == 1, order  # the phrase's rocket attack is the K-1 attack
        strike = _one(k, type="air_strike")
        assert _pairs(k) == {(shelling[0].id, strike)}
        assert shelling[0].event.location.name == "K-1 Air Base"
        assert len(shelling[0].reports) == 2
        k.close()


def test_kb_chains_reingest_adds_nothing(kb: KB):
    for x in (soleimani(), missiles(), soleimani(), missiles()):
        kb.ingest(x)
    assert len(kb.cause_links()) == 1
    assert kb.cause_links()[0].statements == 1


def test_kb_chains_analyst_unlinks_and_reingest_keeps_it_removed(kb: KB):
    kb.ingest(soleimani())
    kb.ingest(missiles())
    s, m = _one(kb, type="air_strike"), _one(kb, actor="iran")
    detail = kb.unlink_events(s, m, "ana")
    assert detail.event.event.caused_by is None and kb.cause_links() == []
    assert detail.audit[0].action == "unlink" and detail.audit[0].before == {"causes": [s]}
    t = "Iran's missile salvo on Ain al-Asad on Wednesday answered the killing of Qassem Soleimani, officials said."
    again = missiles().events[0]
    kb.ingest(_x(t, "2020-01-09", [Event(**{**again.__dict__, "evidence": (Evidence(t, 0, len(t)),)})]))
    assert kb.cause_links() == []
    kb.link_events(s, m, "ana")
    [link] = kb.cause_links()
    assert (link.origin, link.created_by) == ("analyst", "ana")
    assert [a.action for a in kb.audit_log(m)][:2] == ["link", "unlink"]


def test_kb_chains_analyst_link_refuses_loops_and_self(kb: KB):
    kb.ingest(soleimani())
    kb.ingest(missiles())
    s, m = _one(kb, type="air_strike"), _one(kb, actor="iran")
    with pytest.raises(SitrepError) as err:
        kb.link_events(m, s, "ana")
    assert err.value.code == "E405"
    with pytest.raises(SitrepError):
        kb.link_events(s, s, "ana")
    with pytest.raises(SitrepError):
        kb.unlink_events(m, s, "ana")
    with pytest.raises(SitrepError):
        kb.link_events(s, m, "")


def test_kb_chains_links_follow_mark_duplicate(kb: KB):
    kb.ingest(soleimani())
    kb.ingest(missiles())
    t = "US strike on Baghdad airport, officials said on Saturday."
    other = _x(t, "2020-01-04", [_ev(t, id="e1", type="air_strike", actors=("united-states",), targets=("iran",),
                                     date=_day("2019-12-31"), location=Place("Basra", "IQ", "Basra", 30.5, 47.8, "city"))])
    kb.ingest(other)
    s = next(m.id for m in kb.events(type="air_strike") if "qassem-soleimani" in m.event.targets)
    dup = next(m.id for m in kb.events(type="air_strike") if m.id != s)
    m = _one(kb, actor="iran", type="shelling")
    kb.mark_duplicate(s, dup, "ana")
    assert _pairs(kb) == {(dup, m)}
    assert kb.event(m).event.event.caused_by == dup
    assert kb.event(s).event.id == dup


def test_kb_chains_links_survive_corrections(kb: KB):
    kb.ingest(soleimani())
    kb.ingest(missiles())
    s, m = _one(kb, type="air_strike"), _one(kb, actor="iran")
    kb.correct_event(m, {"fatalities": 0, "date_start": "2020-01-08"}, "ana")
    kb.correct_event(s, {"fatalities": 10}, "ana")
    assert _pairs(kb) == {(s, m)}


def test_kb_chains_between_actors(kb: KB):
    for x in (rockets(), kh_strike_with_ghost(), soleimani(), missiles()):
        kb.ingest(x)
    [chain] = kb.chains("United States", "iran", since="2020-01")
    assert [m.event.type for m in chain.events] == ["air_strike", "shelling"]
    assert kb.chains("united-states", "kataib-hezbollah", until="2019-12")[0].events[0].event.type == "shelling"
    assert kb.chains("iran", "kataib-hezbollah") == []


# --- the five-event chain through the real pipeline -------------------------------------------------

@pytest.fixture(scope="module")
def extractions():
    from sitrep.ingest import read_inputs
    from sitrep.pipeline import extract_articles
    paths = [str(p) for p in WIRES] + ([str(SEED)] if SEED.exists() else [])
    out = {}
    for x in extract_articles(iter(list(read_inputs(paths)))):
        assert isinstance(x, Extraction), x
        out[pathlib.Path(x.article.origin).name] = x
    return out


def _five(kb: KB) -> list[str]:
    def find(pred) -> str:
        hits = [m.id for m in kb.events(limit=None) if pred(m.event)]
        assert len(hits) == 1, hits
        return hits[0]
    day = lambda e, d: e.date is not None and e.date.start == d  # noqa: E731
    return [
        find(lambda e: e.type == "shelling" and day(e, "2019-12-27")),
        find(lambda e: e.type == "air_strike" and "kataib-hezbollah" in e.targets),
        find(lambda e: e.type == "riot" and day(e, "2019-12-31") and "Embassy" in (e.location.name if e.location else "")),
        find(lambda e: e.type == "air_strike" and "qassem-soleimani" in e.targets),
        find(lambda e: e.type == "shelling" and "iran" in e.actors and day(e, "2020-01-08")),
    ]


ORDERS = [
    ("1", "2", "3", "4", "5", "seed"),          # as it happened
    ("seed", "5", "4", "3", "2", "1"),          # effects before causes
    ("5", "3", "1", "seed", "4", "2"),
    ("4", "2", "seed", "5", "1", "3"),
]


@pytest.mark.slow
@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
def test_kb_chains_five_events_form_one_chain(extractions, db_url, order):
    if "seed-iraq-militias.txt" not in extractions:
        order = tuple(o for o in order if o != "seed")
    by_key = {name.split("-")[0] if name[0].isdigit() else "seed": x for name, x in extractions.items()}
    kb = open_kb(db_url)
    try:
        for key in order:
            kb.ingest(by_key[key])
        five = _five(kb)
        pairs = _pairs(kb)
        for cause, effect in zip(five, five[1:]):
            assert (cause, effect) in pairs, (order, cause, effect)
        chains = kb.chains("united-states", "iran", since="2019-12-01", until="2020-01-31")
        assert any(all(i in c.ids for i in five) and
                   [i for i in c.ids if i in five] == five for c in chains), [c.ids for c in chains]
        # re-ingesting everything changes nothing
        before = kb.cause_links()
        for key in order:
            assert not kb.ingest(by_key[key]).new
        assert kb.cause_links() == before
    finally:
        kb.close()


@pytest.mark.slow
def test_kb_chains_every_order_of_the_wires(extractions):
    """All 120 orders of the five wire articles (SQLite in memory) give the one chain."""
    wires = {name.split("-")[0]: x for name, x in extractions.items() if name[0].isdigit()}
    seen = set()
    for order in itertools.permutations(sorted(wires)):
        kb = open_kb(":memory:")
        for key in order:
            kb.ingest(wires[key])
        five = _five(kb)
        pairs = _pairs(kb)
        missing = [(a, b) for a, b in zip(five, five[1:]) if (a, b) not in pairs]
        assert not missing, order
        seen.add(len(kb.cause_links()))
        kb.close()
    assert seen


# --- web: the event page, its JSON twin, the link form and the API ------------------------------

TOKEN = "chain-test-token-0193"


@pytest.fixture
def web(tmp_path):
    from fastapi.testclient import TestClient

    from sitrep.web.app import create_app
    db = str(tmp_path / "kb.db")
    k = open_kb(db)
    for x in (rockets(), kh_strike_with_ghost(), soleimani(), missiles()):
        k.ingest(x)
    ids = {"rockets": _one(k, type="shelling", until="2019-12"), "strike": _one(k, target="kataib-hezbollah"),
           "soleimani": _one(k, target="qassem-soleimani"), "missiles": _one(k, actor="iran")}
    k.close()
    with TestClient(create_app(db, token=TOKEN, max_upload=64 * 1024)) as c:
        yield c, ids


def _signed_in(client) -> str:
    import re
    page = client.get("/login", headers={"Accept": "text/html"}).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"csrf": csrf, "token": TOKEN}, follow_redirects=False).status_code == 303
    return csrf


def test_kb_chains_event_page_shows_causes_and_effects_with_evidence(web):
    client, ids = web
    html = client.get(f"/events/{ids['strike']}", headers={"Accept": "text/html"}).text
    assert 'id="links-causes"' in html and 'id="links-effects"' not in html
    assert "in response to a rocket attack" in html and 'id="link-form"' in html
    twin = client.get(f"/events/{ids['strike']}.json").json()
    [cause] = twin["links"]["causes"]
    assert cause["event"]["id"] == ids["rockets"] and cause["origin"] == "reference"
    assert [e["event"]["id"] for e in client.get(f"/events/{ids['soleimani']}.json").json()["links"]["effects"]] == \
        [ids["missiles"]]


def test_kb_chains_link_form_adds_and_removes_with_audit(web):
    client, ids = web
    csrf = _signed_in(client)
    url = f"/events/{ids['soleimani']}/links"
    r = client.post(url, data={"csrf": csrf, "user": "ana", "other": ids["strike"], "role": "cause"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("done=linked")
    causes = client.get(f"/events/{ids['soleimani']}.json").json()["links"]["causes"]
    assert [(c["event"]["id"], c["origin"]) for c in causes] == [(ids["strike"], "analyst")]
    r = client.post(url, data={"csrf": csrf, "user": "ana", "other": ids["missiles"], "role": "effect",
                               "action": "remove"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("done=unlinked")
    assert client.get(f"/events/{ids['missiles']}.json").json()["links"]["causes"] == []
    audit = client.get("/api/audit", params={"record_id": ids["missiles"]}).json()["items"]
    assert audit[0]["action"] == "unlink"
    loop = client.post(url, data={"csrf": csrf, "user": "ana", "other": ids["missiles"], "role": "effect"})
    assert loop.status_code == 200  # the missiles no longer answer the strike: linking them again is fine
    bad = client.post(url, data={"csrf": csrf, "user": "ana", "other": ids["rockets"], "role": "effect"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E405"  # the rockets came first: a loop
    none = client.post(url, data={"csrf": csrf, "user": "ana", "other": "", "role": "cause"})
    assert none.status_code == 400 and none.json()["error"]["code"] == "E504"


def test_kb_chains_api_links_chains_and_writes(web):
    client, ids = web
    links = client.get("/api/links").json()
    assert links["total"] == 2
    one = client.get("/api/links", params={"event_id": ids["missiles"]}).json()["items"]
    assert [(x["cause_id"], x["origin"]) for x in one] == [(ids["soleimani"], "reference")]
    chains = client.get("/api/chains", params={"a": "united-states", "b": "Kataib Hezbollah"}).json()["items"]
    assert [[e["id"] for e in c["events"]] for c in chains] == [[ids["rockets"], ids["strike"]]]
    body = {"user": "bo", "cause": ids["strike"]}
    assert client.post(f"/api/events/{ids['soleimani']}/links", json=body).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post(f"/api/events/{ids['soleimani']}/links", json=body, headers=auth)
    assert r.status_code == 200 and r.json()["event"]["caused_by"] == ids["strike"]
    assert any(lk["origin"] == "analyst" for lk in r.json()["links"])
    r = client.post(f"/api/events/{ids['soleimani']}/links", json={**body, "action": "remove"}, headers=auth)
    assert r.status_code == 200 and r.json()["event"]["caused_by"] is None


def test_kb_chains_correcting_caused_by_is_an_analyst_link(kb: KB):
    kb.ingest(rockets())
    kb.ingest(soleimani())
    kb.ingest(missiles())
    r, s, m = _one(kb, type="shelling", until="2019-12"), _one(kb, type="air_strike"), _one(kb, actor="iran")
    kb.correct_event(s, {"caused_by": r}, "ana")
    assert (r, s) in _pairs(kb)
    kb.correct_event(m, {"caused_by": None}, "ana")
    assert _pairs(kb) == {(r, s)}
    with pytest.raises(SitrepError):
        kb.correct_event(r, {"caused_by": s}, "ana")  # a loop: the rockets came first


def test_kb_chains_primary_cause_is_the_most_recent(kb: KB):
    kb.ingest(rockets())
    kb.ingest(soleimani())
    t = "Iran fired missiles at Ain al-Asad on Wednesday, in revenge for the US strikes on Kataib Hezbollah and Soleimani."
    ref = CauseRef(text=t[t.index("in revenge"):-1], start=t.index("in revenge"), end=len(t) - 1, type="attack",
                   names=("united-states",))
    x = _x(t, "2020-01-08", [_ev(t, id="e1", type="shelling", actors=("iran",), targets=("us-armed-forces",),
                                 date=_day("2020-01-08"), location=ASAD, cause_ref=ref)])
    kb.ingest(x)
    r, s, m = _one(kb, type="shelling", until="2019-12"), _one(kb, type="air_strike"), _one(kb, actor="iran")
    assert _pairs(kb) == {(s, m)}  # the phrase names one act: the most recent US act before the missiles
    kb.link_events(r, m, "ana")
    assert _pairs(kb) == {(s, m), (r, m)}
    assert kb.event(m).event.event.caused_by == s


def test_kb_chains_phrase_with_its_own_date_picks_that_day(kb: KB):
    for day in ("2019-12-20", "2019-12-27"):
        t = f"Rockets struck a US base near Kirkuk on {day}."
        kb.ingest(_x(t, day, [_ev(t, id="e1", type="shelling", targets=("united-states",), date=_day(day),
                                  location=K1 if day.endswith("27") else Place("Kirkuk", "IQ", "Kirkuk", 35.47, 44.39, "city"))]))
    t = "US jets struck Kataib Hezbollah on Sunday in response to a rocket attack on a US base on 20 December."
    phrase = t[t.index("in response"):-1]
    ref = CauseRef(text=phrase, start=t.index(phrase), end=t.index(phrase) + len(phrase), type="shelling",
                   names=("united-states",), date=_day("2019-12-20"))
    kb.ingest(_x(t, "2019-12-30", [_ev(t, id="e1", type="air_strike", actors=("us-armed-forces",),
                                       targets=("kataib-hezbollah",), date=_day("2019-12-29"), cause_ref=ref)]))
    early = next(m.id for m in kb.events(type="shelling") if m.event.date.start == "2019-12-20")
    assert _pairs(kb) == {(early, _one(kb, type="air_strike"))}


def test_kb_chains_migration_copies_links_of_older_databases(tmp_path):
    import sqlite3
    db = str(tmp_path / "old.db")
    k = open_kb(db)
    t = "Rockets hit the base; in retaliation US jets struck Kataib Hezbollah."
    k.ingest(_x(t, "2019-12-30", [
        _ev(t, id="e1", type="shelling", targets=("united-states",), date=_day("2019-12-27"), location=K1),
        _ev(t, id="e2", type="air_strike", actors=("united-states",), targets=("kataib-hezbollah",),
            date=_day("2019-12-29"), caused_by="e1")]))
    want = _pairs(k)
    k.close()
    assert len(want) == 1
    con = sqlite3.connect(db)  # take away what migrations 6 and 7 made: links live in events.caused_by only
    con.executescript("DROP TABLE event_links; DROP TABLE cause_refs; DROP TABLE cause_ref_actors; "
                      "DROP INDEX actors_country_type; DELETE FROM schema_migrations WHERE version IN (6, 7);")
    con.commit()
    con.close()
    from sitrep.store import MIGRATIONS, SCHEMA_VERSION
    k = open_kb(db)
    for m in MIGRATIONS:  # later migrations are recorded, so these two are run as an upgrade would
        if m.version in (6, 7):
            k.store._apply(m)
    assert _pairs(k) == want
    assert k.store.schema_version() == SCHEMA_VERSION
    k.close()


# --- the extractor's cause phrases (the real pipeline) -------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("text,phrase,names", [
    ("Iran fired missiles at two bases hosting US troops on Wednesday in retaliation for the killing of "
     "Qassem Soleimani.", "in retaliation for the killing of Qassem Soleimani", ["qassem-soleimani"]),
    ("US jets struck Kataib Hezbollah positions on Sunday, the Pentagon said, in response to a rocket attack "
     "on a base near Kirkuk.", "in response to a rocket attack on a base near Kirkuk", []),
])
def test_kb_chains_extractor_keeps_the_cause_phrase(extract, text, phrase, names):
    x = extract(text, published="2020-01-08")
    refs = [e.cause_ref for e in x.events if e.cause_ref is not None]
    assert [r.text for r in refs] == [phrase]
    assert refs[0].start == text.index(phrase)
    assert [n for n in refs[0].names if n in names] == names


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The militia vowed to retaliate against US forces in Iraq.",
    "In retaliation, US forces launched an air strike on the militia's depots.",
    "The protest prompted police to fire tear gas at the crowd.",
])
def test_kb_chains_extractor_no_phrase_without_a_named_cause(extract, text):
    x = extract(text, published="2020-01-08")
    assert all(e.cause_ref is None for e in x.events)


def test_kb_chains_answered_phrase_is_not_reopened_by_later_events(kb: KB):
    kb.ingest(rockets())
    kb.ingest(kh_strike_with_ghost())
    before = _pairs(kb)
    t = "Militias attacked US troops in Iraq many times over the year, officials said."
    kb.ingest(_x(t, "2019-12-31", [_ev(t, id="e1", type="attack", targets=("united-states",),
                                       date=EventDate("2019-12-01", "2019-12-28", "range"))]))
    t2 = "Another rocket attack hit a US base near Kirkuk on Saturday."
    kb.ingest(_x(t2, "2019-12-29", [_ev(t2, id="e1", type="shelling", targets=("united-states",),
                                        date=_day("2019-12-28"), location=Place("Kirkuk", "IQ", "Kirkuk", 35.47, 44.39, "city"))]))
    # the same link between the same events (a report joining one may rename it: an old id leads on)
    assert _pairs(kb) == {(kb.event(c).event.id, kb.event(e).event.id) for c, e in before}


@pytest.mark.parametrize("etype,names,linked", [
    ("shelling", ("qassem-soleimani",), True),     # "to avenge Soleimani": the victim of the strike
    ("shelling", ("united-states",), False),       # names no act and no victim of it
    ("statement", ("qassem-soleimani",), False),   # a statement "in response to" is no answer by force
])
def test_kb_chains_phrase_naming_no_act_goes_by_its_victims(kb: KB, etype, names, linked):
    kb.ingest(soleimani())
    t = "Iran acted on Wednesday to avenge Soleimani."
    ph = "to avenge Soleimani"
    ref = CauseRef(text=ph, start=t.index(ph), end=t.index(ph) + len(ph), type=None, names=names)
    kb.ingest(_x(t, "2020-01-08", [_ev(t, id="e1", type=etype, actors=("iran",), targets=("us-armed-forces",),
                                       date=_day("2020-01-08"), cause_ref=ref)]))
    assert bool(kb.cause_links()) is linked


def test_kb_chains_merging_two_ends_of_a_chain_leaves_no_loop(kb: KB):
    kb.ingest(soleimani())
    kb.ingest(missiles())
    t = "Iran's missiles hit Ain al-Asad on Wednesday; the US answered with a strike the same day."
    x = _x(t, "2020-01-09", [
        _ev(t, id="e1", type="shelling", actors=("iran",), targets=("us-armed-forces",), date=_day("2020-01-08"),
            location=Place("Ain al-Asad", "IQ", "Anbar", 33.8, 42.44, "site")),
        _ev(t, id="e2", type="air_strike", actors=("united-states",), targets=("iran",), date=_day("2020-01-08"),
            location=Place("Basra", "IQ", "Basra", 30.5, 47.8, "city"), caused_by="e1")])
    kb.ingest(x)
    s = _one(kb, target="qassem-soleimani")
    late = next(m.id for m in kb.events(type="air_strike") if m.id != s)
    kb.mark_duplicate(late, s, "ana")  # an analyst's mistake: the answer folded into the first strike
    pairs = _pairs(kb)
    assert not any((b, a) in pairs for a, b in pairs)
    assert all(a != b for a, b in pairs)


def test_kb_chains_a_mention_sets_no_headline_value(kb: KB):
    t = "In December, rockets struck bases hosting US troops in northern Iraq."
    kb.ingest(_x(t, "2020-02-01", [_ev(t, id="e1", type="shelling", targets=("united-states",),
                                       date=EventDate("2019-12", "2019-12", "month"),
                                       location=Place("northern Iraq", "IQ", None, 36.0, 44.0, "region"))]))
    x = kh_strike_with_ghost()
    ghost = x.events[1]
    x = Extraction(article=x.article, actors=x.actors, events=(x.events[0], Event(**{
        **ghost.__dict__, "location": Place("Baghdad", "IQ", "Baghdad", 33.3, 44.4, "city"), "fatalities": 5})))
    kb.ingest(x)
    [m] = kb.events(type="shelling")
    assert len(m.reports) == 2
    assert (m.event.date.precision, m.event.location.name, m.event.fatalities) == ("month", "northern Iraq", None)


def test_kb_chains_a_corrected_event_answers_an_open_phrase(kb: KB):
    t = "A US drone strike killed Qassem Soleimani at Baghdad airport."
    kb.ingest(_x(t, "2020-01-20", [_ev(t, id="e1", type="air_strike", actors=("united-states",),
                                       targets=("qassem-soleimani",), date=_day("2020-01-15"), location=AIRPORT)]))
    kb.ingest(missiles())
    assert kb.cause_links() == []
    s, m = _one(kb, type="air_strike"), _one(kb, actor="iran")
    kb.correct_event(s, {"date_start": "2020-01-03", "date_end": "2020-01-03"}, "ana")
    assert _pairs(kb) == {(s, m)}


@pytest.mark.slow
def test_kb_chains_extractor_act_inside_the_phrase_is_the_cause(extract):
    text = "Gunmen shot dead two policemen in Tikrit on Monday in revenge for the arrest of a tribal chief."
    x = extract(text, published="2020-03-10")
    by_type = {e.type: e for e in x.events}
    assert by_type["arrest"].caused_by is None
    ref = next(e.cause_ref for e in x.events if e.cause_ref is not None)
    assert ref.type == "arrest" and ref.date is None  # Monday is the shooting's day, not the arrest's
    assert next(e for e in x.events if e.cause_ref is not None).caused_by == by_type["arrest"].id


@pytest.mark.slow
def test_kb_chains_extractor_phrase_keeps_the_day_it_writes(extract):
    text = ("US forces struck militia depots on Sunday in response to a rocket attack that killed a "
            "contractor near Kirkuk on Friday.")
    x = extract(text, published="2019-12-30")
    ref = next(e.cause_ref for e in x.events if e.cause_ref is not None)
    assert ref.date is not None and ref.date.start == "2019-12-27"
