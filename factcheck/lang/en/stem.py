"""English stems: the Snowball (Porter2) stemmer."""

from __future__ import annotations

import threading
from functools import lru_cache

import snowballstemmer

_stemmer = snowballstemmer.stemmer("english")
_lock = threading.Lock()  # a Snowball stemmer keeps its state while it stems one word


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A stem so "killed" and "kills", "prices" and "price" meet. A capitalised word is a name
    and keeps its form: "Angeles" and "Angels" are two names, not two forms of one."""
    if word[:1].isupper():
        return word.lower()
    with _lock:
        return _stemmer.stemWord(word.lower())
