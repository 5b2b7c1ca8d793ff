"""Reading articles from every input form: plain text, HTML, JSON/JSONL, RSS and Atom, and
Telegram channel exports (read by :mod:`sitrep.telegram` from the .json path).

The stage turns inputs into :class:`sitrep.records.Article` records.  It never changes
the body it keeps (every later offset points into ``Article.text``); instead
:func:`find_excluded` marks the stretches that must create no records (pull quotes,
"[Related: ...]" lines, section headings, boilerplate).

One bad input never stops a batch: :func:`read_inputs` yields a :class:`ReadFailure`
(with a coded :class:`~sitrep.errors.SitrepError`) for it and goes on.
"""
from __future__ import annotations

import email.utils
import hashlib
import html as htmllib
import json
import os
import re
import stat
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from html.parser import HTMLParser
from typing import Any, TextIO

from .errors import FormatError, InputError, SitrepError, warn
from .records import Article


@dataclass(frozen=True)
class ReadFailure:
    """One input that could not be read; the batch goes on."""
    origin: str  # file path, "-", "path:line 7" (JSONL line) or "path#item3" (feed item)
    error: SitrepError


# --- file kinds ------------------------------------------------------------------------

KINDS_BY_EXTENSION = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
FEED_ROOTS = ("rss", "feed", "rdf:rdf", "rdf")
BINARY_SAMPLE = 8192
# The longest article text read (characters); a longer one is refused with E107 before any
# stage sees it (spaCy parses texts over its 1,000,000-character limit in pieces; see
# sitrep.pipeline.CHUNK_CHARS).
MAX_TEXT_CHARS = 2_000_000
_SURROGATE = re.compile(r"[\ud800-\udfff]")


# --- dates -----------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
                             + r"\.?,?\s+(\d{4})(?!\d)", re.I)
_MONTH_DAY_YEAR = re.compile(_MONTH + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)", re.I)
_PUBLISHED_ARG = re.compile(r"\d{4}-\d{2}-\d{2}")


def _ymd(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def normalise_date(value: str | None) -> str | None:
    """A date as written in metadata ('2021-07-05T10:00Z', '5 July 2021', 'July 5, 2021',
    'Mon, 05 Jul 2021 10:00:00 GMT') as YYYY-MM-DD, or None when none can be read.
    The calendar date is kept as the publisher wrote it (no time-zone shift)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    m = _ISO_DATE.search(text)
    if m:
        return _ymd(int(m[1]), int(m[2]), int(m[3]))
    m = _DAY_MONTH_YEAR.search(text)
    if m:
        return _ymd(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    m = _MONTH_DAY_YEAR.search(text)
    if m:
        return _ymd(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    return _rfc2822_date(text)


def _rfc2822_date(text: str) -> str | None:
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


def check_published(value: str | None) -> str | None:
    """Validate the fallback publication date given by the user (YYYY-MM-DD) or raise E201."""
    if value is None:
        return None
    if not _PUBLISHED_ARG.fullmatch(value.strip()) or not normalise_date(value):
        raise FormatError(f"invalid published date {value!r}: expected YYYY-MM-DD, e.g. 2021-07-05",
                          code="E201")
    return value.strip()


def _date_or_warn(value: Any, origin: str | None) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    found = normalise_date(str(value))
    if found is None:
        warn("W101", f"{origin or 'input'}: cannot read date {str(value)!r}; using the fallback date")
    return found


# --- ids and languages -----------------------------------------------------------------

def _normalise_for_id(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id_for(text: str) -> str:
    """Stable content id: "a" + 12 hex chars of the sha1 of the whitespace-normalised text."""
    digest = hashlib.sha1(_normalise_for_id(text).encode("utf-8")).hexdigest()
    return "a" + digest[:12]


def normalise_language(value: Any) -> str:
    """'en-US' -> 'en', 'English' -> 'en'; unknown or missing -> 'en'."""
    if not value or not str(value).strip():
        return "en"
    code = re.split(r"[-_\s]", str(value).strip().lower())[0]
    if 2 <= len(code) <= 3 and code.isalpha():
        return code
    return _language_by_name(str(value).strip()) or "en"


def _language_by_name(name: str) -> str | None:
    import pycountry  # only needed for the rare spelled-out language name
    try:
        lang = pycountry.languages.lookup(name)
    except LookupError:
        return None
    return getattr(lang, "alpha_2", None) or getattr(lang, "alpha_3", None)


def _clean_id(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def valid_unicode(value: str, origin: str | None = None) -> str:
    """``value`` with lone surrogates (``"\\ud800"`` escapes in JSON, which no encoder can write)
    replaced one for one by U+FFFD, so that lengths and offsets hold; W104 says so."""
    if not _SURROGATE.search(value):
        return value
    if origin is not None:
        warn("W104", f"{origin}: invalid Unicode (lone surrogate escapes) replaced by U+FFFD")
    return _SURROGATE.sub("\ufffd", value)


def make_article(text: str, *, id: str | None, fallback_id: str | None, origin: str | None,
                 published: str | None, fallback_published: str | None, **meta: Any) -> Article:
    """An Article from a reader's fields: E101 for no text, E107 over MAX_TEXT_CHARS; lone
    surrogates replaced (W104); ``meta``: title, source, url, language, forwarded_from."""
    if not text.strip():
        raise InputError(f"{origin or 'input'}: no article text", code="E101")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"{origin or 'input'}: article text of {len(text):,} characters is over the cap of "
                         f"{MAX_TEXT_CHARS:,}; split it into articles", code="E107")
    text = valid_unicode(text, origin or "input")
    id, fallback_id = (valid_unicode(v) if isinstance(v, str) else v for v in (id, fallback_id))
    meta = {k: valid_unicode(v) if isinstance(v, str) else v for k, v in meta.items()}
    return Article(
        id=id or fallback_id or article_id_for(text), text=text,
        title=meta.get("title") or None, source=meta.get("source") or None,
        url=real_url(meta.get("url")), published=published or fallback_published,
        language=normalise_language(meta.get("language")), origin=origin,
        excluded=find_excluded(text), forwarded_from=meta.get("forwarded_from") or None,
    )


# --- plain text ------------------------------------------------------------------------

HEADER_KEYS = {
    "title": "title", "headline": "title", "source": "source", "publisher": "source",
    "site": "source", "url": "url", "link": "url", "published": "published", "date": "published",
    "pubdate": "published", "published_at": "published", "language": "language",
    "lang": "language", "id": "id",
}
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z_ -]{0,30}?)\s*:\s*(.*)")


def _header_pair(line: str) -> tuple[str, str] | None:
    """('published', '5 July 2021') from 'Published: 5 July 2021'; keys are 1-3 words."""
    m = _HEADER_LINE.fullmatch(line.strip())
    if not m or len(m[1].split()) > 3:
        return None
    return m[1].strip().lower().replace(" ", "_").replace("-", "_"), m[2].strip()


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """Split an optional `key: value` header block (or `---` front matter) from the body.
    The block is the opening lines up to the first blank line, each `Key: value` with a key
    of 1-3 words, at least one of them a known key (title, source, url, published, date,
    language, id ...); other keys (author, tags ...) are ignored.  Returns the known fields
    and the body, exactly as given after the block."""
    lines = raw.split("\n")
    if lines and lines[0].strip() == "---":
        return _front_matter(lines)
    fields: dict[str, str] = {}
    offset = 0
    for line in lines:
        if not line.strip():
            break
        pair = _header_pair(line)
        if pair is None:
            return {}, raw
        fields.setdefault(*pair)
        offset += len(line) + 1
    else:
        return ({}, raw) if not fields else (_known(fields), "")
    if not any(k in HEADER_KEYS for k in fields):
        return {}, raw
    return _known(fields), _skip_blank_lines(raw, offset)


def _front_matter(lines: list[str]) -> tuple[dict[str, str], str]:
    fields: dict[str, str] = {}
    offset = len(lines[0]) + 1
    for line in lines[1:]:
        offset += len(line) + 1
        if line.strip() == "---":
            return _known(fields), _skip_blank_lines("\n".join(lines), offset)
        pair = _header_pair(line)
        if pair:
            fields.setdefault(pair[0], pair[1].strip("'\""))
    return {}, "\n".join(lines)


def _known(fields: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in fields.items():
        if key in HEADER_KEYS and value:
            out.setdefault(HEADER_KEYS[key], value)
    return out


def _skip_blank_lines(raw: str, offset: int) -> str:
    while offset < len(raw):
        end = raw.find("\n", offset)
        line = raw[offset:] if end < 0 else raw[offset:end]
        if line.strip() or end < 0:
            break
        offset = end + 1
    return raw[offset:] if offset < len(raw) else ""


def article_from_text(raw: str, *, id: str | None = None, origin: str | None = None,
                      published: str | None = None) -> Article:
    """Plain text, optionally opening with a header block of `key: value` lines (title,
    source, url, published or date, language, id) and a blank line.  ``Article.text`` is the
    body after the header block, exactly as given.  ``id`` is the fallback id (the input's
    own ``id`` header wins); ``published`` the fallback date."""
    header, body = split_header(raw)
    if not body.strip():
        what = "nothing left after the header block" if header else "empty or whitespace-only"
        raise InputError(f"{origin or 'input'}: {what}", code="E101")
    return make_article(
        body, id=_clean_id(header.get("id")), fallback_id=id, origin=origin,
        published=_date_or_warn(header.get("published"), origin), fallback_published=published,
        title=header.get("title"), source=header.get("source"), url=real_url(header.get("url")),
        language=header.get("language"))


# --- HTML ------------------------------------------------------------------------------

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
             "form", "button", "select", "option", "textarea", "iframe", "figcaption", "menu",
             "dialog", "object", "embed", "canvas", "head"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
             "source", "track", "wbr"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "pre", "li", "ul", "ol",
              "dl", "dd", "dt", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
              "br", "hr", "figure", "address", "body", "html"}
SKIP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu",
              "menubar", "alert", "alertdialog", "toolbar"}
# Words in a class or id that mark page furniture, not article text.
SKIP_CLASS_WORDS = {
    "nav", "navbar", "navigation", "menu", "share", "sharing", "social", "cookie", "cookies",
    "consent", "gdpr", "banner", "newsletter", "related", "comments", "comment", "advert",
    "advertisement", "ad", "ads", "promo", "subscribe", "subscription", "breadcrumb",
    "breadcrumbs", "footer", "sidebar", "popup", "modal", "masthead", "toolbar", "paywall",
    "byline", "caption", "recirculation", "trending", "outbrain", "taboola",
}
NEVER_SKIPPED_BY_CLASS = {"html", "body", "main", "article"}
PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate",
                  "publishdate", "publish-date", "date", "dc.date.issued", "dc.date",
                  "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published")


def _class_words(attrs: dict[str, str]) -> set[str]:
    words = set()
    for value in (attrs.get("class") or "", attrs.get("id") or ""):
        for token in value.lower().split():
            words.update(re.split(r"[-_]+", token))
    return words


def _is_furniture(tag: str, attrs: dict[str, str], use_classes: bool) -> bool:
    if tag in SKIP_TAGS or "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if (attrs.get("role") or "").lower() in SKIP_ROLES:
        return True
    return use_classes and tag not in NEVER_SKIPPED_BY_CLASS and bool(_class_words(attrs) & SKIP_CLASS_WORDS)


class _PageParser(HTMLParser):
    """Collects paragraphs of main text and page metadata in one pass."""

    def __init__(self, use_classes: bool = True):
        super().__init__(convert_charrefs=True)
        self.use_classes = use_classes
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, starts a skipped region, is main)
        self.open: dict[str, int] = {}  # how many of each tag the stack holds: an end tag is checked in O(1)
        self.skip = 0
        self.article_depth = 0
        self.main_depth = 0
        self.buffer: list[str] = []
        self.blocks: list[tuple[str, int]] = []  # (text, 2 in <article>, 1 in <main>, 0 else)
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.h1_parts: list[str] | None = None
        self.h1 = ""
        self.times: list[str] = []
        self.ld_json: list[str] = []
        self.in_title = False
        self.in_ld_json = False

    # tag events
    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k.lower(): (v or "") for k, v in attrs_list}
        self._note_metadata(tag, attrs)
        if tag in VOID_TAGS:
            if tag in ("br", "hr"):
                self._flush()
            return
        if tag in BLOCK_TAGS:
            self._flush()
        skipped = _is_furniture(tag, attrs, self.use_classes)
        is_main = tag == "main" or attrs.get("role") == "main"
        self.stack.append((tag, skipped, is_main))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.skip += skipped
        self.article_depth += tag == "article"
        self.main_depth += is_main
        if tag == "h1" and not self.h1:
            self.h1_parts = []

    def handle_startendtag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs_list)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS or not self.open.get(tag):  # (a scan of the stack here was quadratic)
            return
        if tag in BLOCK_TAGS:
            self._flush()
        while self.stack:
            open_tag, skipped, is_main = self.stack.pop()
            self.open[open_tag] -= 1
            self.skip -= skipped
            self.article_depth -= open_tag == "article"
            self.main_depth -= is_main
            self._close_special(open_tag)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.in_ld_json:
            self.ld_json.append(data)
        if self.h1_parts is not None:
            self.h1_parts.append(data)
            return  # the headline is the title, not part of the body
        if not self.skip:
            self.buffer.append(data)

    # helpers
    def _note_metadata(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and attrs.get("content"):
                self.meta.setdefault(key, attrs["content"].strip())
        elif tag == "time" and attrs.get("datetime"):
            self.times.append(attrs["datetime"])
        elif tag == "link" and "canonical" in (attrs.get("rel") or "").lower() and attrs.get("href"):
            self.meta.setdefault("canonical", attrs["href"].strip())
        elif tag == "html" and attrs.get("lang"):
            self.meta.setdefault("html:lang", attrs["lang"])
        elif tag == "title":
            self.in_title = True
        elif tag == "script" and "ld+json" in (attrs.get("type") or "").lower():
            self.in_ld_json = True

    def _close_special(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "script":
            self.in_ld_json = False
        elif tag == "h1" and self.h1_parts is not None:
            self.h1 = " ".join("".join(self.h1_parts).split())
            self.h1_parts = None

    def _flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text:
            where = 2 if self.article_depth > 0 else 1 if self.main_depth > 0 else 0
            self.blocks.append((text, where))

    def close(self) -> None:
        super().close()
        self._flush()

    def main_text(self) -> str:
        best = max((where for _, where in self.blocks), default=0)
        return "\n\n".join(text for text, where in self.blocks if where == best)


def _parse_page(html: str, use_classes: bool = True) -> _PageParser:
    parser = _PageParser(use_classes)
    parser.feed(html)
    parser.close()
    return parser


def html_to_text(html: str) -> str:
    """The readable text of an HTML page or fragment, paragraphs separated by blank lines;
    navigation, scripts, forms, share widgets and cookie banners dropped."""
    parser = _parse_page(html)
    text = parser.main_text()
    if not text.strip():  # class heuristics removed everything: keep only tag-based cleaning
        text = _parse_page(html, use_classes=False).main_text()
    return text


def _ld_json_fields(chunks: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in chunks:
        try:
            data = load_json(chunk)
        except ValueError:
            continue
        for node in _ld_nodes(data):
            for key in ("datePublished", "headline", "url"):
                if isinstance(node.get(key), str):
                    out.setdefault(key, node[key])
            publisher = node.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                out.setdefault("publisher", publisher["name"])
    return out


def _ld_nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_nodes(data.get("@graph") or [])


def _html_published(parser: _PageParser, ld: dict[str, str]) -> str | None:
    for key in PUBLISHED_META:
        if parser.meta.get(key):
            found = normalise_date(parser.meta[key])
            if found:
                return found
    for value in [ld.get("datePublished"), *parser.times]:
        found = normalise_date(value) if value else None
        if found:
            return found
    return None


def _html_title(parser: _PageParser, ld: dict[str, str]) -> str | None:
    title = " ".join("".join(parser.title_parts).split())
    for value in (parser.meta.get("og:title"), ld.get("headline"), parser.h1,
                  parser.meta.get("twitter:title"), title):
        if value and value.strip():
            return value.strip()
    return None


def _html_source(parser: _PageParser, ld: dict[str, str], title: str | None) -> str | None:
    """og:site_name, the JSON-LD publisher, or the site name after the headline in <title>."""
    site = parser.meta.get("og:site_name") or parser.meta.get("application-name") or ld.get("publisher")
    if site:
        return site
    page_title = " ".join("".join(parser.title_parts).split())
    if title and page_title.startswith(title) and page_title != title:
        suffix = re.sub(r"^\s*[|\u2013\u2014:-]\s*", "", page_title[len(title):])
        return suffix.strip() or None
    return None


def article_from_html(html: str, *, id: str | None = None, origin: str | None = None,
                      published: str | None = None) -> Article:
    """An HTML page: main text kept (paragraphs separated by blank lines), page furniture
    dropped; title, publication date, site name, canonical url and language from the page."""
    parser = _parse_page(html)
    body = parser.main_text() or _parse_page(html, use_classes=False).main_text()
    if not body.strip():
        raise InputError(f"{origin or 'input'}: the HTML page holds no article text", code="E101")
    ld = _ld_json_fields(parser.ld_json)
    title = _html_title(parser, ld)
    return make_article(
        body, id=None, fallback_id=id, origin=origin,
        published=_html_published(parser, ld), fallback_published=published,
        title=title, source=_html_source(parser, ld, title),
        url=parser.meta.get("og:url") or parser.meta.get("canonical") or ld.get("url"),
        language=parser.meta.get("html:lang") or parser.meta.get("og:locale"))


def _text_or_html(value: str) -> str:
    """Body text that may hold HTML (feeds, JSON dumps): HTML is stripped, plain text kept."""
    if re.search(r"<(p|div|br|span|a|b|i|em|strong|h[1-6]|ul|li|img|figure|blockquote)\b[^>]*>",
                 value, re.I):
        return html_to_text(value)
    return htmllib.unescape(value) if "&" in value else value


# --- JSON and JSONL --------------------------------------------------------------------

TEXT_FIELDS = ("text", "body", "content", "article", "full_text")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "date", "published_at", "publishedAt", "publish_date", "pubDate",
               "datePublished")
URL_PLACEHOLDERS = frozenset({"null", "none", "nil", "n/a", "na", "-", "unknown", "undefined"})


def real_url(value: str | None) -> str | None:
    """``value`` stripped, or None when it is empty or a placeholder ("null", "none", "-", ...).

    Article headers such as ``url: null`` are no URL: the readers keep None, and pages and exports
    of older knowledge bases show an empty cell instead of that text.
    """
    text = (value or "").strip()
    return None if not text or text.lower() in URL_PLACEHOLDERS else text


URL_FIELDS = ("url", "link")
SOURCE_FIELDS = ("source", "source_name", "publisher", "site")
LANGUAGE_FIELDS = ("language", "lang")


def _first(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if isinstance(value, dict):  # e.g. {"source": {"id": ..., "name": "Reuters"}}
            value = value.get("name") or value.get("title")
        if value not in (None, ""):
            return value
    return None


def article_from_record(record: Any, *, origin: str, where: str, fallback_id: str | None = None,
                        published: str | None = None) -> Article:
    """One JSON object (a JSONL line, a JSON array item or a whole .json file) as an Article;
    ``where`` names it in errors ("path:line 3")."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}", code="E104")
    text = _first(record, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: no 'text' or 'body' field with article text", code="E104")
    text = _text_or_html(text)
    if not text.strip():
        raise InputError(f"{where}: the text field holds no readable text", code="E104")
    return make_article(
        text, id=_clean_id(record.get("id")), fallback_id=fallback_id, origin=origin,
        published=_date_or_warn(_first(record, DATE_FIELDS), where), fallback_published=published,
        title=_str_or_none(_first(record, TITLE_FIELDS)),
        source=_str_or_none(_first(record, SOURCE_FIELDS)),
        url=real_url(_str_or_none(_first(record, URL_FIELDS))),
        language=_first(record, LANGUAGE_FIELDS))


def _str_or_none(value: Any) -> str | None:
    return str(value).strip() or None if isinstance(value, (str, int, float)) else None


def articles_from_jsonl(text: str, *, origin: str,
                        published: str | None = None) -> Iterator[Article | ReadFailure]:
    """One article per line (id, title, text or body, published or date, url, source,
    language; unknown fields ignored).  A bad line -> ReadFailure 'path:line N'."""
    found_any = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found_any = True
        where = f"{origin}:line {number}"
        try:
            record = load_json(line)
        except ValueError as exc:
            yield ReadFailure(where, InputError(f"{where}: not valid JSON ({exc})", code="E104"))
            continue
        yield guarded(lambda: article_from_record(record, origin=origin, where=where,
                                                   published=published), where)
    if not found_any:
        yield ReadFailure(origin, InputError(f"{origin}: empty JSONL file", code="E101"))


def articles_from_json(text: str, *, origin: str, published: str | None = None,
                       fallback_id: str | None = None) -> Iterator[Article | ReadFailure]:
    """A .json file: one object, an array of objects, JSON lines, or a Telegram Desktop export
    (known by its content, whatever the file's name: see :mod:`sitrep.telegram`)."""
    stripped = text.strip()
    try:
        data = load_json(stripped)
    except ValueError as exc:
        if stripped.startswith("{"):
            yield from articles_from_jsonl(text, origin=origin, published=published)
        else:
            yield ReadFailure(origin, InputError(f"{origin}: not valid JSON ({exc})", code="E104"))
        return
    from . import telegram  # imported here: the Telegram reader builds on this module
    if telegram.is_export(data):
        yield from telegram.articles_from_export(data, origin=origin, published=published)
        return
    if isinstance(data, list):
        for number, record in enumerate(data, start=1):
            where = f"{origin}#item{number}"
            yield guarded(lambda: article_from_record(record, origin=origin, where=where,
                                                       published=published), where)
        return
    yield guarded(lambda: article_from_record(data, origin=origin, where=origin,
                                               fallback_id=fallback_id, published=published), origin)


MAX_JSON_DEPTH = 200


def load_json(text: str) -> Any:
    """``json.loads`` for untrusted input: nesting deeper than MAX_JSON_DEPTH (checked in one
    linear pass before parsing, so the parser never recurses into a RecursionError) and numbers
    Python refuses (over 4,300 digits) raise ValueError, which readers turn into E104."""
    depth = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text)
    except RecursionError as exc:  # pragma: no cover - the depth check comes first
        raise ValueError("nested too deep") from exc


_JSON_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]', re.S)  # a whole string (skipped), or a bracket


def _json_depth(text: str) -> int:
    """Deepest bracket nesting of a JSON text, strings skipped (linear; malformed text gets a
    number too, and the parser then reports it)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0
    depth = deepest = 0
    for m in _JSON_TOKENS.finditer(text):
        ch = m.group()[0]
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def guarded(make: Any, where: str) -> Article | ReadFailure:
    """``make()``, or a ReadFailure for ``where`` when it raises a coded error or a reading error
    (RecursionError, OverflowError, ValueError, TypeError, UnicodeError -> E100)."""
    try:
        return make()
    except SitrepError as exc:
        return ReadFailure(where, exc)
    except (RecursionError, OverflowError, ValueError, TypeError, UnicodeError) as exc:
        return ReadFailure(where, InputError(f"{where}: cannot be read as an article "
                                             f"({type(exc).__name__}: {str(exc)[:200]})", code="E100"))


# --- RSS and Atom ----------------------------------------------------------------------

def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child_text(element: ET.Element, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            text = _element_text(child)
            if text and text.strip():
                return text.strip()
    return None


def _element_text(element: ET.Element) -> str:
    if (element.get("type") or "").lower() != "xhtml":
        return element.text or ""
    for node in element.iter():  # serialise XHTML content without namespace prefixes
        node.tag = _local(node.tag)
    return "".join(ET.tostring(child, encoding="unicode") for child in element)


def _entry_link(entry: ET.Element) -> str | None:
    for link in _children(entry, "link"):
        href = link.get("href")
        if href and (link.get("rel") or "alternate") == "alternate":
            return href.strip()
        if not href and link.text and link.text.strip():
            return link.text.strip()
    return None


def _feed_items(root: ET.Element) -> list[ET.Element]:
    if _local(root.tag) == "feed":
        return _children(root, "entry")
    channel = _children(root, "channel")
    items = _children(channel[0], "item") if channel else []
    return items or _children(root, "item")  # RSS 1.0 puts items beside the channel


def _feed_source(root: ET.Element) -> str | None:
    if _local(root.tag) == "feed":
        return _child_text(root, "title")
    channel = _children(root, "channel")
    return _child_text(channel[0], "title") if channel else None


def _feed_language(root: ET.Element) -> str | None:
    channel = _children(root, "channel")
    if channel:
        return _child_text(channel[0], "language")
    return root.get("{http://www.w3.org/XML/1998/namespace}lang")


def article_from_feed_item(item: ET.Element, *, origin: str, where: str, source: str | None,
                           language: str | None = None, published: str | None = None) -> Article:
    """One RSS <item> or Atom <entry> as an Article (body HTML stripped)."""
    raw_body = _child_text(item, "encoded", "content", "description", "summary")
    body = _text_or_html(raw_body) if raw_body else ""
    if not body.strip():
        raise InputError(f"{where}: feed item has no content, description or summary", code="E101")
    when = _child_text(item, "pubdate", "published", "date", "updated", "issued", "modified")
    return make_article(
        body, id=_clean_id(_child_text(item, "guid", "id")), fallback_id=None, origin=origin,
        published=_date_or_warn(when, where), fallback_published=published,
        title=_child_text(item, "title"), source=source, url=_entry_link(item),
        language=language)


def articles_from_feed(xml: str, *, origin: str,
                       published: str | None = None) -> Iterator[Article | ReadFailure]:
    """RSS 2.0 / 1.0 and Atom: each item or entry -> Article.  Malformed XML or a document
    that is not a feed -> one ReadFailure E105."""
    try:
        root = ET.fromstring(xml.lstrip("\ufeff"))
    except ET.ParseError as exc:
        line, column = exc.position
        yield ReadFailure(origin, InputError(
            f"{origin}: malformed XML feed at line {line}, column {column} ({exc})", code="E105"))
        return
    if _local(root.tag) not in ("rss", "feed", "rdf"):
        yield ReadFailure(origin, InputError(
            f"{origin}: XML root <{_local(root.tag)}> is not an RSS or Atom feed", code="E105"))
        return
    items = _feed_items(root)
    if not items:
        yield ReadFailure(origin, InputError(f"{origin}: the feed has no items", code="E101"))
    source, language = _feed_source(root), _feed_language(root)
    for number, item in enumerate(items, start=1):
        where = f"{origin}#item{number}"
        yield guarded(lambda: article_from_feed_item(item, origin=origin, where=where, source=source,
                                                      language=language, published=published), where)


# --- body cleaning ---------------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"(advertisements?|sponsored( content)?|read more( stories)?|share this( article| story| page)?|"
    r"share( on (facebook|twitter|x|whatsapp|linkedin))?|related( articles| stories| content| coverage)?|"
    r"continue reading|most read|recommended( for you)?|also read|see also|more on this story|"
    r"skip (to main content|advertisement)|listen to this article|"
    r"sign up( for our newsletter)?|subscribe( now)?)\W*", re.I)
_LINK_LINE = re.compile(r"(read more|read also|also read|related|see also|more on this|recommended|"
                        r"watch|listen)\s*[:|\u2013\u2014-]\s*\S.*", re.I)
_HEADING_SMALL_WORDS = {
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "vs", "via", "into", "over", "after", "amid", "its", "their", "is", "are",
}
_TERMINAL = (".", "!", "?", ":", ";", ",", '"', "\u201d", "'", "\u2019", ")", "\u2026")
_WORD = re.compile(r"[\w'\u2019-]+")
_TOKEN = re.compile(r"\w+")
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|\u2026")
# (?<!\s): a match starts only where a run of spaces starts (the leftmost match always did), so
# a long run of spaces is tried once, not from each of its characters (that was quadratic).
_ATTRIBUTION = re.compile(r"(?<!\s)\s+[\u2013\u2014-]{1,2}\s+(?=[A-Z])")
_PARAGRAPH_END = (".", "!", "?", '"', "\u201d", "'", "\u2019", ")", "]", ":", "\u2026")
MIN_REPEAT_TOKENS = 6
MIN_PIECE_TOKENS = 3


@dataclass(frozen=True)
class Unit:
    """A stand-alone stretch of the body: a paragraph (or a line, in texts without blank lines)."""
    start: int
    end: int
    text: str


def split_units(text: str) -> list[Unit]:
    """Paragraphs separated by blank lines; if the text has no blank line, its lines.  A
    heading or link line glued to the top (or a link line to the bottom) of a paragraph by
    a single line break is split off as a unit of its own."""
    separator = r"\n[ \t\r\f\v]*\n\s*" if re.search(r"\n[ \t\r\f\v]*\n", text) else r"\n\s*"
    units, position = [], 0
    for m in [*re.finditer(separator, text), None]:
        end = m.start() if m else len(text)
        unit = _trimmed(text, position, end)
        if unit:
            units.extend(_peel(text, unit))
        position = m.end() if m else len(text)
    return units


def _peel(text: str, unit: Unit) -> list[Unit]:
    lines = unit.text.split("\n")
    if len(lines) < 2:
        return [unit]
    first, second, last = lines[0].strip(), lines[1].strip(), lines[-1].strip()
    glued_heading = (is_heading(first) and second[:1].isupper()
                     and len(first) < 0.6 * len(second))
    if is_link_line(first) or glued_heading:
        cut = unit.start + len(lines[0])
        head, rest = _trimmed(text, unit.start, cut), _trimmed(text, cut, unit.end)
        return [u for u in (head,) if u] + (_peel(text, rest) if rest else [])
    if is_link_line(last):
        cut = unit.end - len(lines[-1])
        body, tail = _trimmed(text, unit.start, cut), _trimmed(text, cut, unit.end)
        return (_peel(text, body) if body else []) + [u for u in (tail,) if u]
    return [unit]


def _trimmed(text: str, start: int, end: int) -> Unit | None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    start += len(chunk) - len(chunk.lstrip())
    return Unit(start, start + len(stripped), stripped)


# A coder's tag closing an event note, as ACLED notes end: "[size=no report]", "[women
# targeted: Girls]", "[disorder type: Political violence]" — metadata, not text.
_CODER_TAG = re.compile(r"\[[a-z][a-z /-]{1,40}(?::|=)[^\[\]\n]{0,200}\](?=\s*(?:\[|$))", re.M)


# The source tag closing a wire headline: "…: police", "… - website", "… -sources".
_HEADLINE_SOURCE = re.compile(  # (?<!\s) as in _ATTRIBUTION
    r"(?<!\s)\s*(?::|\s[-–—]|\s-(?=\w))\s*(?:(?:Iraqi|Syrian|Kurdish|local|security|medical|hospital|provincial|state|"
    r"military|army|police|government|U\.?S\.?|Pentagon|UN|rights)\s+)?"
    r"(?:police|officials?|sources?|website|TV|television|military|army|residents|witnesses|ministry|"
    r"statement|report|monitor|medics|spokesman|commander|agency|group|paper|governor|mayor|Pentagon|UN|"
    r"U\.S\.(?: military)?|coalition|Reuters|AFP|AP)(?:\s*,\s*\w+(?:\s\w+)?)?\s*$", re.I)


def find_excluded(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` that must create no records: pull quotes (a paragraph repeating a
    sentence found elsewhere), stand-alone bracketed "[Related: ...]" lines, section headings,
    boilerplate lines ("Advertisement", "Read more", "Share this"), the coder's tags that
    close an event note ("[size=no report]", "[women targeted: Girls]") and the source tag that
    closes a wire headline ("…: police", "… - website").  Never a one-line
    paragraph that ends with a period and is not a repeat."""
    tags = [(m.start(), m.end()) for m in _CODER_TAG.finditer(text)]
    line = text.strip()
    if line and "\n" not in line and line[-1] not in ".!?" and len(line) < 200:
        m = _HEADLINE_SOURCE.search(text)
        if m and m.start() > 0:
            tags.append((m.start() + len(m.group()) - len(m.group().lstrip()), m.end()))
    units = split_units(text)
    if len(units) < 2:
        return tuple(tags)
    folded = [fold(u.text) for u in units]
    spans = list(tags)
    for i, unit in enumerate(units):
        if (is_link_line(unit.text) or is_pull_quote(i, units, folded)
                or _is_heading_in_context(i, units)):
            spans.append((unit.start, unit.end))
    return tuple(spans)


def is_link_line(line: str) -> bool:
    """'[Read more: ...]', 'Related: ...', 'Advertisement', 'Share this' standing alone."""
    s = line.strip()
    if "\n" in s:
        return False
    if s.startswith("[") and s.endswith("]"):
        return True
    if _BOILERPLATE.fullmatch(s):
        return True
    return bool(_LINK_LINE.fullmatch(s)) and len(s.split()) <= 25


def is_heading(line: str) -> bool:
    """A short stand-alone heading: <= 10 words, no sentence-final period, and mostly
    Capitalised words (or ALL CAPS), a markdown '#' heading, a short question, a date stamp,
    or a Capitalised label ending with a colon.  Sentence-case lines are kept: they are
    more often real sentences missing a period than headings."""
    s = line.strip()
    if "\n" in s or not s:
        return False
    if s.startswith("#"):
        return len(s.split()) <= 15
    words = _WORD.findall(s)
    if not words or len(words) > 10 or s.endswith("."):
        return False
    if s.endswith("?"):
        return True
    if len(words) <= 8 and normalise_date(s):
        return True  # a stand-alone date stamp: "31 December 2019", "Updated: 5 July 2021 10:32"
    if not s[0].isupper():
        return False
    if s.endswith(":"):
        return len(words) <= 5 and _capitalised_share(words) >= 0.6  # "Key Findings:"
    if s.endswith(_TERMINAL):
        return False
    return _capitalised_share(words) >= 0.6


def _capitalised_share(words: list[str]) -> float:
    content = [w for w in words if w.lower() not in _HEADING_SMALL_WORDS] or words
    return sum(1 for w in content if w[0].isupper() or w[0].isdigit()) / len(content)


def _is_heading_in_context(i: int, units: list[Unit]) -> bool:
    """A heading candidate must stand between complete paragraphs: the unit before it
    ends a sentence (or is itself a heading/link line) and the next one starts a new one."""
    if not is_heading(units[i].text):
        return False
    before = units[i - 1].text if i > 0 else ""
    after = units[i + 1].text if i + 1 < len(units) else ""
    before_ok = (not before or before.rstrip().endswith(_PARAGRAPH_END)
                 or is_heading(before) or is_link_line(before))
    after_ok = not after or not after[0].islower()
    return before_ok and after_ok


@dataclass(frozen=True)
class Folded:
    """A unit's words, case- and quote-folded, as ' w1 w2 ... ' for whole-word containment."""
    words: str
    count: int

    def __contains__(self, other: Folded) -> bool:
        return other.words in self.words


def fold(text: str) -> Folded:
    folded = unicodedata.normalize("NFKC", text).replace("\u2019", "'").lower()
    tokens = _TOKEN.findall(folded)
    return Folded(f" {' '.join(tokens)} ", len(tokens))


def _quote_pieces(text: str) -> list[Folded]:
    """The pieces of a pull quote that must be found elsewhere: the quote without a trailing
    '- Name, title' attribution, split at ellipses."""
    parts = _ATTRIBUTION.split(text.strip(), maxsplit=1)
    quote = parts[0] if len(parts) == 2 and fold(parts[1]).count <= 8 else text
    pieces = [fold(piece) for piece in _ELLIPSIS.split(quote)]
    return [piece for piece in pieces if piece.count >= MIN_PIECE_TOKENS]


def is_pull_quote(i: int, units: list[Unit], folded: list[Folded]) -> bool:
    """Unit i repeats text found elsewhere: inside a longer paragraph (which is the original,
    wherever it stands) or as an identical earlier paragraph."""
    mine = folded[i]
    if mine.count < MIN_REPEAT_TOKENS:
        return False
    for j, other in enumerate(folded):
        if j == i:
            continue
        if other == mine:
            if j < i:
                return True
        elif other.count > mine.count and mine in other:
            return True
    return _repeats_in_pieces(i, units, folded)


def _repeats_in_pieces(i: int, units: list[Unit], folded: list[Folded]) -> bool:
    pieces = _quote_pieces(units[i].text)
    size = sum(p.count for p in pieces)
    if size < MIN_REPEAT_TOKENS or (len(pieces) == 1 and pieces[0] == folded[i]):
        return False  # too short, or nothing trimmed (the whole-unit check already failed)
    return any(all(piece in other for piece in pieces)
               for j, other in enumerate(folded) if j != i and other.count > size)


# --- bytes to text ---------------------------------------------------------------------

BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def decode_bytes(data: bytes, origin: str) -> str:
    """Bytes as text: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; line endings
    normalised to \\n.  Empty -> E101, binary -> E102, invalid UTF-8 -> E103 (with offset)."""
    if not data.strip():
        raise InputError(f"{origin}: empty or whitespace-only file", code="E101")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked_text(_decode(data[len(bom):], encoding, origin, len(bom)), origin)
    if _looks_utf16_without_bom(data):
        raise InputError(f"{origin}: looks like UTF-16 text without a byte-order mark; "
                         f"re-save the file as UTF-8", code="E103")
    if _looks_binary(data):
        raise InputError(f"{origin}: binary data, not text (NUL or control bytes)", code="E102")
    return _checked_text(_decode(data, "utf-8", origin, 0), origin)


def _decode(data: bytes, encoding: str, origin: str, skipped: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = skipped + exc.start
        line = data[:exc.start].count(b"\n") + 1 if encoding == "utf-8" else None
        where = f"byte offset {offset}" + (f" (line {line})" if line else "")
        bad = data[exc.start:exc.start + 1].hex()
        raise InputError(f"{origin}: not valid {encoding.upper()}: bad byte 0x{bad} at {where}; "
                         f"re-save the file as UTF-8", code="E103") from exc


def _looks_utf16_without_bom(data: bytes) -> bool:
    sample = data[:BINARY_SAMPLE]
    if len(sample) < 8:
        return False
    halves = (sample[0::2], sample[1::2])
    return any(h.count(0) > 0.9 * len(h) for h in halves) and not all(h.count(0) for h in halves)


def _looks_binary(data: bytes) -> bool:
    sample = data[:BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls / len(sample) > 0.05


def _checked_text(text: str, origin: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise InputError(f"{origin}: binary data, not text (NUL characters)", code="E102")
    if not text.strip():
        raise InputError(f"{origin}: empty or whitespace-only file", code="E101")
    return text


# --- reading paths ---------------------------------------------------------------------

# What may come before the root element of an XML or HTML document: the XML declaration and
# other processing instructions, comments, and a DOCTYPE with its internal subset (any length).
_PROLOG_ITEM = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE\s+([A-Za-z][\w:.-]*)[^\[>]*+(?:\[.*?\]\s*)?>)",
                          re.S | re.I)
_ROOT_TAG = re.compile(r"\s*<([A-Za-z][\w:.-]*)")
MAX_PROLOG_ITEMS = 1000


def sniff_kind(text: str) -> str:
    """'feed', 'xml', 'html', 'json' or 'text' from the content itself (for stdin, unknown
    names and to check a file's extension).  Markup is read past its prolog (XML declaration,
    comments, a DOCTYPE of any length) to its root element: rss, feed or rdf -> 'feed'; html
    or an HTML DOCTYPE -> 'html'; any other root after an XML declaration -> 'xml' (an XML
    document that is no feed, E105 when read); other markup -> 'html' (a fragment)."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")):
        return "json"
    if not head.startswith("<"):
        return "text"
    pos, doctype = 0, None
    for _ in range(MAX_PROLOG_ITEMS):
        m = _PROLOG_ITEM.match(head, pos)
        if not m or m.end() == pos:
            break
        doctype = (m.group(1) or "").lower() or doctype
        pos = m.end()
    root_match = _ROOT_TAG.match(head, pos)
    root = root_match[1].lower() if root_match else None
    if root in FEED_ROOTS:
        return "feed"
    if root == "html" or doctype == "html":
        return "html"
    if head.startswith("<?xml") and root:
        return "xml"
    return "html"


def kind_for_path(path: str) -> str | None:
    return KINDS_BY_EXTENSION.get(os.path.splitext(path)[1].lower())


def articles_from_content(text: str, kind: str, *, origin: str, stem: str | None,
                          published: str | None) -> Iterator[Article | ReadFailure]:
    """Dispatch decoded text of one input to the reader for its kind."""
    sniffed = sniff_kind(text) if kind in ("feed", "text") else kind
    if kind == "feed" and sniffed == "html":
        kind = "html"  # an .xml file holding XHTML
    elif kind == "text" and sniffed in ("feed", "xml"):
        kind = "feed"  # a feed (or another XML document: E105) saved with a .txt name
    elif kind == "text" and re.match(r"\s*<(!doctype\s+html|html)\b", text, re.I):
        kind = "html"  # a saved web page with a .txt name
    if kind in ("feed", "xml"):
        yield from articles_from_feed(text, origin=origin, published=published)
    elif kind == "jsonl":
        yield from articles_from_jsonl(text, origin=origin, published=published)
    elif kind == "json":
        yield from articles_from_json(text, origin=origin, published=published, fallback_id=stem)
    elif kind == "html":
        yield guarded(lambda: article_from_html(text, id=stem, origin=origin, published=published),
                       origin)
    else:
        yield guarded(lambda: article_from_text(text, id=stem, origin=origin, published=published),
                       origin)


def display_path(path: str) -> str:
    """``path`` as text any output can hold: a file name that is not valid UTF-8 (read by
    Python as lone surrogates) shows its bad bytes as ``\\xNN``."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def _read_file(path: str, published: str | None) -> Iterator[Article | ReadFailure]:
    origin = display_path(path)
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{origin}: not a regular file (FIFO, socket or device)", code="E100")
        with open(path, "rb") as handle:
            data = handle.read()
        text = decode_bytes(data, origin)
    except SitrepError as exc:
        yield ReadFailure(origin, exc)
        return
    except OSError as exc:
        yield ReadFailure(origin, InputError(f"{origin}: cannot be read ({exc.strerror or exc})", code="E100"))
        return
    kind = kind_for_path(path) or sniff_kind(text)
    stem = os.path.splitext(os.path.basename(origin))[0] or None
    yield from articles_from_content(text, kind, origin=origin, stem=stem, published=published)


def _read_stdin(stdin: TextIO | None, published: str | None) -> Iterator[Article | ReadFailure]:
    stream = stdin if stdin is not None else sys.stdin
    try:
        text = _stdin_text(stream)
    except SitrepError as exc:
        yield ReadFailure("-", exc)
        return
    except OSError as exc:
        yield ReadFailure("-", InputError(f"standard input cannot be read ({exc})", code="E100"))
        return
    yield from articles_from_content(text, sniff_kind(text), origin="-", stem=None, published=published)


def _stdin_text(stream: TextIO) -> str:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return decode_bytes(buffer.read(), "standard input")
    try:
        text = stream.read()
    except UnicodeDecodeError as exc:
        raise InputError(f"standard input is not valid UTF-8 at byte offset {exc.start}",
                         code="E103") from exc
    return _checked_text(text, "standard input")


NOT_ARTICLES = {"readme", "license", "licence", "changelog", "contributing", "authors", "notice"}


def _is_article_file(name: str) -> bool:
    return _skip_reason(name) is None


def _skip_reason(name: str) -> str | None:
    """Why a file found in a folder is not read (None: it is read)."""
    if name.startswith("."):
        return "hidden"
    if os.path.splitext(name)[0].lower() in NOT_ARTICLES:
        return "not an article (README, LICENSE ...; name the file to read it)"
    if kind_for_path(name) is None:
        ext = os.path.splitext(name)[1] or "no extension"
        return f"unknown kind ({ext}; known: {', '.join(sorted(KINDS_BY_EXTENSION))})"
    return None


def walk_inputs(directory: str) -> list[str]:
    """Files of known kinds under ``directory``, recursively, sorted; hidden files and
    directories skipped, and so are README/LICENSE/CHANGELOG files (name them to read them).
    See :func:`walk_tree` for what is skipped and why."""
    return walk_tree(directory)[0]


def walk_tree(directory: str) -> tuple[list[str], list[tuple[str, str]]]:
    """(files to read, [(path, reason skipped)]) under ``directory``, recursively, sorted.

    Skipped, with the reason: hidden files and folders, unknown extensions, README-like files,
    folders that cannot be read, broken symbolic links, and every symbolic link that leads out
    of ``directory`` (never followed) or to a folder (not followed: a link cycle or a second
    path to the same files).  A link to a file inside the tree is read once, as the file."""
    top = os.path.realpath(directory)
    prefix = top.rstrip(os.sep) + os.sep
    found: list[str] = []
    skipped: list[tuple[str, str]] = []
    folders = [directory]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skipped.append((folder, f"folder cannot be read ({exc.strerror or exc})"))
            continue
        subfolders = []
        for entry in entries:
            reason = None
            try:
                if entry.name.startswith("."):
                    reason = "hidden"
                elif entry.is_symlink():
                    real = os.path.realpath(entry.path)
                    if not os.path.exists(real):
                        reason = "broken symbolic link"
                    elif real != top and not real.startswith(prefix):
                        reason = "symbolic link out of the folder given (not followed)"
                    elif os.path.isdir(real):
                        reason = "symbolic link to a folder (not followed)"
                    else:
                        reason = _skip_reason(entry.name)
                elif entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                    continue
                else:
                    reason = _skip_reason(entry.name)
            except OSError as exc:
                reason = f"cannot be read ({exc.strerror or exc})"
            if reason:
                skipped.append((entry.path, reason))
            else:
                found.append(entry.path)
        folders.extend(reversed(subfolders))
    found.sort(key=lambda p: os.path.relpath(p, directory).split(os.sep))
    unique, seen = [], {}
    for path in found:  # a link inside the tree and its target: read once
        real = os.path.realpath(path)
        if real in seen:
            skipped.append((path, f"the same file as {display_path(seen[real])} (read once)"))
            continue
        seen[real] = path
        unique.append(path)
    return unique, skipped


def _read_path(path: str, published: str | None,
               stdin: TextIO | None) -> Iterator[Article | ReadFailure]:
    if path == "-":
        yield from _read_stdin(stdin, published)
    elif not os.path.exists(path):
        what = "is a broken symbolic link" if os.path.islink(path) else "does not exist"
        yield ReadFailure(path, InputError(f"{path}: input path {what}", code="E106"))
    elif os.path.isdir(path):
        files, skipped = walk_tree(path)
        for where, reason in skipped:
            warn("W103", f"{display_path(where)}: skipped: {reason}")
        if not files:
            yield ReadFailure(display_path(path), InputError(f"{display_path(path)}: directory holds no text, HTML, "
                                                             f"JSONL or feed files", code="E101"))
        for file in files:
            yield from _guarded_file(file, published)
    else:
        yield from _guarded_file(path, published)


def _guarded_file(path: str, published: str | None) -> Iterator[Article | ReadFailure]:
    """The articles of one file; an unexpected failure of a reader becomes a ReadFailure (E100)
    for that file and the batch goes on."""
    try:
        yield from _read_file(path, published)
    except Exception as exc:  # noqa: BLE001 - the guard of one input
        origin = display_path(path)
        yield ReadFailure(origin, InputError(f"{origin}: cannot be read ({type(exc).__name__}: "
                                             f"{str(exc)[:200]})", code="E100"))


def read_inputs(paths: Iterable[str | os.PathLike[str]], *, published: str | None = None,
                stdin: TextIO | None = None) -> Iterator[Article | ReadFailure]:
    """Every article of every path, in order.  A directory is walked recursively (sorted;
    known kinds only; hidden files skipped); "-" reads standard input (format sniffed).
    ``published`` (YYYY-MM-DD) is the fallback date for articles that carry none; an
    invalid value raises FormatError E201 at once."""
    fallback = check_published(published)
    return _read_all([os.fspath(p) for p in paths], fallback, stdin)


def _read_all(paths: list[str], published: str | None,
              stdin: TextIO | None) -> Iterator[Article | ReadFailure]:
    seen: dict[str, str] = {}  # article id -> content id, to keep ids unique in a batch
    for path in paths:
        for item in _read_path(path, published, stdin):
            yield _unique_id(item, seen) if isinstance(item, Article) else item


def _unique_id(article: Article, seen: dict[str, str]) -> Article:
    """The same id for a different text (two 'report.txt' in two folders) gets a content
    suffix and a W102 warning; the same article read twice keeps its id."""
    content = article_id_for(article.text)
    if seen.setdefault(article.id, content) == content:
        return article
    new_id = f"{article.id}-{content}"
    warn("W102", f"{article.origin}: article id {article.id!r} is already used by another "
                 f"input of this batch; using {new_id!r}")
    seen[new_id] = content
    return replace(article, id=new_id)


__all__ = [
    "ReadFailure", "read_inputs", "article_from_text", "article_from_html", "articles_from_jsonl",
    "articles_from_json", "articles_from_feed", "article_from_record", "find_excluded",
    "article_id_for", "normalise_date", "check_published", "html_to_text", "split_header",
    "decode_bytes", "sniff_kind", "walk_inputs", "split_units", "is_heading", "is_link_line",
    "make_article", "guarded", "valid_unicode", "real_url",
]


# A wire-style dateline opening the body: "BAGHDAD - ", "ERBIL, Iraq (Reuters) — ",
# "BASRA, June 7, 2022 (Wire) - " (a date, with or without its year, may follow the place).
_DATELINE = re.compile(r"\A\s*([A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3}(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?)"
                       r"(?:,?\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s*\d{4})?))?"
                       r"\s*(?:\([^)\n]{1,40}\)\s*)?[-–—]{1,2}\s")


def find_dateline(text: str) -> tuple[int, int, str] | None:
    """(start, end, place name) of a dateline at the start of a body, else None."""
    m = _DATELINE.match(text)
    if not m:
        return None
    return m.start(1), m.end(), m.group(1).split(",")[0].strip().title()


def dateline_date(text: str) -> str | None:
    """The date a body's dateline gives with its year ("BASRA, June 7, 2022 (Wire) - ") as
    YYYY-MM-DD, else None (no dateline, no date, or a date without a year)."""
    m = _DATELINE.match(text)
    return normalise_date(m["date"]) if m and m["date"] else None
