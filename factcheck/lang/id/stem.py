"""A light Indonesian stemmer."""

from __future__ import annotations

# Affixes stripped by ``stem``: Indonesian derivation.
_PREFIXES = (
    "meng",
    "meny",
    "mem",
    "men",
    "me",
    "peng",
    "peny",
    "pem",
    "pen",
    "per",
    "pe",
    "ber",
    "di",
    "ter",
    "ke",
    "se",
)
_SUFFIXES = ("nya", "kan", "an", "i")


def stem(word: str) -> str:
    """A light stem so "melaporkan" and "dilaporkan" meet."""
    w = word.lower()
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 4:
            w = w[len(p) :]
            break
    for s in _SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 4:
            w = w[: -len(s)]
            break
    return w[:6]
