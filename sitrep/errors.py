"""Coded errors and warnings.

Every code is documented in ``docs/errors.md`` (a test checks it), so a user can
search for the code they see.  Raise :class:`SitrepError` subclasses with a code;
warn with :func:`warn`.
"""
from __future__ import annotations

import contextlib
import contextvars
import sys
from collections.abc import Iterator


class SitrepError(Exception):
    """An error a user can act on; ``code`` is documented in docs/errors.md."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None):
        if code:
            self.code = code
        super().__init__(f"[{self.code}] {message}")


class InputError(SitrepError):
    """An input could not be read as an article (unreadable, empty, binary, bad encoding)."""
    code = "E100"


class FormatError(SitrepError):
    """An unknown input or output format was asked for."""
    code = "E200"


class DataFileError(SitrepError):
    """A gazetteer, lexicon or site file is malformed."""
    code = "E300"


class StoreError(SitrepError):
    """The knowledge base could not be opened or written."""
    code = "E400"


# Every code the package raises or warns with, and its one-line meaning.
CODES = {
    "E000": "unexpected error",
    "E001": "the command needs an optional extra that is not installed (the message names it: pip install 'sitrep[web]')",
    "E100": "input file cannot be read",
    "E101": "input file is empty or holds no article text",
    "E102": "input file is binary, not text",
    "E103": "input file is not valid text in any supported encoding",
    "E104": "a JSONL line is not a JSON object or has no text",
    "E105": "an XML/RSS/Atom feed cannot be parsed",
    "E106": "input path does not exist",
    "E107": "an article text is over the size cap (2,000,000 characters)",
    "E200": "unknown input or output format",
    "E201": "invalid --published date (expects YYYY-MM-DD)",
    "E202": "export format needs an optional dependency that is not installed (pip install 'sitrep[kb]')",
    "E203": "export output cannot be written (bad path, or a stream where a directory is needed)",
    "E300": "malformed data file (gazetteer, lexicon, sites)",
    "E301": "data file entry has an unknown type or field",
    "E400": "knowledge base cannot be opened",
    "E401": "knowledge base schema is newer than this sitrep",
    "E402": "unknown database URL scheme",
    "E406": "record not found in the knowledge base",
    "E407": "invalid knowledge-base query filter (date, period, actor, country, certainty)",
    "E405": "invalid analyst correction (field, value, user or target)",
    "E420": "accounts: invalid user name or role (sitrep users)",
    "E421": "accounts: the name is already taken (sitrep users add; revoked names stay taken)",
    "E422": "accounts: no live user of that name (sitrep users revoke)",
    "E410": "ACLED import: the export cannot be read (no file, no header, or no event_id_cnty, event_date, event_type, actor1 or country column)",
    "E515": "web: bad request (malformed body or content type, wrong method)",
    "E501": "web: a valid API token is required for this write",
    "E502": "web: the form's CSRF check failed",
    "E516": "web: the server is read-only (started without a token)",
    "E504": "web: a required form or API field is missing (user, alias, event id)",
    "E505": "web: upload or request body over the size limit",
    "E506": "web: the write token given to sitrep serve is too short",
    "E507": "web: invalid query parameter (unknown to the address, or a bad filter, sort or page value)",
    "E508": "web: invalid correction value in a form or API call",
    "E509": "web: no page or API route at this address",
    "E510": "web: the signed-in identity's role does not allow this (a reader writing)",
    "E511": "web: too many failed sign-ins from this address; wait for Retry-After seconds",
    "E512": "web: a form post from a foreign origin (Origin or Referer of another site)",
    "E513": "web: an ingest job was interrupted by a server restart before it finished",
    "E514": "web: a chunked write body (Transfer-Encoding without Content-Length) is refused",
    "W100": "an article in a batch failed and was skipped",
    "W101": "an input's publication date could not be read and was ignored",
    "W102": "two inputs of a batch share an article id; the later one got a content suffix",
    "W103": "a file or folder inside an input folder was skipped (the reason is given)",
    "W104": "invalid Unicode (lone surrogate escapes) in an input was replaced by U+FFFD",
    "W105": "a Telegram export: service messages and messages without text (media only) were skipped (counted)",
    "W106": "posts not in a language sitrep extracts (English) were skipped; each language is named with a count",
    "W200": "an export skipped records its format cannot hold (no ACLED type, no coordinates, bad record)",
    "W300": "a data file entry was dropped",
    "W410": "ACLED import: a malformed row was skipped (its line number is given)",
    "E600": "invalid published date for resolving dates (expects YYYY-MM-DD)",
    "E601": "a date expression or date value is malformed (not text, not YYYY[-MM[-DD]])",
    "E700": "evaluate: the reference cannot be read (ACLED CSV without event_date/notes, no gold files)",
    "E701": "evaluate: the disagreements CSV cannot be written",
    "W700": "evaluate: a malformed ACLED row was skipped (its line number is given)",
    "W701": "evaluate: a gold file was skipped (not sitrep/1 JSON, or its article text not found)",
    "E800": "escalation: an optional dependency is missing (pip install 'sitrep[analysis]')",
    "E801": "escalation: invalid request (actors, period, families or --top)",
    "E802": "escalation: the ACLED export cannot be read (no event_date, actor1 or actor2 column)",
    "E803": "escalation: the statistics refused the series (malformed times or period)",
    "E804": "escalation: the report cannot be written (--out path)",
    "W800": "escalation: malformed ACLED rows were skipped (line numbers given)",
    "E900": "batch: an optional dependency is missing (pyspark: pip install 'sitrep[spark]'; pyarrow: 'sitrep[kb]')",
    "E901": "batch: invalid input or option (no such path, no JSONL/Parquet files, bad --engine/--partitions/--workers)",
    "E902": "batch: an article crashed the pipeline outside its guard; it became an errors row",
    "E903": "batch: the output folder cannot be written (not a folder, holds an earlier run, no permission)",
    "E904": "batch: Spark cannot start or its job failed (no Java, a bad --master URL, lost executors)",
}


_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("sitrep_quiet_warnings", default=False)


def warn(code: str, message: str) -> None:
    """Print a coded warning to stderr (never fatal); nothing inside :func:`quiet`."""
    if not _QUIET.get():
        print(f"sitrep: warning [{code}] {message}", file=sys.stderr)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Warnings off for a second reading of inputs already read (and warned about) once."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)
