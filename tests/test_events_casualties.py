"""Casualty figures (issue 7, item 2): one reader for every construction, and the rules that
turn an article's figures into each event's dead and wounded. Snippets are written for these
tests in the style of conflict-event notes and incident summaries."""
from __future__ import annotations

import importlib

import pytest

from sitrep.errors import DataFileError

cas = importlib.import_module("sitrep.events.casualties")


def stated(x, key: str) -> int:
    """The article's figure as the scoreboards read it: the sum over events reported as fact
    and told once (a missing figure counts 0)."""
    return sum(getattr(e, key) or 0 for e in x.events if e.certainty == "reported" and e.count == 1)


def figures(nlp, text: str):
    from sitrep.events import load_lexicon
    doc = nlp(text)
    return [f for s in doc.sents for f in cas.read_figures(s, load_lexicon())]


# --- the data: vague quantities and casualty words ------------------------------------------

def test_events_casualties_quantities_follow_acled():
    q = cas.load_quantities()
    assert (q["dozens"], q["hundreds"], q["tens"], q["scores"]) == (12, 100, 10, 20)
    assert q["several"] == 3 and q["couple"] == 2


def test_events_casualties_lexicon_classes():
    lex = cas.load_casualty_lexicon()
    assert lex.victims["soldier"] == "state" and lex.victims["militant"] == "armed"
    assert lex.victims["passenger"] == "civilian" and lex.victims["people"] == "generic"
    assert "succumb" in lex.die_verbs and "toll" in lex.toll_nouns


def test_events_casualties_extension_file_overrides(tmp_path):
    extra = tmp_path / "more.yaml"
    extra.write_text("version: 1\nvague: {several: 4}\nvictims: {civilian: [ferryman]}\n", encoding="utf-8")
    lex = cas.load_casualty_lexicon([extra])
    assert lex.vague["several"] == 4 and lex.victims["ferryman"] == "civilian"
    assert cas.load_casualty_lexicon().vague["several"] == 3


@pytest.mark.parametrize("body,code", [
    ("- a list\n", "E300"),
    ("version: 1\nunknown_key: [x]\n", "E301"),
    ("vague: {several: lots}\n", "E301"),
    ("victims: {police: [officer]}\n", "E301"),
    ("kill_verbs: [kill, yes]\n", "E301"),
    ("version: 2\n", "E301"),
])
def test_events_casualties_bad_data_file(tmp_path, body, code):
    bad = tmp_path / "bad.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        cas.read_casualty_file(bad)
    assert err.value.code == code


# --- combining figures (no parsing needed) ------------------------------------------------

def fig(n, groups=("generic",), **kw):
    return cas.Figure(kind=cas.KILLED, count=n, token=None, groups=frozenset(groups), **kw)


def test_events_casualties_update_replaces():
    assert cas.combine([[fig(2)], [fig(5, update=True)]]) == 5


def test_events_casualties_same_dead_twice_not_added():
    assert cas.combine([[fig(5, ("state",))], [fig(5, ("state",), restated=True)]]) == 5


def test_events_casualties_conflict_keeps_lowest():
    assert cas.combine([[fig(8, ("civilian",))], [fig(6, ("civilian",))]]) == 6


def test_events_casualties_other_class_adds():
    assert cas.combine([[fig(4, ("state",))], [fig(3, ("armed",))]]) == 7


def test_events_casualties_total_includes_parts():
    assert cas.combine([[fig(12)], [fig(3, ("state",))]]) == 12


def test_events_casualties_also_adds():
    assert cas.combine([[fig(2, ("civilian",))], [fig(1, ("civilian",), also=True)]]) == 3


def test_events_casualties_sources_disagree_in_one_sentence():
    assert cas.combine([[fig(5, source=3), fig(9, source=9)]]) == 5


def test_events_casualties_zero_only_when_nothing_else():
    assert cas.combine([[fig(0, zero=True)]]) == 0
    assert cas.combine([[fig(3)], [fig(0, zero=True)]]) == 3
    assert cas.combine([[fig(None)]]) is None


# --- the reader: one construction per case ---------------------------------------------------

CONSTRUCTIONS = [
    # active, passive, participles
    ("Gunmen stopped the lorry and shot the driver, killing him.", 1, None),
    ("The raiders killed three herdsmen near the well.", 3, None),
    ("Three herdsmen were killed near the well.", 3, None),
    ("An army post came under fire; four soldiers were killed and two wounded.", 4, 2),
    ("A mortar round hit the camp, leaving 11 dead and 100 wounded.", 11, 100),
    ("A rocket struck the depot, leaving 3 guards dead and one injured.", 3, 1),
    ("Militants attacked a checkpoint. 3 deaths were reported.", 3, None),
    ("A landmine struck a minibus, killing a driver; a passenger died of his wounds later that day.", 2, None),
    ("Gunmen attacked a village near Mopti, and two soldiers were shot dead.", 2, None),
    ("Raiders attacked the farm and stabbed the owner to death.", 1, None),
    ("Gunmen attacked a patrol near the border; a wounded officer succumbed in hospital.", 1, None),
    ("The raid on the village claimed the lives of four elders.", 4, None),
    ("Rebels attacked a convoy near Beni. Two bodies were found the next morning.", 2, None),
    ("A bomb exploded in the square, killing 14 people and leaving 40 injured.", 14, 40),
    ("Gunmen attacked a bus near the bridge. Six passengers sustained gunshot wounds.", 0, 6),
    ("Soldiers clashed with rebels near the mine. Fatalities: 5 (3 rebels, 2 soldiers).", 5, None),
    ("Soldiers clashed with rebels near the mine, resulting in 6 fatalities.", 6, None),
    ("Four villagers were killed after gunmen opened fire on a market.", 4, None),
    ("Two guards died following a raid on the depot.", 2, None),
    ("Gunmen shot and wounded two traders in the market. One of the wounded later died in hospital.", 1, 1),
    ("A bomb exploded at the station, killing 3 and injuring 12. Two of the injured later died.", 5, 10),
    # running totals
    ("A car bomb exploded near the court, and the attack caused a death toll of 12.", 12, None),
    ("A car bomb exploded near the court, killing six. The death toll later rose to 20.", 20, None),
    ("Shelling hit the market, killing eight; another strike at dusk raised the toll to 15.", 15, None),
    # bounds, ranges and vague quantities
    ("Gunmen raided the village and killed at least 5 farmers.", 5, None),
    ("Gunmen raided the village and killed more than 40 farmers.", 40, None),
    ("Gunmen raided the village and killed between 10 and 15 farmers.", 10, None),
    ("Gunmen raided the village and killed 10 to 15 farmers.", 10, None),
    ("Gunmen raided the village. Dozens of farmers were killed.", 12, None),
    ("Clashes between two clans near the river left scores dead.", 20, None),
    ("Gunmen raided the village. Several farmers were killed.", 3, None),
    ("Gunmen raided the village, and a number of farmers were killed.", 3, None),
    ("Artillery shelled the town; hundreds of residents were killed.", 100, None),
    # who is counted
    ("Bandits attacked the market, killing two soldiers and a civilian.", 3, None),
    ("Gunmen attacked the house, killing a policeman, his wife and their son.", 3, None),
    ("Raiders entered the hamlet and killed a village head and his nephew.", 2, None),
    ("Insurgents overran the outpost; about 20 soldiers were killed, while the army said it killed dozens of "
     "insurgents.", 32, None),
    ("A bomb hit the bus. Between 15 and 20 passengers were killed and dozens more wounded.", 15, 12),
    ("A bomber blew up a car at the gate of the fair. Nine people were killed, along with the bomber.", 10, None),
    ("Gunmen attacked a bus. Casualties included 5 dead and 9 injured.", 5, 9),
    ("A gunman opened fire in a cafe. Six people were killed and 8 were wounded before police shot the gunman "
     "dead.", 7, 8),
    ("Gunmen attacked a checkpoint. The attacker and two guards were killed.", 3, None),
    ("A suicide bomber blew himself up at the gate, killing four recruits.", 5, None),
    ("Three people, including two police officers, were killed when a bomb exploded at the station.", 3, None),
    ("A bomb exploded at the station, killing nine people, including the bomber.", 9, None),
    # none and unknown
    ("A grenade exploded outside the office. No one was hurt.", 0, 0),
    ("Militants shelled the base, but there were no casualties.", 0, 0),
    ("A bomb went off near the barracks; no deaths were reported.", 0, None),
]


@pytest.mark.slow
@pytest.mark.parametrize("text,dead,hurt", CONSTRUCTIONS, ids=[c[0][:50] for c in CONSTRUCTIONS])
def test_events_casualties_constructions(extract, text, dead, hurt):
    x = extract(text)
    assert stated(x, "fatalities") == dead, [(e.type, e.trigger, e.fatalities) for e in x.events]
    if hurt is not None:
        assert stated(x, "injured") == hurt, [(e.type, e.trigger, e.injured) for e in x.events]


@pytest.mark.slow
def test_events_casualties_all_on_board_is_unknown(extract):
    x = extract("Militants shot down a cargo plane near the airfield, killing all those on board.")
    assert x.events and all(e.fatalities is None for e in x.events)


@pytest.mark.slow
def test_events_casualties_not_reported_is_unknown(extract):
    x = extract("Gunmen ambushed a convoy near the pass. Casualties were not reported.")
    assert x.events and all(e.fatalities is None and e.injured is None for e in x.events)


@pytest.mark.slow
def test_events_casualties_no_one_hurt_is_zero_not_none(extract):
    x = extract("A parcel bomb exploded at the post office. No one was hurt.")
    bomb = [e for e in x.events if e.type == "bombing"]
    assert bomb and (bomb[0].fatalities, bomb[0].injured) == (0, 0)


@pytest.mark.slow
def test_events_casualties_headline_and_detail_told_once(extract):
    x = extract("Gunmen ambushed a police patrol near the dam, killing four officers. "
                "The four officers were buried on Tuesday.")
    assert stated(x, "fatalities") == 4


@pytest.mark.slow
def test_events_casualties_two_sides_add_up(extract):
    x = extract("Militants stormed an army base near the lake, killing 12 soldiers. "
                "Three of the attackers were also killed.")
    assert stated(x, "fatalities") == 15


@pytest.mark.slow
def test_events_casualties_conflicting_sources_most_conservative(extract):
    x = extract("A car bomb exploded near the bridge on Monday. Police said five people were killed, "
                "while hospital staff said eight died.")
    assert stated(x, "fatalities") == 5


@pytest.mark.slow
def test_events_casualties_claimed_figure_is_no_fact(extract):
    x = extract("The group claimed to have killed 30 soldiers in an attack on a base near the river.")
    assert stated(x, "fatalities") == 0


@pytest.mark.slow
def test_events_casualties_claimed_responsibility_keeps_figure_a_fact(extract):
    x = extract("Assailants detonated a bomb at a bus stop, killing seven people. "
                "A local militia claimed responsibility for the attack.")
    assert stated(x, "fatalities") == 7


@pytest.mark.slow
def test_events_casualties_killed_or_captured_is_no_count(extract):
    x = extract("Rebels fought the army near the hills; several of their fighters were either killed or captured.")
    assert stated(x, "fatalities") == 0


@pytest.mark.slow
def test_events_casualties_period_total_is_no_event_figure(extract):
    x = extract("Gunmen attacked a police station in the town on Friday. "
                "More than 300 officers have been killed in the province since 2019.")
    assert stated(x, "fatalities") == 0


@pytest.mark.slow
def test_events_casualties_sentenced_to_death_is_no_death(nlp):
    assert not [f for f in figures(nlp, "The court sentenced the commander to death in absentia.")
                if f.count]


@pytest.mark.slow
def test_events_casualties_reader_marks_update_subset_and_claim(nlp):
    up = figures(nlp, "The death toll from the blast rose to 31.")
    assert [(f.count, f.update) for f in up] == [(31, True)]
    sub = figures(nlp, "The dead included two children and their mother.")
    assert [(f.count, f.subset) for f in sub] == [(3, True)]
    claim = figures(nlp, "The rebels claimed they had killed 50 soldiers.")
    assert [(f.count, f.modality) for f in claim] == [(50, "claimed")]
    none = figures(nlp, "Nobody was injured.")
    assert [(f.kind, f.zero) for f in none] == [("injured", True)]


# --- deaths that are not this report's figures ---------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Hundreds of students marched in the capital against the killing of a lecturer by soldiers.",
    "Police detained two men in connection with the murder of a village chief.",
    "Relatives protested the deaths of three fishermen shot by the coast guard.",
])
def test_events_casualties_deaths_acted_about_are_not_counted(extract, text):
    assert stated(extract(text), "fatalities") == 0


@pytest.mark.slow
def test_events_casualties_background_toll_is_not_the_reports(extract):
    x = extract("Gunmen attacked a convoy near the border on Sunday; there were no casualties. "
                "Last year, a similar ambush on the same road killed nine drivers.")
    assert stated(x, "fatalities") == 0


@pytest.mark.slow
def test_events_casualties_mentioned_act_keeps_its_own_dead(extract):
    x = extract("Jets bombed militia depots near the border on Friday, two days after a drone attack on a base "
                "killed three guards.")
    bombed = [e for e in x.events if e.trigger == "bombed"]
    assert bombed and bombed[0].fatalities is None
    assert [e.fatalities for e in x.events if e.trigger != "bombed"] == [3]


@pytest.mark.slow
def test_events_casualties_released_unharmed_is_zero(extract):
    x = extract("Gunmen kidnapped four engineers near the dam. The hostages were released unharmed a week later.")
    kidnap = [e for e in x.events if e.type == "abduction"]
    assert kidnap and (kidnap[0].fatalities, kidnap[0].injured) == (0, 0)
