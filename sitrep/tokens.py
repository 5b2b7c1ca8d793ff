"""Reading a parsed Doc cheaply: its text, sentences, a token's sentence and lemma, each built
once per document (spaCy rebuilds ``Doc.text``, ``Doc.sents``, ``Token.sent`` and the Token
objects of a Span on every access), shared by the actor, event and relation stages.
"""
from __future__ import annotations

import bisect

_LEMMAS: dict[int, str] = {}


def lemma(tok) -> str:
    """A token's lemma in lower case, read once per vocabulary entry (the hot path of every
    rule: a dict lookup on the lemma's hash instead of a string copy and lowering)."""
    key = tok.lemma
    found = _LEMMAS.get(key)
    if found is None:
        found = _LEMMAS[key] = tok.lemma_.lower()
    return found




def doc_text(doc) -> str:
    """A Doc's text, built once (``Doc.text`` joins every token again on each call)."""
    text = doc.user_data.get("sitrep_text")
    if text is None:
        text = doc.user_data["sitrep_text"] = doc.text
    return text


def sentences(doc) -> list:
    """A Doc's sentences, found once (each ``Doc.sents`` walks every token again)."""
    sents = doc.user_data.get("sitrep_sents")
    if sents is None:
        sents = doc.user_data["sitrep_sents"] = list(doc.sents)
    return sents


def sent_of(tok):
    """The sentence holding a token, from the Doc's sentences found once (``Token.sent`` walks
    the tokens around it to find the sentence's bounds on every call)."""
    doc = tok.doc
    starts = doc.user_data.get("sitrep_sent_starts")
    sents = sentences(doc)
    if starts is None:
        starts = doc.user_data["sitrep_sent_starts"] = [s.start for s in sents]
    return sents[bisect.bisect_right(starts, tok.i) - 1]


class TokenList:
    """A sentence whose tokens are made once: iterating a spaCy Span builds new Token objects
    every time, and a sentence is walked by many rules.  Iteration, ``len`` and indexing use the
    tokens made once; every other attribute is the Span's."""
    __slots__ = ("span", "tokens", "doc", "start", "end", "start_char", "end_char")

    def __init__(self, span):
        self.span = span
        self.tokens = list(span)
        self.doc, self.start, self.end = span.doc, span.start, span.end
        self.start_char, self.end_char = span.start_char, span.end_char

    def __iter__(self):
        return iter(self.tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, i):
        return self.tokens[i]

    def __getattr__(self, name):
        return getattr(self.span, name)


def span_text(span) -> str:
    """A Span's text (a sentence's), sliced from the Doc's text instead of rebuilt token by token."""
    return doc_text(span.doc)[span.start_char:span.end_char]
