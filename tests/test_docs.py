"""Docs stay in step with the code: every error code documented and declared, every
command in the README (datasette / sqlite-utils style docs tests)."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from sitrep.cli import build_parser
from sitrep.errors import CODES
from sitrep.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
ERRORS_MD = ROOT / "docs" / "errors.md"
README = ROOT / "README.md"
CODE_RE = re.compile(r"""["'](?P<code>[EW]\d{3})["']""")
HEADING_RE = re.compile(r"^##\s+(?P<code>[EW]\d{3})\b", re.MULTILINE)


# --- helpers (tested below on small hand-written inputs) -------------------------------------------

def documented_codes(markdown: str) -> set[str]:
    """Codes that have their own ``## E123 ...`` section."""
    return {m["code"] for m in HEADING_RE.finditer(markdown)}


def codes_used(sources: dict[str, str]) -> dict[str, list[str]]:
    """Code -> the source files (by name) quoting it as a string literal."""
    used: dict[str, list[str]] = {}
    for name, text in sources.items():
        for code in sorted({m["code"] for m in CODE_RE.finditer(text)}):
            used.setdefault(code, []).append(name)
    return used


def subcommands(parser: argparse.ArgumentParser) -> list[str]:
    """The sub-command names of an argparse parser."""
    return [name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name in action.choices]


def commands_missing_from(readme: str, commands: list[str]) -> list[str]:
    """Commands the README never shows as ``sitrep <command>``."""
    return [c for c in commands if not re.search(rf"\bsitrep\s+{re.escape(c)}(?![\w-])", readme)]


def package_sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
            for p in sorted((ROOT / "sitrep").rglob("*.py"))}


# --- the docs checks ----------------------------------------------------------------------------------

def test_docs_every_code_in_codes_is_documented():
    missing = sorted(set(CODES) - documented_codes(ERRORS_MD.read_text(encoding="utf-8")))
    assert not missing, f"codes in sitrep/errors.py CODES without a '## CODE' section in docs/errors.md: {missing}"


def test_docs_errors_md_documents_no_unknown_code():
    stale = sorted(documented_codes(ERRORS_MD.read_text(encoding="utf-8")) - set(CODES))
    assert not stale, f"docs/errors.md documents codes that are not in CODES: {stale}"


def test_docs_every_code_used_in_the_package_is_declared():
    used = codes_used(package_sources())
    undeclared = {code: files for code, files in used.items() if code not in CODES}
    assert not undeclared, f"codes used in sitrep/ but missing from CODES in sitrep/errors.py: {undeclared}"


def test_docs_codes_are_well_formed():
    bad = [c for c in CODES if not re.fullmatch(r"[EW]\d{3}", c) or not CODES[c].strip()]
    assert not bad, f"CODES keys must be E### or W### with a one-line meaning: {bad}"


def test_docs_every_command_is_in_the_readme():
    commands = subcommands(build_parser())
    assert "extract" in commands
    missing = commands_missing_from(README.read_text(encoding="utf-8"), commands)
    assert not missing, ("README.md never shows these sub-commands as `sitrep <command>` "
                         f"(for the README owner to add): {', '.join(missing)}")


# --- the helpers catch what they should -----------------------------------------------------------------

@pytest.mark.parametrize("markdown, expected", [
    ("# Errors\n\n## E100 — input file cannot be read\n\ntext E101 in prose\n## W300 - dropped\n", {"E100", "W300"}),
    ("### E100 is a sub-heading\n##E200 is not a heading\n", set()),
])
def test_docs_documented_codes_reads_section_headings(markdown, expected):
    assert documented_codes(markdown) == expected


def test_docs_codes_used_finds_quoted_codes_only():
    sources = {"a.py": 'raise InputError("x", code="E101")\nwarn(\'W100\', msg)\n# E999 in a comment',
               "b.py": 'status = 404 if exc.code == "E406" else 400\nx = "E1000"'}
    assert codes_used(sources) == {"E101": ["a.py"], "W100": ["a.py"], "E406": ["b.py"]}


def test_docs_undeclared_code_is_reported():
    used = codes_used({"new.py": 'raise SitrepError("boom", code="E999")'})
    assert [c for c in used if c not in CODES] == ["E999"]


@pytest.mark.parametrize("readme, missing", [
    ("Run `sitrep extract article.txt` then `sitrep actors --db kb.db`.", ["actor", "ingest"]),
    ("sitrep actor kataib-hezbollah\nsitrep ingest examples/\nsitrep extract -\nsitrep actors", []),
    ("the extract and ingest commands", ["extract", "actor", "actors", "ingest"]),
])
def test_docs_commands_missing_from_readme(readme, missing):
    assert commands_missing_from(readme, ["extract", "actor", "actors", "ingest"]) == missing


def test_docs_subcommands_of_a_parser():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    sub.add_parser("alpha")
    sub.add_parser("beta")
    assert subcommands(parser) == ["alpha", "beta"]


@pytest.mark.parametrize("setting", [s.name for s in SETTINGS])
def test_docs_every_setting_in_readme(setting):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"`{setting}`" in readme, f"{setting} is not documented in README.md"
