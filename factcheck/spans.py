"""Which character spans of one text are taken: the overlap test of mention finding.

Date and number finding try each pattern match against the mentions found so far. Scanning
every earlier mention made one long sentence quadratic in its mentions; here, past the first
``FEW`` spans, each test and each addition costs O(log n) in the text's length. Spans may overlap
each other (a unit or a hedge attached after a figure was found can reach past a later match), so
the test is the general one: some taken [s, e) with s < end and start < e. Held as the largest
end among spans starting at or before each position (a Fenwick tree of maxima), since a span
overlaps [start, end) exactly when one starting before ``end`` ends after ``start``.
"""

from __future__ import annotations

from collections.abc import Iterable

# Up to this many spans a scan is kept: an ordinary sentence holds a handful of mentions, and
# allocating a tree as long as the sentence for each of them costs more than scanning them.
FEW = 16


class Spans:
    """Half-open spans ``[start, end)`` with ``0 <= start <= length``, in a text of ``length`` characters."""

    __slots__ = ("_few", "_limit", "_n", "_tree")

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = (), few: int = FEW):
        self._n = length + 1  # starts run 0..length; the tree is 1-based
        self._limit = few
        self._few: list[tuple[int, int]] | None = []  # None once the tree holds them
        self._tree: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        """Take ``[start, end)``. Adding a span again with a larger end widens it."""
        if not 0 <= start < self._n:
            raise ValueError(f"span start {start} outside a text of {self._n - 1} characters")
        few = self._few
        if few is None:
            self._grow(start, end)
            return
        few.append((start, end))
        if len(few) > self._limit:
            self._tree, self._few = [-1] * (self._n + 1), None
            for s, e in few:
                self._grow(s, e)

    def _grow(self, start: int, end: int) -> None:
        i, n, tree = start + 1, self._n, self._tree
        while i <= n:
            if tree[i] < end:
                tree[i] = end
            i += i & -i

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a taken span overlaps ``[start, end)``; an empty one when a span lies strictly around it."""
        few = self._few
        if few is not None:
            return any(s < end and start < e for s, e in few)
        # The largest end among spans starting before ``end``.
        i, tree, last = min(end, self._n), self._tree, -1
        while i > 0:
            if tree[i] > last:
                last = tree[i]
            i -= i & -i
        return last > start
