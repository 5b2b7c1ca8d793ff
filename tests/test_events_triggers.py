"""Events: trigger matching over the CAMEO/PLOVER verb classes as news writes them (issue 7):
one short sentence of our own per class, asserting the event type, the CAMEO root and the
PLOVER type; the stances of announced and refused acts; and the lexicon's schema."""
from __future__ import annotations

import pytest

from sitrep.errors import DataFileError
from sitrep.events import BUNDLED, build_lexicon, load_lexicon, read_lexicon_file

# The PLOVER event types of the gold-standard records coded from the CAMEO manual.
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "INVESTIGATE", "DEMAND",
                "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT"}

# (sentence, event type, CAMEO root, PLOVER type) — one or more per verb class.
CLASSES = [
    # appeal (02) and demand (10)
    ("The Red Cross urged both sides to open a humanitarian corridor.", "demand", "02", "DEMAND"),
    ("The aid agency appealed for calm in the camps.", "demand", "02", "DEMAND"),
    ("Protest leaders demanded the release of all detainees.", "demand", "10", "DEMAND"),
    ("The minister said Ankara must withdraw its forces from the border.", "demand", "10", "DEMAND"),
    # intent to cooperate (03): offering, promising, agreeing, announcing
    ("Norway offered to mediate between the rival factions.", "statement", "03", "AGREE"),
    ("The finance minister promised to raise teachers' salaries.", "statement", "03", "AGREE"),
    ("The two governments agreed to share border intelligence.", "statement", "03", "AGREE"),
    ("Egypt will send food aid to the refugees.", "statement", "03", "AGREE"),
    # consult (04)
    ("The Turkish foreign minister visited Iraq on Monday.", "meeting", "04", "CONSULT"),
    ("The prime minister telephoned his Greek counterpart.", "meeting", "04", "CONSULT"),
    ("Negotiators from both parties held talks in Geneva.", "meeting", "04", "CONSULT"),
    ("The king received the visiting envoy at the palace.", "meeting", "04", "CONSULT"),
    ("Army officers from both countries held a meeting at the border post.", "meeting", "04", "CONSULT"),
    # diplomatic cooperation (05)
    ("The European Union praised the new government's reform plan.", "statement", "05", "SUPPORT"),
    ("Uruguay and Vietnam established diplomatic relations.", "support", "05", "SUPPORT"),
    ("Chile and Peru signed a fisheries treaty.", "agreement", "05", "SUPPORT"),
    ("The regional bloc voiced support for the interim council.", "statement", "05", "SUPPORT"),
    # material cooperation (06)
    ("Kenya extradited two suspects to Tanzania.", "support", "06", "COOPERATE"),
    # aid (07)
    ("Japan donated medical supplies to the flood victims.", "support", "07", "AID"),
    ("Canada granted asylum to the dissident.", "support", "07", "AID"),
    ("The development bank allocated 40 million dollars in aid to the province.", "support", "07", "AID"),
    # yield (08): easing, releasing, retreating
    ("The army lifted the curfew in the northern province.", "sanction", "08", "CONCEDE"),
    ("Dock workers ended their strike after the port authority raised wages.", "statement", "08", "CONCEDE"),
    ("The militia released twelve hostages.", "legal_action", "08", "RETREAT"),
    ("Rebel fighters surrendered to the army.", "withdrawal", "08", "RETREAT"),
    ("The clan militia handed over its heavy weapons to the monitors.", "withdrawal", "08", "RETREAT"),
    # investigate (09)
    ("Prosecutors opened an investigation into the killings.", "legal_action", "09", "INVESTIGATE"),
    # disapprove (11)
    ("The foreign ministry denounced the raid on the opposition newspaper.", "condemnation", "11", "DISAPPROVE"),
    ("The governor lashed out at the aid agencies over the delays.", "condemnation", "11", "DISAPPROVE"),
    ("Seoul protested to Tokyo over the new school textbooks.", "condemnation", "11", "DISAPPROVE"),
    ("Lebanon lodged a complaint with the Security Council.", "condemnation", "11", "DISAPPROVE"),
    ("A military court convicted three officers of treason.", "legal_action", "11", "DISAPPROVE"),
    # reject (12)
    ("The rebels rejected the government's peace proposal.", "statement", "12", "REJECT"),
    ("The council refused to lift the ban on opposition parties.", "statement", "12", "REJECT"),
    ("The president ruled out a meeting with the rebel leader.", "statement", "12", "REJECT"),
    # threaten (13)
    ("The union threatened to call a general strike.", "threat", "13", "THREATEN"),
    ("The governor announced that he will extend the curfew in the capital.", "threat", "13", "THREATEN"),
    ("The army gave the gunmen a two-day deadline to leave the mosque.", "threat", "13", "THREATEN"),
    # protest (14)
    ("Hundreds of teachers staged a hunger strike outside the ministry.", "protest", "14", "PROTEST"),
    ("Farmers blocked the highway with tractors on Monday.", "protest", "14", "PROTEST"),
    # force posture (15)
    ("The government mobilized reservists along the border.", "military_posture", "15", "MOBILIZE"),
    ("The defence ministry called up ten thousand reservists.", "military_posture", "15", "MOBILIZE"),
    ("The navy dispatched three frigates and a carrier to the strait.", "military_posture", "15", "MOBILIZE"),
    # reduce relations (16) and sanctions
    ("Morocco expelled two Algerian diplomats.", "break_relations", "16", "SANCTION"),
    ("Donors suspended aid to the government.", "break_relations", "16", "SANCTION"),
    ("The opposition delegation walked out of the talks in Nairobi.", "break_relations", "16", "SANCTION"),
    ("Washington imposed sanctions on the oil ministry.", "sanction", "16", "SANCTION"),
    ("The bloc imposed a travel ban on the coup leaders.", "sanction", "16", "SANCTION"),
    ("Swiss banks froze the assets of the former dictator.", "sanction", "16", "SANCTION"),
    # coerce (17)
    ("Police arrested the opposition leader.", "arrest", "17", "COERCE"),
    ("The junta banned the main opposition party.", "sanction", "17", "COERCE"),
    ("Authorities deported the foreign journalists.", "legal_action", "17", "COERCE"),
    ("The interior ministry shut down two independent radio stations.", "sanction", "17", "COERCE"),
    ("Police seized documents and computers at the party offices.", "legal_action", "17", "COERCE"),
    # assault (18)
    ("Unknown men tortured the detainees.", "attack", "18", "ASSAULT"),
    ("The kidnappers beheaded a local driver.", "attack", "18", "ASSAULT"),
    ("A suicide bomber blew himself up at a checkpoint.", "bombing", "18", "ASSAULT"),
    # fight (19)
    ("Government troops clashed with rebels near the river.", "armed_clash", "19", "FIGHT"),
    ("Artillery shelled the village overnight.", "shelling", "19", "FIGHT"),
    ("Border guards of the two states exchanged fire near the crossing.", "armed_clash", "19", "FIGHT"),
    # mass violence (20)
    ("Militiamen massacred villagers in the valley.", "attack", "20", "FIGHT"),
]


def _first_coded(x):
    coded = [e for e in x.events if e.plover]
    assert coded, [(e.type, e.trigger, e.cameo) for e in x.events]
    return coded[0]


@pytest.mark.slow
@pytest.mark.parametrize("text,etype,root,plover", CLASSES, ids=[f"{c[3]}-{c[2]}-{c[1]}" for c in CLASSES])
def test_events_triggers_verb_class_codes(extract, text, etype, root, plover):
    e = _first_coded(extract(text))
    assert (e.type, e.cameo[:2], e.plover) == (etype, root, plover), e.trigger


@pytest.mark.slow
@pytest.mark.parametrize("text,etype,root,plover", CLASSES, ids=[f"{c[3]}-{c[2]}-{c[1]}" for c in CLASSES])
def test_events_triggers_acled_only_for_violence_unrest_and_developments(extract, text, etype, root, plover):
    lex = load_lexicon()
    for e in extract(text).events:
        if lex.family(e.type) in ("coercive_speech", "statement") or e.type in ("support", "meeting",
                                                                                  "break_relations"):
            assert e.acled is None, (e.type, e.trigger)


# --- stances: what is only announced or refused ---------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("text,cameo,plover", [
    ("Syria allowed UN inspectors into the country.", "086", "RETREAT"),  # done: the act itself
    ("Syria will allow UN inspectors into the country.", "03", "AGREE"),  # announced cooperation: intent
    ("Syria said it would allow the inspectors to return.", "03", "AGREE"),
    ("The rebels said they will release the hostages on Sunday.", "03", "AGREE"),
    ("Jordan will not accept any more refugees.", "12", "REJECT"),  # refused cooperation
    ("The cabinet plans to impose restrictions on foreign workers.", "13", "THREATEN"),  # announced coercion
])
def test_events_triggers_announced_and_refused_acts(extract, text, cameo, plover):
    e = _first_coded(extract(text))
    assert (e.cameo[:len(cameo)], e.plover) == (cameo, plover), (e.type, e.trigger, e.cameo)


@pytest.mark.slow
def test_events_triggers_offer_to_coerce_is_a_threat(extract):
    e = _first_coded(extract("The interior ministry said it was prepared to impose martial law."))
    assert (e.type, e.cameo, e.plover) == ("threat", "1324", "THREATEN")


@pytest.mark.slow
def test_events_triggers_stance_word_embeds_the_act_code(extract):
    assert _first_coded(extract("The rebels threatened to break off relations with the mediators.")).cameo == "1313"
    assert _first_coded(extract("The council refused to lift the ban on opposition parties.")).cameo == "124"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The spokesman said the talks had been useful.",
    "Soldiers defended the town against the rebel advance.",
    "Analysts expect future negotiations to be difficult.",
    "The conditions in the camp allowed the disease to spread.",
])
def test_events_triggers_ordinary_words_are_no_events(extract, text):
    assert not [e for e in extract(text).events if e.plover], [(e.type, e.trigger) for e in extract(text).events]


@pytest.mark.slow
def test_events_triggers_act_called_for_is_not_done(extract):
    x = extract("The opposition rejected calls for an early withdrawal of the peacekeepers.")
    assert [e.plover for e in x.events] == ["REJECT"]


@pytest.mark.slow
def test_events_triggers_cutting_a_supply_route_is_not_cutting_ties(extract):
    x = extract("The paramilitaries cut the main supply route to the city.")
    assert not [e for e in x.events if e.type == "break_relations"]


@pytest.mark.slow
@pytest.mark.parametrize("text,plovers", [
    ("The court released the former minister from house arrest.", ["RETREAT"]),
    ("The former minister remains under house arrest.", []),
    ("The former minister was placed under house arrest on Friday.", ["COERCE"]),
])
def test_events_triggers_house_arrest_is_a_state_not_an_arrest(extract, text, plovers):
    assert [e.plover for e in extract(text).events] == plovers


@pytest.mark.slow
def test_events_triggers_infinitive_to_is_no_preposition(extract):
    x = extract("Thousands of farmers stayed home to protest at the new land law.")
    assert not [e for e in x.events if e.type == "condemnation"]


@pytest.mark.slow
def test_events_triggers_date_preposition_is_not_call_on(extract):
    x = extract("The president called his Egyptian counterpart on Tuesday.")
    assert not [e for e in x.events if e.type == "demand"]


@pytest.mark.slow
def test_events_triggers_labour_strike_is_not_an_air_strike(extract):
    x = extract("Dock workers went on strike in the port on Monday.")
    assert [e.type for e in x.events] == ["protest"]


@pytest.mark.slow
def test_events_triggers_rejecting_claims_is_a_denial_not_a_rejection(extract):
    x = extract("The ministry rejected reports that its forces had fired on the crowd.")
    assert not [e for e in x.events if e.plover == "REJECT"]
    assert all(e.certainty == "denied" for e in x.events if e.type == "repression")


# --- the lexicon --------------------------------------------------------------------------------

def test_events_triggers_lexicon_plover_names_are_the_gold_records_names():
    lex = load_lexicon()
    for name, info in lex.types.items():
        assert info.plover is None or info.plover in PLOVER_TYPES, name
    for rules in lex.rules.values():
        for r in rules:
            assert r.plover is None or r.plover in PLOVER_TYPES, r
    for st in lex.stances.values():
        assert st.plover in PLOVER_TYPES


def test_events_triggers_lexicon_statements_have_no_plover_type():
    lex = load_lexicon()
    assert lex.types["statement"].plover is None and lex.types["claim_responsibility"].plover is None


def test_events_triggers_lexicon_codes_are_cameo_codes():
    lex = load_lexicon()
    for rules in lex.rules.values():
        for r in rules:
            code = lex.code(r)
            assert code.isdigit() and 2 <= len(code) <= 4 and 1 <= int(code[:2]) <= 20, r
    for st in lex.stances.values():
        assert all(1 <= int(c[:2]) <= 20 for c in st.by_root.values())


def test_events_triggers_lexicon_verbal_types_have_no_acled_type():
    lex = load_lexicon()
    for name, info in lex.types.items():
        if info.family in ("coercive_speech", "statement") or name in ("support", "meeting", "break_relations"):
            assert info.acled is None, name


def test_events_triggers_stance_code_takes_the_longest_prefix():
    threat = load_lexicon().stances["threat"]
    assert threat.code_for("1723") == "1323" and threat.code_for("173") == "137" and threat.code_for("01") == "130"


def _build(tmp_path, text):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return build_lexicon([(str(BUNDLED), read_lexicon_file(BUNDLED)), (str(path), read_lexicon_file(path))])


@pytest.mark.parametrize("entry, words", [
    ('{lemma: rebuke, type: condemnation, cameo: 111}', "CAMEO"),  # an unquoted number
    ('{lemma: rebuke, type: condemnation, cameo: "31"}', "CAMEO"),  # no such root
    ('{lemma: rebuke, type: condemnation, embeds: wish}', "stance"),
    ('{lemma: rebuke, type: condemnation, pos: ADV}', "pos"),
    ('{lemma: rebuke, type: condemnation, under: [yes]}', "boolean"),
])
def test_events_triggers_lexicon_bad_rule_is_e301(tmp_path, entry, words):
    with pytest.raises(DataFileError) as info:
        _build(tmp_path, f"triggers:\n  - {entry}\n")
    assert info.value.code == "E301" and words in str(info.value)


def test_events_triggers_user_rule_wins_a_tie(tmp_path):
    lex = _build(tmp_path, 'triggers:\n  - {lemma: deplore, pos: VERB, type: condemnation, cameo: "1110"}\n')
    assert [r.cameo for r in lex.rules["deplore"]][-1] == "1110"


@pytest.mark.slow
def test_events_triggers_user_rule_is_used(tmp_path, nlp):
    from sitrep.events.triggers import match_triggers
    lex = _build(tmp_path, 'triggers:\n  - {lemma: deplore, pos: VERB, type: condemnation, cameo: "1110"}\n')
    doc = nlp("The bishops deplored the violence.")
    assert [(t.text, r.cameo) for t, r in match_triggers(list(doc.sents)[0], lex)] == [("deplored", "1110")]
