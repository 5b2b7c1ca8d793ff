"""How well sitrep restores case in case-less text (sitrep/truecase.py).

    .venv/bin/python bench/truecase_eval.py intrinsic [--show N]
    .venv/bin/python bench/truecase_eval.py muc4 [--limit N]
    .venv/bin/python bench/truecase_eval.py agreement

agreement  the bundled examples and bench/dev articles extracted as written, all in lower case and
           all in capitals: how much of the cased extraction the case-less one reproduces (actor
           ids, event places, events as (type, place)), as recall and precision over the articles.

intrinsic  cased English news (the bundled examples, bench/dev articles, and the cased dev sets of
           ../shared/eval/dev: re3d documents, PLOVER sentences) are lower-cased, then restored;
           per word: precision / recall / F1 of "starts with a capital" against the original, and
           the share of words whose case is exactly the original's.  The same for all-capitals.
muc4       MUC-4 dev texts (distributed lower-cased): how many gold role-filler strings (PerpInd,
           PerpOrg, Target, Victim) are covered by a spaCy PERSON/ORG/NORP/GPE entity or by an
           actor or place gazetteer match, on the text as given and on the restored text.  A gold
           string is covered when a found span equals it, or contains it, or it contains the span
           and the span is longer than 3 characters (case-insensitive).

Shared material is read from ../shared (never copied into the repository).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval" / "dev"
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def cased_texts() -> list[tuple[str, str]]:
    """(origin, text) of cased English news available offline."""
    out = []
    for folder in (ROOT / "examples", ROOT / "bench" / "dev"):
        for path in sorted(folder.glob("*.txt")):
            out.append((path.name, path.read_text(encoding="utf-8")))
    for path in sorted(SHARED.glob("re3d/*/documents.json")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                out.append((f"re3d:{doc['_id'][:8]}", doc["text"]))
    plover = SHARED / "plover" / "PLOVER_GSR_CAMEO.txt"
    if plover.exists():
        recs = json.loads(plover.read_text(encoding="utf-8"))
        out.append(("plover", "\n\n".join(r["text"] for r in recs if isinstance(r.get("text"), str))))
    return out


def compare(original: str, restored: str, counts: dict[str, int], errors: dict[str, int]) -> None:
    for m in WORD.finditer(original):
        gold, got = m.group(), restored[m.start():m.end()]
        if not any(c.isalpha() for c in gold):
            continue
        g, p = gold[0].isupper(), got[0].isupper()
        counts["words"] += 1
        counts["exact"] += gold == got
        counts["tp"] += g and p
        counts["fp"] += p and not g
        counts["fn"] += g and not p
        if g != p:
            errors[("fp " if p else "fn ") + gold.lower()] = errors.get(("fp " if p else "fn ") + gold.lower(), 0) + 1


def report(name: str, counts: dict[str, int], secs: float) -> None:
    p = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    r = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{name:8} words {counts['words']:6}  capitalised P {p:.3f} R {r:.3f} F1 {f:.3f}  "
          f"exact case {counts['exact'] / max(1, counts['words']):.3f}  ({secs:.1f}s)")


def intrinsic(show: int) -> None:
    from sitrep.truecase import load_truecaser

    tc = load_truecaser()
    texts = cased_texts()
    for mode in ("lower", "upper"):
        counts = dict.fromkeys(("words", "exact", "tp", "fp", "fn"), 0)
        errors: dict[str, int] = {}
        base = dict.fromkeys(("words", "exact", "tp", "fp", "fn"), 0)
        t0 = time.perf_counter()
        for _, text in texts:
            caseless = text.lower() if mode == "lower" else text.upper()
            restored = tc.restore(caseless)
            assert len(restored) == len(text)
            compare(text, restored, counts, errors)
            compare(text, caseless.lower(), base, {})
        report(f"{mode}", counts, time.perf_counter() - t0)
        if mode == "lower":
            report("as-given", base, 0.0)
        if show:
            worst = sorted(errors.items(), key=lambda kv: -kv[1])[:show]
            print("  most frequent errors:", ", ".join(f"{k} {v}" for k, v in worst))


def muc4_docs(limit: int | None) -> list[dict]:
    docs = [json.loads(line) for line in (SHARED / "muc4" / "dev.json").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return docs[:limit] if limit else docs


def covered(gold: str, spans: list[str]) -> bool:
    g = gold.lower().strip('" ')
    for s in spans:
        s = s.lower()
        if s == g or g in s or (s in g and len(s) > 3):
            return True
    return False


def found_spans(text: str, nlp, actors, places) -> tuple[list[str], list[str]]:
    """spaCy entity texts, and gazetteer match texts (actors and places) in ``text``."""
    from sitrep.actors import fold_with_map

    doc = nlp(text)
    ents = [e.text for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC")]
    folded, where = fold_with_map(text)
    gaz = [text[where[s]:where[e - 1] + 1] for s, e, _, _ in actors.scan(folded)]
    gaz += [m.text for m in places.find(text)]
    return ents, gaz


def muc4(limit: int | None) -> None:
    from sitrep.actors import load_gazetteer as load_actors
    from sitrep.pipeline import load_nlp
    from sitrep.places import load_gazetteer as load_places
    from sitrep.truecase import restore

    nlp, actors, places = load_nlp(), load_actors(), load_places()
    roles = ("PerpInd", "PerpOrg", "Target", "Victim")
    tally = {(k, r): 0 for k in ("given", "restored") for r in (*roles, "n")}
    by_source = {(k, s): 0 for k in ("given", "restored") for s in ("ner", "gazetteer")}
    for d in muc4_docs(limit):
        text = d["doctext"]
        variants = {"given": text, "restored": restore(text)}
        spans = {k: found_spans(v, nlp, actors, places) for k, v in variants.items()}
        for role in roles:
            for ent in d["extracts"].get(role) or []:
                strings = [m[0] for m in ent]
                tally[("given", "n")] += 1
                tally[("restored", "n")] += 1
                for k, (ents, gaz) in spans.items():
                    hit_ner = any(covered(s, ents) for s in strings)
                    hit_gaz = any(covered(s, gaz) for s in strings)
                    tally[(k, role)] += hit_ner or hit_gaz
                    by_source[(k, "ner")] += hit_ner
                    by_source[(k, "gazetteer")] += hit_gaz
    n = tally[("given", "n")]
    for k in ("given", "restored"):
        hit = sum(tally[(k, r)] for r in roles)
        print(f"{k:9} gold fillers found {hit}/{n} ({hit / max(1, n):.2f})  " +
              " ".join(f"{r} {tally[(k, r)]}" for r in roles) +
              f"  | by spaCy entity {by_source[(k, 'ner')]}, by gazetteer {by_source[(k, 'gazetteer')]}")


def _facts(x) -> dict[str, set]:
    return {"actors": {a.id for a in x.actors},
            "places": {e.location.name for e in x.events if e.location},
            "events": {(e.type, e.location.name if e.location else None) for e in x.events}}


def agreement() -> None:
    from dataclasses import replace

    from sitrep.ingest import read_inputs
    from sitrep.pipeline import Resources, extract_doc, load_nlp, parse_text
    from sitrep.records import Article

    class AsGiven(Resources):
        def cased(self, text: str) -> str:  # no case restoration: the "before" figures
            return text

    nlp = load_nlp()
    articles = [a for a in read_inputs([ROOT / "examples", ROOT / "bench" / "dev"]) if isinstance(a, Article)]

    def run(art: Article, res: Resources) -> dict[str, set]:
        return _facts(extract_doc(art, nlp(parse_text(art, res)), res))

    for mode, res in (("lower", AsGiven()), ("upper", AsGiven()), ("lower", Resources()), ("upper", Resources())):
        hit = {k: [0, 0, 0] for k in ("actors", "places", "events")}  # common, cased, case-less
        for art in articles:
            cased = run(art, res)
            other = run(replace(art, text=art.text.lower() if mode == "lower" else art.text.upper()), res)
            for k in hit:
                hit[k][0] += len(cased[k] & other[k])
                hit[k][1] += len(cased[k])
                hit[k][2] += len(other[k])
        label = f"{mode} {'restored' if type(res) is Resources else 'as given'}"
        print(f"{label:15} {len(articles)} articles: " + "  ".join(
            f"{k} R {c / max(1, n):.2f} P {c / max(1, m):.2f} ({c}/{n})" for k, (c, n, m) in hit.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("intrinsic", "muc4", "agreement"))
    ap.add_argument("--show", type=int, default=0, help="print the N most frequent word errors")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.what == "intrinsic":
        intrinsic(args.show)
    elif args.what == "agreement":
        agreement()
    else:
        muc4(args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
