"""Reading the project's YAML data files (lexicons, gazetteers, cue lists, codebooks): one place
for how a file is read and how a bad one is reported.

Every loader of ``sitrep/data`` and of the user files that extend it reads through
:func:`read_yaml_mapping`, then checks its own schema.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError


def read_yaml_mapping(path: str | Path, what: str, shape: str = "a mapping") -> dict[str, Any]:
    """The top-level mapping of a YAML file.

    ``what`` names the file's kind in messages ("trigger lexicon"), ``shape`` says what it
    should hold ("a mapping with 'kinds:'"). Raises :class:`DataFileError` ``E300`` naming the
    file when it cannot be read, is not UTF-8, is not valid YAML or is not a mapping."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read {what}: {exc}", code="E300") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: {what} is not valid YAML: {exc}", code="E300") from exc
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: {what} must be {shape}", code="E300")
    return data


__all__ = ["read_yaml_mapping"]
