"""Letter case restored in text that comes all in lower case or all in capitals.

Older wire copy and some feeds are case-less ("ten soldiers were killed near tikrit", "TEN
SOLDIERS WERE KILLED NEAR TIKRIT"); spaCy's English model finds almost no entities there and
parses it poorly, and the place and actor gazetteers need capitals for single-word names.
:func:`restore` returns the text with its case restored where it can be, **changing only the case
of letters**: the result has the same length, and every character offset into it is an offset into
the original (a letter whose upper case is not one character, like "ß", is left as it is).

Detection (:func:`caseless_spans`) is per paragraph (blank-line separated): a paragraph of at
least ``MIN_LETTERS`` letters is all capitals ("upper") when at most ``CASELESS_SHARE`` of its
letters are lower case, and lower case ("lower") when at most ``LOWER_CASE_SHARE`` of them are
capitals and more of its sentences start in lower case than with a capital (a cased paragraph
with few names still starts its sentences with capitals).  Inside a cased paragraph, a line all
in capitals (a heading) is restored by itself.  Cased text is returned unchanged (the same object),
at the cost of the detection only.  An all-capitals paragraph is lower-cased first and then
restored like a lower-case one.

Restoration, in order of precedence (a later rule never changes what an earlier one decided):

1. names the project knows, in their canonical case: actor names, aliases, seat names, demonyms
   and surnames (``sitrep/data/actors.yaml`` and user gazetteers; a one-word name that is also a
   common English word only for a state, or after "the": "turkey", "the pentagon");
2. acronyms: the gazetteers' ("pkk" -> "PKK"; one that is also a common word, "us" or "is", only
   after "the" or a number or before a noun acronyms qualify: "us troops", "us-led"); a word in
   parentheses after the words whose initials spell it, in any order, and those words too
   ("farabundo marti national liberation front (fmln)"); an acronym before its spelled-out form;
   dotted initials ("u.s."), weapon designators ("ak-47"), and words in no word list that have
   no vowel ("gmt") or three letters ("dpa");
3. places the place gazetteer (:meth:`sitrep.places.Gazetteer.find`: GeoNames cities and
   countries, sites, regions) finds once the words that are no common word are capitalised, in
   the place's own spelling ("el salvador" -> "El Salvador");
4. days and months (the ``calendar`` module); "may" and "march" only next to a number or after a
   time word ("since may");
5. titles before names ("president x y", "col x"): the name words after them, and the title; a
   word that is also a common word ("mark", "justo") only before a surer name word;
6. words English writes only with a capital, from the word list of the ``english-words``
   package (Webster's "web2" list: proper nouns capitalised, common words in lower case), with
   inflections stripped by the ``suffixes`` rules and irregular forms from spaCy's lemmatizer
   tables ("jesuits" -> "Jesuit"): nationalities, religions, names, countries and places;
7. words in no word list at all, after inflections, prefixes and two-word compounds
   ("airstrike") are tried, are names: in news copy they are people, places and organisations;
8. a word that is also a given name right before such a name ("hector x");
9. organisation words after a name, up to a head noun ("lautaro youth front", "medellin cartel");
10. a word raised as a name (not merely as a common word) is raised wherever else it occurs;
11. the first word of every sentence (after a full stop that does not close an abbreviation, a
    blank line, a numbered point, or an opening speaker tag: "(reporter) there ..."), and "I".

Measured with ``bench/truecase_eval.py``.  The closed word classes (titles, name particles,
abbreviations, acronym heads, month contexts, organisation words, inflection suffixes, prefixes)
are data: ``sitrep/data/truecase_rules.yaml``; a user file of the same shape adds to each list
(:func:`read_rules`).  A malformed rules file raises :class:`DataFileError` (``E300``).  Without
the ``english-words`` package, rules 6-8 are skipped and restoration rests on the gazetteers.
"""
from __future__ import annotations

import bisect
import calendar
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .datafiles import read_yaml_mapping
from .errors import DataFileError

RULES_FILE = Path(__file__).parent / "data" / "truecase_rules.yaml"
PLACE_FILES = (Path(__file__).parent / "data" / "sites.csv", Path(__file__).parent / "data" / "regions.yaml")
MIN_LETTERS = 12  # shorter paragraphs are left as they are ("UN", "OK")
CASELESS_SHARE = 0.01  # at most this share of lower-case letters: all capitals
LOWER_CASE_SHARE = 0.02  # at most this share of capitals, and more sentences start in lower case: lower case
RULE_FIELDS = ("titles", "particles", "abbreviations", "dotted_lower", "acronym_heads", "month_context",
               "ambiguous_months", "prefixes", "org_heads", "org_words")
MAX_NAME_WORDS = 5  # words a title or a name chain raises at most
INFLECTIONS = (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y"), ("ing", ""),
               ("ing", "e"), ("er", ""), ("er", "e"), ("ers", ""), ("ers", "e"), ("men", "man"))
PROBE_REACH = 2  # words shown to the place gazetteer on each side of a candidate name
NATIONALITY_ENDINGS = ("an", "ese", "ish", "i")
ORG_REACH = 4  # organisation words after a name, up to the head noun
RECENT = 64  # restored texts kept (more than one batch of articles)
ACRONYM_MAX = 6  # letters of a word that may be an acronym in parentheses

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")  # upper-case letters of ASCII and Latin-1 (other scripts: no case)
_LOWER = re.compile(r"[a-zß-öø-ÿ]")
_CAP_START = re.compile(r"(?:^|[.!?]\s+)[\"'‘“(\[]*[A-ZÀ-ÖØ-Þ]")  # sentence starts, capitalised
_LOW_START = re.compile(r"(?:^|[.!?]\s+)[\"'‘“(\[]*[a-zß-öø-ÿ]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DOTTED = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){2,}")
_DESIGNATOR = re.compile(r"(?<![\w-])([^\W\d_]{1,3})-?(\d{1,3}[^\W\d_]?)(?![\w-])")
_VOWELS = re.compile(r"[aeiouy]")
_NUMBERS = frozenset(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens",
                      "hundreds", "thousands", "several", "many", "some", "no", "any", "all", "a", "an"))
_NAME_PREFIX = re.compile(r"[dol]['’](?=\w{3})")  # "o'higgins", "d'aubuisson"
_SENTENCE_END = re.compile(r"[.!?]+[\"'’”)\]]*\s+[\"'‘“(\[]*$|\n[ \t]*\n\s*$")


MAX_COMPOUND = 40  # letters: two common English words run together are never longer


@dataclass(frozen=True)
class CaselessSpan:
    """A stretch of text written in one case: character offsets and ``mode`` ("lower"/"upper")."""
    start: int
    end: int
    mode: str


@dataclass(frozen=True)
class CaseRules:
    """The closed word classes of ``truecase_rules.yaml`` (all lower case)."""
    titles: frozenset[str]
    particles: frozenset[str]
    abbreviations: frozenset[str]
    dotted_lower: frozenset[str]
    acronym_heads: frozenset[str]
    month_context: frozenset[str]
    ambiguous_months: frozenset[str]
    prefixes: frozenset[str]
    org_heads: frozenset[str]
    org_words: frozenset[str]
    suffixes: tuple[tuple[str, str], ...]


def read_rules(paths: Sequence[str | Path] = ()) -> CaseRules:
    """The bundled rules extended by user files of the same shape; ``DataFileError`` (E300) when a
    file is unreadable, not a mapping, or a field is not a list of words."""
    lists: dict[str, set[str]] = {k: set() for k in RULE_FIELDS}
    suffixes: list[tuple[str, str]] = []
    for path in (RULES_FILE, *paths):
        data = _read_yaml(Path(path))
        for key in RULE_FIELDS:
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                raise DataFileError(f"{path}: '{key}' must be a list of words", code="E300")
            lists[key].update(w.strip().lower() for w in value if w.strip())
        for pair in data.get("suffixes") or []:
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                raise DataFileError(f"{path}: a suffix rule must be a pair [ending, replacement], not {pair!r}",
                                    code="E300")
            suffixes.append((pair[0], pair[1]))
    return CaseRules(**{k: frozenset(v) for k, v in lists.items()}, suffixes=tuple(dict.fromkeys(suffixes)))


def _read_yaml(path: Path) -> dict:
    data = read_yaml_mapping(path, "case rules", "a mapping of word lists")
    return data


# ---------------------------------------------------------------- detection

def caseless_spans(text: str) -> list[CaselessSpan]:
    """Paragraphs of ``text`` written all in lower case or all in capitals (or nearly so).

    Cost: two regular-expression counts per paragraph; nothing else runs on cased text."""
    spans: list[CaselessSpan] = []
    start = 0
    for m in _PARAGRAPH.finditer(text):
        _judge(text, start, m.start(), spans)
        start = m.end()
    _judge(text, start, len(text), spans)
    return spans


def _judge(text: str, start: int, end: int, spans: list[CaselessSpan]) -> None:
    part = text[start:end]
    upper = len(_UPPER.findall(part))
    lower = len(_LOWER.findall(part))
    letters = upper + lower
    if letters < MIN_LETTERS:
        return
    if lower <= CASELESS_SHARE * letters:
        _add_span(text, start, end, "upper", spans)
    elif upper <= LOWER_CASE_SHARE * letters and len(_LOW_START.findall(part)) > len(_CAP_START.findall(part)):
        _add_span(text, start, end, "lower", spans)
    elif "\n" in part:
        offset = start
        for line in part.split("\n"):  # an all-capitals heading line inside a cased paragraph
            low = len(_LOWER.findall(line))
            up = len(_UPPER.findall(line))
            if up + low >= MIN_LETTERS and low <= CASELESS_SHARE * (up + low):
                _add_span(text, offset, offset + len(line), "upper", spans)
            offset += len(line) + 1


def _add_span(text: str, start: int, end: int, mode: str, spans: list[CaselessSpan]) -> None:
    if spans and spans[-1].mode == mode and not text[spans[-1].end:start].strip():
        spans[-1] = CaselessSpan(spans[-1].start, end, mode)
    else:
        spans.append(CaselessSpan(start, end, mode))


def is_caseless(text: str) -> bool:
    """Whether any paragraph of ``text`` is case-less."""
    return bool(caseless_spans(text))


# ---------------------------------------------------------------- the word list

@dataclass(frozen=True)
class WordList:
    """English words by case (lower-cased keys): ``common`` words written in lower case,
    ``capitalised`` words with an entry written with a capital (names, and words like "Mark" that
    are also common words), and ``irregular`` inflected forms with their lemmas ("held" -> "hold").
    Empty when no word list is installed."""
    common: frozenset[str]
    capitalised: frozenset[str]
    irregular: dict[str, tuple[str, ...]]

    def __bool__(self) -> bool:
        return bool(self.common)


@functools.lru_cache(maxsize=1)
def english_words() -> WordList:
    """Webster's 2nd word list ("web2", public domain) of the ``english-words`` package: its
    lower-case entries are common words, its capitalised ones names; irregular forms from spaCy's
    English lemmatizer tables when the model is installed.  Loaded once per process; an empty list
    when the package is not installed (restoration then uses the gazetteers and rules only)."""
    try:
        from english_words import get_english_words_set
    except ImportError:
        return WordList(common=frozenset(), capitalised=frozenset(), irregular={})
    words = get_english_words_set(["web2"], lower=False)
    common = frozenset(w for w in words if w.islower())
    capitalised = frozenset(w.lower() for w in words if w[:1].isupper())
    return WordList(common=common, capitalised=capitalised, irregular=_irregular_forms())


def _irregular_forms() -> dict[str, tuple[str, ...]]:
    """Irregular inflections ("held", "women", "fought") from the lemmatizer exception tables that
    ship with spaCy's English model; empty when the model cannot be read."""
    try:
        from .pipeline import load_nlp

        lookups = load_nlp().get_pipe("lemmatizer").lookups
        table = lookups.get_table("lemma_exc")
    except (ImportError, OSError, KeyError, ValueError):
        return {}
    forms: dict[str, tuple[str, ...]] = {}
    for pos in table.keys():
        for form, lemmas in table[pos].items():
            forms[form] = (*forms.get(form, ()), *lemmas)
    return forms


class Words:
    """Questions about one lower-case word, answered from a :class:`WordList` and the inflection
    rules: is it a common English word, a name, or in no list at all?"""

    def __init__(self, words: WordList, rules: CaseRules):
        self.words = words
        self.rules = rules
        self._cache: dict[str, tuple[bool, bool, bool]] = {}

    def _stems(self, low: str, depth: int = 2) -> set[str]:
        stems = {low}
        seeds = {low}
        if "our" in low:
            seeds.add(low.replace("our", "or"))  # British spelling: "neighbourhood"
        if "ll" in low:
            seeds.add(low.replace("ll", "l"))  # "travelling", "levelled"
        stems |= seeds
        for form in seeds:
            stems.update(self.words.irregular.get(form, ()))
            for ending, repl in self.rules.suffixes:
                if form.endswith(ending) and len(form) - len(ending) >= 2:
                    stem = form[: len(form) - len(ending)] + repl
                    stems.add(stem)
                    if not repl and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
                        stems.add(stem[:-1])  # "kidnapped" -> "kidnap"
                    if depth > 1:
                        stems |= self._stems(stem, depth - 1)
        return stems

    def _classify(self, low: str) -> tuple[bool, bool, bool]:
        """(common, capitalised, derived) of a word: a common word or an inflection of one; a word
        with a capitalised entry; a prefixed form or a two-word compound of common words
        ("counterattack", "airstrike") that no list holds as such."""
        hit = self._cache.get(low)
        if hit is not None:
            return hit
        stems = self._stems(low)
        common = any(w in self.words.common for w in stems)
        capitalised = any(w in self.words.capitalised for w in stems)
        derived = not common and not capitalised and len(low) >= 6 and (self._prefixed(low) or self._compound(low))
        self._cache[low] = (common, capitalised, derived)
        return common, capitalised, derived

    def _prefixed(self, low: str) -> bool:
        """A prefix on a common word, or on a compound ("submachinegun")."""
        for prefix in self.rules.prefixes:
            rest = low[len(prefix):].lstrip("-")
            if low.startswith(prefix) and len(rest) >= 4:
                common, _, derived = self._classify(rest)
                if common or derived:
                    return True
        return False

    def _compound(self, low: str) -> bool:
        """Two common words run together ("airstrike", "gunmen", "peacekeeping"); the second may
        carry an inflection ("gunships", "blacklisted").  A word over MAX_COMPOUND letters is none
        (each cut copies the word: a 900,000-letter "word" made this quadratic)."""
        if len(low) > MAX_COMPOUND:
            return False
        for cut in range(3, len(low) - 2):
            head, tail = low[:cut], low[cut:]
            if max(len(head), len(tail)) >= 4 and head in self.words.common and self._plain(tail):
                return True
        return False

    def _plain(self, low: str) -> bool:
        """A common word as it stands or with an inflection only ("ships", "listed", "men")."""
        if low in self.words.common or any(w in self.words.common for w in self.words.irregular.get(low, ())):
            return True
        for ending, repl in INFLECTIONS:
            if low.endswith(ending) and len(low) - len(ending) >= 3:
                stem = low[: len(low) - len(ending)] + repl
                if stem in self.words.common or (not repl and stem[-1:] == stem[-2:-1] and stem[:-1] in self.words.common):
                    return True
        return False

    def is_common(self, low: str) -> bool:
        """A lower-case English word, or an inflection of one ("guerrillas", "kidnapped", "held")."""
        return self._classify(low)[0]

    def is_proper(self, low: str) -> bool:
        """A word English writes only with a capital ("jesuits", "salvadoran", "tuesday")."""
        common, capitalised, _ = self._classify(low)
        return capitalised and not common

    def is_capitalised(self, low: str) -> bool:
        """A word with some capitalised entry, even if it is also a common word ("mark", "hector")."""
        return self._classify(low)[1]

    def is_known(self, low: str) -> bool:
        """In some list: common, capitalised, derived from common words, or an abbreviation."""
        return any(self._classify(low)) or low in self.rules.abbreviations


# ---------------------------------------------------------------- the restorer

@dataclass
class _Unit:
    """One word of a case-less stretch: offsets, its lower-case key (a possessive "'s" stripped)
    and the decision."""
    start: int
    end: int
    low: str
    case: str = ""  # "", "title", "upper", "lower", "surface:<form>"
    strong: bool = False  # raised by a name, acronym or title rule: spread to other occurrences


_MONTHS = {m.lower() for m in calendar.month_name if m}
_DAYS = {d.lower() for d in calendar.day_name}
_MONTH_ABBR = {m.lower() for m in calendar.month_abbr if m}


class Truecaser:
    """Restores case from the gazetteers, the word list and the rules; built once per process.

    ``actors``: an :class:`sitrep.actors.ActorGazetteer` (or None); ``places``: a
    :class:`sitrep.places.Gazetteer` (or None); ``words``: a :class:`WordList`."""

    def __init__(self, actors=None, places=None, words: WordList | None = None, rules: CaseRules | None = None,
                 place_files: Sequence[str | Path] = PLACE_FILES):
        self.places = places
        self.rules = rules if rules is not None else read_rules()
        self.words = Words(words if words is not None else english_words(), self.rules)
        self._names: dict[str, str] = {}  # folded name (single-spaced) -> canonical surface
        self._acronyms: dict[str, str] = {}  # lower -> canonical form ("pmf" -> "PMF", "dod" -> "DoD")
        self._single_states: set[str] = set()  # one-word names of states: always names ("turkey")
        self._demonyms: set[str] = set()  # "iraqi", "iranian": adjectives, not organisation names
        if actors is not None:
            self._add_actors(actors)
        self._add_place_names(place_files)
        self._automaton = self._build_automaton()
        self._recent: dict[str, str] = {}  # the pipeline asks twice per article (parse, gazetteers)

    # -- knowledge
    def _add_actors(self, actors) -> None:
        from .places import fold

        for e in actors.entries.values():
            self._demonyms.update(d.lower() for d in e.demonyms)
            for name in (e.name, *e.aliases, *e.metonyms, *e.demonyms, *e.acronyms, *e.surnames):
                plain = name.replace(".", "")
                if _is_acronym(name) and plain.isalpha():
                    self._acronyms.setdefault(plain.lower(), plain)
                    continue
                for form in _surface_variants(name):
                    key = " ".join(fold(form).split())
                    if key and any(c.isupper() for c in form):
                        self._names.setdefault(key, form)
                        if e.type == "state" and " " not in key:
                            self._single_states.add(key)

    def _add_place_names(self, files: Sequence[str | Path]) -> None:
        """Names of sites and regions of several words, in their own case: the place gazetteer
        finds those made of common words ("Green Zone") only when they are capitalised."""
        from .places import fold, read_place_file

        for path in files:
            for _, names, _ in read_place_file(path):
                for name in names:
                    key = " ".join(fold(name).split())
                    if " " in key and any(c.isupper() for c in name):
                        self._names.setdefault(key, name)

    def _build_automaton(self):
        for key in self._acronyms:
            self._names.pop(key, None)  # "ISIL" is an acronym even where some alias spells it "Isil"
        if not self._names:
            return None
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for key, form in self._names.items():
            automaton.add_word(key, (key, form))
        automaton.make_automaton()
        return automaton

    # -- restoring
    def restore(self, text: str) -> str:
        """``text`` with case restored in its case-less paragraphs; the same object when there are
        none.  Same length as ``text``; only letters change case."""
        spans = caseless_spans(text)
        if not spans:
            return text
        done = self._recent.get(text)
        if done is None:
            done = self._restore_spans(text, spans)
            self._recent[text] = done
            if len(self._recent) > RECENT:
                self._recent.pop(next(iter(self._recent)))
        return done

    def _restore_spans(self, text: str, spans: list[CaselessSpan]) -> str:
        chars = list(text)
        for span in spans:
            part = text[span.start:span.end]
            if span.mode == "upper":
                part = _lower_same_length(part)
            chars[span.start:span.end] = self.restore_lower(part)
        return "".join(chars)

    def restore_lower(self, text: str) -> str:
        """Case restored in text that is (nearly) all lower case; capitals already there stay."""
        units = [_unit(m) for m in _WORD.finditer(text)]
        if not units:
            return text
        at = {u.start: i for i, u in enumerate(units)}
        self._mark_names(text, units, at)
        self._mark_acronyms(text, units)
        self._mark_places(text, units, at)
        self._mark_calendar(units)
        self._mark_titles(text, units)
        if self.words.words:
            self._mark_proper(units)
            self._mark_unknown(units)
            self._mark_first_names(text, units)
            self._mark_organisations(text, units)
        self._spread(units)
        self._mark_sentences(text, units)
        return _apply(text, units)

    def _mark_names(self, text: str, units: list[_Unit], at: dict[int, int]) -> None:
        """Known actor names, aliases, seat names and demonyms, in their canonical case."""
        if self._automaton is None:
            return
        from .places import fold

        folded = fold(text)
        spaced = _single_spaced(folded)
        hits = []
        for last, (key, form) in self._automaton.iter(spaced.text):
            start, end = spaced.original(last - len(key) + 1), spaced.original(last) + 1
            if _bounded(folded, start, end):
                hits.append((start, end, key, form))
        for start, end, key, form in _longest_first(hits):
            covered = _covered(units, at, start, end)
            if not covered or any(u.case for u in covered):
                continue
            if len(covered) == 1 and not self._single_name_ok(key, covered, units, at):
                continue
            self._copy_surface(covered, form)
            for u in covered:
                u.strong = bool(u.case) and (len(covered) > 1 or not self.words.is_common(u.low))

    def _single_name_ok(self, key: str, covered: list[_Unit], units: list[_Unit], at: dict[int, int]) -> bool:
        """A one-word name is a name unless it is only a common English word ("mission"); states
        are always names ("turkey"), other common-word names after "the" ("the pentagon")."""
        u = covered[0]
        if key in self._single_states or not self.words.is_common(u.low) or self.words.is_capitalised(u.low):
            return True
        i = at[u.start]
        return i > 0 and units[i - 1].low == "the"

    def _copy_surface(self, covered: list[_Unit], form: str) -> None:
        """Case of ``form`` copied onto the words it spells; other words: names capitalised,
        particles and common words left in lower case."""
        forms = [f.lower() for f in _WORD.findall(form)]
        originals = _WORD.findall(form)
        lows = [u.low for u in covered]
        k = _find_run(lows, forms)
        for i, u in enumerate(covered):
            if u.case:
                continue
            if k is not None and k <= i < k + len(forms):
                if any(c.isupper() for c in originals[i - k]):
                    u.case = f"surface:{originals[i - k]}"
            elif u.low in self.rules.particles or (self.words.is_common(u.low) and i > 0):
                continue
            else:
                u.case = "title"

    def _mark_places(self, text: str, units: list[_Unit], at: dict[int, int]) -> None:
        """Places the place gazetteer finds once the words that are no common English word are
        capitalised (its own rules then weigh each name: stop words, personal names).  Only the
        neighbourhood of those words is shown to the gazetteer (the rest is blanked, offsets kept),
        which keeps the cost of this scan a fraction of the whole text's."""
        if self.places is None:
            return
        probe = list(text)
        raised = [bool(u.case) or not self.words.is_common(u.low) or self.words.is_proper(u.low) for u in units]
        near = [any(raised[max(0, i - PROBE_REACH):i + PROBE_REACH + 1]) for i in range(len(units))]
        for u, up, keep in zip(units, raised, near):
            if up:
                _write(probe, u)
            elif not keep:
                probe[u.start:u.end] = " " * (u.end - u.start)
        candidate = "".join(probe)
        for pm in self.places.find(candidate):
            covered = _covered(units, at, pm.start, pm.end)
            if _find_run([u.low for u in covered], [w.lower() for w in _WORD.findall(pm.place.name)]) != 0:
                while covered and (_is_direction(covered[0].low) or covered[0].low in self.rules.particles):
                    covered = covered[1:]  # "northern Baghdad", "the Gulf": the first word stays as written
            if not covered or all(u.case for u in covered):
                continue
            if len(covered) == 1 and self.words.is_common(covered[0].low) and not self.words.is_proper(covered[0].low):
                continue
            self._copy_surface(covered, pm.place.name)
            for u in covered:
                u.strong = u.strong or (u.case != "" and not self.words.is_common(u.low))

    def _mark_acronyms(self, text: str, units: list[_Unit]) -> None:
        """Known acronyms, acronyms defined in parentheses, dotted initials, weapon designators,
        and words of two to five letters without a vowel that no word list knows ("gmt")."""
        for i, u in enumerate(units):
            if u.case:
                continue
            form = self._acronyms.get(u.low)
            if form is not None:
                if self.words.is_common(u.low) and not self._acronym_context(text, units, i):
                    continue
                u.case = f"surface:{form}"
                u.strong = not self.words.is_common(u.low)
            elif self.words.words and 2 <= len(u.low) <= 5 and u.low.isalpha() and not _VOWELS.search(u.low) \
                    and not self.words.is_known(u.low):
                u.case = "upper"
                u.strong = True
        for i, u in enumerate(units):
            if u.case or i == 0 or not (2 <= len(u.low) <= ACRONYM_MAX) or not u.low.isalpha():
                continue
            before, after = text[units[i - 1].end:u.start], text[u.end:u.end + 1]
            if before.strip() != "(" or after != ")":
                self._expanded_after(text, units, i)
                continue
            named = self._spelled_out(units, i)
            if named or not self.words.is_common(u.low):
                u.case = "upper"
                u.strong = True
            for v in named:
                if not v.case:
                    v.case = "title"
        at = {u.start: u for u in units}
        for m in _DOTTED.finditer(text):
            if m.group().lower() not in self.rules.dotted_lower:
                for k in range(m.start(), m.end(), 2):
                    if k in at:
                        at[k].case = "upper"
        for m in _DESIGNATOR.finditer(text):
            u = at.get(m.start(1))
            if u is not None and u.end == m.end(1) and not u.case:
                u.case = "upper"

    def _acronym_context(self, text: str, units: list[_Unit], i: int) -> bool:
        """An acronym that is also a common word ("us", "is") is a name after "the", a number or
        another name joined by "and", or before a noun that acronyms qualify ("us troops",
        "us-led")."""
        if i > 0 and not text[units[i - 1].end:units[i].start].strip():
            prev = units[i - 1].low
            if prev == "the" or prev.isdigit() or prev in _NUMBERS:
                return True
        if i + 1 < len(units):
            gap = text[units[i].end:units[i + 1].start]
            nxt = units[i + 1].low
            if gap in ("-", "–"):
                return True
            if not gap.strip() and nxt in self.rules.acronym_heads:
                # "us troops" names the US; "is backed", "is led" is the verb before a participle
                return not (units[i].low == "is" and nxt.endswith("ed"))
        return False

    def _expanded_after(self, text: str, units: list[_Unit], i: int) -> None:
        """"xyz (words)": an acronym followed by its expansion in parentheses, initials in any order
        ("arena (nationalist republican alliance)")."""
        u = units[i]
        if not (2 <= len(u.low) <= ACRONYM_MAX) or text[u.end:u.end + 2].strip() != "(":
            return
        close = text.find(")", u.end, u.end + 120)
        if close < 0:
            return
        inside = [v for v in units[i + 1:i + 12] if v.end <= close]
        words = [v for v in inside if v.low not in self.rules.particles]
        if len(words) == len(u.low) and sorted(v.low[0] for v in words) == sorted(u.low):
            u.case, u.strong = "upper", True
            for v in words:
                v.case = v.case or "title"

    def _spelled_out(self, units: list[_Unit], i: int) -> list[_Unit]:
        """The words before "(xyz)" whose initials are the acronym's letters, in any order
        ("farabundo marti national liberation front (fmln)", "unidad revolucionaria ... (urng)");
        particles between them are skipped.  Empty when they do not spell it."""
        low = units[i].low
        words: list[_Unit] = []
        j = i - 1
        while j >= 0 and len(words) < len(low):
            if units[j].low not in self.rules.particles:
                words.append(units[j])
            elif not words:
                break
            j -= 1
        if len(words) == len(low) and sorted(w.low[0] for w in words) == sorted(low):
            return words
        return []

    def _mark_calendar(self, units: list[_Unit]) -> None:
        """Days and months; the months that are also common words ("may", "march") only next to a
        number or after a time word ("since may", "march 3"); "dec 26" abbreviations before a day."""
        for i, u in enumerate(units):
            if u.case:
                continue
            if u.low in self.rules.ambiguous_months:
                if self._month_context(units, i):
                    u.case = "title"
            elif u.low in _MONTHS or u.low in _DAYS:
                u.case = "title"
            elif u.low in _MONTH_ABBR and i + 1 < len(units) and units[i + 1].low.isdigit():
                u.case = "title"

    def _month_context(self, units: list[_Unit], i: int) -> bool:
        nxt = units[i + 1].low if i + 1 < len(units) else ""
        prev = units[i - 1].low if i > 0 else ""
        return nxt.isdigit() or prev.isdigit() or (prev in self.rules.month_context and not nxt.isalpha())

    def _mark_proper(self, units: list[_Unit]) -> None:
        """Words English writes only with a capital: nationalities, religions, names."""
        for u in units:
            if not u.case and len(u.low) >= 2 and u.low not in self.rules.particles and self.words.is_proper(u.low):
                u.case = "title"

    def _mark_titles(self, text: str, units: list[_Unit]) -> None:
        """"president x y", "col x": the name words after a title, and the title itself.  A word
        that is also a common word ("mark", "will") counts only before a surer name word."""
        for i, u in enumerate(units):
            if u.low not in self.rules.titles or (u.case and u.case != "title"):
                continue
            sure: list[_Unit] = []
            maybe: list[_Unit] = []
            j = i + 1
            while j < len(units) and len(sure) + len(maybe) < MAX_NAME_WORDS:
                if text[units[j - 1].end:units[j].start].strip() not in ("", "."):
                    break
                v = units[j]
                j += 1
                if (v.low in self.rules.titles and not sure and not maybe) or (v.low in self.rules.particles and sure):
                    continue  # "vice president x", "luis de la x"
                kind = self._name_word(v)
                if kind == "sure":
                    sure += maybe + [v]
                    maybe = []
                elif kind == "maybe" and not maybe:
                    maybe.append(v)
                else:
                    break
            for v in sure:
                v.case = v.case or "title"
                v.strong = v.strong or not self.words.is_common(v.low)
            if sure:
                for k in range(i, units.index(sure[0])):
                    if units[k].low in self.rules.titles and not units[k].case:
                        units[k].case = "title"

    def _name_word(self, v: _Unit) -> str:
        """"sure" for a word that is a name after a title, "maybe" for a common word that is also a
        given name ("mark"), "" for a word that ends the name."""
        if not v.low.isalpha() or v.case == "upper":
            return ""
        if v.case.startswith("surface:"):
            form = v.case[len("surface:"):]
            return "sure" if form[:1].isupper() and not form.isupper() else ""
        if v.case == "title":
            return "sure"
        if not self.words.words:
            return ""
        if not self.words.is_common(v.low):
            return "sure"
        # a given name that is also a word ("mark"), or a word as it stands in the list, never an
        # inflected form ("justo x" is a name, "attacked x" is not)
        direct = v.low in self.words.words.common or v.low in self.words.words.capitalised
        return "maybe" if direct and len(v.low) >= 3 and v.low not in self.rules.particles else ""

    def _mark_unknown(self, units: list[_Unit]) -> None:
        """Words in no word list (after inflections, prefixes and compounds) are names: in news
        copy they are overwhelmingly people, places and organisations ("cristiani", "usulutan",
        "o'higgins"); one of at most three letters is an acronym ("dpa")."""
        for u in units:
            if u.case:
                continue
            core = u.low[2:] if _NAME_PREFIX.match(u.low) else u.low
            if len(core) >= 3 and core.isalpha() and not self.words.is_known(core):
                u.case = "upper" if len(u.low) == 3 and core == u.low else "title"

    def _mark_first_names(self, text: str, units: list[_Unit]) -> None:
        """A word that is also a given name, right before a raised name ("mark x", "hector x")."""
        for i in range(len(units) - 2, -1, -1):
            u, nxt = units[i], units[i + 1]
            if u.case or nxt.case != "title" or text[u.end:nxt.start].strip():
                continue
            if u.low in self.words.words.capitalised and u.low not in self.rules.particles and len(u.low) >= 3 \
                    and not self.words.is_known(nxt.low):
                u.case = "title"

    def _mark_organisations(self, text: str, units: list[_Unit]) -> None:
        """A name followed by organisation words up to a head noun names the organisation:
        "lautaro youth front", "medellin cartel", "tupac amaru revolutionary movement"."""
        for i in range(1, len(units)):
            prev = units[i - 1]
            raised = prev.case == "title" or (prev.case.startswith("surface:") and prev.case[8:9].isupper())
            if units[i].case or not raised or prev.low in self.rules.titles or self._nationality(prev.low):
                continue  # "Salvadoran army" stays as English writes it
            j = i
            while j < len(units) and j - i < ORG_REACH and not text[units[j - 1].end:units[j].start].strip() \
                    and units[j].low in self.rules.org_words | self.rules.org_heads and not units[j].case:
                j += 1
            heads = [k for k in range(i, j) if units[k].low in self.rules.org_heads]
            for k in range(i, heads[-1] + 1 if heads else i):
                units[k].case = "title"

    def _nationality(self, low: str) -> bool:
        """A demonym ("iraqi", "salvadoran", "chinese"): the gazetteer's, or a word English writes
        only with a capital that has a nationality adjective's ending."""
        return low in self._demonyms or (self.words.is_proper(low) and low.endswith(NATIONALITY_ENDINGS))

    def _spread(self, units: list[_Unit]) -> None:
        """A word raised as a name once is raised wherever else it stands in the same text."""
        raised = {u.low: u.case for u in units if u.strong and u.case and not u.case.startswith("lower")}
        for u in units:
            if not u.case and u.low in raised and not self.words.is_common(u.low):
                u.case = raised[u.low]

    def _mark_sentences(self, text: str, units: list[_Unit]) -> None:
        """The first word of each sentence, and "I"."""
        for i, u in enumerate(units):
            if u.low == "i" or (u.low[:2] in ("i'", "i’") and u.low[2:] in ("m", "ve", "ll", "d")):
                if not (u.end < len(text) and text[u.end] == "."):
                    u.case = u.case or "title"
                continue
            if u.case and u.case != "lower":
                continue
            before = text[units[i - 1].end:u.start] if i else text[:u.start]
            if i == 0 and not before.strip(" \t\n\"'‘“([-–—"):
                u.case = "title"
            elif i and _SENTENCE_END.search(before) and not self._abbreviation(units[i - 1], before):
                u.case = "title"
            elif i and before.strip() == ")" and self._after_opening_tag(text, u.start):
                u.case = "title"

    def _after_opening_tag(self, text: str, start: int) -> bool:
        """A word after a parenthesis that opens its sentence: "(reporter) there are ..."."""
        opening = text.rfind("(", max(0, start - 80), start)
        if opening < 0:
            return False
        lead = text[max(0, opening - 40):opening].rstrip()
        return not lead or lead[-1] in ".!?:" or bool(_SENTENCE_END.search(text[max(0, opening - 40):opening]))

    def _abbreviation(self, prev: _Unit, gap: str) -> bool:
        """The full stop before a word closes an abbreviation ("gen.", "u.s."), not a sentence."""
        if not gap.lstrip().startswith(".") or gap.lstrip().startswith(".."):
            return False
        return prev.low in self.rules.abbreviations or (len(prev.low) == 1 and prev.low.isalpha())


# ---------------------------------------------------------------- helpers

def _unit(m: re.Match[str]) -> _Unit:
    low = m.group().lower()
    if low.endswith(("'s", "’s")) and len(low) > 3:
        low = low[:-2]
    return _Unit(m.start(), m.end(), low)


def _find_run(words: list[str], run: list[str]) -> int | None:
    """Where ``run`` stands in ``words`` (the first place), or None."""
    n = len(run)
    for k in range(len(words) - n + 1):
        if words[k:k + n] == run:
            return k
    return None


def _covered(units: list[_Unit], at: dict[int, int], start: int, end: int) -> list[_Unit]:
    """The words from the one starting at ``start`` up to ``end`` (none when no word starts there)."""
    out = []
    i = at.get(start, len(units))
    while i < len(units) and units[i].end <= end:
        out.append(units[i])
        i += 1
    return out


def _apply(text: str, units: list[_Unit]) -> str:
    chars = list(text)
    for u in units:
        if u.case:
            _write(chars, u)
    return "".join(chars)


def _write(chars: list[str], u: _Unit) -> None:
    """Write one decision into ``chars`` (same length: a letter whose case form is longer stays)."""
    case = u.case or "title"
    if case == "lower":
        return
    if case.startswith("surface:"):
        form = case[len("surface:"):]
        for k, c in enumerate(form[: u.end - u.start]):
            _set(chars, u.start + k, c.isupper())
    elif case == "upper":
        for k in range(u.start, u.end):
            _set(chars, k, True)
    else:
        _set(chars, u.start, True)
        # "d'aubuisson", "o'neill": the letter after a one-letter prefix and apostrophe too
        if u.end - u.start > 3 and chars[u.start + 1] in "'’" and u.low[0] in "dol":
            _set(chars, u.start + 2, True)


def _set(chars: list[str], k: int, upper: bool) -> None:
    c = chars[k]
    new = c.upper() if upper else c.lower()
    if len(new) == 1:
        chars[k] = new


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _surface_variants(name: str) -> set[str]:
    """A name as written, without apostrophes, without a leading "the "."""
    forms = {name, name.replace("'", "").replace("’", "")}
    forms |= {f[4:] for f in forms if f.lower().startswith("the ")}
    return {f for f in forms if f.strip()}


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 6 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _is_direction(low: str) -> bool:
    return bool(re.fullmatch(r"(?:north|south|east|west)(?:ern|east|west|eastern|western)?|central", low))


_SPACES = re.compile(r"\s{2,}|[\t\n\r\f\v]")


@dataclass(frozen=True)
class _Spaced:
    """Text with runs of white space collapsed to one space, and the way back to offsets in the
    original: ``anchors`` holds (offset in the collapsed text, shift) after each collapsed run."""
    text: str
    anchors: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()

    def original(self, k: int) -> int:
        i = bisect.bisect_right(self.anchors, k)
        return k + (self.shifts[i - 1] if i else 0)


def _single_spaced(folded: str) -> _Spaced:
    """Runs of white space collapsed to one space, with the offset map back to ``folded``."""
    if not _SPACES.search(folded):
        return _Spaced(folded)
    parts: list[str] = []
    anchors: list[int] = []
    shifts: list[int] = []
    last = shift = length = 0
    for m in _SPACES.finditer(folded):
        parts.append(folded[last:m.start()])
        parts.append(" ")
        length += m.start() - last + 1
        shift += m.end() - m.start() - 1
        anchors.append(length)
        shifts.append(shift)
        last = m.end()
    parts.append(folded[last:])
    return _Spaced("".join(parts), tuple(anchors), tuple(shifts))


def _bounded(s: str, start: int, end: int) -> bool:
    return (start == 0 or not s[start - 1].isalnum()) and (end >= len(s) or not s[end].isalnum())


def _longest_first(hits: Iterable[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    taken: list[tuple[int, int, str, str]] = []
    for h in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if all(h[1] <= t[0] or h[0] >= t[1] for t in taken):
            taken.append(h)
    return sorted(taken)


# ---------------------------------------------------------------- the process-wide restorer

@functools.lru_cache(maxsize=4)
def load_truecaser(gazetteers: tuple[str, ...] = ()) -> Truecaser:
    """The restorer built from the bundled and user actor gazetteers, the default place gazetteer,
    the word list and the rules; built once per process (per set of gazetteer files)."""
    from .actors import load_gazetteer as load_actors
    from .places import load_gazetteer as load_places

    return Truecaser(actors=load_actors(gazetteers), places=load_places(), words=english_words(), rules=read_rules())


def restore(text: str, gazetteers: Sequence[str] = ()) -> str:
    """``text`` with case restored in its case-less paragraphs (see the module docstring); the same
    object when it has none, so cased text pays for the detection only."""
    if not caseless_spans(text):
        return text
    return _restore_cached(text, tuple(str(g) for g in gazetteers))


@functools.lru_cache(maxsize=64)
def _restore_cached(text: str, gazetteers: tuple[str, ...]) -> str:
    return load_truecaser(gazetteers).restore(text)


__all__ = ["CaselessSpan", "CaseRules", "Truecaser", "WordList", "caseless_spans", "english_words",
           "is_caseless", "load_truecaser", "read_rules", "restore"]
