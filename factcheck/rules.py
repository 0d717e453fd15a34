"""The rules, as a linter names them: one table of ids, and which findings a run keeps.

Every format shows a finding's rule id (SARIF's ``ruleId``, the annotation's title, a column of the
table), and ``select`` / ``ignore`` (flags, ``factcheck.toml``) and an article's front matter
(``factcheck: {ignore: [FC002]}``) name rules by it. A code selects every rule it is a prefix of,
as in ruff: ``FC`` is all of them, ``FC00`` the first nine.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from factcheck._exceptions import ConfigError
from factcheck.types import Article, Discrepancy


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # Discrepancy.kind
    name: str
    short: str
    full: str
    level: str  # SARIF default level


RULES: tuple[Rule, ...] = (
    Rule(
        "FC001",
        "date",
        "date-disagreement",
        "Articles date the same event differently.",
        "Sentences in different articles that report the same fact give different dates. The finding "
        "names every source's date and the majority; the outlier is the first to check.",
        "warning",
    ),
    Rule(
        "FC002",
        "number",
        "number-disagreement",
        "Articles report the same quantity differently.",
        "Sentences in different articles that report the same quantity give different figures. When "
        "the figures only grow with publication time the finding is marked as a likely update.",
        "warning",
    ),
    Rule(
        "FC003",
        "weekday",
        "weekday-mismatch",
        "A named weekday is not the weekday of its date.",
        "The article names a weekday next to a date, and the calendar says that date fell on another "
        "day. One of the two is a typo: check the date against the event.",
        "error",
    ),
    Rule(
        "FC004",
        "name",
        "name-spelling",
        "Articles spell the same name differently.",
        "The same person or place is spelled differently across articles about one event. The finding "
        "names the majority spelling; the other is likely a typo.",
        "note",
    ),
)
BY_KIND: dict[str, Rule] = {r.kind: r for r in RULES}
UNKNOWN = "FC000"  # a kind without a rule: never expected, but a report must still name one


def rule_id(kind: str) -> str:
    return BY_KIND[kind].id if kind in BY_KIND else UNKNOWN


def codes(value: object, where: str) -> tuple[str, ...]:
    """Rule codes from a setting (a list, or a comma-separated string from a flag), checked: an
    unknown one is one line naming it and the nearest id, never a selection that silently selects nothing."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(c, str) for c in items):
        raise ConfigError(f'{where}: must be a list of rule ids such as ["FC002"], not {value!r}')
    out = []
    for raw in items:
        code = raw.strip().upper()
        if not code:
            continue
        if not any(r.id.startswith(code) for r in RULES):
            near = difflib.get_close_matches(code, [r.id for r in RULES], n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            known = ", ".join(f"{r.id} {r.kind}" for r in RULES)
            raise ConfigError(f"{where}: unknown rule {raw.strip()!r}{hint}; the rules are {known}")
        out.append(code)
    return tuple(out)


def _matches(rule: str, selection: tuple[str, ...]) -> bool:
    return any(rule.startswith(code) for code in selection)


def enabled(kind: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """An empty ``select`` selects every rule; ``ignore`` then takes rules out."""
    rid = rule_id(kind)
    return (not select or _matches(rid, select)) and not _matches(rid, ignore)


def suppressed(d: Discrepancy, articles: dict[str, Article]) -> bool:
    """An article's front matter ignores a rule for the findings reported on it, as a ``noqa`` does
    for a line: the outliers when there is a majority (every one must ignore it), else the sources
    in dispute, any of which may."""
    rid = rule_id(d.kind)

    def ignores(article_id: str) -> bool:
        art = articles.get(article_id)
        return art is not None and _matches(rid, art.ignore)

    if d.outliers:
        return all(ignores(a) for a in d.outliers)
    return any(ignores(c.article) for c in d.claims)


def keep(
    found: list[Discrepancy], select: tuple[str, ...], ignore: tuple[str, ...], articles: dict[str, Article]
) -> list[Discrepancy]:
    """The findings a run reports: its rules selected, and not suppressed where they are reported."""
    return [d for d in found if enabled(d.kind, select, ignore) and not suppressed(d, articles)]
