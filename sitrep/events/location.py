"""Event places: which place mention of a sentence (or of the article) is the event's place.
"""
from __future__ import annotations

from ..records import Place
from .arguments import metonym_party
from .drafts import CONDEMN_VERBS, LOCATIVE, Draft, _lemma, doc_text, span_text
from .lexicon import Lexicon
from .scope import own_phrase

STRUCK = {"hit", "strike", "attack", "bomb", "shell", "pound", "rock", "target", "shake", "raid", "storm", "bombard"}


def _sentence_places(sent, places, actors, mentions=None) -> list:
    """(mention, head token, locative) for the places a sentence names; ``mentions``: the
    article's place mentions found once (``places.find(doc.text)``), else the sentence is read."""
    if places is None:
        return []
    if mentions is None:
        found = places.find(span_text(sent), offset=sent.start_char)
    else:
        found = [pm for pm in mentions if sent.start_char <= pm.start and pm.end <= sent.end_char]
    out = []
    doc = sent.doc
    for pm in found:
        span = doc.char_span(pm.start, pm.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        prep = head.head if head.dep_ == "pobj" else None
        if head.dep_ in ("compound", "amod") and head.head.dep_ == "pobj":
            prep = head.head.head
        locative = getattr(pm, "locative", False) or (prep is not None and prep.lower_ in LOCATIVE)
        if head.dep_ == "poss":
            locative = False  # "on Iran's behalf"
        if not locative and _in_parentheses(actors.text, pm) and head.head.dep_ == "pobj":
            locative = True  # "in Zayouna (Baghdad)"
        role = getattr(pm, "role", "")
        if head.dep_ == "dobj" and head.head.lemma_.lower() in STRUCK:
            role, locative = "place", True  # "bombs hit Baghdad": the city struck is where it happened
        if role == "party":
            continue  # "Tehran said", "a call on Moscow": named for its government (places.place_roles)
        party = [m for m in actors.at(pm.start, pm.end) if m.kind in ("metonym",)]
        if party and role != "place" and not (locative or head.dep_ in ("compound", "nmod") and not metonym_party(head)):
            continue  # "Washington imposed sanctions": the government, not the place
        if any(m.start <= pm.start and pm.end <= m.end and m.end - m.start > pm.end - pm.start
               for m in actors.at(pm.start, pm.end)):
            continue  # "Islamic Resistance in Iraq" names a group, not a place
        if head.dep_ in ("dobj", "pobj") and pm.place.precision == "site":
            locative = True  # "stormed the US embassy in Baghdad": the target is the place
        if not locative and pm.place.precision in ("country",) and \
                any(m.start <= pm.start and m.end >= pm.end for m in actors.at(pm.start, pm.end)):
            continue
        out.append((pm, head, locative))
    return out


def _is_party(pm, d: Draft, actors) -> bool:
    """A place name that is one of the event's parties ("designated … by the United States")."""
    ids = set(d.actors) | set(d.targets)
    return any(m.actor_id in ids for m in actors.at(pm.start, pm.end)) and pm.place.precision == "country"


def _in_parentheses(text: str, pm) -> bool:
    return text[:pm.start].rstrip().endswith("(") and text[pm.end:].lstrip().startswith(")")


def _pick_place(trigger, candidates, lex: Lexicon) -> Place | None:
    """The most specific place said of this trigger: in its own phrase, or on the verb whose
    argument it is ("the US carried out a strike … near the border"), not on a speech verb."""
    if not candidates:
        return None
    rank = {"site": 5, "city": 4, "admin1": 3, "region": 2, "country": 1}
    scope = own_phrase(trigger)
    head = trigger.head
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and \
            head.pos_ == "VERB" and _lemma(head) not in lex.speech | lex.denial | CONDEMN_VERBS:
        scope |= {t.i for c in head.children if c.dep_ in ("prep", "advmod", "npadvmod") for t in c.subtree}
    pool = [c for c in candidates if c[2] and c[1].i in scope]
    if not pool:
        return None
    pool.sort(key=lambda c: (-rank.get(c[0].place.precision, 0), abs(c[1].i - trigger.i)))
    return pool[0][0].place


def _sole_place(candidates) -> Place | None:
    """The one town or site a sentence names, whatever its grammar ("IS seized Mosul")."""
    specific = {c[0].place.name: c[0].place for c in candidates if c[0].place.precision in ("site", "city")}
    return next(iter(specific.values())) if len(specific) == 1 else None


def _main_place(drafts: list[Draft], doc, places, lex: Lexicon, dateline: Place | None = None,
                mentions=None) -> None:
    """Unrest and violence that name no place happen where the article happens: the one town or
    province it names most (and at least twice, a dateline counting once), when it names one clearly."""
    if places is None:
        return
    counts: dict[str, list] = {}
    if dateline is not None and dateline.precision in ("city", "admin1", "site"):
        counts[dateline.name] = [dateline]
    for pm in (places.find(doc_text(doc)) if mentions is None else mentions):
        if pm.place.precision in ("city", "admin1", "site") and getattr(pm, "role", "") != "party":
            counts.setdefault(pm.place.name, []).append(pm.place)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < 2 or (len(ranked) > 1 and len(ranked[1]) == len(ranked[0])):
        return
    main = ranked[0][0]
    for d in drafts:
        if d.location is None and lex.family(d.type) in ("violence", "unrest", "legal") and not d.reference:
            d.location = main
