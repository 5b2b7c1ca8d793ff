#!/usr/bin/env python3
"""Generate the hostile-input corpus (issue 10 §2) into a folder: ~90 inputs built to break a
reader or a stage (calendar-edge dates, deep JSON, huge texts, lone surrogates, bad file names,
pathological HTML, regex bombs, thousands of paragraphs, symlinks out of the tree, odd XML,
odd Telegram channel exports),
plus three good articles that must come out of the same batch.

Nothing here is committed as data: the tests call :func:`generate` on a temporary folder.

    python scripts/hostile_corpus.py DIR [--light]   # --light: leave out the inputs marked heavy

Each input is a :class:`Case`: its path, what must happen (``ok``: a clean extraction,
``error``: a coded error or warning, ``either``: one of the two) and whether it is ``heavy``
(megabytes of text: the tests run those in their own slow tests).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

GOOD = {
    "good-ridgeport.txt": (
        "title: Militia shells border town\npublished: 2023-04-12\n\n"
        "RIDGEPORT - Fighters of the Northern Valley Front shelled the border town of Ridgeport on "
        "Tuesday, killing three civilians, local officials said.\n\n"
        "The army said its artillery struck positions of the group near the river the next day.\n"),
    "good-harbour.txt": (
        "title: Drone strike on harbour depot\npublished: 2022-09-03\n\n"
        "A drone struck a fuel depot in the harbour district on Friday night, wounding two guards, "
        "the interior ministry said.\n\n"
        "No group claimed the attack. Police arrested four men on Saturday.\n"),
    "good-protest.txt": (
        "title: Protesters storm council\npublished: 2021-06-20\n\n"
        "Hundreds of protesters stormed the provincial council building on Sunday, demanding jobs and "
        "electricity. Security forces fired tear gas and wounded at least ten people.\n"),
}

SENTENCE = "Gunmen attacked a police checkpoint near the market on Monday, killing two officers."


@dataclass(frozen=True)
class Case:
    """One hostile input: ``path`` (bytes when the name is not valid UTF-8), ``expect`` (ok,
    error or either), ``heavy`` (megabytes: run in its own slow test), ``note`` (what it tests)."""
    name: str
    path: str | bytes
    expect: str
    heavy: bool = False
    note: str = ""


def _article(body: str, published: str | None = "2023-03-01") -> str:
    head = f"published: {published}\n\n" if published else ""
    return head + body + "\n"


def generate(root: str | os.PathLike[str], *, light: bool = False,
             repeat: int = 20_000) -> tuple[list[Case], list[str]]:
    """Write the corpus under ``root``/corpus (and an ``outside`` folder beside it that only
    symlinks reach).  Returns (hostile cases, paths of the good articles).  ``repeat``: how many
    times the regex bombs repeat their unit (20,000 by default; a quadratic regex hangs already
    at a few hundred, so the quick tests use fewer)."""
    root = Path(root)
    base = root / "corpus"
    outside = root / "outside"
    base.mkdir(parents=True, exist_ok=True)
    outside.mkdir(exist_ok=True)
    cases: list[Case] = []

    def put(name: str, content: str | bytes, expect: str, *, heavy: bool = False, note: str = "") -> None:
        if heavy and light:
            return
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8", "surrogatepass"))
        else:
            path.write_bytes(content)
        cases.append(Case(name, str(path), expect, heavy, note))

    good = []
    for name, text in GOOD.items():
        (base / name).write_text(text, encoding="utf-8")
        good.append(str(base / name))

    # --- calendar-edge publication dates (OverflowError in date arithmetic) ---------------
    rel = ("Rebels shelled the town yesterday and again on Sunday. The army vowed to respond tomorrow, "
           "next week and next month. Two days ago a bomb exploded; last year clashes killed 40 people. "
           "In three days talks resume; the ceasefire expires next year.")
    for day in ("0001-01-01", "0001-01-02", "9999-12-31", "9999-12-30", "0001-12-31", "9999-01-01"):
        put(f"dates/edge-{day}.txt", _article(rel, day), "either", note="relative dates at a calendar edge")
    put("dates/edge-0000.txt", _article(rel, "0000-01-01"), "either", note="year zero")
    put("dates/edge-10000.txt", _article(rel, "10000-01-01"), "either", note="five-digit year")
    put("dates/edge.json", json.dumps({"published": "9999-12-31", "text": rel}), "either")
    put("dates/edge.jsonl", json.dumps({"published": "0001-01-01T00:00:00Z", "text": rel}) + "\n", "either")
    put("dates/edge-feed.xml", "<rss><channel><title>T</title><item><title>x</title><pubDate>Fri, 31 Dec 9999 "
        f"23:59:59 GMT</pubDate><description>{rel}</description></item></channel></rss>", "either")
    put("dates/edge-meta.html", '<html><head><meta property="article:published_time" content="0001-01-01T00:00:00Z">'
        f"</head><body><p>{rel}</p></body></html>", "either")
    put("dates/edge-in-text.txt", _article("Fighting broke out on 31 December 9999 and on January 1, 0001; "
                                           "10000 years ago and 99999 days later the town fell. On 29 February "
                                           "2023 and on 31 April 2022 gunmen struck."), "either")

    # --- deep and odd JSON ----------------------------------------------------------------
    deep = 100_000
    put("json/deep-array.json", "[" * deep + "]" * deep, "error", note="RecursionError while reading")
    put("json/deep-object.json", '{"a":' * deep + "1" + "}" * deep, "error")
    put("json/deep-text.json", '{"text": ' + "[" * deep + "]" * deep + "}", "error")
    put("json/deep-unclosed.json", "[" * deep, "error")
    put("json/deep-line.jsonl", json.dumps({"text": SENTENCE}) + "\n" + "[" * deep + "]" * deep + "\n"
        + json.dumps({"text": SENTENCE.replace("Monday", "Friday")}) + "\n", "either",
        note="a deep line between two good lines")
    put("json/deep-ld.html", '<html><head><script type="application/ld+json">' + "[" * deep + "]" * deep
        + f"</script></head><body><p>{SENTENCE}</p></body></html>", "either")
    put("json/bigint.json", '{"id": ' + "9" * 5000 + f', "text": "{SENTENCE}"}}', "either")
    put("json/hugefloat.json", f'{{"id": 1e999999, "published": 1e999999, "text": "{SENTENCE}"}}', "either")
    put("json/nan.json", '{"text": NaN}', "error")
    put("json/text-list.json", '{"text": ["a", "b"]}', "error")
    put("json/text-number.json", '{"text": 12}', "error")
    put("json/top-string.json", '"just a string"', "error")
    put("json/top-null.json", "null", "error")
    put("json/mixed-array.json", json.dumps([1, "x", None, {"text": SENTENCE}]), "either")
    put("json/fields-odd.json", json.dumps({"text": SENTENCE, "id": {"x": 1}, "title": ["t"], "published": [1],
                                            "source": {"name": None}, "language": 12345, "url": 7}), "either")

    # --- Unicode: lone surrogates, controls, odd characters --------------------------------
    put("unicode/surrogate-text.jsonl", '{"text": "Rebels \\ud800 shelled the town on Monday."}\n', "either",
        note="lone surrogate: UnicodeEncodeError in the article id")
    put("unicode/surrogate-id.jsonl", '{"id": "\\udfff", "text": "Rebels shelled the town on Monday."}\n', "either")
    put("unicode/surrogate-title.json", '{"title": "\\ud83d", "source": "\\udc00", "text": "Rebels shelled '
        'the town on Monday."}', "either")
    put("unicode/surrogate-raw.txt", _article("Rebels \ud800 shelled the town on Monday."), "error",
        note="surrogate bytes in a file (invalid UTF-8)")
    put("unicode/nul.json", '{"text": "Rebels shelled\\u0000 the town."}', "either")
    put("unicode/bidi.txt", _article("\u202eRebels shelled\u202c the \u2066town\u2069 on Monday. " * 20), "either")
    put("unicode/zero-width.txt", _article(("Reb\u200bels shel\u200dled the town on Mon\ufeffday. ") * 50), "either")
    put("unicode/combining.txt", _article("Rebels" + "\u0301" * 50_000 + " shelled the town."), "either")
    put("unicode/noncharacters.txt", _article("Rebels \ufffe\uffff shelled \U0010ffff the town."), "either")
    put("unicode/emoji.txt", _article("\U0001f4a5 Rebels \U0001f1ee\U0001f1f6 shelled the town. " * 100), "either")
    put("unicode/caps.txt", _article(("GUNMEN ATTACKED A POLICE CHECKPOINT NEAR THE MARKET ON MONDAY. ") * 40),
        "either", note="all capitals: truecasing")
    put("unicode/lower.txt", _article((SENTENCE.lower() + " ") * 40), "either", note="all lower case: truecasing")

    # --- file names -------------------------------------------------------------------------
    def put_name(name: bytes, note: str) -> None:
        path = os.path.join(os.fsencode(base), b"names", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(_article(SENTENCE).encode())
        cases.append(Case(os.fsdecode(name), os.fsdecode(path), "either", note=note))

    put_name(b"bad-\xff\xfe-name.txt", "file name not valid UTF-8")
    put_name(b"line\nbreak.txt", "newline in the file name")
    put_name(b"x" * 240 + b".txt", "very long file name")
    put_name(b"-dash.txt", "leading dash")
    put_name("caf\u00e9 \u062d\u0644\u0628.txt".encode(), "non-ASCII UTF-8 name")

    # --- big texts -----------------------------------------------------------------------------
    put("size/oneline-20mb.txt", "a" * 20_000_000, "error", heavy=True, note="over the size cap: refused")
    para = ("Gunmen attacked a police checkpoint near the market on Monday, killing two officers. "
            "The army said it had arrested three suspects. ")
    put("size/over-spacy-limit.txt", _article("\n\n".join([para] * 7_600)), "ok", heavy=True,
        note="1.1 M characters in paragraphs: chunked")
    put("size/one-sentence.txt", _article(" ".join(["fighters"] * 60_000) + "."), "either", heavy=True,
        note="one 500 KB sentence")
    put("size/paragraphs-3000.txt", _article("\n\n".join(
        f"Item {i}. Gunmen attacked a checkpoint in Town{i % 97} on Monday." for i in range(3000))), "ok",
        heavy=True, note="3,000 short paragraphs")
    put("size/token-900k.txt", _article("A" * 900_000), "either", heavy=True,
        note="one 900,000-character token (alias regex)")
    put("size/token-50k.txt", _article("The group " + "A" * 50_000 + " (AB) attacked."), "either",
        note="a 50,000-character token before an acronym")

    # --- regex bombs over article text ----------------------------------------------------------
    n = repeat
    bombs = {
        "hyphen-token": "A-" * n + "(AB) attacked.",
        "caps-chain": "Al " * n + "(AB) attacked the town.",
        "caps-hyphen-chain": "Al-Bb " * n + "attacked.",
        "open-parens": "Rebels (AB " * n,
        "parens": "(" * n + "Rebels shelled the town" + ")" * n,
        "dashes": "Rebels " + "-" * n + " shelled.",
        "dots": "Rebels" + ". " * n + "shelled.",
        "quotes": '"' * n + "Rebels shelled the town." + '"' * n,
        "apostrophes": "Rebels" + "'" * n + "s town.",
        "digits": "Rebels killed " + "9" * n + " people.",
        "numbers": "Rebels killed " + "1, " * n + "people.",
        "colons": "a: " * n,
        "brackets": "[a: " * n,
        "dateline": "BAGHDAD " * n + "- Rebels shelled the town.",
        "ordinals": "1st 2nd 3rd " * n + "Brigade attacked.",
        "of-the": "of the " * n + "Front (FR) attacked.",
        "months": "January " * n + "2020 fighting.",
        "whitespace": "Rebels" + " \t" * n + "shelled.",
        # the place and cause rules read the gap between two names and the words before one
        "place-gap-spaces": "Rebels shelled Baghdad" + " " * (10 * n) + "and Basra.",
        "place-gap-lines": "Rebels shelled Baghdad" + " \n" * (5 * n) + ", Basra and Mosul.",
        "place-digits": "Rebels shelled a post " + "9" * (10 * n) + " km north of Baghdad.",
        "place-long-word": "Rebels shelled " + "A" * (10 * n) + " Basra.",
        "cause-spaces": "Militants shelled the base in retaliation" + " " * (10 * n) + "for the raid on Basra.",
    }
    for name, body in bombs.items():
        put(f"regex/{name}.txt", _article(body), "either", note="regex over article text")

    # --- Telegram channel exports (issue 10 §6) ------------------------------------------------
    def channel(messages: object, **chat: object) -> str:
        return json.dumps({"name": "Border Watch", "type": "public_channel", "id": 1500012345, **chat,
                           "messages": messages}, ensure_ascii=False)

    def post(mid: object, text: object, **fields: object) -> dict:
        return {"id": mid, "type": "message", "date": "2023-10-18T21:04:12", "text": text, **fields}

    arabic = "قصفت طائرة مسيرة موقعا للفصائل المسلحة قرب الحدود صباح اليوم"
    put("telegram/result.json", channel([{"id": 1, "type": "service", "action": "pin_message"}, post(2, SENTENCE),
                                         post(3, ["Rebels shelled ", {"type": "bold", "text": "the town"}, "."]),
                                         post(4, arabic), post(5, "", photo="(File not included)")]), "ok",
        note="service, Arabic and media-only messages skipped with W105/W106")
    put("telegram/arabic-only.json", channel([post(i, arabic) for i in range(1, 200)]), "either",
        note="every message skipped (W106), nothing extracted")
    put("telegram/odd-messages.json", channel([None, 7, "x", {"id": True, "text": SENTENCE}, post(-1, {"a": 1}),
                                               post(2, [None, 3, {"text": 5}]), post(3, SENTENCE, date="9999-99-99",
                                               date_unixtime="1e999", forwarded_from={"x": 1})]), "either")
    put("telegram/entity-list.json", channel([post(1, [{"type": "bold", "text": "a "}] * n + [SENTENCE])]),
        "either", note="a text of repeat entities")
    put("telegram/many-messages.json", channel([post(i, "") for i in range(5 * n)] + [post(5 * n, SENTENCE)]),
        "ok", note="5 x repeat media-only messages and one post")
    put("telegram/deep-text.json", channel([post(1, "[" * deep + "]" * deep)]).replace('"[', "[").replace(']"', "]"),
        "error", note="text nested 100,000 deep")
    put("telegram/messages-not-a-list.json", channel({"1": SENTENCE}), "error")
    put("telegram/empty.json", channel([]), "error")
    put("telegram/mixed-scripts.json", channel([post(1, "\u05d0" * 300 + "\u0436" * 300 + "\u0627" * 300)]),
        "either", note="three scripts, none holding most letters: undetermined language")

    # --- HTML ----------------------------------------------------------------------------------
    put("html/nested-unclosed-128k.html", "<html><body>" + "<div>" * 25_000 + SENTENCE, "either",
        note="nested unclosed tags (quadratic cleaning)")
    put("html/nested-unclosed-mixed.html", "<body>" + "<b><i><span>" * 10_000 + SENTENCE, "either")
    put("html/nested-unclosed-1mb.html", "<body>" + "<div><p>" * 120_000 + SENTENCE, "either", heavy=True)
    put("html/unmatched-end-tags.html", "<body>" + "<div>" * 12_000 + "</p>" * 12_000 + SENTENCE, "either",
        note="end tags that close nothing under a deep stack (quadratic cleaning)")
    put("html/nested-closed.html", "<body>" + "<div>" * 20_000 + SENTENCE + "</div>" * 20_000, "either")
    put("html/unclosed-comment.html", "<body><p>" + SENTENCE + "</p><!-- " + "x" * 100_000, "either")
    put("html/unclosed-script.html", "<body><p>" + SENTENCE + "</p><script>" + "var x;" * 20_000, "either")
    put("html/huge-attribute.html", '<body><p class="' + "a " * 200_000 + f'">{SENTENCE}</p></body>', "either")
    put("html/entities.html", "<body><p>" + "&amp;" * 20_000 + SENTENCE + "</p></body>", "either")
    put("html/bad-charrefs.html", "<body><p>&#99999999999; &#xD800; &#0; &#x110000; " + SENTENCE + "</p></body>",
        "either")
    put("html/many-paragraphs.html", "<body>" + "<p>a</p>" * 4_000 + f"<p>{SENTENCE}</p></body>", "either")
    put("html/only-furniture.html", "<html><body><nav>Home News</nav><footer>(c)</footer></body></html>", "error")
    put("html/as-text.txt", f"<!DOCTYPE html><html><body><p>{SENTENCE}</p></body></html>", "either")
    put("html/many-skip-tags.html", "<body>" + "<nav>" * 20_000 + SENTENCE, "either")

    # --- XML feeds -------------------------------------------------------------------------------
    item = f"<item><title>t</title><description>{SENTENCE}</description></item>"
    put("xml/long-doctype.xml", '<?xml version="1.0"?>\n<!DOCTYPE rss [' + "<!-- padding -->" * 400
        + f"]>\n<rss version=\"2.0\"><channel><title>T</title>{item}</channel></rss>", "ok",
        note="a DOCTYPE longer than the sniffing window")
    put("xml/unknown-root.xml", f'<?xml version="1.0"?><catalogue><entry>{SENTENCE}</entry></catalogue>', "error",
        note="XML with an unknown root: E105, not HTML")
    put("xml/unknown-root-noext.txt", f'<?xml version="1.0"?><catalogue><x>{SENTENCE}</x></catalogue>', "error")
    put("xml/rss-as-txt.txt", f'<?xml version="1.0"?><rss><channel><title>T</title>{item}</channel></rss>', "ok")
    put("xml/comment-first.xml", "<!-- " + "c" * 5000 + f' --><rss><channel><title>T</title>{item}</channel></rss>',
        "ok")
    put("xml/billion-laughs.xml", '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + f']><rss><channel><title>&j;</title>{item}</channel></rss>', "error", note="entity expansion bomb")
    put("xml/external-entity.xml", '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<rss><channel><title>&x;</title>{item}</channel></rss>", "error", note="external entity")
    put("xml/xhtml.xml", f'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>{SENTENCE}'
        "</p></body></html>", "either")
    put("xml/feed-items-2k.xml", "<rss><channel><title>T</title>" + "<item><title>t</title><description>a"
        "</description></item>" * 2_000 + "</channel></rss>", "either")
    put("xml/malformed.xml", f"<rss><channel><item><description>{SENTENCE}</item>", "error")

    # --- the tree: what is skipped, and never leaving it --------------------------------------------
    (outside / "secret.txt").write_text(_article("Outside the tree: rebels shelled the town."))
    (outside / "deep").mkdir(exist_ok=True)
    (outside / "deep" / "also.txt").write_text(_article("Outside the tree: gunmen attacked."))
    tree = base / "tree"
    (tree / "inner").mkdir(parents=True, exist_ok=True)
    (tree / "inner" / "inside.txt").write_text(_article(SENTENCE))
    links = {
        "link-dir-out": outside, "link-file-out.txt": outside / "secret.txt", "link-dir-in": tree / "inner",
        "link-file-in.txt": tree / "inner" / "inside.txt", "dangling.txt": tree / "nosuch.txt",
        "loop": tree, "link-root": Path("/"),
    }
    for name, target in links.items():
        link = tree / name
        if not link.is_symlink():
            link.symlink_to(target)
        cases.append(Case(f"tree/{name}", str(link), "error", note="symlink"))
    for name, content in {".hidden.txt": _article(SENTENCE), "report.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(64),
                          "notes.docx": b"PK\x03\x04" + bytes(64), "README.txt": "About this folder.",
                          "empty.txt": "", "binary.txt": b"\x00\x01\x02\x03" * 100}.items():
        path = tree / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        # In a folder these are skipped (W103) or refused; named directly, a path is always read.
        expect = "error" if name in ("empty.txt", "binary.txt", "report.pdf", "notes.docx") else "either"
        cases.append(Case(f"tree/{name}", str(path), expect, note="skipped in a folder, or refused"))
    (tree / ".git").mkdir(exist_ok=True)
    (tree / ".git" / "x.txt").write_text(_article(SENTENCE))
    locked = tree / "locked"
    locked.mkdir(exist_ok=True)
    (locked / "in-locked.txt").write_text(_article(SENTENCE))
    os.chmod(locked, 0)
    cases.append(Case("tree/locked", str(locked), "either", note="unreadable folder (readable by root)"))
    fifo = tree / "pipe.txt"
    if not fifo.exists():
        os.mkfifo(fifo)
    cases.append(Case("tree/pipe.txt", str(fifo), "error", note="FIFO"))
    return cases, good


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir")
    p.add_argument("--light", action="store_true", help="leave out the heavy inputs (megabytes)")
    p.add_argument("--repeat", type=int, default=20_000, help="repetitions in the regex bombs (default 20000)")
    args = p.parse_args(argv)
    cases, good = generate(args.dir, light=args.light, repeat=args.repeat)
    print(f"{len(cases)} hostile inputs and {len(good)} good articles under {args.dir}/corpus", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
