"""The knowledge-base API: ingest, merging across articles, queries and analyst corrections.

Extractions are built by hand (no spaCy) from short articles written for these tests; one
slow test runs real files through the real pipeline.
"""
from __future__ import annotations


import pytest

from sitrep.errors import SitrepError, StoreError
from sitrep.kb import KB, IngestSummary, content_id, open_kb
from sitrep.records import Actor, Article, Event, EventDate, Evidence, Extraction, Place, Relation

@pytest.fixture
def kb(db_url):
    k = open_kb(db_url)
    yield k
    k.close()


# --- hand-made extractions ------------------------------------------------------------------------

US = Actor("united-states", "United States", "state", "US", aliases=("US", "Washington"))
KH = Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ", aliases=("KH", "Kata'ib Hizballah"))
AAH = Actor("asaib-ahl-al-haq", "Asa'ib Ahl al-Haq", "armed_group", "IQ", aliases=("AAH",))
IRAN = Actor("iran", "Iran", "state", "IR", aliases=("Tehran",))
QAIM = Place("al-Qaim", "IQ", "Anbar", 34.37, 41.09, "city")
KARBALA = Place("Karbala", "IQ", "Karbala", 32.61, 44.02, "city")


def ev_(text: str, sentence: str, **kw) -> Event:
    start = text.index(sentence)
    base = dict(id="e1", type="air_strike", cameo="195", actors=("united-states",), targets=("kataib-hezbollah",),
                date=EventDate("2019-12-29", "2019-12-29", "day"), location=QAIM)
    base.update(kw)
    return Event(evidence=(Evidence(sentence, start, start + len(sentence)),), **base)


def article(text: str, source: str, published: str = "2019-12-30", title: str | None = None) -> Article:
    return Article(id=f"{source.lower()}-{abs(hash(text)) % 10000}", text=text, title=title or f"{source} report",
                   source=source, published=published, origin=f"{source}.txt")


def strike_report(source: str, killed: int, certainty: str = "reported", place: Place = QAIM,
                  day: str = "2019-12-29") -> Extraction:
    text = (f"US aircraft struck Kataib Hezbollah positions near {place.name} on {day}, killing {killed} "
            f"fighters, {source} reported. The militia is backed by Iran.")
    sentence = text.split(". ")[0] + "."
    event = ev_(text, sentence, fatalities=killed, certainty=certainty, location=place,
                date=EventDate(day, day, "day"))
    rel_sentence = "The militia is backed by Iran."
    s = text.index(rel_sentence)
    rel = Relation("kataib-hezbollah", "backed_by", "iran",
                   evidence=(Evidence(rel_sentence, s, s + len(rel_sentence)),))
    return Extraction(article=article(text, source), actors=(US, KH, IRAN), events=(event,), relations=(rel,))


def embassy_article() -> Extraction:
    text = ("Thousands of Kataib Hezbollah supporters stormed the US embassy compound in Baghdad on "
            "31 December 2019 after the US strikes in al-Qaim. Guards fired tear gas at the crowd.")
    s1 = text.split(". ")[0] + "."
    s2 = "Guards fired tear gas at the crowd."
    baghdad = Place("Baghdad", "IQ", "Baghdad", 33.31, 44.36, "city")
    day = EventDate("2019-12-31", "2019-12-31", "day")
    riot = ev_(text, s1, id="e1", type="riot", cameo="145", actors=("kataib-hezbollah",),
               targets=("united-states",), date=day, location=baghdad, caused_by="e0")
    strike = ev_(text, s1, id="e0", type="air_strike", date=EventDate("2019-12-29", "2019-12-29", "day"))
    gas = ev_(text, s2, id="e2", type="repression", cameo="175", actors=("united-states",),
              targets=("kataib-hezbollah",), date=day, location=baghdad, caused_by="e1")
    return Extraction(article=article(text, "AFP", "2020-01-01"), actors=(US, KH), events=(strike, riot, gas))


# --- ingest and merging ------------------------------------------------------------------------------

def test_kb_reports_of_one_strike_merge(kb: KB):
    results = [kb.ingest(strike_report(s, n)) for s, n in (("Reuters", 25), ("AP", 24), ("AFP", 27))]
    assert [(r.events_new, r.events_merged) for r in results] == [(1, 0), (0, 1), (0, 1)]
    [m] = kb.events()
    assert m.event.fatalities == 24
    assert sorted((r.source, r.fatalities) for r in m.reports) == [("AFP", 27), ("AP", 24), ("Reuters", 25)]
    assert len(m.event.evidence) == 3
    assert kb.stats().merged_events == 1


def test_kb_claimed_figures_do_not_set_the_headline(kb: KB):
    kb.ingest(strike_report("Reuters", 25))
    kb.ingest(strike_report("Tasnim", 80, certainty="claimed"))
    [m] = kb.events()
    assert m.event.fatalities == 25 and len(m.reports) == 2


def test_kb_same_day_strikes_in_two_towns_kept_apart(kb: KB):
    kb.ingest(strike_report("Reuters", 25, place=QAIM))
    kb.ingest(strike_report("AP", 3, place=KARBALA))
    assert kb.count_events() == 2
    assert {m.event.location.name for m in kb.events()} == {"al-Qaim", "Karbala"}


def test_kb_days_apart_kept_apart(kb: KB):
    kb.ingest(strike_report("Reuters", 25, day="2019-12-29"))
    kb.ingest(strike_report("AP", 25, day="2020-01-05"))
    assert kb.count_events() == 2


def test_kb_reingest_is_a_noop(kb: KB):
    x = strike_report("Reuters", 25)
    first, again = kb.ingest(x), kb.ingest(x)
    assert first.new and not again.new and again.article_id == content_id(x.article.text)
    s = kb.stats()
    assert (s.articles, s.events, s.reports, s.relations) == (1, 1, 1, 1)
    assert len(kb.relations()[0].relation.evidence) == 1


def test_kb_actors_canonical_and_aliases_accumulate(kb: KB):
    kb.ingest(strike_report("Reuters", 25))
    other = Actor("kataib-hezbollah", "Kataib Hezbollah", "armed_group", "IQ", aliases=("Hezbollah Brigades",))
    x = strike_report("AP", 24)
    kb.ingest(Extraction(article=x.article, actors=(US, other, IRAN), events=x.events))
    assert {"KH", "Hezbollah Brigades"} <= set(kb.actor("kataib-hezbollah").actor.aliases)
    assert kb.count_actors() == 3


def test_kb_bad_item_in_batch_reported_and_skipped(kb: KB):
    good = strike_report("Reuters", 25)
    x = strike_report("AP", 3, place=KARBALA)
    broken = Extraction(article=x.article, actors=x.actors, events=(x.events[0], x.events[0]))  # duplicate ids

    class ReadFailure:  # what sitrep.ingest.read_inputs yields for an unreadable file
        origin = "missing.txt"
        error = SitrepError("missing.txt does not exist", code="E106")

    failures = []
    summary = kb.ingest_many([good, broken, ReadFailure(), strike_report("AFP", 20)], report=failures.append)
    assert isinstance(summary, IngestSummary)
    assert (summary.articles_new, summary.articles_failed, summary.events_new, summary.events_merged) == (2, 2, 1, 1)
    assert {f.origin for f in failures} == {"AP.txt", "missing.txt"}
    assert {f.code for f in failures} == {"E400", "E106"}
    assert kb.count_articles() == 2 and not kb.store.has_article(content_id(x.article.text))


def _fail_storing_for(kb: KB, monkeypatch, source: str, exc: Exception) -> None:
    """Make storing the relations of ``source``'s article raise ``exc`` (after its article, actors
    and events were written: the failure must take them back)."""
    real = kb._store_relations

    def store_relations(article_id, x):
        if x.article.source == source:
            raise exc
        return real(article_id, x)
    monkeypatch.setattr(kb, "_store_relations", store_relations)


def test_kb_storing_failure_is_one_coded_failure(kb: KB, monkeypatch):
    _fail_storing_for(kb, monkeypatch, "AP", RuntimeError("disk on fire"))
    bad = strike_report("AP", 3, place=KARBALA)
    failures = []
    summary = kb.ingest_many([strike_report("Reuters", 25), bad, strike_report("AFP", 20)],
                             report=failures.append)
    assert (summary.articles_new, summary.articles_failed) == (2, 1)
    [f] = failures
    assert (f.origin, f.code) == ("AP.txt", "E000") and "RuntimeError" in f.message
    assert not kb.store.has_article(content_id(bad.article.text))
    assert kb.count_events() == 1 and kb.stats().reports == 2  # nothing of AP's Karbala strike


def test_kb_storing_failure_inside_a_transaction_takes_back_only_that_article(kb: KB, monkeypatch):
    _fail_storing_for(kb, monkeypatch, "AP", SitrepError("refused", code="E405"))
    bad = strike_report("AP", 3, place=KARBALA)
    with kb.store.transaction():  # as ingest_batch stores a chunk of articles in one
        summary = kb.ingest_many([strike_report("Reuters", 25), bad, strike_report("AFP", 20)],
                                 report=lambda f: None)
    assert (summary.articles_new, summary.articles_failed) == (2, 1)
    assert summary.failures[0].code == "E405"
    assert not kb.store.has_article(content_id(bad.article.text))
    assert [len(m.reports) for m in kb.events()] == [2]
    assert kb.stats().actors == 3


def test_kb_caused_by_chain(kb: KB):
    kb.ingest(strike_report("Reuters", 25))
    r = kb.ingest(embassy_article())
    assert (r.events_new, r.events_merged) == (2, 1)  # the strike merged into Reuters' event
    [gas] = kb.events(type="repression")
    detail = kb.event(gas.id)
    assert [c.event.type for c in detail.causes] == ["riot", "air_strike"]
    strike = detail.causes[-1]
    assert [e.event.type for e in kb.event(strike.id).effects] == ["riot"]


# --- queries -------------------------------------------------------------------------------------------

@pytest.fixture
def loaded(kb: KB) -> KB:
    kb.ingest(strike_report("Reuters", 25))
    kb.ingest(strike_report("AP", 24))
    kb.ingest(strike_report("AP", 3, place=KARBALA, day="2020-03-13"))
    kb.ingest(embassy_article())
    return kb


@pytest.mark.parametrize("filters, n", [
    ({}, 4), ({"actor": "KH"}, 1), ({"actor": "Washington"}, 3), ({"target": "kataib hizballah"}, 3),
    ({"involving": "KH"}, 4), ({"type": "air_strike"}, 2), ({"type": "riot,repression"}, 2),
    ({"family": "unrest"}, 2), ({"since": "2020"}, 1), ({"until": "2019-12-30"}, 1),
    ({"since": "2019-12", "until": "2019-12"}, 3), ({"place": "karb"}, 1), ({"country": "Iraq"}, 4),
    ({"certainty": "reported"}, 4), ({"text": "tear gas"}, 1), ({"country": "iq"}, 4),
    ({"since": "2019-12-29", "until": "2019-12"}, 3), ({"country": "Kosovo"}, 0), ({"country": "XK"}, 0),
])
def test_kb_event_filters(loaded: KB, filters, n):
    assert loaded.count_events(**filters) == n
    assert len(loaded.events(**filters)) == n


def test_kb_events_order_and_paging(loaded: KB):
    newest = loaded.events(limit=2)
    assert newest[0].event.date.start == "2020-03-13"
    assert [m.id for m in loaded.events(limit=2, offset=2)] == [m.id for m in loaded.events(order="date")[:2]][::-1]
    with pytest.raises(StoreError):
        loaded.events(order="random")


@pytest.mark.parametrize("bad", [{"since": "last week"}, {"certainty": "probable"}, {"country": "Atlantis"}])
def test_kb_bad_filters_are_coded_errors(loaded: KB, bad):
    with pytest.raises(SitrepError) as info:
        loaded.events(**bad)
    assert info.value.code == "E407"


@pytest.mark.parametrize("bad, says", [
    ({"since": "2024-01-01", "until": "2020-01-01"}, "is after until"),
    ({"since": "2020-02", "until": "2020-01-31"}, "is after until"),
    ({"since": "2021", "until": "2020-12"}, "is after until"),
    ({"actor": "nobody-at-all"}, "actor='nobody-at-all': no actor of that name or alias"),
    ({"target": "Atlantean Navy"}, "target='Atlantean Navy': no actor"),
    ({"involving": "KH,nobody-at-all"}, "involving='nobody-at-all': no actor"),
    ({"country": "ZZ"}, "not an ISO 3166 country code"),
    ({"country": "Q1"}, "not a country name or ISO code"),
])
def test_kb_filter_that_can_match_nothing_is_e407(loaded: KB, bad, says):
    for query in (loaded.events, loaded.count_events, loaded.timeline, loaded.export_records):
        with pytest.raises(SitrepError, match=says) as info:
            query(**bad)
        assert info.value.code == "E407"


def test_kb_actor_dossier(loaded: KB):
    d = loaded.actor("Kata'ib Hizballah")
    assert d.actor.id == "kataib-hezbollah" and d.actor.type == "armed_group"
    assert (d.n_as_actor, d.n_as_target) == (1, 3)
    assert d.first_seen == "2019-12-29" and d.last_seen == "2020-03-13"
    assert {s.source for s in d.sources} == {"Reuters", "AP", "AFP"}
    [rel] = d.relations
    assert (rel.relation.predicate, rel.object_name) == ("backed_by", "Iran")
    assert all(e.text == "The militia is backed by Iran." for e in rel.relation.evidence)
    assert d.to_dict()["actor"]["id"] == "kataib-hezbollah"
    with pytest.raises(StoreError) as info:
        loaded.actor("Hamas")
    assert info.value.code == "E406"


def test_kb_timeline_all_and_dyad(loaded: KB):
    rows = loaded.timeline()
    assert {(r.period, r.type): r.events for r in rows} == {
        ("2019-12", "air_strike"): 1, ("2019-12", "riot"): 1, ("2019-12", "repression"): 1,
        ("2020-03", "air_strike"): 1}
    dyad = loaded.timeline(actor="KH", target="US")
    assert [(r.period, r.type) for r in dyad] == [("2019-12", "riot")]
    assert [r.period for r in loaded.timeline(by="year")] == ["2019", "2019", "2019", "2020"]


def test_kb_network(loaded: KB):
    net = loaded.network()
    edges = {(e.source, e.target, e.kind, e.label): e.weight for e in net.edges}
    assert edges[("united-states", "kataib-hezbollah", "event", "air_strike")] == 2
    assert edges[("kataib-hezbollah", "iran", "relation", "backed_by")] == 3
    node = {n.id: n for n in net.nodes}["kataib-hezbollah"]
    assert (node.as_actor, node.as_target) == (1, 3)
    g = net.to_networkx()
    assert g.number_of_nodes() == 3 and g.has_edge("kataib-hezbollah", "iran")


def test_kb_search(loaded: KB):
    hits = loaded.search("tear gas")
    kinds = {h.kind for h in hits}
    assert kinds == {"article", "report"}
    report = next(h for h in hits if h.kind == "report")
    assert report.event_id == loaded.events(type="repression")[0].id
    assert "\u00ab" in report.snippet
    assert loaded.search("   ") == []


def test_kb_articles_and_article(loaded: KB):
    arts = loaded.articles()
    assert len(arts) == 4 and loaded.count_articles() == 4
    a = loaded.article(next(x.id for x in arts if x.source == "AFP"))
    assert a.info.n_reports == 3 and len(a.events) == 3 and set(a.actor_ids) == {"united-states", "kataib-hezbollah"}
    assert {s.kind for s in a.evidence} == {"report"} and len(a.evidence) == 3
    for span in a.evidence:
        assert a.text[span.start:span.end] == span.text
    with pytest.raises(StoreError):
        loaded.article("nope")


def test_kb_export_records(loaded: KB):
    events, actors, relations = loaded.export_records(type="air_strike")
    assert len(events) == 2 and {a.id for a in actors} == {"united-states", "kataib-hezbollah"}
    assert relations == []
    events, actors, relations = loaded.export_records()
    assert len(events) == 4 and len(relations) == 1 and "iran" in {a.id for a in actors}


# --- analyst corrections ---------------------------------------------------------------------------------

def test_kb_correction_survives_new_reports_and_reingest(kb: KB):
    kb.ingest(strike_report("Reuters", 25))
    [m] = kb.events()
    detail = kb.correct_event(m.id, {"fatalities": 21, "place_name": "Qaim district"}, user="analyst1")
    assert detail.event.event.fatalities == 21 and detail.corrections["fatalities"] == 21
    kb.ingest(strike_report("AP", 19))           # would lower the headline to 19
    kb.ingest(strike_report("Reuters", 25))      # same article again
    [m] = kb.events()
    assert m.event.fatalities == 21 and m.event.location.name == "Qaim district" and len(m.reports) == 2
    [entry] = kb.audit_log(m.id)
    assert (entry.user, entry.action, entry.before, entry.after) == (
        "analyst1", "correct", {"fatalities": 25, "place_name": "al-Qaim"},
        {"fatalities": 21, "place_name": "Qaim district"})


@pytest.mark.parametrize("changes, user", [({"fatalities": -3}, "a"), ({"colour": "red"}, "a"),
                                           ({"certainty": "maybe"}, "a"), ({"fatalities": 3}, " ")])
def test_kb_bad_corrections_refused(kb: KB, changes, user):
    kb.ingest(strike_report("Reuters", 25))
    with pytest.raises(SitrepError) as info:
        kb.correct_event(kb.events()[0].id, changes, user)
    assert info.value.code == "E405"
    assert kb.audit_log() == []


def test_kb_mark_false_and_duplicate(kb: KB):
    kb.ingest(strike_report("Reuters", 25, day="2019-12-29"))
    kb.ingest(strike_report("AP", 24, day="2020-01-02"))   # too far apart to merge automatically
    a, b = sorted(kb.events(), key=lambda m: m.event.date.start)
    kb.mark_false(b.id, user="analyst1")
    assert kb.events(certainty="false")[0].id == b.id
    merged = kb.mark_duplicate(b.id, a.id, user="analyst2")
    assert merged.event.id == a.id and len(merged.event.reports) == 2
    assert kb.count_events() == 1
    assert kb.event(b.id).event.id == a.id and kb.event(b.id).requested_id == b.id
    assert [e.action for e in kb.audit_log(a.id)] == ["absorb"]
    assert {e.action for e in kb.audit_log()} == {"correct", "duplicate", "absorb"}


def test_kb_merge_actors_and_future_ingest(kb: KB):
    kb.ingest(strike_report("Reuters", 25))
    hb = Actor("hezbollah-brigades", "Hezbollah Brigades", "armed_group", "IQ")
    text = "Hezbollah Brigades fighters fired rockets at Camp Taji on 11 March 2020."
    rocket = ev_(text, text, type="shelling", actors=("hezbollah-brigades",), targets=("united-states",),
                 date=EventDate("2020-03-11", "2020-03-11", "day"),
                 location=Place("Camp Taji", "IQ", "Baghdad", 33.52, 44.26, "site"))
    kb.ingest(Extraction(article=article(text, "AP", "2020-03-12"), actors=(hb, US), events=(rocket,)))
    d = kb.merge_actors("kataib-hezbollah", "hezbollah-brigades", user="analyst1")
    assert "Hezbollah Brigades" in d.actor.aliases and (d.n_as_actor, d.n_as_target) == (1, 1)
    assert kb.actor("hezbollah-brigades").actor.id == "kataib-hezbollah"
    text2 = "Hezbollah Brigades claimed a drone attack on Erbil airport on 14 April 2021."
    drone = ev_(text2, text2, type="air_strike", actors=("hezbollah-brigades",), targets=("united-states",),
                date=EventDate("2021-04-14", "2021-04-14", "day"), location=Place("Erbil", "IQ", None, 36.19, 44.01, "city"))
    kb.ingest(Extraction(article=article(text2, "Rudaw", "2021-04-15"), actors=(hb, US), events=(drone,)))
    assert kb.count_events(actor="kataib-hezbollah") == 2
    assert kb.store.get_actor("hezbollah-brigades") is None


def test_kb_add_alias(kb: KB):
    kb.ingest(strike_report("Reuters", 25))
    kb.add_alias("kataib-hezbollah", "Brigades of the Party of God", user="analyst1")
    assert kb.actor("brigades of the party of god").actor.id == "kataib-hezbollah"
    assert kb.audit_log("kataib-hezbollah")[0].action == "add_alias"
    with pytest.raises(SitrepError):
        kb.add_alias("kataib-hezbollah", "  ", user="analyst1")


# --- end to end --------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_kb_ingest_paths_real_pipeline(tmp_path):
    (tmp_path / "one.txt").write_text(
        "title: Strike near Qaim\nsource: Wire A\npublished: 2019-12-30\n\n"
        "US aircraft struck Kataib Hezbollah facilities near al-Qaim in western Iraq on Sunday, "
        "killing 25 militia members, officials said.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text(
        "title: Protesters storm embassy\nsource: Wire B\npublished: 2020-01-01\n\n"
        "Supporters of Kataib Hezbollah stormed the US Embassy in Baghdad on Tuesday. "
        "US troops fired tear gas to disperse them.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    with open_kb(str(tmp_path / "kb.db")) as kb:
        summary = kb.ingest_paths([str(tmp_path)])
        assert (summary.articles_new, summary.articles_failed) == (2, 1)
        assert kb.count_events() >= 2
        assert kb.actor("Kataib Hezbollah").n_as_target + kb.actor("Kataib Hezbollah").n_as_actor >= 1
        again = kb.ingest_paths([str(tmp_path)])
        assert (again.articles_new, again.articles_skipped, again.events_new) == (0, 2, 0)


@pytest.mark.slow
def test_kb_two_outlets_with_different_tolls_merge_through_the_pipeline(tmp_path):
    """Issue 7, kind 5: speakers are sources, and one event told by two outlets is one event."""
    (tmp_path / "a.txt").write_text(
        "title: Market bombing\nsource: Outlet A\npublished: 2022-03-04\n\n"
        "A car bomb exploded in a crowded market in Hilla on Thursday, killing 12 people, police said.\n",
        encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "title: Hilla blast toll\nsource: Outlet B\npublished: 2022-03-04\n\n"
        "At least 15 people were killed when a car bomb ripped through a market in Hilla on Thursday, "
        "a hospital official said.\n", encoding="utf-8")
    k = open_kb(str(tmp_path / "kb.db"))
    try:
        k.ingest_paths([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
        violent = [m for m in k.events() if m.event.type == "bombing"]
        assert len(violent) == 1 and len(violent[0].reports) == 2
        assert violent[0].event.fatalities == 12  # the most conservative figure stated as fact
        assert not violent[0].event.actors  # the police and the hospital official only told of it
    finally:
        k.close()
