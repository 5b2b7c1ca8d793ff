"""Telegram channel exports (Telegram Desktop, "Export chat history", JSON) read as articles.

An export is one JSON object (``result.json``, whatever the file is called)::

    {"name": "Channel title", "type": "public_channel", "id": 1234567890,
     "messages": [{"id": 41, "type": "message", "date": "2023-10-18T21:04:12",
                   "date_unixtime": "1697663052", "text": "..." or ["...", {"type": "bold",
                   "text": "..."}, ...], "forwarded_from": "Other channel", "photo": "...", ...},
                  {"id": 42, "type": "service", "action": "pin_message", ...}]}

A whole-account export (``{"chats": {"list": [export, ...]}}``) is read chat by chat.  Each
message with text becomes one :class:`~sitrep.records.Article`:

- ``id``: ``<username>-<message id>`` when the export names the channel's public username,
  else ``tg<chat id>-<message id>`` (stable whatever the channel is renamed to);
- ``source``: the channel's name; ``published``: the message's date (YYYY-MM-DD, as written;
  ``date_unixtime`` in UTC when ``date`` is missing or unreadable; else the caller's fallback,
  and a message whose date cannot be read is kept and named in one W101 per chat); ``url``:
  ``https://t.me/<username>/<message id>`` when there is a username, else None;
- ``title``: the first line of the text, cut at a word before :data:`TITLE_CHARS`;
- ``text``: the text with its entities (bold, links, hashtags ...) flattened to their text;
- ``forwarded_from``: kept.

Skipped, and counted in one warning per export: service messages and messages without text
(media only, or no letters) with W105; messages not in English (see
:func:`sitrep.language.detect_language`: Arabic, Persian, Russian ...) with W106 naming each
language and how many.  A message that is not an object or has no id is a ReadFailure (E104)
and the rest of the export is read.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from .errors import InputError, warn
from .ingest import ReadFailure, guarded, make_article, normalise_date, valid_unicode
from .language import LANGUAGE_NAMES, detect_language
from .records import Article

# The chat types of Telegram Desktop exports.
CHAT_TYPES = frozenset({
    "public_channel", "private_channel", "public_supergroup", "private_supergroup", "private_group",
    "personal_chat", "bot_chat", "saved_messages",
})
TITLE_CHARS = 100
# Languages sitrep extracts; a message detected in another language is skipped (W106).
SUPPORTED_LANGUAGES = frozenset({"en"})
_USERNAME = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{3,31})")
_SHOWN_IDS = 5  # message ids named in a skip warning


def is_export(data: Any) -> bool:
    """True for a Telegram Desktop export: one chat (an object with a ``messages`` list and a
    chat ``type`` of :data:`CHAT_TYPES`, or a ``name`` and an ``id`` and no article ``text``) or
    a whole account (``{"chats": {"list": [...]}}``)."""
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("messages"), list):
        return data.get("type") in CHAT_TYPES or ("name" in data and "id" in data and "text" not in data)
    chats = data.get("chats")
    return isinstance(chats, dict) and isinstance(chats.get("list"), list)


def _chats(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if isinstance(data.get("messages"), list):
        yield data
        return
    for chat in data["chats"]["list"]:
        if isinstance(chat, dict) and isinstance(chat.get("messages"), list):
            yield chat


def message_text(value: Any) -> str:
    """The plain text of a message's ``text``: a string, or a list of strings and entity
    objects (``{"type": "bold", "text": "..."}``) joined in order; anything else is ''."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    parts = []
    for piece in value:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
            parts.append(piece["text"])
    return "".join(parts)


def title_of(text: str, limit: int = TITLE_CHARS) -> str | None:
    """The first non-empty line of ``text``, cut at a word boundary before ``limit`` characters
    (with '…'); None for a text without one."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if len(line) <= limit:
            return line
        cut = line[:limit].rsplit(" ", 1)[0] if " " in line[:limit] else line[:limit]
        return cut.rstrip(" ,;:-") + "\u2026"
    return None


def username_of(chat: dict[str, Any]) -> str | None:
    """The chat's public username when the export gives one (``"username": "name"`` or
    ``"@name"``; Telegram Desktop writes none, a user may add it), else None."""
    value = chat.get("username")
    if not isinstance(value, str):
        return None
    m = _USERNAME.fullmatch(value.strip())
    return m[1] if m else None


def message_date(message: dict[str, Any]) -> tuple[str | None, str | None]:
    """A message's date as (YYYY-MM-DD, None): its ``date`` as written (no time-zone shift),
    else, when that is missing or unreadable (``2024-13-45T00:00:00``), its ``date_unixtime``
    in UTC.  (None, what was written) when the message gives a date and none can be read (the
    caller warns W101); (None, None) when it gives none."""
    date, stamp = message.get("date"), message.get("date_unixtime")
    if isinstance(date, str) and date.strip():
        found = normalise_date(date)
        if found:
            return found, None
    stamp_text = "" if stamp is None or isinstance(stamp, bool) else str(stamp).strip()[:40]
    if stamp_text:
        try:
            return datetime.fromtimestamp(int(stamp_text), tz=timezone.utc).date().isoformat(), None
        except (ValueError, OverflowError, OSError):
            pass
    written = []
    if date is not None and not (isinstance(date, str) and not date.strip()):
        written.append(f"date {str(date).strip()[:40]!r}")
    if stamp_text:
        written.append(f"date_unixtime {stamp_text!r}")
    return None, (", ".join(written) or None)


def _message_id(message: dict[str, Any]) -> int | None:
    value = message.get("id")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _chat_key(chat: dict[str, Any], username: str | None) -> str:
    if username:
        return username
    chat_id = chat.get("id")
    if isinstance(chat_id, int) and not isinstance(chat_id, bool):
        return f"tg{chat_id}"
    return "telegram"


def articles_from_export(data: dict[str, Any], *, origin: str,
                         published: str | None = None) -> Iterator[Article | ReadFailure]:
    """Every message with English text of a Telegram export as an Article (see the module
    docstring); ``published`` is the fallback date of messages without one."""
    for chat in _chats(data):
        yield from _chat_articles(chat, origin=origin, published=published)


def _chat_articles(chat: dict[str, Any], *, origin: str,
                   published: str | None) -> Iterator[Article | ReadFailure]:
    name = chat.get("name") if isinstance(chat.get("name"), str) else None
    username = username_of(chat)
    key = valid_unicode(_chat_key(chat, username))
    source = (name or "").strip() or username
    where_chat = f"{origin} ({source})" if source else origin
    textless: list[int] = []
    service: list[int] = []
    foreign: dict[str, list[int]] = {}
    undated: list[tuple[int, str]] = []  # (message id, the date as written) of dates not read
    for number, message in enumerate(chat["messages"], start=1):
        where = f"{origin}#message{number}"
        if not isinstance(message, dict):
            yield ReadFailure(where, InputError(f"{where}: a message is not a JSON object", code="E104"))
            continue
        message_id = _message_id(message)
        if message_id is None:
            yield ReadFailure(where, InputError(f"{where}: a message without a numeric id", code="E104"))
            continue
        if message.get("type", "message") != "message":
            service.append(message_id)
            continue
        text = message_text(message.get("text"))
        guess = detect_language(text) if text.strip() else None
        if guess is None or guess.letters == 0:
            textless.append(message_id)
            continue
        if guess.code not in SUPPORTED_LANGUAGES:
            foreign.setdefault(guess.code, []).append(message_id)
            continue
        forwarded = message.get("forwarded_from")
        day, unread = message_date(message)
        if unread is not None:
            undated.append((message_id, unread))
        yield guarded(lambda: make_article(
            text, id=f"{key}-{message_id}", fallback_id=None, origin=origin,
            published=day, fallback_published=published,
            title=title_of(text), source=source,
            url=f"https://t.me/{username}/{message_id}" if username else None,
            language=guess.code,
            forwarded_from=forwarded.strip() or None if isinstance(forwarded, str) else None),
            f"{origin}#{message_id}")
    _warn_skipped(where_chat, service, textless, foreign)
    _warn_undated(where_chat, undated, published)
    if not chat["messages"]:
        yield ReadFailure(origin, InputError(f"{where_chat}: the Telegram export holds no messages", code="E101"))


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:_SHOWN_IDS])
    return f"ids {shown}{' ...' if len(ids) > _SHOWN_IDS else ''}"


def _warn_undated(where: str, undated: list[tuple[int, str]], published: str | None) -> None:
    """One W101 per chat for the posts kept although their date cannot be read."""
    if not undated:
        return
    kept = f"kept with the fallback date {published}" if published else "kept undated"
    warn("W101", f"{where}: cannot read the date of {len(undated)} message(s) "
                 f"({_ids([i for i, _ in undated])}; the first gives {undated[0][1]}); {kept}")


def _warn_skipped(where: str, service: list[int], textless: list[int], foreign: dict[str, list[int]]) -> None:
    if service or textless:
        parts = []
        if service:
            parts.append(f"{len(service)} service message(s) ({_ids(service)})")
        if textless:
            parts.append(f"{len(textless)} message(s) without text: media only or no words ({_ids(textless)})")
        warn("W105", f"{where}: skipped {' and '.join(parts)}")
    if foreign:
        counts = Counter({code: len(ids) for code, ids in foreign.items()})
        parts = [f"{n} in {LANGUAGE_NAMES.get(code, code)} [{code}] ({_ids(foreign[code])})"
                 for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        warn("W106", f"{where}: skipped {sum(counts.values())} message(s) in a language sitrep does not "
                     f"extract yet: {'; '.join(parts)}")


__all__ = ["is_export", "articles_from_export", "message_text", "message_date", "title_of", "username_of",
           "CHAT_TYPES", "TITLE_CHARS", "SUPPORTED_LANGUAGES"]
