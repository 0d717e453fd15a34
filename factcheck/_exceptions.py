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
