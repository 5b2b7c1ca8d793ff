"""Tests for sitrep.ingest: every input kind, the header block, body cleaning, ids and errors."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from sitrep.errors import FormatError, InputError
from sitrep.ingest import (
    ReadFailure, article_from_html, article_from_text, article_id_for, articles_from_feed,
    articles_from_json, articles_from_jsonl, find_excluded, normalise_date, read_inputs,
    sniff_kind,
)
from sitrep.records import Article

EXAMPLES = Path(__file__).parent / "examples" / "ingest"


def excluded_texts(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.excluded]


def excluded_of(text: str) -> list[str]:
    return [text[s:e] for s, e in find_excluded(text)]


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def split(items) -> tuple[list[Article], list[ReadFailure]]:
    items = list(items)
    return ([x for x in items if isinstance(x, Article)], [x for x in items if isinstance(x, ReadFailure)])


GOOD_TEXT = ("Two mortar rounds hit the perimeter of Balad air base on Tuesday, "
             "damaging a hangar, Iraqi security officials said.\n")


# --- plain text and the header block -----------------------------------------------------

def test_ingest_text_header_block_fields_and_body():
    raw = (EXAMPLES / "rocket-attack-erbil.txt").read_text(encoding="utf-8")
    art = article_from_text(raw, id="rocket-attack-erbil", origin="x.txt")
    assert art.title == "Rockets strike airbase hosting US troops near Erbil"
    assert art.source == "Example Wire"
    assert art.url == "https://news.example.org/iraq/erbil-rockets"
    assert art.published == "2021-03-03"
    assert art.language == "en"
    assert art.text == raw[raw.index("Three rockets struck"):]
    assert art.id == "rocket-attack-erbil" and art.origin == "x.txt"


def test_ingest_text_header_id_wins_over_file_stem():
    art = article_from_text("id: wire-77\ntitle: Balad shelling\n\n" + GOOD_TEXT, id="file-stem")
    assert art.id == "wire-77"
    assert art.text == GOOD_TEXT


def test_ingest_text_without_header_keeps_every_line():
    raw = "Baghdad: rockets hit the airport road overnight, police said.\n\nNo one was hurt.\n"
    art = article_from_text(raw)
    assert art.text == raw
    assert art.title is None and art.published is None


def test_ingest_text_header_with_unknown_keys_and_language_name():
    raw = ("Title: Balad shelling\nLast updated: 12 February 2020\nBy line: Desk\n"
           "Published at: Feb 11, 2020\nLanguage: English\n\n" + GOOD_TEXT)
    art = article_from_text(raw)
    assert (art.title, art.published, art.language, art.text) == (
        "Balad shelling", "2020-02-11", "en", GOOD_TEXT)


@pytest.mark.parametrize("raw", [
    "Breaking: rockets hit the airport road in Baghdad overnight\n\nNo one was hurt.\n",
    "Note: figures are provisional\nTitle case line: not a header because it follows a body line "
    "that has no known key at all and runs on for far too many words\n\nText.\n",
])
def test_ingest_text_lines_with_colons_are_not_a_header(raw):
    assert article_from_text(raw).text == raw


def test_ingest_text_front_matter():
    raw = "---\ntitle: 'Balad shelling'\ndate: 2020-02-11\nauthor: Desk\n---\n\n" + GOOD_TEXT
    art = article_from_text(raw)
    assert (art.title, art.published, art.text) == ("Balad shelling", "2020-02-11", GOOD_TEXT)


def test_ingest_text_header_only_is_e101():
    with pytest.raises(InputError) as info:
        article_from_text("title: Nothing here\npublished: 2021-01-01\n\n   \n", origin="h.txt")
    assert info.value.code == "E101" and "h.txt" in str(info.value)


@pytest.mark.parametrize("value, expected", [
    ("2021-07-05", "2021-07-05"),
    ("2021-07-05T23:10:00+03:00", "2021-07-05"),
    ("5 July 2021", "2021-07-05"),
    ("July 5, 2021", "2021-07-05"),
    ("Jul. 5th, 2021", "2021-07-05"),
    ("Mon, 05 Jul 2021 10:00:00 GMT", "2021-07-05"),
    ("Updated: Monday 5 July 2021 10.32 BST", "2021-07-05"),
    ("2021-02-30", None),
    ("last Tuesday", None),
    ("", None),
])
def test_ingest_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_ingest_unreadable_header_date_warns_and_uses_fallback(capsys):
    art = article_from_text("published: sometime soon\n\n" + GOOD_TEXT, published="2020-02-11")
    assert art.published == "2020-02-11"
    assert "W101" in capsys.readouterr().err


# --- published fallback --------------------------------------------------------------------

def test_ingest_published_fallback_only_for_articles_without_date(tmp_path):
    dated = write(tmp_path, "dated.txt", "published: 4 March 2021\n\n" + GOOD_TEXT)
    undated = write(tmp_path, "undated.txt", GOOD_TEXT)
    arts, fails = split(read_inputs([dated, undated], published="2021-06-01"))
    assert not fails
    assert [a.published for a in arts] == ["2021-03-04", "2021-06-01"]


@pytest.mark.parametrize("bad", ["05/07/2021", "2021-13-01", "July 5", "2021-7-5"])
def test_ingest_invalid_published_fallback_is_e201_at_once(bad):
    with pytest.raises(FormatError) as info:
        read_inputs(["whatever.txt"], published=bad)  # raised before any iteration
    assert info.value.code == "E201" and bad in str(info.value)


# --- HTML ----------------------------------------------------------------------------------

def test_ingest_html_main_text_and_metadata():
    html = (EXAMPLES / "embassy-protest.html").read_text(encoding="utf-8")
    art = article_from_html(html, id="embassy-protest", origin="p.html")
    assert art.title == "Protesters storm embassy compound in Baghdad"
    assert art.published == "2019-12-31"
    assert art.source == "Example Post"
    assert art.url == "https://post.example.com/world/baghdad-embassy"
    assert art.language == "en"
    paragraphs = art.text.split("\n\n")
    assert paragraphs[1].startswith("Hundreds of supporters of Iran-backed militias")
    assert "750 soldiers would be deployed to the region & more could follow." in art.text
    for furniture in ("cookies", "Accept all", "Politics", "Share on Twitter", "By A. Reporter",
                      "Smoke rises", "Militia leader vows", "Sign up", "rights reserved",
                      "dataLayer", "trackPageView", "font-family"):
        assert furniture not in art.text, furniture
    # the headline is the title, not body text; the section heading is kept but excluded
    assert not art.text.startswith("Protesters storm")
    assert excluded_texts(art) == ["31 December 2019", "Pentagon Sends Reinforcements"]


def test_ingest_html_without_article_element_and_ld_json_date():
    html = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",
     "headline": "Checkpoint attacked in Diyala", "datePublished": "2022-08-14T06:00:00Z"}]}
    </script></head><body><div class="menu">Home | World</div>
    <div><p>Gunmen attacked an army checkpoint in Diyala province overnight, killing two
    soldiers.</p><p>The army launched a search operation at dawn.</p></div></body></html>"""
    art = article_from_html(html)
    assert art.title == "Checkpoint attacked in Diyala"
    assert art.published == "2022-08-14"
    assert art.text == ("Gunmen attacked an army checkpoint in Diyala province overnight, killing "
                        "two soldiers.\n\nThe army launched a search operation at dawn.")
    assert re.fullmatch(r"a[0-9a-f]{12}", art.id)
    assert art.source is None


@pytest.mark.parametrize("head, source", [
    ("<title>Checkpoint attacked | Diyala Daily</title>", "Diyala Daily"),
    ("<title>Checkpoint attacked - Diyala Daily</title><meta property='og:title' "
     "content='Checkpoint attacked'>", "Diyala Daily"),
    ('<script type="application/ld+json">{"headline": "Checkpoint attacked", '
     '"publisher": {"@type": "Organization", "name": "Diyala Daily"}}</script>', "Diyala Daily"),
    ("<title>Checkpoint attacked</title>", None),
])
def test_ingest_html_source_name(head, source):
    html = (f"<html><head>{head}</head><body><h1>Checkpoint attacked</h1>"
            "<p>Gunmen attacked an army checkpoint in Diyala overnight.</p></body></html>")
    art = article_from_html(html)
    assert art.source == source and art.title == "Checkpoint attacked"


def test_ingest_saved_web_page_with_txt_name_is_read_as_html(tmp_path):
    path = write(tmp_path, "saved.txt", "<!DOCTYPE html><html><body><nav>Menu</nav>"
                                        "<p>Rockets hit Balad.</p></body></html>")
    (art,) = read_inputs([path])
    assert art.text == "Rockets hit Balad."


def test_ingest_html_class_heuristics_never_empty_the_page():
    html = ('<html><body><div class="layout-with-sidebar"><p>Security forces defused a car bomb '
            'near a market in Kirkuk on Friday.</p></div></body></html>')
    art = article_from_html(html)
    assert art.text == "Security forces defused a car bomb near a market in Kirkuk on Friday."


def test_ingest_html_with_no_text_is_e101():
    with pytest.raises(InputError) as info:
        article_from_html("<html><body><nav>Home</nav><script>x()</script></body></html>", origin="n.html")
    assert info.value.code == "E101"


# --- JSON and JSONL ------------------------------------------------------------------------

def test_ingest_jsonl_lines_bad_lines_reported_rest_go_on():
    path = str(EXAMPLES / "wire-batch.jsonl")
    items = list(articles_from_jsonl(Path(path).read_text(encoding="utf-8"), origin=path,
                                     published="2021-01-01"))
    arts, fails = split(items)
    assert [type(x).__name__ for x in items] == ["Article", "Article", "ReadFailure", "ReadFailure", "Article"]
    assert [f.origin for f in fails] == [f"{path}:line 3", f"{path}:line 4"]
    assert all(f.error.code == "E104" for f in fails)
    first, second, third = arts
    assert (first.id, first.source, first.published, first.title) == (
        "wire-0412", "Example Wire", "2021-05-06", "Drone hits Ain al-Asad base")
    assert second.id == article_id_for(second.text) and second.published == "2021-05-07"
    assert third.id == "416" and third.published == "2021-01-01"
    assert third.text == ("Gunmen shot dead an activist in Karbala on Sunday.\n\n"
                          "Police said the attackers fled on a motorbike.")
    assert all(a.origin == path for a in arts)


def test_ingest_json_array_and_single_object():
    array = '[{"text": "A drone hit a depot in Jurf al-Sakhar."}, 7, {"body": "Rockets hit Balad."}]'
    arts, fails = split(articles_from_json(array, origin="a.json", fallback_id="a"))
    assert [a.text for a in arts] == ["A drone hit a depot in Jurf al-Sakhar.", "Rockets hit Balad."]
    assert all(a.id != "a" for a in arts)  # several articles never reuse the file stem
    assert [(f.origin, f.error.code) for f in fails] == [("a.json#item2", "E104")]
    single, = articles_from_json('{"title": "T", "text": "Rockets hit Balad."}', origin="s.json",
                                 fallback_id="s")
    assert single.id == "s"


# --- RSS and Atom --------------------------------------------------------------------------

def test_ingest_rss_items():
    path = str(EXAMPLES / "militia-news.rss")
    items = list(articles_from_feed(Path(path).read_text(encoding="utf-8"), origin=path))
    arts, fails = split(items)
    first, second = arts
    assert first.id == "monitor-2020-0126"
    assert first.title == "Rocket attack on Baghdad Green Zone"
    assert first.url == "https://monitor.example.org/2020/01/green-zone"
    assert first.published == "2020-01-26"
    assert first.source == "Example Iraq Monitor"
    assert first.text == ("Five Katyusha rockets landed inside the Green Zone in Baghdad on Sunday, one "
                          "of them hitting a cafeteria of the US embassy.\n\nNo group claimed the attack.")
    assert second.published == "2020-06-26"
    assert second.text.startswith("Iraqi counter-terrorism forces arrested") and "<p>" not in second.text
    assert second.id == article_id_for(second.text)
    assert [(f.origin, f.error.code) for f in fails] == [(f"{path}#item3", "E101")]


def test_ingest_atom_entries():
    path = str(EXAMPLES / "coalition-updates.atom")
    arts, fails = split(articles_from_feed(Path(path).read_text(encoding="utf-8"), origin=path))
    assert not fails
    taji, qaim = arts
    assert (taji.id, taji.published, taji.url) == (
        "urn:example:coalition:2020-03-14", "2020-03-14", "https://coalition.example.mil/news/taji")
    assert taji.text.startswith("Around 25 rockets hit Camp Taji")
    assert qaim.published == "2020-03-19"
    assert qaim.text == ("The coalition handed over its base in al-Qaim to Iraqi security forces on "
                         "Thursday.\n\nThe transfer had been planned for months.")


@pytest.mark.parametrize("xml", [
    "<rss><channel><item><title>Open</title></channel></rss>",
    "<?xml version='1.0'?><catalog><book>Not a feed</book></catalog>",
])
def test_ingest_bad_feed_is_one_e105(xml):
    items = list(articles_from_feed(xml, origin="bad.rss"))
    assert len(items) == 1 and items[0].error.code == "E105" and "bad.rss" in str(items[0].error)


# --- body cleaning -------------------------------------------------------------------------

def test_ingest_cleaning_on_example_article():
    raw = (EXAMPLES / "rocket-attack-erbil.txt").read_text(encoding="utf-8")
    art = article_from_text(raw)
    assert excluded_texts(art) == [
        "Militia Claims Responsibility",
        "\"We will keep striking the occupier's bases until the last American soldier leaves Iraq\"",
        "[Read more: Drone attack hits Baghdad airport logistics hub]",
        "What Comes Next?",
    ]
    assert "Kurdish authorities closed the airport for several hours." not in excluded_texts(art)


def test_ingest_pull_quote_before_its_original_is_excluded():
    text = ("\u201cAny attack on our forces will be met with a decisive response\u201d\n\n"
            "The US defence secretary warned on Friday that \u201cany attack on our forces will be "
            "met with a decisive response\u201d, after a week of rocket fire on bases in Iraq.\n\n"
            "Two rockets landed near Ain al-Asad on Saturday.\n")
    assert excluded_of(text) == ["\u201cAny attack on our forces will be met with a decisive response\u201d"]


def test_ingest_pull_quote_with_attribution_and_repeated_paragraph():
    lead = "A drone packed with explosives crashed into a hangar at Erbil airport late on Saturday."
    text = (f"{lead}\n\n\"We will not accept the presence of foreign troops on Iraqi soil,\" the "
            "militia spokesman said, promising more attacks.\n\n"
            "\"We will not accept the presence of foreign troops on Iraqi soil\" \u2014 Militia spokesman\n\n"
            f"{lead}\n")
    found = excluded_of(text)
    assert found == ["\"We will not accept the presence of foreign troops on Iraqi soil\" \u2014 Militia spokesman",
                     lead]
    assert find_excluded(text)[-1][0] > text.index(lead)  # the later copy, not the first


@pytest.mark.parametrize("line", [
    "[Related: Iraq orders probe into Erbil drone strike]",
    "[Read more: Who are the militias firing at US bases?]",
    "Read more: US strikes militia depots on the Syrian border",
    "Advertisement",
    "Share this",
    "Background",
    "THE MILITIAS AND THE STATE",
    "Why Now?",
    "What does Tehran want from Baghdad?",
    "## Background to the attacks",
    "Updated 6 March 2021, 10:32 GMT",
    "Key Findings:",
])
def test_ingest_boilerplate_and_headings_are_excluded(line):
    text = f"{GOOD_TEXT}\n{line}\n\nThe base hosts troops of the international coalition.\n"
    assert excluded_of(text) == [line]


@pytest.mark.parametrize("line", [
    "Nobody was hurt.",
    "The Pentagon Said Nothing.",
    "Officials in Baghdad declined to comment on the attack, which came a day after the vote.",
    "Kataib Hezbollah denied any role in the attack, calling it a provocation by unnamed parties",
    "The statement said:",
    "No casualties were reported",
    "\u201cWe will respond at the time and place of our choosing,\u201d the spokesman said.",
])
def test_ingest_real_paragraphs_are_kept(line):
    text = f"{GOOD_TEXT}\n{line}\n\nThe base hosts troops of the international coalition.\n"
    assert excluded_of(text) == []


def test_ingest_heading_and_link_lines_glued_to_a_paragraph_are_split_off():
    text = (f"{GOOD_TEXT}\nThe Militia Response\nKataib Hezbollah said the strikes would not go "
            "unanswered and called on its fighters to prepare.\n"
            "Related: Iraq summons US charge d'affaires over border strikes\n\n"
            "The base hosts troops of the international coalition.\n")
    assert excluded_of(text) == ["The Militia Response",
                                 "Related: Iraq summons US charge d'affaires over border strikes"]


def test_ingest_hard_wrapped_paragraphs_are_not_split():
    text = (f"{GOOD_TEXT}\nUS Central Command Said the Attack on Ain al-Asad\n"
            "Air Base Wounded Several Contractors and One Soldier\n"
            "and that the damage to the runway was being assessed.\n\n"
            "The base hosts troops of the international coalition.\n")
    assert find_excluded(text) == ()


def test_ingest_hard_wrapped_text_without_blank_lines_is_kept():
    text = ("US Central Command said the attack on Ain al-Asad\n"
            "Air Base Wounded Several Contractors And One Soldier\n"
            "and that the damage was being assessed.\n")
    assert find_excluded(text) == ()


def test_ingest_cleaning_never_changes_text(tmp_path):
    raw = (EXAMPLES / "rocket-attack-erbil.txt").read_text(encoding="utf-8")
    art = article_from_text(raw)
    assert art.text in raw and all(0 <= s < e <= len(art.text) for s, e in art.excluded)


# --- ids -----------------------------------------------------------------------------------

def test_ingest_article_id_for_is_stable_and_whitespace_insensitive():
    one = article_id_for("Rockets hit  Balad\nair base.")
    assert re.fullmatch(r"a[0-9a-f]{12}", one)
    assert one == article_id_for("Rockets hit Balad air base.  ")
    assert one != article_id_for("Rockets hit Taji air base.")


def test_ingest_ids_stem_for_single_files_hash_for_stdin(tmp_path):
    path = write(tmp_path, "balad-shelling.txt", GOOD_TEXT)
    (from_file,) = read_inputs([path])
    (from_stdin,) = read_inputs(["-"], stdin=io.StringIO(GOOD_TEXT))
    assert from_file.id == "balad-shelling"
    assert from_stdin.id == article_id_for(GOOD_TEXT) and from_stdin.origin == "-"


def test_ingest_ids_stay_unique_in_a_batch(tmp_path, capsys):
    first = write(tmp_path, "a/report.txt", GOOD_TEXT)
    second = write(tmp_path, "b/report.txt", "Rockets hit Taji.\n")
    arts, _ = split(read_inputs([first, second, first]))
    assert [a.id for a in arts] == ["report", "report-" + article_id_for("Rockets hit Taji.\n"), "report"]
    assert "W102" in capsys.readouterr().err


# --- reading paths, stdin, encodings -------------------------------------------------------

def test_ingest_directory_walk_sorted_recursive_known_kinds(tmp_path):
    write(tmp_path, "b.txt", GOOD_TEXT)
    write(tmp_path, "a/z.md", "Rockets hit Taji.\n")
    write(tmp_path, "a/page.htm", "<p>A bomb exploded in Basra.</p>")
    write(tmp_path, ".hidden.txt", GOOD_TEXT)
    write(tmp_path, ".git/x.txt", GOOD_TEXT)
    write(tmp_path, "notes.pdf", "not an article")
    write(tmp_path, "README.md", "# Articles\n\nHow this folder is organised.\n")
    arts, fails = split(read_inputs([str(tmp_path)]))
    assert not fails
    assert [a.id for a in arts] == ["page", "z", "b"]
    (readme,) = read_inputs([str(tmp_path / "README.md")])  # named explicitly, it is read
    assert readme.id == "README"


def test_ingest_empty_directory_is_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    failure, article = read_inputs([str(tmp_path / "empty"), good])
    assert failure.error.code == "E101" and article.id == "good"


def test_ingest_stdin_sniffs_format():
    jsonl = '{"id": "s1", "text": "Rockets hit Taji."}\n{"id": "s2", "text": "A bomb hit Basra."}\n'
    arts, _ = split(read_inputs(["-"], stdin=io.StringIO(jsonl)))
    assert [a.id for a in arts] == ["s1", "s2"]
    assert sniff_kind("  <?xml version='1.0'?>\n<feed xmlns='x'>") == "feed"
    assert sniff_kind("<!DOCTYPE html><html>") == "html"
    assert sniff_kind("Rockets hit Taji.") == "text"


def test_ingest_stdin_bytes_invalid_utf8_is_e103():
    stream = io.TextIOWrapper(io.BytesIO(b"Rockets hit the caf\xe9 in Erbil."), encoding="utf-8")
    (failure,) = read_inputs(["-"], stdin=stream)
    assert failure.origin == "-" and failure.error.code == "E103"


@pytest.mark.parametrize("data, encoding", [
    ("\ufeff" + GOOD_TEXT, "utf-8"),
    ("\ufeff" + GOOD_TEXT, "utf-16-le"),
    ("\ufeff" + GOOD_TEXT, "utf-16-be"),
])
def test_ingest_bom_encodings(tmp_path, data, encoding):
    path = write(tmp_path, "bom.txt", data.encode(encoding))
    (art,) = read_inputs([path])
    assert art.text == GOOD_TEXT


def test_ingest_crlf_line_endings_normalised(tmp_path):
    path = write(tmp_path, "crlf.txt", b"title: Balad\r\n\r\nRockets hit Balad.\r\n\r\nNo one was hurt.\r\n")
    (art,) = read_inputs([path])
    assert (art.title, art.text) == ("Balad", "Rockets hit Balad.\n\nNo one was hurt.\n")


def _fifo(tmp_path: Path) -> str:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return str(path)


@pytest.mark.parametrize("make_bad, code, detail", [
    (lambda p: str(p / "missing.txt"), "E106", "does not exist"),
    (_fifo, "E100", "not a regular file"),
    (lambda p: str(EXAMPLES / "empty.txt"), "E101", "empty"),
    (lambda p: write(p, "blank.txt", "  \n\t\n"), "E101", "empty"),
    (lambda p: str(EXAMPLES / "scanned-page.txt"), "E102", "binary"),
    (lambda p: str(EXAMPLES / "latin1-report.txt"), "E103", "byte offset 68"),
    (lambda p: write(p, "broken.jsonl", "{not json}\n"), "E104", "line 1"),
    (lambda p: write(p, "broken.rss", "<rss><channel><item></rss>"), "E105", "malformed"),
])
def test_ingest_each_error_code_and_the_batch_goes_on(tmp_path, make_bad, code, detail):
    bad = make_bad(tmp_path)
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    items = list(read_inputs([bad, good]))
    assert len(items) == 2
    failure, article = items
    assert isinstance(failure, ReadFailure) and failure.error.code == code
    assert detail in str(failure.error) and os.path.basename(bad) in str(failure.error)
    assert isinstance(article, Article) and article.id == "good"


def test_ingest_utf16_without_bom_is_e103_with_a_hint(tmp_path):
    path = write(tmp_path, "utf16.txt", GOOD_TEXT.encode("utf-16-le"))
    (failure,) = read_inputs([path])
    assert failure.error.code == "E103" and "UTF-16" in str(failure.error)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_ingest_permission_denied_is_e100(tmp_path):
    bad = write(tmp_path, "secret.txt", GOOD_TEXT)
    os.chmod(bad, 0)
    (failure,) = read_inputs([bad])
    assert failure.error.code == "E100"


def test_ingest_example_directory_end_to_end():
    arts, fails = split(read_inputs([str(EXAMPLES)], published="2020-01-01"))
    assert sorted(f.error.code for f in fails) == ["E101", "E101", "E102", "E103", "E104", "E104"]
    ids = [a.id for a in arts]
    assert len(ids) == len(set(ids)) == 9
    assert "rocket-attack-erbil" in ids and "embassy-protest" in ids


@pytest.mark.parametrize("text, tags", [
    ("Gunmen attacked a bus near Kano. [size=no report]", ["[size=no report]"]),
    ("Soldiers detained two women in Goma. [women targeted: Women] [size=dozens]",
     ["[women targeted: Women]", "[size=dozens]"]),
    ("Militants attacked [what officials called] a base near Gao.", []),
])
def test_ingest_coder_tags_closing_a_note_are_excluded(text, tags):
    from sitrep.ingest import find_excluded
    assert [text[a:b] for a, b in find_excluded(text)] == tags


@pytest.mark.slow
def test_ingest_coder_tag_makes_no_event(extract):
    from sitrep.ingest import find_excluded
    text = "Soldiers detained two women in Goma. [women targeted: Women]"
    x = extract(text, excluded=find_excluded(text))
    assert [e.type for e in x.events] == ["arrest"]


@pytest.mark.parametrize("headline, tag", [
    ("Gunmen seize two villages near Hawija: police", ": police"),
    ("Twelve militants killed in Anbar raids - website", "- website"),
    ("Blasts kill six in Basra: police, medical sources", ": police, medical sources"),
    ("Army repels attack north of Baghdad", None),
])
def test_ingest_headline_source_tag_is_excluded(headline, tag):
    from sitrep.ingest import find_excluded
    found = [headline[a:b] for a, b in find_excluded(headline)]
    assert found == ([tag] if tag else [])
