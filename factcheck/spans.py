"""Which character spans of one text are taken: the overlap test of mention finding.

Date and number finding try each pattern match against the mentions found so far. Scanning
every earlier mention made one long sentence quadratic in its mentions; here each test and each
addition costs O(log n) in the text's length. Spans may overlap each other (a unit or a hedge
attached after a figure was found can reach past a later match), so the test is the general one:
some taken [s, e) with s < end and start < e. Held as the largest end among spans starting at or
before each position (a Fenwick tree of maxima), since a span overlaps [start, end) exactly when
one starting before ``end`` ends after ``start``.
"""

from __future__ import annotations

from collections.abc import Iterable


class Spans:
    """Half-open spans ``[start, end)`` with ``0 <= start <= length``, in a text of ``length`` characters."""

    __slots__ = ("_n", "_tree")

    def __init__(self, length: int, spans: Iterable[tuple[int, int]] = ()):
        self._n = length + 1  # starts run 0..length; the tree is 1-based
        self._tree = [-1] * (self._n + 1)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        """Take ``[start, end)``. Adding a span again with a larger end widens it."""
        if not 0 <= start < self._n:
            raise ValueError(f"span start {start} outside a text of {self._n - 1} characters")
        i, n, tree = start + 1, self._n, self._tree
        while i <= n:
            if tree[i] < end:
                tree[i] = end
            i += i & -i

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a taken span overlaps ``[start, end)``; an empty one when a span lies strictly around it."""
        # The largest end among spans starting before ``end``.
        i, tree, last = min(end, self._n), self._tree, -1
        while i > 0:
            if tree[i] > last:
                last = tree[i]
            i -= i & -i
        return last > start
