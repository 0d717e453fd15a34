"""Which side of a finding each claim is on, and which claims a report shows: shared by every
renderer (``report`` for text formats, ``report_html`` for the page), so neither imports the other."""

from __future__ import annotations

from factcheck.types import Claim, Discrepancy


def count(n: int, word: str) -> str:
    """ "1 discrepancy", "2 discrepancies": never "1 discrepancies"."""
    plural = {"discrepancy": "discrepancies", "entry": "entries"}.get(word, word + "s")
    return f"{n} {word if n == 1 else plural}"


def role(d: Discrepancy, c: Claim) -> str:
    """Which side of a finding a claim is on: "outlier", "majority", or "source" when no side has
    more sources (nobody to blame yet)."""
    if len(d.claims) == 1:
        return "outlier"  # a weekday that does not fit its own date
    if d.majority is None or not d.outliers:
        return "source"
    return "outlier" if c.article in d.outliers else "majority"


def shown_claims(d: Discrepancy) -> list[tuple[Claim, list[str]]]:
    """The claims to show, each with the near-copies it stands for: a copy of a story that gives the
    same value on the same side is one source, shown once, its copies named."""
    first_of = {m: first for first, rest in d.copies.items() for m in rest}
    sides = {c.article: role(d, c) for c in d.claims}
    out: list[tuple[Claim, list[str]]] = []
    seen: set[str] = set()
    for c in d.claims:
        head = first_of.get(c.article)
        if head is not None and sides.get(head) == sides[c.article]:
            continue  # shown with the group's first article
        if c.article in seen:
            continue  # one sentence per article and side is enough to check it
        seen.add(c.article)
        copies = [m for m in d.copies.get(c.article, []) if sides.get(m) == sides[c.article]]
        out.append((c, copies))
    return out
