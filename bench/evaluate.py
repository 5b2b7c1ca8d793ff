"""Score sitrep on the development set: bench/dev/*.txt against bench/gold/*.json.

    python bench/evaluate.py                  # table of every dev file (and the seed, if ../shared exists)
    python bench/evaluate.py --failures       # also list missed gold events and spurious system events
    python bench/evaluate.py --json           # machine-readable results
    python bench/evaluate.py --save DIR       # keep sitrep's output, one JSON file per article

Runs ``sitrep extract --format jsonl`` once over all articles, then scores each article
with the shared scorer (``../shared/eval/score.py``, imported, not copied) and prints
events F1, relations F1, actors F1, the mean of the attribute checks and the overall
score per file, and their mean.  Before scoring, every gold file is checked: each
evidence quote must sit at its offsets in the article body.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SHARED = REPO.parent / "shared"
COLUMNS = ("events", "relations", "actors", "attributes", "overall")


@dataclass(frozen=True)
class Case:
    """One article to score: its text file and its gold file."""
    name: str
    text: Path
    gold: Path


@dataclass(frozen=True)
class Score:
    """The scores of one case (``result`` is the shared scorer's full answer)."""
    name: str
    events: float
    relations: float
    actors: float
    attributes: float
    overall: float
    result: dict


class EvaluationError(Exception):
    """The evaluation cannot run (no scorer, no gold, sitrep failed)."""


# --- inputs ---------------------------------------------------------------------------------

def load_scorer(shared: Path = SHARED) -> ModuleType:
    """Import the shared scorer ``score.py`` from ``shared/eval``."""
    path = shared / "eval" / "score.py"
    if not path.is_file():
        raise EvaluationError(f"shared scorer not found at {path}")
    spec = importlib.util.spec_from_file_location("sitrep_shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_cases(bench: Path = BENCH) -> list[Case]:
    """Every ``dev/*.txt`` with its ``gold/<name>.json``; a text without gold is an error."""
    cases = []
    for text in sorted((bench / "dev").glob("*.txt")):
        gold = bench / "gold" / f"{text.stem}.json"
        if not gold.is_file():
            raise EvaluationError(f"{text}: no gold file {gold}")
        cases.append(Case(text.stem, text, gold))
    return cases


def seed_case(shared: Path = SHARED) -> Case | None:
    """The seed article and its gold, when the shared folder is there."""
    text = shared / "corpus" / "seed-iraq-militias.txt"
    gold = shared / "eval" / "seed-gold.json"
    return Case(text.stem, text, gold) if text.is_file() and gold.is_file() else None


def article_body(path: Path) -> str:
    """The article body as sitrep sees it: the text after the header block."""
    from sitrep.ingest import split_header
    return split_header(path.read_text(encoding="utf-8"))[1]


def gold_problems(case: Case) -> list[str]:
    """Evidence quotes of the gold file that do not sit at their offsets in the body."""
    gold = json.loads(case.gold.read_text(encoding="utf-8"))
    body = article_body(case.text)
    problems = []
    for kind in ("events", "relations"):
        for item in gold.get(kind, []):
            label = item.get("id") or f'{item.get("subject")} {item.get("predicate")} {item.get("object")}'
            problems += [f"{case.gold.name} {kind} {label}: {p}"
                         for p in (evidence_problem(ev, body) for ev in item.get("evidence", [])) if p]
    return problems


def evidence_problem(ev: dict, body: str) -> str | None:
    """Why an evidence quote does not fit the body (None when it does).  Quotes without
    offsets (allowed in the seed gold) need only occur in the body."""
    text = ev.get("text", "")
    if "start" not in ev or "end" not in ev:
        return None if text in body else f"evidence {text[:50]!r} is not in the article body"
    if body[ev["start"]:ev["end"]] != text:
        return f"evidence offsets {ev['start']}-{ev['end']} do not hold {text[:50]!r}"
    return None


def check_gold(cases: Sequence[Case], own: Path = BENCH / "gold") -> None:
    """Fail on a bad evidence quote in our own gold files; only warn on others' (the seed)."""
    ours = [p for c in cases if c.gold.parent == own for p in gold_problems(c)]
    if ours:
        raise EvaluationError("gold files are inconsistent:\n" + "\n".join(ours))
    for case in cases:
        if case.gold.parent != own:
            for problem in gold_problems(case):
                print(f"evaluate: note: {problem}", file=sys.stderr)


# --- running sitrep ------------------------------------------------------------------------------

def sitrep_command() -> list[str]:
    """``sitrep`` next to this Python (the venv's entry point), else ``python -m sitrep.cli``."""
    exe = Path(sys.executable).with_name("sitrep")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "sitrep.cli"]


def run_sitrep(cases: Sequence[Case], command: Sequence[str]) -> dict[str, dict]:
    """Run ``sitrep extract --format jsonl`` on all cases at once; outputs by article id."""
    args = [*command, "extract", *(str(c.text) for c in cases), "--format", "jsonl"]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if proc.returncode != 0 and not proc.stdout.strip():
        raise EvaluationError(f"sitrep extract failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    if proc.stderr.strip():
        print(proc.stderr.strip(), file=sys.stderr)
    outputs = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            doc = json.loads(line)
            outputs[doc.get("article", {}).get("id")] = doc
    return outputs


# --- scoring ---------------------------------------------------------------------------------------

def attribute_mean(attributes: dict) -> float:
    """Mean of the attribute checks that applied (as the shared scorer's overall uses it)."""
    vals = [v for k, v in attributes.items() if k != "checked" and v is not None]
    return sum(vals) / len(vals) if vals else 0.0


def score_case(scorer: ModuleType, case: Case, system: dict | None) -> Score:
    """Score one article; a missing system output scores as an empty extraction."""
    gold = json.loads(case.gold.read_text(encoding="utf-8"))
    result = scorer.score(gold, system or {"actors": [], "events": [], "relations": []})
    return Score(case.name, result["events"]["f1"], result["relations"]["f1"], result["actors"]["f1"],
                 round(attribute_mean(result["attributes"]), 3), result["overall"], result)


def mean_row(scores: Sequence[Score]) -> dict[str, float]:
    """The mean of every column over the scored cases."""
    n = len(scores) or 1
    return {col: round(sum(getattr(s, col) for s in scores) / n, 3) for col in COLUMNS}


def format_table(scores: Sequence[Score], dev: Sequence[Score] = ()) -> str:
    """A plain-text table: one row per file, then the mean (and the dev-set mean, when
    ``dev`` is a strict subset, e.g. without the seed the code has been tuned on)."""
    width = max([len(s.name) for s in scores] + [10])
    head = f"{'file':<{width}}  " + "  ".join(f"{c:>10}" for c in COLUMNS)
    rows = [head, "-" * len(head)]
    rows += [f"{s.name:<{width}}  " + "  ".join(f"{getattr(s, c):>10.3f}" for c in COLUMNS) for s in scores]
    rows.append("-" * len(head))
    means = [("mean", scores)] + ([("mean (dev)", dev)] if dev and len(dev) < len(scores) else [])
    for label, group in means:
        mean = mean_row(group)
        rows.append(f"{label:<{width}}  " + "  ".join(f"{mean[c]:>10.3f}" for c in COLUMNS))
    return "\n".join(rows)


def gold_event_index(case: Case) -> dict[str, dict]:
    gold = json.loads(case.gold.read_text(encoding="utf-8"))
    return {e["id"]: e for e in gold["events"]}


def failures(case: Case, score: Score) -> Iterable[str]:
    """Human-readable lines: gold events sitrep missed, system events with no gold match,
    missed relations and actors."""
    events = gold_event_index(case)
    res = score.result
    for eid in res["events"]["missed"]:
        e = events[eid]
        yield (f"  missed event {eid} {e['type']} {e['actors']}->{e['targets']}: "
               f"{e['evidence'][0]['text'][:100]!r}")
    for etype, text in res["events"]["unmatched_system"]:
        yield f"  spurious event {etype}: {text!r}"
    for rel in res["relations"]["missed"]:
        yield f"  missed relation {rel}"
    if res["actors"]["missed"]:
        yield f"  missed actors {', '.join(res['actors']['missed'])}"
    if res["actors"]["unmatched_system"]:
        yield f"  spurious actors {', '.join(res['actors']['unmatched_system'])}"
    attrs = {k: v for k, v in res["attributes"].items() if k != "checked" and v is not None and v < 1}
    if attrs:
        yield "  attributes below 1: " + ", ".join(f"{k} {v:.2f}" for k, v in attrs.items())
    if res["false_claims_stored_as_fact"]:
        yield f"  false claim stored as fact: {res['false_claims_stored_as_fact']}"


# --- command ---------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--no-seed", action="store_true", help="score the dev set only")
    p.add_argument("--failures", action="store_true", help="list what each file missed or added")
    p.add_argument("--json", action="store_true", help="print the full results as JSON")
    p.add_argument("--save", type=Path, metavar="DIR", help="write sitrep's output per article to DIR")
    p.add_argument("--shared", type=Path, default=SHARED, help=f"shared folder (default {SHARED})")
    return p


def collect_cases(args: argparse.Namespace) -> list[Case]:
    cases = dev_cases()
    seed = None if args.no_seed else seed_case(args.shared)
    return cases + ([seed] if seed else [])


def save_outputs(outputs: dict[str, dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, doc in outputs.items():
        (folder / f"{name}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        scorer = load_scorer(args.shared)
        cases = collect_cases(args)
        check_gold(cases)
        outputs = run_sitrep(cases, sitrep_command())
    except EvaluationError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    if args.save:
        save_outputs(outputs, args.save)
    missing = [c.name for c in cases if c.name not in outputs]
    for name in missing:
        print(f"evaluate: no sitrep output for {name}; scored as empty", file=sys.stderr)
    scores = [score_case(scorer, c, outputs.get(c.name)) for c in cases]
    if args.json:
        dev = [s for c, s in zip(cases, scores) if c.gold.parent == BENCH / "gold"]
        print(json.dumps({"files": {s.name: s.result for s in scores}, "mean": mean_row(scores),
                          "mean_dev": mean_row(dev)}, indent=1))
        return 0
    print(format_table(scores, [s for c, s in zip(cases, scores) if c.gold.parent == BENCH / "gold"]))
    if args.failures:
        for case, score in zip(cases, scores):
            print(f"\n{case.name}")
            for line in failures(case, score):
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
