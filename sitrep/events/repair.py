"""Parse repairs: two ways the statistical parser misreads wire prose about named armed groups,
set right on the parse itself before events are read (so arguments, place and date all follow).

Long transliterated names ("Asaib Ahl al-Haq", "Harakat Hezbollah al-Nujaba") are strings of
proper nouns the parser has rarely seen as subjects.  Two misreadings follow:

1. **Verbless parse.**  "Asaib Ahl al-Haq fired rockets at a base on Monday": the verb is tagged
   a participle modifying the object ("fired"/VBN/amod under the root "rockets") and the
   sentence has no verb.  A sentence whose root is a noun, with a violent trigger word of the
   lexicon tagged VBD/VBN as a modifier (amod, compound, nmod) of that root, right after a
   name or noun (the subject's last word) and before the root (the object), is re-read as a
   clause: the trigger becomes the root verb, the word before it its subject (the name's other
   words hang on it), the root noun its object, and the root's adverbials (prepositional
   phrases, "on Monday", adverbs, clauses, punctuation) move to the verb.
2. **Object read as a clause.**  "US jets struck Kataib Hezbollah depots in Anbar": the plural
   noun after a name is tagged a verb ("depots"/VBZ) with the name as its subject, a clause
   under "struck".  A violent trigger verb with no object, whose clausal complement is a
   present-tense verb form ending in -s that has a proper-noun subject starting right after
   the trigger and no auxiliary, object, negation, marker or complement of its own, and is no
   speech verb, gets that word back as its object (a plural noun) and the subject as its
   modifier.
3. **Reduced relative read as a clause.**  "US jets struck weapons depots run by X": the object
   is read as the subject of "run", a clause under "struck".  A violent trigger verb with no
   object whose clausal complement is a bare past participle (no auxiliary, marker or
   negation) with a noun subject starting right after the trigger gets that noun as its object,
   and the participle becomes the noun's modifier ("depots [run by X]").
5. **Adjective read as a preposition's object.**  "Four shepherds were killed by Iranian
   shelling": the adjective is read as the object of "by" and the gerund after it as a clause
   of its own.  A preposition's object that is an adjective followed right away by a gerund of
   a violent trigger with no subject, object or auxiliary of its own gets the gerund as the
   preposition's object, and the adjective as the gerund's modifier.
6. **Verb tagged as a noun.**  Headlines in the present tense: "Militants storm Ramadi
   university": the parser attaches "militants" as the subject and "university" as the object
   of "storm", but tags "storm" a noun.  A word tagged as a common noun that has a subject
   before it and a direct object after it, and whose lemma has a verb rule in the lexicon, is
   re-tagged a present-tense verb (the arcs are left as they are).

All are local (a sentence's tokens, each looked at a bounded number of times: linear), change
heads only inside one sentence and never the sentence bounds; a repaired parse no longer
matches any of the patterns, so repairing twice changes nothing.  The rule for (1) reads the word
order as :mod:`sitrep.events.headlines` reads headlines; it applies to prose and headlines alike.
"""
from __future__ import annotations

from .drafts import _lemma, sentences
from .lexicon import Lexicon
from .triggers import _stems

MODIFIER_DEPS = ("amod", "compound", "nmod")
# dependants of the misread root noun that belong to the clause, not to the noun
ADVERBIAL_DEPS = {"prep", "npadvmod", "advmod", "punct", "advcl", "agent", "dative", "mark", "cc", "conj", "ccomp",
                  "intj", "obl", "tmod"}
OBJECT_PREMODIFIERS = {"det", "amod", "nummod", "compound", "quantmod", "poss", "nmod"}
CLAUSE_MARKS = {"aux", "auxpass", "dobj", "obj", "neg", "mark", "ccomp", "xcomp", "dative"}


def repair_parse(doc, lex: Lexicon) -> int:
    """Repair each sentence of ``doc`` in place; returns how many repairs were made."""
    fixed = 0
    for sent in sentences(doc):
        fixed += verbless_clause(sent, lex)
        fixed += object_clause(sent, lex)
        fixed += means_clause(sent, lex)
        fixed += adjective_object(sent, lex)
        fixed += noun_verb(sent, lex)
    return fixed


def noun_verb(sent, lex: Lexicon) -> int:
    """Repair (6) of the module docstring on one sentence; the number of repairs."""
    fixed = 0
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.tag_ not in ("NN", "NNS"):
            continue
        subj = any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children)
        obj = any(c.dep_ in ("dobj", "obj") and c.i > tok.i for c in tok.children)
        if not (subj and obj) or not _verb_rule(tok, lex):
            continue
        tok.pos_, tok.tag_ = "VERB", "VBZ" if tok.tag_ == "NNS" else "VBP"
        fixed += 1
    return fixed


def adjective_object(sent, lex: Lexicon) -> int:
    """Repair (5) of the module docstring on one sentence; the number of repairs."""
    fixed = 0
    doc = sent.doc
    for adj in sent:
        if adj.dep_ != "pobj" or adj.pos_ != "ADJ" or adj.head.pos_ != "ADP" or adj.i + 1 >= sent.end:
            continue
        ger = doc[adj.i + 1]
        if ger.tag_ != "VBG" or ger.head.i == adj.i or adj.head.head.i == ger.i or \
                any(c.dep_ in ("dobj", "obj", "nsubj", "aux", "auxpass", "mark") for c in ger.children) or \
                any(c.i < ger.i for c in ger.children) or not violent_verb(ger, lex):
            continue
        prep = adj.head
        ger.head, ger.dep_ = prep, "pobj"
        adj.head, adj.dep_ = ger, "amod"
        fixed += 1
    return fixed


def means_clause(sent, lex: Lexicon) -> int:
    """Repair (4): "Rockets fired by Asaib Ahl al-Haq struck the embassy" read with "fired" as
    the main verb (and "al-Haq" as the subject of "struck", the name cut in two).  A root that
    is a bare past participle (or a past tense with a "by" agent) of a firing verb (``firing_verbs`` of the lexicon: fire, launch,
    plant …) with a noun subject before it and a "by" phrase, followed by a past-tense verb
    hung on it (conjunct, adverbial or complement clause) with nothing but the rest of the
    name between them, is re-read: the later verb is the root, the noun its subject, the
    participle the noun's modifier, and the words of a cut name join the "by" phrase's name."""
    v1 = sent.root
    if v1.tag_ not in ("VBN", "VBD") or _lemma(v1) not in lex.firing_verbs or \
            any(c.dep_ in ("aux", "auxpass", "cc", "neg") for c in v1.children):
        return 0
    subj = next((c for c in v1.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < v1.i), None)
    by = next((c for c in v1.children if c.dep_ in ("agent", "prep") and c.lower_ == "by" and c.i > v1.i), None)
    if subj is None or by is None or subj.pos_ not in ("NOUN", "PROPN"):
        return 0
    if v1.tag_ == "VBD" and by.dep_ != "agent":
        return 0  # a past tense with "by" is a participle only when the parser read "by" as its agent
    name = next((g for g in by.children if g.dep_ == "pobj"), None)
    v2 = next((c for c in v1.children if c.dep_ in ("conj", "advcl", "ccomp", "dep") and c.i > by.i
               and c.tag_ in ("VBD", "VBZ", "VBP")), None)
    if name is None or v2 is None:
        return 0
    cut = next((c for c in v2.children if c.dep_ == "nsubj" and c.i < v2.i), None)
    if any(c.dep_ in ("mark", "aux", "auxpass") for c in v2.children):
        return 0
    end = name.right_edge.i
    rest = list(sent.doc[end + 1:v2.i])
    if cut is not None:
        if cut.left_edge.i != end + 1 or cut.i != v2.i - 1 or \
                any(t.pos_ not in ("PROPN", "PUNCT") and t.tag_ != "NNP" for t in rest):
            return 0  # a subject of its own: two clauses indeed
        last = cut  # the name's last word heads it, under "by"
        last.head, last.dep_ = by, "pobj"
        for t in sent.doc[name.left_edge.i:last.i]:
            t.head = last
            if t.dep_ not in ("det", "punct", "amod"):
                t.dep_ = "compound"
    elif rest:
        return 0
    v2.head, v2.dep_ = v2, "ROOT"
    subj.head, subj.dep_ = v2, "nsubj"
    v1.head, v1.dep_ = subj, "acl"
    for c in [c for c in v1.children if c.i > v2.i or c.dep_ == "punct"]:
        c.head = v2
    return 1


def _verb_rules(tok, lex: Lexicon) -> list:
    """The lexicon's verb rules of a word, by lemma, form or stem (the tagger's lemma of a
    mis-tagged word is unreliable)."""
    keys = dict.fromkeys((_lemma(tok), tok.lower_, *_stems(tok)))
    return [r for k in keys for r in lex.rules.get(k, ()) if "VERB" in r.pos]


def _verb_rule(tok, lex: Lexicon) -> bool:
    """A word with a verb rule in the lexicon (any family)."""
    return bool(_verb_rules(tok, lex))


def violent_verb(tok, lex: Lexicon) -> bool:
    """A word one of whose one-word verb rules in the lexicon names an act of violence."""
    return any(len(r.lemmas) == 1 and lex.family(r.type) == "violence" for r in _verb_rules(tok, lex))


def _verbless_trigger(sent, lex: Lexicon):
    root = sent.root
    if root.pos_ not in ("NOUN", "PROPN"):
        return None
    for tok in sent:
        if tok.i >= root.i:
            return None
        if tok.tag_ not in ("VBD", "VBN") or tok.dep_ not in MODIFIER_DEPS or tok.head != root:
            continue
        if tok.i == sent.start:
            continue
        before = tok.doc[tok.i - 1]
        if before.pos_ not in ("PROPN", "NOUN") or before.head not in (root, tok):
            continue  # "the fired rockets": no subject before the word
        between = tok.doc[tok.i + 1:root.i]
        if any(t.dep_ not in OBJECT_PREMODIFIERS or t.head.i not in range(tok.i + 1, root.i + 1) for t in between):
            continue  # only the object's own modifiers may stand between ("fired two Katyusha rockets")
        if violent_verb(tok, lex):
            return tok
    return None


def verbless_clause(sent, lex: Lexicon) -> int:
    """Repair (1) of the module docstring on one sentence; 1 when repaired, else 0."""
    verb = _verbless_trigger(sent, lex)
    if verb is None:
        return 0
    root = sent.root
    subj = verb.doc[verb.i - 1]
    left = [c for c in root.children if c.i < verb.i and c != subj]
    right = [c for c in root.children if c.i > root.i and c.dep_ in ADVERBIAL_DEPS]
    verb.head = verb
    verb.dep_, verb.tag_, verb.pos_ = "ROOT", "VBD", "VERB"
    if _lemma(verb) not in lex.rules:  # the tagger's lemma of a modifier can be the form itself
        verb.lemma_ = next((s for s in _stems(verb) if s in lex.rules), _lemma(verb))
    subj.head, subj.dep_ = verb, "nsubj"
    root.head, root.dep_ = verb, "dobj"
    for c in left:
        if c.dep_ in ADVERBIAL_DEPS and c.dep_ != "punct":
            c.head = verb  # "On Monday, …": the clause's
        else:
            c.head = subj
            if c.dep_ not in ("det", "poss", "nummod", "punct"):
                c.dep_ = "compound"  # the rest of the name
    for c in right:
        c.head = verb
    return 1


def object_clause(sent, lex: Lexicon) -> int:
    """Repair (2) of the module docstring on one sentence; the number of repairs."""
    fixed = 0
    for verb in sent:
        if verb.pos_ != "VERB" or any(c.dep_ in ("dobj", "obj") for c in verb.children):
            continue
        for c in verb.children:
            if c.dep_ != "ccomp" or c.tag_ not in ("VBZ", "VBP") or not c.lower_.endswith("s") or c.i < verb.i:
                continue
            if any(g.dep_ in CLAUSE_MARKS for g in c.children) or _lemma(c) in lex.speech:
                continue
            subj = next((g for g in c.children if g.dep_ == "nsubj" and g.i < c.i), None)
            start = verb.i + 1 + (verb.doc[verb.i + 1].dep_ == "det" and verb.doc[verb.i + 1].head == c)
            if subj is None or subj.pos_ != "PROPN" or subj.left_edge.i != start or subj.i != c.i - 1:
                continue
            if not violent_verb(verb, lex):
                break
            c.dep_, c.tag_, c.pos_ = "dobj", "NNS", "NOUN"
            subj.dep_ = "compound"
            fixed += 1
            break
        else:
            fixed += _reduced_relative(verb, lex)
    return fixed


def _reduced_relative(verb, lex: Lexicon) -> int:
    """Repair (3): "struck weapons depots run by X" read as a clause ("depots" the subject of
    "run" under "struck"): the noun is the verb's object and the participle describes it."""
    for c in verb.children:
        if c.dep_ != "ccomp" or c.tag_ != "VBN" or c.i < verb.i or \
                any(g.dep_ in ("aux", "auxpass", "mark", "neg") for g in c.children):
            continue
        subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass") and g.i < c.i), None)
        if subj is None or subj.pos_ not in ("NOUN", "PROPN") or subj.i != c.i - 1:
            continue
        first = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        start = verb.i + 1 + (first is not None and first.dep_ == "det" and first.head == subj)
        if subj.left_edge.i != start or not violent_verb(verb, lex):
            continue
        subj.head, subj.dep_ = verb, "dobj"
        c.head, c.dep_ = subj, "acl"
        return 1
    return 0


__all__ = ["repair_parse", "verbless_clause", "object_clause", "violent_verb", "adjective_object", "noun_verb"]
