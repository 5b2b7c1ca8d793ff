"""Telegram Desktop channel exports read as articles (issue 10 §6): sitrep.telegram and
sitrep.language, through the .json reader of sitrep.ingest."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.ingest import ReadFailure, articles_from_json, read_inputs, sniff_kind
from sitrep.language import detect_language
from sitrep.records import Article, Extraction, extraction_from_dict
from sitrep.telegram import is_export, message_text, title_of, username_of

ARABIC = "قصفت طائرة مسيرة موقعا للفصائل المسلحة قرب الحدود صباح اليوم وأدى القصف إلى مقتل ثلاثة عناصر"
PERSIAN = "پهپادها امروز صبح یک پایگاه نظامی را در نزدیکی مرز هدف قرار دادند و چند نفر کشته شدند"
RUSSIAN = "Беспилотник атаковал склад топлива ночью, погибли два охранника, сообщили местные власти"
UKRAINIAN = "Безпілотник атакував склад пального вночі, загинули двоє охоронців, повідомила місцева влада"
ENGLISH = "A drone struck a fuel depot near the border crossing on Tuesday night, killing two guards."


def export(messages: list, **chat) -> dict:
    return {"name": "Border Watch", "type": "public_channel", "id": 1500012345, **chat, "messages": messages}


def message(mid: int, text, **fields) -> dict:
    return {"id": mid, "type": "message", "date": "2023-10-18T21:04:12", "date_unixtime": "1697663052",
            "from": "Border Watch", "from_id": "channel1500012345", "text": text,
            "text_entities": [], **fields}


def read(data: dict, tmp_path: Path, name: str = "result.json") -> tuple[list[Article], list[ReadFailure]]:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    items = list(read_inputs([path]))
    return [x for x in items if isinstance(x, Article)], [x for x in items if isinstance(x, ReadFailure)]


def test_telegram_message_becomes_article_with_its_fields(tmp_path):
    data = export([message(41, ENGLISH + "\nSecond line.", forwarded_from="Frontline Daily")])
    (art,), failures = read(data, tmp_path)
    assert not failures
    assert art.id == "tg1500012345-41" and art.source == "Border Watch"
    assert art.published == "2023-10-18" and art.url is None
    assert art.title == ENGLISH and art.text == ENGLISH + "\nSecond line."
    assert art.forwarded_from == "Frontline Daily" and art.language == "en"
    assert art.meta()["forwarded_from"] == "Frontline Daily"


def test_telegram_username_gives_url_and_id(tmp_path):
    (art,), _ = read(export([message(7, ENGLISH)], username="@border_watch"), tmp_path)
    assert art.id == "border_watch-7" and art.url == "https://t.me/border_watch/7"


@pytest.mark.parametrize("text, expected", [
    ("plain", "plain"),
    (["Drone strike on ", {"type": "bold", "text": "Ridgeport"}, " depot ",
      {"type": "hashtag", "text": "#breaking"}, " ", {"type": "text_link", "text": "video", "href": "https://x"}],
     "Drone strike on Ridgeport depot #breaking video"),
    ([1, None, {"type": "bold"}, "kept"], "kept"),
    (None, ""),
    ({"text": "x"}, ""),
])
def test_telegram_message_text_flattens_entities(text, expected):
    assert message_text(text) == expected


def test_telegram_entity_list_text_is_read_in_order(tmp_path):
    text = ["Rebels shelled ", {"type": "bold", "text": "Ridgeport"}, " on Monday, officials said."]
    (art,), _ = read(export([message(3, text)]), tmp_path)
    assert art.text == "Rebels shelled Ridgeport on Monday, officials said."


def test_telegram_service_and_media_only_messages_are_counted_in_w105(tmp_path, capsys):
    data = export([
        {"id": 1, "type": "service", "date": "2023-10-18T20:00:00", "actor": "Border Watch", "action": "pin_message"},
        message(2, "", photo="(File not included. Change data exporting settings to download.)"),
        message(3, [], file="video.mp4"),
        message(4, "\U0001f525\U0001f525 12:30"),
        message(5, ENGLISH),
    ])
    arts, failures = read(data, tmp_path)
    assert [a.id for a in arts] == ["tg1500012345-5"] and not failures
    err = capsys.readouterr().err
    assert "[W105]" in err and "1 service message(s) (ids 1)" in err
    assert "3 message(s) without text" in err and "ids 2, 3, 4" in err


@pytest.mark.parametrize("text, code", [(ARABIC, "ar"), (PERSIAN, "fa"), (RUSSIAN, "ru"), (UKRAINIAN, "uk")])
def test_telegram_message_not_in_english_is_skipped_with_w106(tmp_path, capsys, text, code):
    arts, failures = read(export([message(8, text), message(9, ENGLISH)]), tmp_path)
    assert [a.id for a in arts] == ["tg1500012345-9"] and not failures
    err = capsys.readouterr().err
    assert "[W106]" in err and f"[{code}] (ids 8)" in err


def test_telegram_w106_counts_each_language(tmp_path, capsys):
    read(export([message(i, ARABIC) for i in range(1, 8)] + [message(20, PERSIAN)]), tmp_path)
    err = capsys.readouterr().err
    assert "skipped 8 message(s)" in err and "7 in Arabic [ar] (ids 1, 2, 3, 4, 5 ...)" in err
    assert "1 in Persian [fa]" in err


def test_telegram_english_post_with_arabic_hashtag_stays_english(tmp_path):
    text = ["Drone strike hits depot near the border, two guards killed ",
            {"type": "hashtag", "text": "#المقاومة_الإسلامية_في_العراق"}]
    (art,), _ = read(export([message(5, text)]), tmp_path)
    assert art.language == "en"


def test_telegram_bilingual_post_is_kept_as_english():
    assert detect_language(ENGLISH + "\n\n" + ARABIC).code == "en"


@pytest.mark.parametrize("text, code", [
    (ARABIC, "ar"), (PERSIAN, "fa"), (RUSSIAN, "ru"), (UKRAINIAN, "uk"), (ENGLISH, "en"),
    ("שני רקטות נורו לעבר העיר הבוקר", "he"), ("", "und"), ("12:30 !!", "und"),
    (ENGLISH + " #" + "حشد" * 50 + " https://t.me/" + "ا" * 200, "en"),
    (ARABIC + " Ain al-Asad", "ar"),
])
def test_language_detect_by_script(text, code):
    assert detect_language(text).code == code


def test_language_detect_is_deterministic_and_bounded():
    text = ARABIC * 5000  # about 500,000 characters: only the first SAMPLE_CHARS are read
    first = detect_language(text)
    assert first == detect_language(text) and first.code == "ar" and first.letters < 20_000


def test_telegram_export_is_known_by_content_whatever_its_name(tmp_path):
    data = export([message(1, ENGLISH)])
    arts, _ = read(data, tmp_path, name="channel-dump.json")
    assert [a.id for a in arts] == ["tg1500012345-1"]
    assert sniff_kind(json.dumps(data)) == "json"
    assert list(articles_from_json(json.dumps(data), origin="-"))[0].source == "Border Watch"


@pytest.mark.parametrize("data, expected", [
    (export([]), True),
    ({"name": "x", "id": 1, "messages": []}, True),
    ({"chats": {"list": [export([])]}}, True),
    ({"text": "an article", "messages": []}, False),
    ({"messages": [{"text": "x"}]}, False),
    ([export([])], False),
    ({"title": "a", "text": "b"}, False),
])
def test_telegram_is_export_by_shape(data, expected):
    assert is_export(data) is expected


def test_telegram_account_export_reads_every_chat(tmp_path):
    data = {"about": "", "chats": {"about": "", "list": [
        export([message(1, ENGLISH)]), export([message(1, ENGLISH.replace("two", "three"))], name="Other", id=77)]}}
    arts, _ = read(data, tmp_path)
    assert [(a.id, a.source) for a in arts] == [("tg1500012345-1", "Border Watch"), ("tg77-1", "Other")]


def test_telegram_bad_messages_are_coded_failures_and_the_rest_is_read(tmp_path):
    data = export(["not an object", {"type": "message", "text": ENGLISH}, message("x", ENGLISH), message(9, ENGLISH)])
    arts, failures = read(data, tmp_path)
    assert [a.id for a in arts] == ["tg1500012345-9"]
    assert [f.error.code for f in failures] == ["E104", "E104", "E104"]
    assert failures[0].origin.endswith("result.json#message1")


def test_telegram_empty_export_is_e101(tmp_path):
    _, (failure,) = read(export([]), tmp_path)
    assert failure.error.code == "E101"


def test_telegram_dates_fallbacks(tmp_path):
    msgs = [message(1, ENGLISH, date=""), message(2, ENGLISH, date="", date_unixtime="nonsense"),
            message(3, ENGLISH.replace("two", "six"), date="2023-02-30T10:00:00"),
            message(4, ENGLISH.replace("two", "ten"), date="2023-02-30T10:00:00", date_unixtime=None),
            message(5, ENGLISH.replace("two", "nine"), date=None, date_unixtime=None)]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export(msgs)), encoding="utf-8")
    arts = [x for x in read_inputs([path], published="2020-01-01") if isinstance(x, Article)]
    # an unreadable date falls back to date_unixtime (UTC), then to --published
    assert [a.published for a in arts] == ["2023-10-18", "2020-01-01", "2023-10-18", "2020-01-01", "2020-01-01"]


@pytest.mark.parametrize("fields, shown", [
    ({"date": "2024-13-45T00:00:00", "date_unixtime": None}, "date '2024-13-45T00:00:00'"),
    ({"date": None, "date_unixtime": "99999999999999"}, "date_unixtime '99999999999999'"),
    ({"date": "yesterday-ish", "date_unixtime": "soon"}, "date 'yesterday-ish', date_unixtime 'soon'"),
])
def test_telegram_unreadable_date_is_w101_and_the_post_kept_undated(tmp_path, capsys, fields, shown):
    arts, failures = read(export([message(7, ENGLISH, **fields), message(8, ENGLISH.replace("two", "six"))]),
                          tmp_path)
    assert [(a.id, a.published) for a in arts] == [("tg1500012345-7", None), ("tg1500012345-8", "2023-10-18")]
    assert failures == []
    err = capsys.readouterr().err
    assert err.count("[W101]") == 1
    assert f"cannot read the date of 1 message(s) (ids 7; the first gives {shown}); kept undated" in err


def test_telegram_unreadable_dates_are_one_w101_per_chat_naming_the_fallback(tmp_path, capsys):
    texts = [ENGLISH.replace("two", n) for n in ("one", "two", "three", "four", "five", "six", "seven")]
    msgs = [message(i, t, date="2024-13-45T00:00:00", date_unixtime=None) for i, t in enumerate(texts, start=1)]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export(msgs)), encoding="utf-8")
    arts = [x for x in read_inputs([path], published="2024-05-01") if isinstance(x, Article)]
    assert {a.published for a in arts} == {"2024-05-01"} and len(arts) == 7
    err = capsys.readouterr().err
    assert err.count("[W101]") == 1
    assert "(Border Watch): cannot read the date of 7 message(s) (ids 1, 2, 3, 4, 5 ...;" in err
    assert "kept with the fallback date 2024-05-01" in err


def test_telegram_message_without_any_date_is_not_warned(tmp_path, capsys):
    arts, _ = read(export([message(3, ENGLISH, date=None, date_unixtime=None)]), tmp_path)
    assert [a.published for a in arts] == [None]
    assert "W101" not in capsys.readouterr().err


@pytest.mark.parametrize("text, expected", [
    ("Short title\nbody", "Short title"),
    ("\n\n  spaced   out  \nx", "spaced out"),
    ("word " * 40, ("word " * 20).strip() + "\u2026"),
    ("x" * 150, "x" * 100 + "\u2026"),
    ("   \n ", None),
])
def test_telegram_title_is_the_first_line_shortened(text, expected):
    assert title_of(text) == expected


@pytest.mark.parametrize("value, expected", [
    ("border_watch", "border_watch"), ("@border_watch", "border_watch"), ("bad name", None),
    ("ab", None), (12, None), (None, None),
])
def test_telegram_username_is_checked(value, expected):
    assert username_of({"username": value}) == expected


def test_telegram_forwarded_from_survives_the_contract():
    art = Article(id="a", text="x", forwarded_from="Frontline Daily")
    back = extraction_from_dict(Extraction(article=art).to_dict(), text="x")
    assert back.article.forwarded_from == "Frontline Daily"
    assert "forwarded_from" not in Article(id="b", text="y").meta()


def test_telegram_same_export_read_twice_keeps_ids(tmp_path):
    data = export([message(1, ENGLISH)])
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "result.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "result.json").write_text(json.dumps(data), encoding="utf-8")
    arts = [x for x in read_inputs([tmp_path]) if isinstance(x, Article)]
    assert [a.id for a in arts] == ["tg1500012345-1", "tg1500012345-1"]
