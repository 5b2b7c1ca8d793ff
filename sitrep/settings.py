"""Settings: one table of every environment variable sitrep reads, with its default and help.

Command-line options win over these; these win over the defaults. ``tests/test_docs.py``
checks that each one is documented in the README.
"""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting("SITREP_DB", "sitrep.db",
            "knowledge base used when --db is not given: a SQLite path or a postgresql:// URL"),
    Setting("SITREP_GAZETTEER", "", "extra actor gazetteer YAML files (several separated by ':')"),
    Setting("SITREP_TRIGGERS", "", "extra trigger lexicon YAML files (several separated by ':')"),
    Setting("SITREP_CODEBOOK", "", "extra ACLED typing cue files (several separated by ':'), like data/codebook.yaml"),
    Setting("SITREP_PARTICIPANTS", "",
            "extra participant lexicon YAML files (several separated by ':'), like data/participants.yaml"),
    Setting("SITREP_RELATION_CUES", "",
            "extra relation cue word files (several separated by ':'), like data/relation_cues.yaml; words are added"),
    Setting("SITREP_PLACES", "", "extra place files: CSV like sites.csv or YAML like regions.yaml"),
    Setting("SITREP_CODES", "", "a replacement for the export code tables (codes.yaml)"),
    Setting("SITREP_TOKEN", "", "API token that enables writes in `sitrep serve` when --token is not given"),
    Setting("SITREP_EXTRACTOR", "",
            "testing hook: `module:function` used by ingest instead of the spaCy pipeline"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of a setting: the environment, else its default."""
    return os.environ.get(name) or _BY_NAME[name].default


def paths(name: str) -> list[str]:
    """A setting that lists files, split on the platform's path separator."""
    return [p for p in get(name).split(os.pathsep) if p]
