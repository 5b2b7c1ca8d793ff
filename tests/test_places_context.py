"""Tests for place resolution on real reporting: small towns worldwide, names resolved by the
rest of the text, "X, Y province", lists, capitals named for their governments, false positives.
Every sentence is written for these tests."""
from __future__ import annotations

import pytest

from sitrep.place_context import Candidate, PlaceContext, prior, resolve
from sitrep.place_roles import mention_role
from sitrep.places import Gazetteer, load_gazetteer, most_specific
from sitrep.records import Place


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _one(gaz: Gazetteer, text: str, name: str):
    found = [m for m in gaz.find(text) if m.text == name]
    assert len(found) == 1, [m.text for m in gaz.find(text)]
    return found[0]


# ---------------------------------------------------------------- small towns, worldwide

@pytest.mark.parametrize("text, name, country, admin1", [
    ("Gunmen opened fire on a checkpoint in Daquq late on Monday.", "Daquq", "IQ", "Kirkuk"),
    ("Kurdish-led fighters pushed into Tal Abyad after a week of clashes.", "Tal Abyad", "SY", "Raqqa"),
    ("Two mortar rounds landed in Balad Ruz, Diyala province, on Sunday.", "Balad Ruz", "IQ", "Diyala"),
    ("A suicide bomber struck a market in Baqubah city, Diyala province, Iraq.", "Baqubah", "IQ", "Diyala"),
    ("On 3 May, militants ambushed a patrol near Djibo (Soum, Sahel).", "Djibo", "BF", None),
    ("Herders and farmers clashed near Kafanchan (Jema'a, Kaduna).", "Kafanchan", "NG", "Kaduna"),
    ("Insurgents overran a police post in Musa Qala district, Helmand province.", "Musa Qala", "AF", None),
    ("Security forces cordoned off a village in Kupwara district on Friday.", "Kupwara", "IN", None),
    ("Herders and farmers clashed in Bokkos LGA overnight.", "Bokkos", "NG", None),
    ("Jets struck a bakery in Maarat al-Numan, Idleb governorate.", "Maarat al-Numan", "SY", "Idlib"),
])
def test_places_small_towns_are_found_in_a_locative_phrase(gaz, text, name, country, admin1):
    m = _one(gaz, text, name)
    assert (m.place.country, m.place.precision) == (country, "city") and m.locative
    if admin1:
        assert m.place.admin1 == admin1


@pytest.mark.parametrize("text, name, country", [
    ("Iraqi troops retook the town of Shirqat.", "Shirqat", "IQ"),  # spelt Sharqat in GeoNames
    ("Iraqi units shelled positions around Qayara overnight.", "Qayara", "IQ"),  # Qayyarah
    ("A car bomb went off in Iraq's Al-Shirqat on Tuesday.", "Al-Shirqat", "IQ"),
])
def test_places_transliterated_spellings_by_skeleton(gaz, text, name, country):
    m = _one(gaz, text, name)
    assert m.place.country == country and m.place.precision == "city"


def test_places_small_town_of_a_named_country_needs_no_preposition(gaz):
    m = _one(gaz, "Iraqi forces said they had cleared Daquq of mines.", "Daquq")
    assert m.place.country == "IQ"


# ---------------------------------------------------------------- ambiguous names by context

def test_places_georgia_with_atlanta_is_the_us_state(gaz):
    m = _one(gaz, "Storms flooded roads in Atlanta and across Georgia on Friday.", "Georgia")
    assert (m.place.country, m.place.precision) == ("US", "admin1")


def test_places_georgia_with_tbilisi_is_the_country(gaz):
    m = _one(gaz, "Protesters in Georgia marched through Tbilisi on Friday.", "Georgia")
    assert (m.place.country, m.place.precision) == ("GE", "country")


@pytest.mark.parametrize("text, country", [
    ("Gunfire was heard across Tripoli overnight.", "LY"),  # alone: the larger, a capital
    ("Gunfire was heard across Tripoli, in northern Lebanon, overnight.", "LB"),
    ("Lebanese soldiers deployed in Tripoli after the clashes.", "LB"),  # a demonym is context too
])
def test_places_tripoli_by_context(gaz, text, country):
    assert _one(gaz, text, "Tripoli").place.country == country


@pytest.mark.parametrize("text, country, admin1", [
    ("A crowd rallied in Springfield, Illinois, on Saturday.", "US", "Illinois"),
    ("A crowd rallied in Paris, Texas, on Saturday.", "US", "Texas"),
    ("A crowd rallied in Paris on Saturday.", "FR", None),
])
def test_places_town_with_its_state_named_next_to_it(gaz, text, country, admin1):
    town = text.split(" in ")[1].split(",")[0].split(" on ")[0]
    m = _one(gaz, text, town)
    assert m.place.country == country and m.place.admin1 == admin1


@pytest.mark.parametrize("text, admin1", [
    ("Shells fell on Suran, Aleppo province, at dawn.", "Aleppo"),
    ("Shells fell on Suran, Hama province, at dawn.", "Hama"),
    ("Shells fell on Suran (Aleppo) at dawn.", "Aleppo"),
])
def test_places_same_name_in_two_provinces_takes_the_named_one(gaz, text, admin1):
    m = _one(gaz, text, "Suran")
    assert (m.place.country, m.place.admin1) == ("SY", admin1)


def test_places_town_city_province_country_as_incident_summaries_write_it(gaz):
    mentions = gaz.find("Gunmen attacked a bakery in Baqubah city, Diyala province, Iraq.")
    assert [(m.text, m.place.precision) for m in mentions] == [
        ("Baqubah", "city"), ("Diyala province", "admin1"), ("Iraq", "country")]
    assert most_specific(mentions).text == "Baqubah"


def test_places_context_of_the_article_resolves_a_sentence(gaz):
    article = "Clashes resumed in northern Lebanon on Monday. Gunmen later fired on a convoy near Tripoli."
    sentence = article.split(". ")[1]
    offset = article.index(sentence)
    alone = _one(gaz, sentence, "Tripoli")
    ctx = gaz.context(article)
    assert "LB" in ctx.countries
    (m,) = gaz.find(sentence, offset=offset, context=ctx)
    assert alone.place.country == "LY" and m.place.country == "LB"
    assert article[m.start:m.end] == "Tripoli"


def test_places_capital_named_by_its_country(gaz):
    m = _one(gaz, "Two car bombs went off in the Iraqi capital.", "the Iraqi capital")
    assert (m.place.name, m.place.country, m.locative) == ("Baghdad", "IQ", True)
    assert _one(gaz, "Rockets hit Syria's capital at night.", "Syria's capital").place.name == "Damascus"


@pytest.mark.parametrize("text, name, admin1", [
    ("Police broke up a march in Atlanta.", "Atlanta", "Georgia"),
    ("Fighting was reported in Kandahar province.", "Kandahar province", "Kandahar"),
])
def test_places_admin1_filled_outside_iraq_and_syria(gaz, text, name, admin1):
    assert _one(gaz, text, name).place.admin1 == admin1


# ---------------------------------------------------------------- lists stay separate

def test_places_listed_towns_are_three_places_not_a_province(gaz):
    mentions = gaz.find("Militants attacked army posts in Tikrit, Samarra and Baiji.")
    assert [(m.text, m.place.precision, m.locative) for m in mentions] == [
        ("Tikrit", "city", True), ("Samarra", "city", True), ("Baiji", "city", True)]
    assert len({(m.place.lat, m.place.lon) for m in mentions}) == 3


def test_places_small_town_in_a_list_after_a_locative_one(gaz):
    mentions = gaz.find("Curfews were imposed in Kirkuk, Daquq and Tuz Khurmatu.")
    assert [m.place.name for m in mentions] == ["Kirkuk", "Daquq", "Tuz Khurmatu"]
    assert all(m.locative for m in mentions)


# ---------------------------------------------------------------- capitals as governments

@pytest.mark.parametrize("text, name, role", [
    ("Washington imposed new sanctions on the refinery.", "Washington", "party"),
    ("Tehran said the drone strike violated its airspace.", "Tehran", "party"),
    ("Moscow has also warned of a response.", "Moscow", "party"),
    ("The bloc renewed its call on Moscow to pull back.", "Moscow", "party"),
    ("Ministers urged Ankara to reopen the crossing.", "Ankara", "party"),
    ("Washington's decision angered its allies.", "Washington", "party"),
    ("A bomb exploded in Tehran on Sunday.", "Tehran", "place"),
    ("Baghdad was hit by three rockets.", "Baghdad", ""),
    ("Smoke rose over Damascus province after the strike.", "Damascus province", "place"),
    ("Mosul said nothing.", "Mosul", ""),  # not a capital: never a party
])
def test_places_capital_used_for_its_government(gaz, text, name, role):
    assert _one(gaz, text, name).role == role


def test_places_most_specific_skips_a_party(gaz):
    mentions = gaz.find("Tehran said fighters were killed in Daraa province.")
    assert most_specific(mentions).text == "Daraa province"


def test_places_mention_role_without_a_gazetteer():
    place = Place(name="Moscow", country="RU", lat=55.75, lon=37.62, precision="city")
    text = "The envoy urged Moscow to stop."
    start = text.index("Moscow")
    assert mention_role(text, start, start + 6, place, capital=True) == "party"
    assert mention_role(text, start, start + 6, place, capital=False) == ""


@pytest.mark.slow
def test_places_mention_role_reads_the_parse():
    from sitrep.pipeline import load_nlp

    nlp = load_nlp()
    place = Place(name="Ankara", country="TR", lat=39.9, lon=32.9, precision="city")
    doc = nlp("After long talks, Ankara finally agreed to the proposal.")
    start = doc.text.index("Ankara")
    assert mention_role(doc.text, start, start + 6, place, capital=True, doc=doc) == "party"
    doc = nlp("The talks were held in Ankara last week.")
    start = doc.text.index("Ankara")
    assert mention_role(doc.text, start, start + 6, place, capital=True, doc=doc) == "place"


# ---------------------------------------------------------------- false-positive guards

@pytest.mark.parametrize("text", [
    "Police said the two suspects fled on foot.",  # a Polish town
    "Toll rises to 30 after the market attack.",  # an Australian village
    "Wave of attacks kills dozens overnight.",  # an alternate spelling of a Belgian town
    "Attacks on Shiites drew condemnation.",  # no town by skeleton in an unnamed country
    "Fighting slowed in Ramadan as talks resumed.",  # a month, not a village
    "The White House declined to comment.",
    "Borno state officials said schools would reopen.",  # a division, not a small German town
])
def test_places_small_town_false_positives(gaz, text):
    assert [m.text for m in gaz.find(text)] == []


def test_places_part_of_a_longer_unknown_name(gaz):
    # "Bulo" alone is a village elsewhere; here it begins a name the lists do not have
    found = [m.text for m in gaz.find("Militants shelled a base in Bulo Marer (Marka, Lower Shabelle).")]
    assert found == ["Marka"]


def test_places_skeleton_never_beats_an_exact_name(gaz):
    assert [m.place.name for m in gaz.find("Bombs hit Baghdad Shiite districts.")] == ["Baghdad"]


def test_places_spelling_by_skeleton_needs_its_country_named(gaz):
    assert [m.text for m in gaz.find("Reporters gathered in Brief, the official said.")] == []


def test_places_number_word_before_a_town_is_no_name(gaz):
    m = _one(gaz, "Two Baghdad car bombs kill 28.", "Baghdad")
    assert m.locative  # the place of the bombings


# ---------------------------------------------------------------- the scorer alone

def test_place_context_prior_grows_with_size_and_kind():
    village = prior("city", population=800)
    town = prior("city", population=80_000)
    capital = prior("city", population=80_000, capital=True)
    assert village < town < capital < prior("country")
    assert prior("city", population=800, primary=False, weak=True) < prior("city", population=800, weak=True)
    assert prior("city", population=80_000, primary=False) == town  # an exonym of a large town


def test_place_context_resolve_uses_the_place_next_to_it():
    big = Candidate(kind="city", country="AA", admin1="01", prior=prior("city", population=500_000))
    small = Candidate(kind="city", country="BB", admin1="07", prior=prior("city", population=3_000))
    province = Candidate(kind="admin1", country="BB", admin1="07", prior=prior("admin1"))
    assert resolve([[big, small]]) == [0]
    assert resolve([[big, small], [province]], links=[(0, 1)]) == [1, 0]
    assert resolve([[big, small]], context=PlaceContext(countries=frozenset({"BB"}))) == [1]


def test_place_context_resolve_other_places_pull_an_ambiguous_name():
    state = Candidate(kind="admin1", country="US", admin1="GA", prior=prior("admin1", derived=True))
    country = Candidate(kind="country", country="GE", admin1="", prior=prior("country"))
    city = Candidate(kind="city", country="US", admin1="GA", prior=prior("city", population=500_000))
    assert resolve([[country, state]]) == [0]
    assert resolve([[country, state], [city]]) == [1, 0]


# ---------------------------------------------------------------- scanning once per article

def test_places_sentence_of_a_scanned_text_is_answered_from_its_scan():
    gaz = Gazetteer()
    article = ("Unrest spread across northern Lebanon on Monday and Tuesday, officials and residents said. "
               "Later, gunmen fired on an army convoy near Tripoli and wounded two soldiers.")
    whole = gaz.find(article)
    sentence = article.split(". ")[1]
    offset = article.index(sentence)
    (m,) = gaz.find(sentence, offset=offset)
    assert m == [w for w in whole if w.text == "Tripoli"][0]
    assert m.place.country == "LB"  # resolved with the whole article as context
    assert article[m.start:m.end] == "Tripoli"
    assert gaz.find(sentence)[0].place.country == "LY"  # at another offset: scanned alone


def test_places_parenthesised_place_after_a_located_name_is_locative(gaz):
    # ACLED notes write "in <village> (<district>, <province>)"
    m = _one(gaz, "On 5 May, gunmen raided a camp in Abcde Xyz (Marka, Lower Shabelle).", "Marka")
    assert m.place.country == "SO" and m.locative


@pytest.mark.slow
def test_places_role_with_the_parse(gaz):
    from sitrep.pipeline import load_nlp

    doc = load_nlp()("After long talks, Moscow finally agreed to the plan, officials in Moscow said.")
    first, second = gaz.find(doc.text)
    assert gaz.role(first, doc.text, doc=doc) == "party"
    assert gaz.role(second, doc.text, doc=doc) == "place"


@pytest.mark.slow
def test_places_role_passive_subject_is_not_a_party(gaz):
    from sitrep.pipeline import load_nlp

    doc = load_nlp()("Kabul was hit by two rockets on Sunday.")
    (m,) = gaz.find(doc.text)
    assert gaz.role(m, doc.text, doc=doc) == ""


@pytest.mark.parametrize("text, name, country, precision", [
    # a country is not a same-named village, however often the text names the US
    ("US and Danish jets flew from the United States and Denmark to the base.", "Denmark", "DK", "country"),
    # a capital is not a small American namesake because an American official speaks
    ("A US envoy told reporters in Washington that Damascus had agreed.", "Damascus", "SY", "city"),
    ("The US envoy, who flew in from Washington, met officials in Damascus.", "Damascus", "SY", "city"),
    ("Monks marched in Burma's largest city.", "Burma", "MM", "country"),
])
def test_places_context_does_not_outweigh_size(gaz, text, name, country, precision):
    m = _one(gaz, text, name)
    assert (m.place.country, m.place.precision) == (country, precision)


@pytest.mark.parametrize("text", [
    "The Pentagon said on Monday that the strike was lawful, Cook said.",  # a US village; a spokesman
    "US lawmakers in the Congress passed the bill.",
    "An American reporter for the Post wrote the story.",
])
def test_places_speakers_and_institutions_are_no_small_towns(gaz, text):
    assert [m.place.precision for m in gaz.find(text) if m.place.precision == "city"] == []


def test_places_direction_of_a_town_told_with_its_country(gaz):
    (m,) = gaz.find("Fighters attacked a village west of Iraq's Mosul.")
    mosul = gaz.lookup("Mosul")
    assert m.text == "west of Iraq's Mosul" and m.place.name == "west of Mosul"
    assert m.place.lon < mosul.lon and m.locative
