#!/usr/bin/env python3
"""Seed-score ratchet: extract the seed article, score it, and fail when any score falls
below the best reached so far (.ci/seed-floor.json) or a false claim is stored as fact.

    python .ci/ratchet.py [--update]     (--update raises the floors to today's scores)
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FLOOR = ROOT / ".ci" / "seed-floor.json"
SLACK = 0.0005


def main() -> int:
    seed = SHARED / "corpus" / "seed-iraq-militias.txt"
    gold = SHARED / "eval" / "seed-gold.json"
    if not seed.exists() or not gold.exists():
        print(f"ratchet: {SHARED} not found; cannot score the seed", file=sys.stderr)
        return 1
    out = subprocess.run([sys.executable, "-m", "sitrep.cli", "extract", str(seed), "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    sys.path.insert(0, str(gold.parent))
    import score  # the shared scorer
    result = score.score(json.load(open(gold, encoding="utf-8")), json.loads(out))
    now = {"overall": result["overall"], "events": result["events"]["f1"],
           "relations": result["relations"]["f1"], "actors": result["actors"]["f1"]}
    floor = json.loads(FLOOR.read_text())
    print("seed scores:", "  ".join(f"{k} {v:.3f} (floor {floor.get(k, 0):.3f})" for k, v in now.items()))
    failed = [k for k, v in now.items() if v + SLACK < floor.get(k, 0)]
    if result["false_claims_stored_as_fact"]:
        print("ratchet: a false claim is stored as fact:", result["false_claims_stored_as_fact"])
        failed.append("false_claims")
    if "--update" in sys.argv:
        FLOOR.write_text(json.dumps({k: max(v, floor.get(k, 0)) for k, v in now.items()}) + "\n")
    if failed:
        print("ratchet: below the floor:", ", ".join(failed))
        return 1
    print("ratchet: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
