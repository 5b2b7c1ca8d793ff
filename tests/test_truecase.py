"""Case restored in text that comes all in lower case or all in capitals (issue 7, kind 10)."""
from __future__ import annotations

import pytest

from sitrep.errors import DataFileError
from sitrep.truecase import Truecaser, WordList, caseless_spans, is_caseless, load_truecaser, read_rules, restore


@pytest.fixture(scope="module")
def tc() -> Truecaser:
    return load_truecaser()


# --- detection ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, mode", [
    ("rebels shelled the town overnight and two soldiers died.", "lower"),
    ("REBELS SHELLED THE TOWN OVERNIGHT AND TWO SOLDIERS DIED.", "upper"),
])
def test_truecase_detects_caseless_paragraph(text, mode):
    assert [s.mode for s in caseless_spans(text)] == [mode]


@pytest.mark.parametrize("text", [
    "Rebels shelled the town overnight and two soldiers died.",
    "UN",  # too short to judge
    "BAGHDAD (Reuters) - Rebels shelled the town overnight and two soldiers died.",
])
def test_truecase_leaves_cased_text_alone(text):
    assert not is_caseless(text)
    assert restore(text) is text


def test_truecase_detects_per_paragraph():
    text = "IRAQ: TWO SOLDIERS KILLED IN AMBUSH\n\nTwo soldiers were killed in an ambush, officials said."
    spans = caseless_spans(text)
    assert [(s.start, s.mode) for s in spans] == [(0, "upper")]
    assert spans[0].end <= text.index("\n\n")
    restored = restore(text)
    assert restored[spans[0].end:] == text[spans[0].end:]


def test_truecase_script_without_case_is_not_upper_case():
    text = "قتل جنديان في هجوم على نقطة تفتيش قرب المدينة"
    assert not is_caseless(text)


# --- restoring keeps offsets ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "STRASSE IN DÜSSELDORF: GROSSE DEMONSTRATION GEGEN DIE REGIERUNG, GRÜßE",
    "the convoy was hit near al-qaim; u.s. officials said ak-47 rifles were found.",
    "TWO ROCKETS HIT THE AIRPORT’S PERIMETER, THE COALITION’S SPOKESMAN SAID.",
])
def test_truecase_changes_only_letter_case(tc, text):
    out = tc.restore(text)
    assert len(out) == len(text)
    assert out.lower() == text.lower() or all(a.lower() == b.lower() or a == b for a, b in zip(out, text))
    assert [c.isalpha() for c in out] == [c.isalpha() for c in text]


# --- the rules --------------------------------------------------------------------------------------

def _r(tc, text: str) -> str:
    return tc.restore(text)


def test_truecase_restores_sentence_starts_and_i(tc):
    out = _r(tc, "the patrol returned at dawn. i saw two trucks burning. then the shooting stopped.")
    assert out.startswith("The patrol")
    assert " I saw" in out and ". Then the" in out


def test_truecase_abbreviation_does_not_end_a_sentence(tc):
    out = _r(tc, "gen. smith met the mayor on monday and u.s. officials joined them later that day.")
    assert "U.S. officials" in out


@pytest.mark.parametrize("text, expected", [
    ("ten soldiers were killed near tikrit on tuesday.", "Ten soldiers were killed near Tikrit on Tuesday."),
    ("militants of the islamic state attacked a checkpoint in anbar province.",
     "Militants of the Islamic State attacked a checkpoint in Anbar province."),
    ("the pkk denied that its fighters had entered the town.",
     "The PKK denied that its fighters had entered the town."),
])
def test_truecase_restores_gazetteer_names(tc, text, expected):
    assert _r(tc, text) == expected


@pytest.mark.parametrize("text, fragment", [
    ("officials said us troops returned fire after the attack.", "US troops"),
    ("the us said it would respond to the attack in its own time.", "The US said"),
    ("a spokesman told us that the road was closed for two days.", "told us that"),
    ("the army said is fighters had mined the road before they left.", "IS fighters"),
    ("the road is closed and the bridge is damaged after heavy rain.", "road is closed"),
])
def test_truecase_ambiguous_acronyms_need_context(tc, text, fragment):
    assert fragment in _r(tc, text)


def test_truecase_demonyms_days_and_months(tc):
    out = _r(tc, "iranian and turkish officials met on friday, 3 march, and again in june.")
    assert out.startswith("Iranian and Turkish officials met on Friday, 3 March, and again in June.")


def test_truecase_common_word_months_need_a_date_context(tc):
    out = _r(tc, "they may march on the capital, he said. the talks ended on 4 may.")
    assert "They may march on" in out and "4 May" in out


def test_truecase_title_raises_the_name_after_it(tc):
    out = _r(tc, "witnesses said colonel ramiro valdovinos ordered the arrests.")
    assert "Colonel Ramiro Valdovinos ordered" in out


def test_truecase_unknown_words_are_names(tc):
    out = _r(tc, "the bridge near ostravelka was destroyed by sappers of the zharkov battalion.")
    assert "Ostravelka" in out and "Zharkov" in out
    assert "sappers" in out and "bridge" in out


def test_truecase_inflected_common_words_stay_lower(tc):
    out = _r(tc, "gunmen kidnapped two peacekeepers and held them at a checkpoint overnight.")
    assert out == "Gunmen kidnapped two peacekeepers and held them at a checkpoint overnight."


def test_truecase_acronym_defined_in_parentheses_spreads(tc):
    out = _r(tc, "the people's liberation league (plql) claimed the attack. plql fighters fled north.")
    assert "(PLQL)" in out and "PLQL fighters" in out


def test_truecase_dotted_initials_and_designators(tc):
    out = _r(tc, "the u.n. team found ak-47 rifles and an rpg-7 launcher at 10 a.m. on sunday.")
    assert "U.N." in out and "AK-47" in out and "RPG-7" in out and "a.m." in out


def test_truecase_all_capitals_restored_like_lower_case(tc):
    text = "TEN SOLDIERS WERE KILLED IN FIGHTING WITH REBELS NEAR TIKRIT ON TUESDAY."
    assert tc.restore(text) == "Ten soldiers were killed in fighting with rebels near Tikrit on Tuesday."


def test_truecase_without_word_list_uses_gazetteers_only():
    from sitrep.actors import load_gazetteer

    tc = Truecaser(actors=load_gazetteer(), places=None, words=WordList(frozenset(), frozenset(), {}))
    out = tc.restore("the pkk and the islamic state fought near the border yesterday.")
    assert out == "The PKK and the Islamic State fought near the border yesterday."


# --- the rules file ---------------------------------------------------------------------------------

def test_truecase_rules_bundled_file_loads():
    rules = read_rules()
    assert "president" in rules.titles and "de" in rules.particles and ("s", "") in rules.suffixes


def test_truecase_rules_user_file_extends(tmp_path):
    extra = tmp_path / "rules.yaml"
    extra.write_text("titles: [subcomandante]\n", encoding="utf-8")
    assert "subcomandante" in read_rules([extra]).titles


@pytest.mark.parametrize("body", ["titles: president\n", "- a list\n", "suffixes: [[s]]\n", "titles: [: bad"])
def test_truecase_rules_malformed_file_is_e300(tmp_path, body):
    bad = tmp_path / "rules.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_rules([bad])
    assert err.value.code == "E300"


def test_truecase_word_list_is_installed():
    """The English word list ships in the `english-words` package (a dependency of sitrep)."""
    from sitrep.truecase import english_words

    words = english_words()
    assert words, "pip install english-words: the case restorer needs its word list"
    assert "soldier" in words.common and "tuesday" in words.capitalised


@pytest.mark.parametrize("text, fragment", [
    ("the march went down bernardo o'higgins avenue at noon.", "Bernardo O'Higgins avenue"),
    ("the zharkov news agency and dpq reported the blast.", "DPQ reported"),
    ("the points are these: 1. the talks go on. 2. the truce holds.", "1. The talks go on. 2. The truce"),
])
def test_truecase_name_forms_and_numbered_points(tc, text, fragment):
    assert fragment in _r(tc, text)


def test_truecase_title_takes_a_common_word_only_before_a_surer_name(tc):
    out = _r(tc, "navy captain justo varelsky inspected the port. the president will speak tonight.")
    assert "Captain Justo Varelsky inspected" in out
    assert "the president will speak" in out.lower() and "President Will" not in out


def test_truecase_cased_paragraph_with_few_capitals_is_not_lower_case():
    text = ("Police said the crowd had gathered early and that the march ended without trouble after "
            "about two hours of speeches, songs and chanting outside the offices of the local council.")
    assert not is_caseless(text)


def test_truecase_lower_case_feed_keeping_its_acronyms_is_lower_case():
    text = "the un said two of its staff were hurt when the convoy was shelled near the river crossing."
    assert [s.mode for s in caseless_spans(text)] == ["lower"]


def test_truecase_capitals_heading_line_inside_a_cased_paragraph():
    text = "REBELS SEIZE BORDER CROSSING\nRebels seized a border crossing on Monday, officials said."
    spans = caseless_spans(text)
    assert [(s.start, s.end, s.mode) for s in spans] == [(0, text.index("\n"), "upper")]


@pytest.mark.parametrize("text, fragment", [
    ("the lautaro youth front claimed the bombing.", "The Lautaro Youth Front claimed"),
    ("police blamed the zanderos cartel for the blast.", "the Zanderos Cartel for"),
    ("salvadoran army troops entered the town.", "Salvadoran army troops"),
])
def test_truecase_name_before_organisation_words_names_the_organisation(tc, text, fragment):
    assert fragment in _r(tc, text)


def test_truecase_site_names_of_common_words_come_from_the_place_files(tc):
    out = _r(tc, "rockets landed inside the green zone overnight, officials said.")
    assert "the Green Zone overnight" in out


def test_truecase_user_place_file_names_are_restored(tmp_path):
    from sitrep.actors import load_gazetteer

    extra = tmp_path / "sites.csv"
    extra.write_text("name,aliases,kind,country,admin1,lat,lon\nOld Mill Depot,,depot,IQ,Anbar,33.1,42.5\n",
                     encoding="utf-8")
    tc = Truecaser(actors=load_gazetteer(), place_files=[extra])
    assert "the Old Mill Depot was" in tc.restore("militants said the old mill depot was hit by two drones.")


@pytest.mark.parametrize("text, want", [
    ("the group is backed by wealthy landowners.", "The group is backed by wealthy landowners."),
    ("is-backed militias attacked the town.", "IS-backed militias attacked the town."),
])
def test_truecase_is_before_a_participle_stays_a_verb(text, want):
    from sitrep.truecase import restore
    assert restore(text) == want
