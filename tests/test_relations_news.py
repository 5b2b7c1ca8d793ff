"""Relations as news reports write them (issue 7): which relations a news sentence supports and
which it only seems to. Hostility needs a fight that is told as happening or lasting, not a vow,
a called-off strike or an expelled envoy; membership follows the kinds of the two parties; a
backer named on the members ("an umbrella of Iran-backed factions") backs the umbrella; a title
after a list of names belongs to the last name."""
from __future__ import annotations

import pytest

from sitrep.actors import ArticleActors, Mention, load_gazetteer
from sitrep.records import Actor
from sitrep.relations.checks import admissible
from tests.helpers import relation_triples


def _has(x, triple):
    assert triple in relation_triples(x), sorted(relation_triples(x))


def _lacks(x, triple):
    assert triple not in relation_triples(x), sorted(relation_triples(x))


# --- what the kinds of the parties allow (no parse needed) ------------------------------------

@pytest.fixture(scope="module")
def article_actors():
    acts = ArticleActors(gazetteer=load_gazetteer(), text="x" * 40)
    acts.created["armed-group-iq"] = Actor(
        id="armed-group-iq", name="Unidentified Armed Group (Iraq)", type="armed_group", country="IQ", known=False)
    acts.add(Mention(0, 5, "armed-group-iq", "participant"))
    acts.sort()
    return acts


@pytest.mark.parametrize("subj,pred,obj,ok", [
    ("kataib-hezbollah", "member_of", "us-armed-forces", False),  # a militia in another state's forces
    ("kataib-hezbollah", "member_of", "popular-mobilization-forces", True),  # a group in its umbrella
    ("popular-mobilization-forces", "member_of", "iraqi-army", True),  # a group in its own state's army
    ("iraq", "member_of", "iran", False),  # a state is never a member of a state
    ("qassem-soleimani", "member_of", "quds-force", True),  # a person in a body
    ("us-armed-forces", "member_of", "cjtf-oir", True),  # a state's forces in a coalition
    ("qassem-soleimani", "subordinate_of", "iran", False),  # subordination is between persons
    ("armed-group-iq", "allied_with", "iran", False),  # an unnamed participant has no relations
    ("hadi-al-amiri", "leads", "qassem-soleimani", False),  # one leads bodies, not persons
])
def test_relations_news_admissible_by_party_kinds(article_actors, subj, pred, obj, ok):
    assert admissible(article_actors, subj, pred, obj) is ok


# --- through the pipeline -------------------------------------------------------------------

@pytest.mark.slow
def test_relations_news_partitive_apposition_is_no_membership(extract):
    x = extract("A drone launched by Kataib Hezbollah hit the base and wounded four US service members, "
                "two of them badly, officials said.")
    assert not [r for r in x.relations if r.predicate == "member_of"], sorted(relation_triples(x))


@pytest.mark.slow
@pytest.mark.parametrize("text,triple", [
    ("Harakat al-Nujaba, an umbrella of Iran-backed militias, said it fired the rockets.",
     ("harakat-hezbollah-al-nujaba", "backed_by", "iran")),
    ("The Fatah Alliance is a bloc of Iran-aligned parties that won many seats.",
     ("fatah-alliance", "allied_with", "iran")),
])
def test_relations_news_backer_of_the_members_backs_the_umbrella(extract, text, triple):
    _has(extract(text), triple)


@pytest.mark.slow
@pytest.mark.parametrize("text,absent", [
    ("Tehran vowed to retaliate against Israel after the funeral.", ("iran", "opposes", "israel")),
    ("Washington plans to strike against Kataib Hezbollah, officials said.",
     ("united-states", "opposes", "kataib-hezbollah")),
    ("The president called off air strikes on Iranian radar sites at the last minute.",
     ("donald-trump", "opposes", "iran")),
    ("Baghdad expelled the Turkish ambassador on Monday.", ("iraq", "opposes", "turkey")),
])
def test_relations_news_vow_cancelled_act_or_envoy_is_no_hostility(extract, text, absent):
    x = extract(text)
    _lacks(x, absent)
    assert not [r for r in x.relations if r.predicate == "opposes"], sorted(relation_triples(x))


@pytest.mark.slow
@pytest.mark.parametrize("text,triple", [
    ("Kataib Hezbollah has launched dozens of rocket attacks on US forces since October.",
     ("kataib-hezbollah", "opposes", "us-armed-forces")),
    ("The Houthis said their attacks on Saudi Arabia would go on.",
     ("houthis", "opposes", "saudi-arabia")),
    ("Asaib Ahl al-Haq became one of the most feared groups fighting the Islamic State.",
     ("asaib-ahl-al-haq", "opposes", "islamic-state")),
])
def test_relations_news_repeated_or_lasting_violence_is_hostility(extract, text, triple):
    _has(extract(text), triple)


@pytest.mark.slow
def test_relations_news_title_after_a_list_is_the_last_name(extract):
    x = extract("The strike killed Qassem Soleimani and Abu Mahdi al-Muhandis, the deputy head of the "
                "Popular Mobilization Forces, near the airport.")
    _has(x, ("abu-mahdi-al-muhandis", "member_of", "popular-mobilization-forces"))
    _lacks(x, ("qassem-soleimani", "member_of", "popular-mobilization-forces"))


@pytest.mark.slow
def test_relations_news_head_of_a_department_is_a_member(extract):
    x = extract("Washington also sanctioned Abu Zainab al-Lami, the head of security of the Popular "
                "Mobilization Forces.")
    _has(x, ("abu-zainab-al-lami", "member_of", "popular-mobilization-forces"))
    _lacks(x, ("abu-zainab-al-lami", "leads", "popular-mobilization-forces"))


@pytest.mark.slow
def test_relations_news_regional_head_of_government_leads_the_region(extract):
    x = extract("Prime Minister Masrour Barzani condemned the missile strike on Erbil.")
    _has(x, ("masrour-barzani", "leads", "kurdistan-regional-government"))
    _lacks(x, ("masrour-barzani", "leads", "iraq"))


@pytest.mark.slow
def test_relations_news_designated_it_points_back_past_its_own_subject(extract):
    x = extract("Abu Mahdi al-Muhandis founded Kataib Hezbollah in 2003. The group, armed by the Quds "
                "Force, attacked US troops for years. The US State Department designated it a terrorist "
                "organisation in 2009.")
    _has(x, ("kataib-hezbollah", "designated_terrorist_by", "us-department-of-state"))


@pytest.mark.slow
def test_relations_news_its_wing_through_a_pointing_subject(extract):
    x = extract("In 2014 Asaib Ahl al-Haq joined the Popular Mobilization Forces. Its fighters later went to "
                "Syria. Its political wing, Sadiqoun, won seats, and it ran as part of the Fatah Alliance.")
    _has(x, ("sadiqoun", "political_wing_of", "asaib-ahl-al-haq"))
    _has(x, ("sadiqoun", "member_of", "fatah-alliance"))


@pytest.mark.slow
def test_relations_news_his_network_is_the_persons_organisation(extract):
    x = extract("Qais al-Khazali broke with the Mahdi Army in 2006. With weapons and cash from the Quds Force, "
                "his network grew quickly.")
    _has(x, ("asaib-ahl-al-haq", "backed_by", "quds-force"))


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "A US air strike on Kataib Hezbollah killed two of its fighters on Friday.",
    "Turkish jets destroyed a PKK depot in the mountains on Sunday.",
    "A convoy of the Peshmerga came under fire from the Islamic State near Kirkuk.",
])
def test_relations_news_one_act_is_an_event_not_a_standing_hostility(extract, text):
    x = extract(text)
    assert not [r for r in x.relations if r.predicate == "opposes"], sorted(relation_triples(x))


@pytest.mark.slow
def test_relations_news_one_act_told_twice_is_a_hostility(extract):
    x = extract("The United States carried out an air strike against Kataib Hezbollah on Friday. "
                "On Sunday US jets carried out a second strike against Kataib Hezbollah near Qaim.")
    r = next(r for r in x.relations if r.predicate == "opposes")
    assert {r.subject, r.object} == {"united-states", "kataib-hezbollah"}
    assert len(r.evidence) == 2 and r.evidence[0].start < r.evidence[1].start


@pytest.mark.slow
def test_relations_news_one_act_beside_a_standing_hostility_joins_it(extract):
    x = extract("Turkey has fought the PKK since 1984. Turkish jets destroyed a PKK depot on Sunday.")
    r = next(r for r in x.relations if r.predicate == "opposes")
    assert (r.subject, r.object) == ("turkey", "kurdistan-workers-party") and len(r.evidence) == 2


@pytest.mark.slow
@pytest.mark.parametrize("text,triples", [
    ("The Fatah Alliance, a coalition of the Badr Organization and Asaib Ahl al-Haq, won 48 seats.",
     [("badr-organization", "member_of", "fatah-alliance"), ("asaib-ahl-al-haq", "member_of", "fatah-alliance")]),
    ("The Islamic Resistance in Iraq is an umbrella of Kataib Hezbollah, Harakat al-Nujaba and smaller groups.",
     [("kataib-hezbollah", "member_of", "islamic-resistance-in-iraq"),
      ("harakat-hezbollah-al-nujaba", "member_of", "islamic-resistance-in-iraq")]),
])
def test_relations_news_named_parts_of_an_umbrella_are_members(extract, text, triples):
    x = extract(text)
    for triple in triples:
        _has(x, triple)


@pytest.mark.slow
def test_relations_news_fighting_each_other_for_months_is_hostility(extract):
    x = extract("Israel and Hezbollah have exchanged fire almost daily since October.")
    _has(x, ("israel", "opposes", "hezbollah"))


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Iraqi soldiers clashed with Islamic State fighters near Tikrit on Monday.",
    "Israel and Hezbollah exchanged prisoners through German mediators in 2004.",
])
def test_relations_news_one_clash_or_a_peaceful_exchange_is_no_hostility(extract, text):
    x = extract(text)
    assert not [r for r in x.relations if r.predicate == "opposes"], sorted(relation_triples(x))


@pytest.mark.slow
def test_relations_news_controlling_territory_is_no_command_over_the_state(extract):
    x = extract("The Houthis, who control much of Yemen, fired missiles at ships in the Red Sea.")
    assert not [r for r in x.relations if r.predicate == "commanded_by"], sorted(relation_triples(x))


@pytest.mark.slow
@pytest.mark.parametrize("text,present,absent", [
    ("Abu Fadak al-Mohammadawi, the chief of staff of the Popular Mobilization Forces, toured the front.",
     ("abu-fadak-al-mohammadawi", "member_of", "popular-mobilization-forces"),
     ("abu-fadak-al-mohammadawi", "leads", "popular-mobilization-forces")),
    ("Akram al-Kaabi, the founder of Harakat al-Nujaba, spoke on television.",
     ("akram-al-kaabi", "founded", "harakat-hezbollah-al-nujaba"),
     ("akram-al-kaabi", "leads", "harakat-hezbollah-al-nujaba")),
    ("Hadi al-Amiri, whose Badr Organization is the largest faction in the PMF, spoke to reporters.",
     ("hadi-al-amiri", "leads", "badr-organization"), None),
    ("Hadi al-Amiri, whose Badr Organization is the largest faction in the PMF, spoke to reporters.",
     ("badr-organization", "member_of", "popular-mobilization-forces"), None),
    ("The commander of US Central Command, General Michael Kurilla, landed in Baghdad.",
     ("michael-kurilla", "leads", "us-central-command"), None),
])
def test_relations_news_titles_and_owners(extract, text, present, absent):
    x = extract(text)
    _has(x, present)
    if absent:
        _lacks(x, absent)


@pytest.mark.slow
def test_relations_news_an_envoy_to_a_state_is_not_its_member(extract):
    x = extract("The Iranian ambassador to Syria, Hossein Akbari, said nobody at the embassy was hurt.")
    _lacks(x, ("hossein-akbari", "member_of", "syria"))


@pytest.mark.slow
def test_relations_news_who_after_a_role_of_a_body_is_the_person(extract):
    x = extract("Abu Mahdi al-Muhandis, a veteran of the Badr Corps who fought beside Iran in the 1980s, died in 2020.")
    _lacks(x, ("badr-organization", "allied_with", "iran"))


@pytest.mark.slow
def test_relations_news_a_figure_of_the_protest_movement_is_its_member(extract):
    x = extract("Masked men shot dead Salma Haddad, a pharmacist and a prominent figure of the city's protest "
                "movement, on Friday.")
    movement = [a for a in x.actors if a.name == "Protest movement"]
    assert movement, [a.name for a in x.actors]
    assert any(r.predicate == "member_of" and r.object == movement[0].id for r in x.relations), \
        sorted(relation_triples(x))


@pytest.mark.slow
def test_relations_news_nameless_title_re_mentions_the_affiliated_person(extract):
    x = extract("When Washington sanctioned Qais al-Khazali in 2019, it also hoped to weaken the leader of "
                "Asaib Ahl al-Haq. Qais al-Khazali later met the leader of Kataib Hezbollah.")
    _has(x, ("qais-al-khazali", "leads", "asaib-ahl-al-haq"))
    _lacks(x, ("qais-al-khazali", "leads", "kataib-hezbollah"))


@pytest.mark.slow
@pytest.mark.parametrize("text,present,absent", [
    ("Kataib Hezbollah, an Iran-backed militia, denied any part in the attack.",
     ("kataib-hezbollah", "backed_by", "iran"), None),
    ("Hezbollah, part of Iran's so-called axis of resistance, has traded fire with Israel for months.",
     ("hezbollah", "opposes", "israel"), ("hezbollah", "member_of", "iran")),
    ("Nouri al-Maliki, a former prime minister who leads the State of Law coalition, rejected the deal.",
     ("nouri-al-maliki", "leads", "state-of-law-coalition"), None),
])
def test_relations_news_descriptions_in_apposition(extract, text, present, absent):
    x = extract(text)
    _has(x, present)
    if absent:
        _lacks(x, absent)


@pytest.mark.slow
@pytest.mark.parametrize("text,present,absent", [
    ("Russia, a key ally of Bashar al-Assad, blocked the resolution.",
     ("russia", "allied_with", "bashar-al-assad"), None),
    ("Asaib Ahl al-Haq leader Qais al-Khazali, who is close to Iran, threatened to respond.",
     ("qais-al-khazali", "allied_with", "iran"), ("asaib-ahl-al-haq", "allied_with", "iran")),
    ("Harakat al-Nujaba, which the United States designated a terrorist group in 2019, claimed the attack.",
     ("harakat-hezbollah-al-nujaba", "designated_terrorist_by", "united-states"), None),
])
def test_relations_news_alignment_and_designation_in_relative_clauses(extract, text, present, absent):
    x = extract(text)
    _has(x, present)
    if absent:
        _lacks(x, absent)
