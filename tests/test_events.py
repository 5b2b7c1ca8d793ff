"""Events: types and codes, arguments, figures, certainty, suppression of unrealised acts,
caused_by, dates, places and evidence (issue 2).  Snippets are short wire-style sentences."""
from __future__ import annotations

import pytest

from sitrep.errors import DataFileError
from helpers import events_of, one_event
from sitrep.events import BUNDLED, build_lexicon, load_lexicon, read_lexicon_file

PUBLISHED = "2024-02-10"  # a Saturday

# The spec's table: type -> (CAMEO codes allowed, ACLED (event type, sub-event type) pairs allowed or None).
SPEC_CODES = {
    "air_strike": ({"195"}, {("Explosions/Remote violence", "Air/drone strike")}),
    "shelling": ({"194"}, {("Explosions/Remote violence", "Shelling/artillery/missile attack")}),
    "bombing": ({"183"}, {("Explosions/Remote violence", "Remote explosive/landmine/IED"),
                          ("Explosions/Remote violence", "Suicide bomb")}),
    "armed_clash": ({"190"}, {("Battles", "Armed clash")}),
    "attack": ({"190"}, {("Violence against civilians", "Attack"), ("Battles", "Armed clash")}),
    "assassination": ({"186"}, {("Violence against civilians", "Attack"), ("Battles", "Armed clash"),
                                ("Explosions/Remote violence", "Air/drone strike"),
                                ("Explosions/Remote violence", "Remote explosive/landmine/IED")}),
    "abduction": ({"181"}, {("Violence against civilians", "Abduction/forced disappearance")}),
    "protest": ({"141"}, {("Protests", "Peaceful protest")}),
    "riot": ({"145"}, {("Riots", "Violent demonstration")}),
    "repression": ({"175"}, {("Protests", "Protest with intervention")}),
    "arrest": ({"173"}, {("Strategic developments", "Arrests")}),
    "legal_action": ({"173"}, {("Strategic developments", "Other")}),
    "sanction": ({"163", "172"}, {("Strategic developments", "Other")}),
    "military_posture": ({"15"}, {("Strategic developments", "Other")}),
    "withdrawal": ({"0874"}, {("Strategic developments", "Other")}),
    "break_relations": ({"16"}, None),
    "threat": ({"13", "138"}, None),
    "condemnation": ({"111", "112"}, None),
    "demand": ({"10"}, None),
    "claim_responsibility": ({"015"}, None),
    "statement": ({"01"}, None),
    "agreement": ({"057"}, {("Strategic developments", "Agreement")}),
    "support": ({"07"}, None),
    "meeting": ({"04"}, None),
}

# One typical sentence per event type.
TYPICAL = [
    ("air_strike", "US aircraft carried out an air strike on a Kataib Hezbollah weapons depot near al-Qaim on Sunday."),
    ("shelling", "Kataib Hezbollah fighters fired rockets at a US base in Syria on Monday."),
    ("bombing", "A bomb blast killed four Iraqi soldiers in Tarmiyah on Tuesday, security sources said."),
    ("armed_clash", "Fighters of the Islamic State clashed with the Iraqi army near Tuz Khurmatu."),
    ("attack", "Gunmen attacked a checkpoint manned by the Peshmerga in Kirkuk on Wednesday."),
    ("assassination", "Gunmen assassinated the activist Ihab al-Wazni outside his home in Karbala."),
    ("abduction", "Masked men kidnapped two foreign journalists in Basra."),
    ("protest", "Thousands of Sadrist Movement supporters protested outside the Iraqi parliament on Saturday."),
    ("riot", "Angry demonstrators stormed the US embassy in Baghdad and set fire to a reception area."),
    ("repression", "Iraqi police fired tear gas at protesters in Nasiriyah."),
    ("arrest", "Iraqi security forces arrested a Kataib Hezbollah commander in Baghdad on Thursday."),
    ("legal_action", "An Iraqi court sentenced two Islamic State members to death."),
    ("sanction", "The US Treasury sanctioned three Kataib Hezbollah financiers on Friday."),
    ("military_posture", "The Pentagon deployed 1,500 additional troops to the Middle East."),
    ("withdrawal", "The United States withdrew its troops from the Ain al-Asad air base."),
    ("break_relations", "Iraq expelled the Turkish ambassador on Thursday."),
    ("threat", "Asa'ib Ahl al-Haq threatened to strike US bases in Iraq."),
    ("condemnation", "The Iraqi government condemned the US strike as a violation of sovereignty."),
    ("demand", "The Iraqi parliament demanded that US forces withdraw from the country."),
    ("claim_responsibility", "Kataib Hezbollah claimed responsibility for the drone attack on the Tower 22 outpost."),
    ("statement", "Iran announced on Sunday that it was suspending cooperation with the inspectors."),
    ("agreement", "Iraq and Iran signed a security agreement in Baghdad on Tuesday."),
    ("support", "Iran supplied the militias with drones and rockets last year."),
    ("meeting", "Iraqi Prime Minister Mohammed Shia al-Sudani met Iranian Foreign Minister Hossein Amir-Abdollahian "
                "in Baghdad."),
]


_of = events_of
_one = one_event


# --- the lexicon, without the spaCy model -----------------------------------------------------

def test_events_lexicon_codes_match_spec():
    lex = load_lexicon()
    assert set(lex.types) == set(SPEC_CODES)
    for etype, (cameos, acleds) in SPEC_CODES.items():
        info = lex.types[etype]
        assert info.cameo in cameos, etype
        if acleds is None:
            assert info.acled is None, etype
        else:
            assert (info.acled.event_type, info.acled.sub_event_type) in acleds, etype


def test_events_lexicon_unknown_type_is_e301(tmp_path):
    path = tmp_path / "my-triggers.yaml"
    path.write_text("triggers:\n  - {lemma: pummel, type: pummelling}\n", encoding="utf-8")
    base = read_lexicon_file(BUNDLED)
    with pytest.raises(DataFileError) as info:
        build_lexicon([("bundled", base), (str(path), read_lexicon_file(path))])
    assert info.value.code == "E301" and "my-triggers.yaml" in str(info.value)


@pytest.mark.parametrize("content", ["triggers: [ {lemma: x", "- just\n- a list\n"])
def test_events_lexicon_malformed_file_is_e300(tmp_path, content):
    path = tmp_path / "bad-lexicon.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_lexicon_file(path)
    assert info.value.code == "E300" and "bad-lexicon.yaml" in str(info.value)


# --- one typical sentence per type ---------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("etype,text", TYPICAL, ids=[t for t, _ in TYPICAL])
def test_events_type_and_codes(extract, etype, text):
    x = extract(text)
    ev = _of(x, etype)
    assert ev, [(e.type, e.trigger) for e in x.events]
    cameos, acleds = SPEC_CODES[etype]
    for e in ev:
        assert e.cameo in cameos
        if acleds is None:
            assert e.acled is None
        else:
            assert (e.acled.event_type, e.acled.sub_event_type) in acleds


@pytest.mark.slow
@pytest.mark.parametrize("etype,text", TYPICAL, ids=[t for t, _ in TYPICAL])
def test_events_evidence_offsets_point_at_text(extract, etype, text):
    x = extract(text)
    assert x.events
    for e in x.events:
        assert e.evidence
        for ev in e.evidence:
            assert text[ev.start:ev.end] == ev.text and ev.text.strip() == ev.text


@pytest.mark.slow
def test_events_evidence_offsets_multi_paragraph(extract):
    text = ("BAGHDAD (Wire) -- Rockets were fired at a US base.\n\n"
            "Kataib Hezbollah fired three rockets at the Victory base on Monday, officials said.\n\n"
            "Two days later, US aircraft struck Kataib Hezbollah positions in Jurf al-Sakhar, killing four fighters.")
    x = extract(text)
    strikes = _of(x, "air_strike")
    assert strikes and strikes[0].evidence[0].text.startswith("Two days later")
    for e in x.events:
        for ev in e.evidence:
            assert text[ev.start:ev.end] == ev.text


# --- arguments ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_events_agent_from_subject_target_from_object(extract):
    x = extract("Kataib Hezbollah fighters fired rockets at a US base in Syria on Monday.")
    e = _one(x, "shelling")
    assert e.actors == ("kataib-hezbollah",) and e.targets == ("united-states",)
    assert e.weapon == "rocket"


@pytest.mark.slow
def test_events_agent_from_by_phrase(extract):
    x = extract("A US patrol base in eastern Syria was attacked by Kataib Hezbollah on Monday.")
    e = _one(x, "attack")
    assert e.actors == ("kataib-hezbollah",) and e.targets == ("united-states",)


@pytest.mark.slow
def test_events_agent_from_modifier(extract):
    x = extract("A US drone strike killed two Harakat Hezbollah al-Nujaba commanders in eastern Baghdad.")
    e = _one(x, "air_strike")
    assert e.actors == ("united-states",)
    assert e.targets == ("harakat-hezbollah-al-nujaba",)
    assert e.weapon == "drone" and e.fatalities == 2


@pytest.mark.slow
def test_events_target_from_on_phrase(extract):
    x = extract("US aircraft carried out an air strike on a Kataib Hezbollah weapons depot near al-Qaim on Sunday.")
    e = _one(x, "air_strike")
    assert e.actors == ("united-states",) and e.targets == ("kataib-hezbollah",)


@pytest.mark.slow
def test_events_agent_resolved_through_the_group(extract):
    x = extract("Kataib Hezbollah fired rockets at the Victory base on Monday. "
                "The group also launched a drone at a US outpost near the Syrian border.")
    drone = [e for e in x.events if e.weapon == "drone"]
    assert drone and drone[0].actors == ("kataib-hezbollah",)


@pytest.mark.slow
def test_events_clash_with_names_both_sides(extract):
    x = extract("Fighters of the Islamic State clashed with the Iraqi army near Tuz Khurmatu.")
    e = _one(x, "armed_clash")
    assert "islamic-state" in e.actors and "iraqi-army" in set(e.actors) | set(e.targets)


@pytest.mark.slow
def test_events_sanction_agent_through_imposed(extract):
    x = extract("The United States imposed sanctions on Kataib Hezbollah.")
    e = _one(x, "sanction")
    assert e.actors == ("united-states",) and e.targets == ("kataib-hezbollah",)


@pytest.mark.slow
def test_events_demonym_modifier_of_people_is_not_state_target(extract):
    x = extract("The US Treasury sanctioned three Iraqi militia leaders on Friday.")
    e = _one(x, "sanction")
    assert e.actors == ("us-treasury",) and "iraq" not in e.targets


@pytest.mark.slow
def test_events_agreement_between_parties(extract):
    x = extract("The ceasefire between Israel and Hezbollah took effect on Wednesday.")
    e = _one(x, "agreement")
    assert set(e.actors) | set(e.targets) == {"israel", "hezbollah"}


# --- fatalities, injured, counts -----------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("text,etype,dead", [
    ("US aircraft carried out an air strike on a Kataib Hezbollah depot near al-Qaim, killing 25 militia members.",
     "air_strike", 25),
    ("Fighters of the Islamic State clashed with the Iraqi army near Tuz Khurmatu, and four members were killed.",
     "armed_clash", 4),
    ("Kataib Hezbollah fired rockets at the K1 base on December 27, killing an American contractor.",
     "shelling", 1),
    ("Militants fired three mortar rounds at an Iraqi army post, but no casualties were reported.", "shelling", 0),
    ("A bomb blast killed four Iraqi soldiers in Tarmiyah on Tuesday.", "bombing", 4),
])
def test_events_fatalities(extract, text, etype, dead):
    assert _one(extract(text), etype).fatalities == dead


@pytest.mark.slow
def test_events_fatalities_unstated_is_null(extract):
    e = _one(extract("Kataib Hezbollah fighters fired rockets at a US base in Syria on Monday."), "shelling")
    assert e.fatalities is None and e.injured is None


@pytest.mark.slow
def test_events_killed_and_wounded(extract):
    x = extract("Gunmen opened fire on protesters in Nasiriyah, killing three and wounding 17.")
    ev = [e for e in x.events if e.type in ("attack", "repression")]
    assert len(ev) == 1 and (ev[0].fatalities, ev[0].injured) == (3, 17)


@pytest.mark.slow
def test_events_injured_only(extract):
    e = _one(extract("A rocket attack on the Ain al-Asad air base wounded five US service members."), "shelling")
    assert e.injured == 5 and e.fatalities is None
    assert e.targets == ("us-armed-forces",)


@pytest.mark.slow
def test_events_roadside_bomb_exploded(extract):
    x = extract("A roadside bomb exploded next to a convoy of Iraqi soldiers in Diyala, wounding six.")
    e = _one(x, "bombing")
    assert e.injured == 6 and e.weapon == "roadside bomb"


@pytest.mark.slow
def test_events_shot_dead_named_person(extract):
    x = extract("Militiamen shot dead the activist Reham Yacoub in Basra on Wednesday.")
    ev = [e for e in x.events if e.type in ("assassination", "attack")]
    assert len(ev) == 1 and ev[0].fatalities == 1 and ev[0].targets == ("reham-yacoub",)


@pytest.mark.slow
def test_events_aggregate_count(extract):
    x = extract("Iran-backed militias have carried out more than 23 attacks on US forces in Iraq and Syria "
                "since October 17.")
    e = _one(x, "attack")
    assert e.count == 23 and e.targets == ("us-armed-forces",)
    assert e.fatalities is None


@pytest.mark.slow
def test_events_deaths_that_caused_a_strike_are_not_its_fatalities(extract):
    x = extract("The White House said the strikes were a response to the deaths of three soldiers.")
    assert all(e.fatalities != 3 for e in _of(x, "air_strike"))


# --- certainty ----------------------------------------------------------------------------------

@pytest.mark.slow
def test_events_claimed_responsibility(extract):
    x = extract("Kataib Hezbollah claimed responsibility for the drone attack on the Tower 22 outpost.")
    claims = _of(x, "claim_responsibility")
    assert claims and all(c.actors == ("kataib-hezbollah",) for c in claims)
    attack = _one(x, "air_strike")
    # a claim of responsibility claims who did it; the attack itself is told as fact (issue 7)
    assert attack.certainty == "reported" and attack.claimed_by == "kataib-hezbollah"
    assert attack.actors == ("kataib-hezbollah",)


@pytest.mark.slow
def test_events_claim_responsibility_once(extract):
    x = extract("Kataib Hezbollah claimed responsibility for the drone attack on the Tower 22 outpost.")
    assert len(_of(x, "claim_responsibility")) == 1


@pytest.mark.slow
def test_events_claimed_that(extract):
    x = extract("The Islamic Resistance in Iraq claimed that its drones struck a US base in Syria.")
    e = _one(x, "air_strike")
    assert e.certainty == "claimed" and e.claimed_by == "islamic-resistance-in-iraq"


@pytest.mark.slow
def test_events_hedge_makes_claimed(extract):
    e = _one(extract("Unidentified gunmen allegedly attacked a Badr Organization office in Diyala."), "attack")
    assert e.certainty == "claimed" and e.targets == ("badr-organization",)
    e = _one(extract("Unidentified gunmen reportedly attacked a Badr Organization office in Diyala."), "attack")
    assert e.certainty == "reported"  # the press's 'reportedly' reports a fact (issue 7)


@pytest.mark.slow
def test_events_false_claim_is_false_statement(extract):
    x = extract("Kataib Hezbollah falsely claimed that the American strike killed 80 civilians.")
    st = _one(x, "statement")
    assert st.certainty == "false" and st.claimed_by == "kataib-hezbollah"
    assert st.actors == ("kataib-hezbollah",)
    assert st.claimed_fatalities == 80
    assert all(e.fatalities != 80 for e in x.events)
    assert not [e for e in x.events if e.type == "air_strike" and e.certainty == "reported"]


@pytest.mark.slow
def test_events_false_claim_after_real_strike(extract):
    x = extract("US aircraft struck a Kataib Hezbollah depot near al-Qaim on Sunday, killing 12 fighters. "
                "The group falsely claimed that the strike killed 80 civilians.")
    strike = _one(x, "air_strike")
    assert strike.fatalities == 12 and strike.certainty == "reported"
    assert all(e.fatalities != 80 for e in x.events)
    assert any(e.certainty == "false" and e.claimed_fatalities == 80 for e in x.events)


@pytest.mark.slow
def test_events_denied(extract):
    x = extract("Kataib Hezbollah denied that it carried out the attack on the US embassy.")
    e = _one(x, "attack")
    assert e.certainty == "denied" and e.claimed_by == "kataib-hezbollah"


@pytest.mark.slow
def test_events_denial_does_not_leak_into_next_clause(extract):
    x = extract("Tehran denied any role in the attack, while Washington blamed Iran-backed groups.")
    e = _one(x, "condemnation")
    assert e.actors == ("united-states",) and e.certainty == "reported"


@pytest.mark.slow
def test_events_rejecting_a_strike_is_not_doing_it(extract):
    x = extract("Iraqi Foreign Minister Fuad Hussein said Baghdad rejected the strike.")
    assert all("iraq" not in e.actors for e in _of(x, "air_strike"))


# --- acts that are only threatened, demanded or intended -------------------------------------------

@pytest.mark.slow
def test_events_threat_is_not_the_act(extract):
    x = extract("Asa'ib Ahl al-Haq threatened to strike US bases in Iraq.")
    t = _one(x, "threat")
    assert t.actors == ("asaib-ahl-al-haq",) and t.targets == ("united-states",)
    assert [e.type for e in x.events] == ["threat"]


@pytest.mark.slow
def test_events_warned_of_attacks_is_threat_only(extract):
    x = extract("Kataib Hezbollah leader Abu Hussein al-Hamidawi warned that the group would resume attacks.")
    assert [e.type for e in x.events] == ["threat"]
    assert "abu-hussein-al-hamidawi" in x.events[0].actors


@pytest.mark.slow
def test_events_demand_is_not_withdrawal(extract):
    x = extract("The Iraqi parliament demanded that US forces withdraw from the country.")
    d = _one(x, "demand")
    assert d.actors == ("iraqi-parliament",) and d.targets == ("us-armed-forces",)
    assert not _of(x, "withdrawal")


@pytest.mark.slow
def test_events_withdrawal_from_deal_is_break_relations(extract):
    x = extract("President Donald Trump withdrew from the nuclear deal with Iran in May 2018.")
    e = _one(x, "break_relations")
    assert e.actors == ("donald-trump", "united-states")  # a leader's act is also his state's
    assert not _of(x, "withdrawal")
    assert (e.date.start, e.date.precision) == ("2018-05", "month")


# --- caused_by --------------------------------------------------------------------------------------

@pytest.mark.slow
def test_events_caused_by_in_retaliation(extract):
    x = extract("Kataib Hezbollah fired rockets at the US embassy in Baghdad on January 3. "
                "In retaliation, US aircraft bombed Kataib Hezbollah positions in Jurf al-Sakhar.")
    rockets, strike = _one(x, "shelling"), _one(x, "air_strike")
    assert strike.caused_by == rockets.id and rockets.caused_by is None
    assert strike.actors == ("united-states",) and strike.targets == ("kataib-hezbollah",)


@pytest.mark.slow
def test_events_caused_by_in_response_to(extract):
    x = extract("A suicide bombing killed 84 people in Kerman on January 3. "
                "Iran launched ballistic missiles at Idlib on January 15 in response to the bombing.")
    first = x.events[0]
    assert first.type == "bombing" and first.fatalities == 84
    later = [e for e in x.events if "iran" in e.actors]
    assert len(later) == 1 and later[0].caused_by == first.id
    assert len(_of(x, "bombing")) == 1


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Kataib Hezbollah fired rockets at the US embassy in Baghdad on January 3. "
    "In retaliation, US aircraft bombed Kataib Hezbollah positions in Jurf al-Sakhar.",
    "A suicide bombing killed 84 people in Kerman on January 3. "
    "Iran launched ballistic missiles at Idlib on January 15 in response to the bombing.",
])
def test_events_caused_by_has_no_cycles(extract, text):
    x = extract(text)
    cause = {e.id: e.caused_by for e in x.events}
    for start in cause:
        seen, cur = set(), start
        while cur is not None:
            assert cur not in seen, cause
            seen.add(cur)
            cur = cause.get(cur)


@pytest.mark.slow
def test_events_response_keeps_its_own_type(extract):
    x = extract("A suicide bombing killed 84 people in Kerman on January 3. "
                "Iran launched ballistic missiles at Idlib on January 15 in response to the bombing.")
    later = next(e for e in x.events if "iran" in e.actors)
    assert later.type == "shelling" and later.weapon == "missile"


@pytest.mark.slow
def test_events_rockets_struck_near(extract):
    x = extract("Rockets struck near the US embassy in Baghdad on January 3. "
                "In retaliation, US aircraft bombed Kataib Hezbollah positions in Jurf al-Sakhar.")
    rockets = _one(x, "shelling")
    assert _one(x, "air_strike").caused_by == rockets.id


# --- dates --------------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("text,etype,start,precision", [
    ("Iran launched ballistic missiles at Erbil on 15 January 2024.", "shelling", "2024-01-15", "day"),
    ("Kataib Hezbollah fired rockets at a US base on Tuesday.", "shelling", "2024-02-06", "day"),
    ("US aircraft struck militia headquarters in December 2019.", "air_strike", "2019-12", "month"),
    ("Iran supplied the militias with drones and rockets last year.", "support", "2023", "year"),
    ("The US State Department designated Harakat Hezbollah al-Nujaba as a terrorist organization in 2019.",
     "sanction", "2019", "year"),
])
def test_events_dates(extract, text, etype, start, precision):
    e = _one(extract(text, published=PUBLISHED), etype)
    assert (e.date.start, e.date.end, e.date.precision) == (start, start, precision)


@pytest.mark.slow
def test_events_weekday_relative_to_other_published_date(extract):
    e = _one(extract("Kataib Hezbollah fired rockets at a US base on Tuesday.", published="2020-01-02"), "shelling")
    assert e.date.start == "2019-12-31"


@pytest.mark.slow
def test_events_no_published_no_relative_date(extract):
    e = _one(extract("Kataib Hezbollah fired rockets at a US base on Tuesday.", published=None), "shelling")
    assert e.date is None or e.date.start is None


@pytest.mark.slow
def test_events_date_relative_to_narrative(extract):
    x = extract("Kataib Hezbollah fired rockets at the K1 base on December 27, killing an American contractor. "
                "Two days later, US jets struck five of the group's facilities in Iraq and Syria.")
    rockets, strike = _one(x, "shelling"), _one(x, "air_strike")
    assert rockets.date.start == "2023-12-27"
    assert strike.date.start == "2023-12-29" and strike.date.precision == "day"


@pytest.mark.slow
def test_events_statement_has_its_own_date(extract):
    x = extract("Kataib Hezbollah announced on Monday that it would suspend operations against US forces.")
    st = _one(x, "statement")
    assert st.date is not None and st.date.start == "2024-02-05"


# --- places ---------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("text,etype,name,precision", [
    ("The United States withdrew its troops from the Ain al-Asad air base.", "withdrawal", "Ain al-Asad", "site"),
    ("Gunmen assassinated the activist Ihab al-Wazni outside his home in Karbala.", "assassination", "Karbala",
     "city"),
    ("Unidentified gunmen attacked a Badr Organization office in Diyala.", "attack", "Diyala", "admin1"),
    ("The Pentagon deployed 1,500 additional troops to the Middle East.", "military_posture", "Middle East",
     "region"),
    ("A US patrol base in eastern Syria was attacked by Kataib Hezbollah on Monday.", "attack", "Syria", "region"),
])
def test_events_places(extract, text, etype, name, precision):
    e = _one(extract(text), etype)
    assert e.location is not None and name in e.location.name and e.location.precision == precision
    assert e.location.lat is not None and e.location.lon is not None


@pytest.mark.slow
def test_events_place_country_code(extract):
    e = _one(extract("Masked men kidnapped two foreign journalists in Basra."), "abduction")
    assert e.location.country == "IQ"


@pytest.mark.slow
def test_events_riot_place(extract):
    e = _one(extract("Angry demonstrators stormed the US embassy in Baghdad and set fire to a reception area."),
             "riot")
    assert e.location is not None and "Baghdad" in e.location.name


@pytest.mark.slow
def test_events_agent_is_not_place(extract):
    x = extract("Kataib Hezbollah was designated a terrorist organization by the United States in 2009.")
    e = _one(x, "sanction")
    assert e.location is None or e.location.name != "United States"


@pytest.mark.slow
def test_events_place_inside_actor_name_is_ignored(extract):
    x = extract("Fighters of the Islamic Resistance in Iraq attacked a US base in Syria on Sunday.")
    e = _one(x, "attack")
    assert e.location is not None and e.location.name == "Syria"


# --- whole-article behaviour ------------------------------------------------------------------------

@pytest.mark.slow
def test_events_later_mention_folds_into_event(extract):
    x = extract("US aircraft struck a Kataib Hezbollah depot near al-Qaim on Sunday. "
                "The strike killed 25 fighters, the group said.")
    strikes = _of(x, "air_strike")
    assert len(strikes) == 1
    assert strikes[0].fatalities == 25 and len(strikes[0].evidence) == 2


@pytest.mark.slow
def test_events_ids_are_sequential_and_unique(extract):
    x = extract("Kataib Hezbollah fired rockets at the US embassy in Baghdad on January 3. "
                "In retaliation, US aircraft bombed Kataib Hezbollah positions in Jurf al-Sakhar. "
                "The Iraqi government condemned the US strikes.")
    assert [e.id for e in x.events] == [f"e{i + 1}" for i in range(len(x.events))]
    assert {e.caused_by for e in x.events} - {None} <= {e.id for e in x.events}


@pytest.mark.slow
def test_events_every_actor_id_is_an_article_actor(extract):
    x = extract("Iran-backed militias have carried out more than 23 attacks on US forces since October 17. "
                "The Pentagon blamed Kataib Hezbollah and vowed to respond.")
    known = {a.id for a in x.actors}
    for e in x.events:
        assert set(e.actors) <= known and set(e.targets) <= known
        assert e.claimed_by is None or e.claimed_by in known


# --- more wire sentences ------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("text,etype,actor", [
    ("A little-known faction, Ashab al-Kahf, said it fired the rockets at the Balad air base.",
     "shelling", "ashab-al-kahf"),
    ("The Northern Shield Brigades said they shelled a Turkish outpost near Duhok on Friday.",
     "shelling", "northern-shield-brigades"),
])
def test_events_group_saying_it_acted(extract, text, etype, actor):
    e = _one(extract(text), etype)
    assert e.actors == (actor,)


@pytest.mark.slow
def test_events_arrest_in_connection_with_attack(extract):
    x = extract("Iraqi authorities arrested three suspects in connection with the attack, "
                "a security official told reporters.")
    e = _one(x, "arrest")
    assert e.actors == ("iraq",)


@pytest.mark.slow
def test_events_called_on_is_demand(extract):
    e = _one(extract("The United Nations called on all parties to exercise restraint."), "demand")
    assert e.actors == ("united-nations",)


@pytest.mark.slow
def test_events_arrest_warrant_is_legal_action(extract):
    x = extract("An Iraqi court issued an arrest warrant for Donald Trump over the killing of Abu Mahdi al-Muhandis.")
    e = _one(x, "legal_action")
    assert "donald-trump" in e.targets


@pytest.mark.slow
def test_events_wounded_party_is_target(extract):
    x = extract("Two US service members were wounded when a drone struck the al-Tanf garrison in Syria on "
                "Thursday, the Pentagon said.")
    e = _one(x, "air_strike")
    assert e.injured == 2 and "us-armed-forces" in e.targets
