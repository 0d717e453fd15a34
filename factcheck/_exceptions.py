"""Every error factcheck raises on purpose, in one hierarchy (as httpx draws its own)::

    FactcheckError            a user can fix it; the CLI prints one line and exits 2
    ├── InputError            an article file, folder or stdin cannot be read as articles
    ├── ConfigError           a settings file or value is wrong (the message names file and key)
    ├── ModelError            the embedding model cannot be loaded
    └── StoreError            the index cannot be used as asked

Anything else escaping the pipeline is a bug: the CLI exits 3 and asks for a report, so that
exit code 1 keeps its one meaning, "discrepancies found".
"""

from __future__ import annotations

import re


class FactcheckError(Exception):
    """A problem the user can fix. The message names the file (and line or key) and is shown as is."""


class InputError(FactcheckError):
    """A bad input file. The message names the file (and line), and is shown as is."""


class ConfigError(FactcheckError):
    """A bad settings file or value; the message names the file and the key."""


class ModelError(FactcheckError):
    """The embedding model cannot be loaded; the message says what to do."""


class StoreError(FactcheckError):
    """The index cannot be used as asked; the message says what to do."""


# Text read from the input (paths, ids, titles, settings keys) reaches a terminal and, in CI, a GitHub
# Actions log, where the runner reads a line that starts with "::" (after leading spaces) as a
# workflow command, and "##[" anywhere in a line as a legacy one. Both can annotate, mask or stop
# command processing, so input text is never printed raw.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def inert(text: str) -> str:
    """``text`` made safe to print anywhere on a terminal or CI log line: control characters (a
    newline, a carriage return, ANSI escapes) become visible escapes, so nothing can start a line
    of its own or move the cursor; a leading ``::`` and any ``##[`` are broken with a visible
    escape, so the text cannot be a workflow command even where it starts the line; and lone
    surrogates (undecodable file names) are shown as escapes instead of failing the write.
    The one escape for every message and terminal report, so that all of them hold the same rule."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    text = text.replace("##[", "##\\x5b")
    body = text.lstrip()
    if body.startswith("::"):
        cut = len(text) - len(body)
        text = text[:cut] + "\\x3a" + text[cut + 1 :]
    return text
