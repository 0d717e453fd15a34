"""Known findings: a reviewed finding is accepted once and not reported again.

As with ruff's baseline or semgrep's ``--baseline-commit``, the file lists fingerprints of fact
groups (``report.fingerprint``): kind, each source's value and the sentences' content, so an edit
elsewhere in an article keeps an accepted finding accepted, and a changed value makes it new.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from factcheck._exceptions import InputError
from factcheck.report import fingerprint
from factcheck.types import Report

SCHEMA = "factcheck.baseline/v1"
DEFAULT = Path(".factcheck-baseline.json")


def write(report: Report, path: Path) -> int:
    entries = [{"fingerprint": fingerprint(d), "kind": d.kind, "message": d.message} for d in report.discrepancies]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema": SCHEMA, "findings": entries}, ensure_ascii=False, indent=1) + "\n")
    return len(entries)


def read(path: Path) -> set[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA:
            raise InputError(f"{path}: not a factcheck baseline (schema {data.get('schema')!r}, expected {SCHEMA})")
        return {str(e["fingerprint"]) for e in data["findings"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise InputError(f"{path}: cannot read the baseline: {e}") from None
    except RecursionError:  # json.loads of "[[[[…" deeper than the interpreter's stack
        raise InputError(f"{path}: cannot read the baseline: nested too deeply") from None


def apply(report: Report, known: set[str]) -> tuple[Report, int]:
    """The report without the known findings, and how many were hidden."""
    new = [d for d in report.discrepancies if fingerprint(d) not in known]
    return replace(report, discrepancies=new), len(report.discrepancies) - len(new)
