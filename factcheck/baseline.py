"""Known findings: a reviewed finding is accepted once and not reported again.

As with ruff's baseline or semgrep's ``--baseline-commit``, the file lists fingerprints of findings
(``report.fingerprint``): the kind, the outlier claims and the fact they dispute, so an edit
elsewhere in an article, or another article that agrees with the majority, keeps an accepted
finding accepted, and a changed value makes it new. ``prune`` drops the entries that no longer
match a finding (the article was fixed), so the file does not grow stale.

A file of the first schema keyed a finding on every source; it is still read (its entries match
the findings they named until an article is added), and ``prune`` or a new ``baseline`` rewrites it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from factcheck._exceptions import InputError
from factcheck.report import _claim_key, _digest, fingerprint
from factcheck.types import Discrepancy, Report

SCHEMA = "factcheck.baseline/v2"
_V1 = "factcheck.baseline/v1"
DEFAULT = Path(".factcheck-baseline.json")


def _v1_fingerprint(d: Discrepancy) -> str:
    """The first schema's key: the kind and every source's article, value and sentence."""
    return _digest([d.kind, *sorted(_claim_key(c) for c in d.claims)])


def _entry(d: Discrepancy) -> dict[str, str]:
    return {"fingerprint": fingerprint(d), "kind": d.kind, "message": d.message}


def _dump(entries: list[dict[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema": SCHEMA, "findings": entries}, ensure_ascii=False, indent=1) + "\n")


def write(report: Report, path: Path) -> int:
    entries = [_entry(d) for d in report.discrepancies]
    _dump(entries, path)
    return len(entries)


def read(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") not in (SCHEMA, _V1):
            raise InputError(f"{path}: not a factcheck baseline (schema {data.get('schema')!r}, expected {SCHEMA})")
        return {str(e["fingerprint"]) for e in data["findings"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise InputError(f"{path}: cannot read the baseline: {e}") from None
    except RecursionError:  # json.loads of "[[[[…" deeper than the interpreter's stack
        raise InputError(f"{path}: cannot read the baseline: nested too deeply") from None


def _known(d: Discrepancy, known: set[str]) -> bool:
    return fingerprint(d) in known or _v1_fingerprint(d) in known


def apply(report: Report, known: set[str]) -> tuple[Report, int]:
    """The report without the known findings, and how many were hidden."""
    new = [d for d in report.discrepancies if not _known(d, known)]
    return replace(report, discrepancies=new), len(report.discrepancies) - len(new)


def prune(report: Report, path: Path) -> tuple[int, int]:
    """Keep only the entries of ``path`` that today's findings still match (rewritten in the current
    schema); no finding is added. Returns (kept, dropped)."""
    known = read(path)
    kept = [d for d in report.discrepancies if _known(d, known)]
    _dump([_entry(d) for d in kept], path)
    return len(kept), len(known - {k for d in kept for k in (fingerprint(d), _v1_fingerprint(d))})
