"""``factcheck eval --cv``: run every real topic, cross-validate the decision by topic, print it all.

.venv/bin/factcheck eval --cv            (from a clone, with ../shared beside it)
.venv/bin/python -m eval.report [--cache FILE]
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from tabulate import tabulate

from eval import cv
from eval.collect import GOLD, cached_runs, clusters, folds, relabel
from eval.evaluate import Figures, RealResult
from factcheck.pipeline import Pipeline
from factcheck.settings import Settings

GROUP = "ecb+ same-event (en)"


def _without_ap(found: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """The rules have no threshold to sweep, so no average precision."""
    return {k: v for k, v in found.items() if k != "average precision"}


def _row(name: str, lang: str, f: Figures, mixed: bool) -> list:
    return [
        name,
        lang,
        f.flags,
        f.right,
        f"{f.precision:.2f}",
        f"{f.found}/{f.must}" if f.must else "not read",
        f.cross_event if mixed else "",
        f.unlabelled,
    ]


def _ranges(found: dict[str, tuple[float, float]], signed: bool = False) -> str:
    """Intervals as printed: "precision 0.37-0.75", or a difference "precision -0.05 to +0.04"."""
    if signed:
        return ", ".join(f"{k} {lo:+.3f} to {hi:+.3f}" for k, (lo, hi) in found.items())
    return ", ".join(f"{k} {lo:.2f}-{hi:.2f}" for k, (lo, hi) in found.items())


def _strict(figures: dict[str, Figures]) -> str:
    """Each group's precision with a finding right only when none of its read pairs is wrong."""
    return ", ".join(
        f"{name} {f.strict}/{f.flags} = {f.strict_precision:.2f}"
        for name, f in sorted(figures.items())
        if name in (GROUP, "mixed")
    )


def render(
    fr: cv.FoldResult, runs: list, heldout: set[str], rules: list[RealResult], base: cv.FoldResult | None = None
) -> str:
    lines = ["the learned decision, each topic scored by a model trained without it:"]
    rows = []
    for r in fr.default:
        f = Figures()
        f.add(r)
        rows.append(_row(r.cluster.name, r.cluster.language, f, r.cluster.mixed))
    headers = ["cluster", "lang", "findings", "right", "P", "must found", "cross-event", "unlabelled"]
    lines.append(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True))
    lines.append("")
    overall = []
    for name, f in sorted(cv.figures(fr.default).items()):
        overall.append(_row(f"= {name}", "", f, name == "mixed"))
    old = Figures()
    for r in fr.default:
        if r.cluster.topic in heldout and not r.cluster.mixed:
            old.add(r)
    overall.append(_row("= old held-out split, same-event (continuity)", "", old, False))
    lines.append(tabulate(overall, headers=headers, tablefmt="simple", disable_numparse=True))
    mixed = cv.figures(fr.default).get("mixed")
    if mixed and mixed.flags:
        lines.append(f"mixed clusters: {mixed.cross_event / mixed.flags:.1%} of findings join the two events")
    lines.append(
        "a finding is right above when one of its read pairs is; right only when none is wrong: "
        + _strict(cv.figures(fr.default))
    )
    lines.append(
        f"95 % intervals over {cv.BOOTSTRAP} resamples of the topics (how far a figure moves with the topics at hand): "
        + "; ".join(f"{group}: " + _ranges(cv.intervals(fr, group)) for group in (GROUP, "mixed"))
    )
    lines.append("")
    lines.append('the hand rules (decision = "rules"), same clusters, nothing trained:')
    ruled = [_row(f"= {name}", "", f, name == "mixed") for name, f in sorted(cv.figures(rules).items())]
    old = Figures()
    for r in rules:
        if r.cluster.topic in heldout and not r.cluster.mixed:
            old.add(r)
    ruled.append(_row("= old held-out split, same-event (continuity)", "", old, False))
    lines.append(tabulate(ruled, headers=headers, tablefmt="simple", disable_numparse=True))
    lines.append("right only when no read pair is wrong: " + _strict(cv.figures(rules)))
    fixed = cv.FoldResult(results=dict.fromkeys(cv.GRID, rules), default=rules)  # no threshold to sweep
    lines.append(
        "95 % intervals of the rules over the same resamples: "
        + _ranges(_without_ap(cv.intervals(fixed, GROUP)))
        + "; the learned decision minus the rules, paired: "
        + "; ".join(
            f"{group}: " + _ranges(_without_ap(cv.paired(fixed, fr, group)), True) for group in (GROUP, "mixed")
        )
    )
    lines.append("")
    found, total, _missed = cv.candidate_recall(runs)
    lines.append(
        f"candidate recall of must-flag conflicts (some proposal pairs them): {found}/{total} = {found / total:.2f}"
    )
    st = cv.standing(runs, fr)
    lines.append(
        f"must-flag conflicts with two sides, by their strongest proposed pair out of fold: {st.above} at or above "
        f"the fold's threshold ({st.above_ruled} with a pair the rules report), {st.below} below it "
        f"({st.below_far} at {cv.FAR_BELOW} or less), {st.never} never proposed"
    )
    stop = cv.stopped(runs, rules, Settings())  # the settings main() gives the rules
    lines.append(
        f"must-flag conflicts with two sides the rules miss: {stop.never} never proposed, {stop.passed} with a pair "
        f"that passes every test, {sum(a for a, _ in stop.tests.values())} stopped by one test and {stop.shared} by "
        "more, by their least-stopped pair (test: alone, with others): "
        + "; ".join(f"{name} {alone}, {others}" for name, (alone, others) in stop.tests.items())
    )
    rates = cv.read_rates(runs)
    lines.append(
        "read disagreeing pairs, same-event clusters, one fact of those read: "
        + "; ".join(f"{name} {one}/{read}" for name, (one, read) in rates.items())
    )
    lines.append("")
    curve = cv.pr_curve(fr, GROUP)
    lines.append(f"precision-recall over --min-confidence, {GROUP}, out of fold:")
    lines.append(
        tabulate(
            [[f"{t:.2f}", n, f"{p:.2f}", f"{r:.2f}"] for t, p, r, n in curve],
            headers=["min-confidence", "findings", "P", "R"],
            tablefmt="simple",
            disable_numparse=True,
        )
    )
    lines.append(f"average precision: {cv.average_precision(curve):.3f}")
    if base is not None:
        lines.append(
            "this decision minus the saved one, 95 % intervals over the same resampled topics "
            "(a change is told apart from noise only when its interval leaves out 0): "
            + "; ".join(f"{group}: " + _ranges(cv.paired(base, fr, group), True) for group in (GROUP, "mixed"))
        )
    lines.append(
        "folds' models: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(fr.families.items()))
        + "; thresholds: "
        + ", ".join(sorted({f"{t:.2f}" for t in fr.thresholds.values()}))
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None, log: Callable[[str], None] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="factcheck eval --cv", description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=None, help="store/reuse the runs (a working file, not shipped)")
    ap.add_argument(
        "--save-folds",
        type=Path,
        default=None,
        help="pickle the out-of-fold result here, for `python -m eval.sample --by-model` (a working file)",
    )
    ap.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="a result saved by --save-folds: print this decision's figures minus its, topic by topic resampled",
    )
    args = ap.parse_args(argv)
    log = log or (lambda m: print(m, file=sys.stderr))
    cs = clusters()
    runs = relabel(cached_runs(Pipeline(Settings()), cs, args.cache, log=log))
    fr = cv.cross_validate(runs, folds(cs), log=log)
    if args.save_folds is not None:
        args.save_folds.write_bytes(pickle.dumps(fr))
    ruled = cv.rules(runs, Settings())

    heldout = set(json.loads((GOLD / "split.json").read_text())["heldout"])
    base = pickle.loads(args.compare.read_bytes()) if args.compare is not None else None
    print(render(fr, runs, heldout, ruled, base))
    return 0


__all__ = ["RealResult", "main", "render"]

if __name__ == "__main__":
    sys.exit(main())
