"""One definition of every threshold and default.

Precedence, documented once: CLI flags, then ``factcheck.toml`` or ``[tool.factcheck]``
in ``pyproject.toml`` of the nearest directory from the current one upward (as ruff and pytest
find theirs), then the defaults below. Every value is checked for its type and range, because a
wrong one (``top_k = 0``, ``dense_weight = nan``) would otherwise silently disable all findings.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from factcheck import rules
from factcheck._exceptions import ConfigError

DEFAULT_MODEL = "multilingual-e5-small"


def default_cache_dir() -> Path:
    env = os.environ.get("FACTCHECK_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "factcheck"


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    cache_dir: str = ""
    index_dir: str = ".factcheck"
    fail_on: str = "low"
    # Retrieval: neighbours per claim from each channel, and the weights of the fusion of
    # z-scored dense and lexical similarities: the two channels miss different pairs, so the fusion
    # finds more than either alone (docs/design.md, "Retrieval").
    top_k: int = 8
    dense_weight: float = 0.7
    lexical_weight: float = 0.3
    # A pair is a candidate when its fused z-score is at least this many standard
    # deviations above pairs of different claims from the same article (see align.py).
    # Same language: chosen on the ECB+ tuning split for precision first, then must-flag recall
    # (docs/design.md). Across languages no real labelled data exists here, so the earlier 1.0 stays.
    min_pair_z: float = 1.75
    min_pair_z_cross_lingual: float = 1.0
    # Which decision reads proposed pairs as one fact: "rules" (the hand rules of ``compare``) or
    # "model" (the learned, calibrated model of ``decide``). The default is whichever scores better
    # by leave-topics-out cross-validation (``factcheck eval --cv``; docs/quality.md).
    decision: str = "rules"
    # Findings whose confidence is below this are not reported. With the rules: the share of context
    # words their strongest pair shares (``pipeline.RULES_MIN_CONFIDENCE``); with the model:
    # the calibrated probability that it is one fact, and None takes the model's own threshold.
    min_confidence: float | None = None
    # Mention matching without the model: share of context words two mentions must have in common to be
    # read as the same quantity (what is counted, of whom).
    min_context_overlap: float = 0.34
    # Event identity: two articles in one language are compared only when they share at least
    # this share of the proper names they use (Jaccard), and each uses at least this many. The
    # share is the largest that keeps every must-flag conflict of the ECB+ tuning split while
    # cutting most flags that pair two different events (docs/design.md). The minimum of names
    # lets the short self-written clusters keep their findings (a few names give a noisy overlap),
    # at the price of some cross-event flags.
    min_article_name_overlap: float = 0.16
    min_article_names: int = 8
    # Above this many vectors the dense index is approximate (HNSW) rather than exact.
    approximate_index_above: int = 50_000
    # Above this many claims lexical neighbours come from a random projection searched with
    # FAISS rather than from exact sparse products.
    lexical_exact_max: int = 20_000
    # A date without a year is placed in the latest year that puts it no later than this
    # many days after publication (news mostly reports the past or the very near future).
    future_window_days: int = 45
    embed_batch_size: int = 64
    # Articles per shard written by `index add --ray`: big enough that a query opens few shards,
    # small enough that a failed writer task redoes little.
    shard_articles: int = 2000
    # Rules by id or prefix (``factcheck.rules``): none selected means all; ignored ones are then left out.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def resolved_cache_dir(self) -> Path:
        return Path(self.cache_dir) if self.cache_dir else default_cache_dir()

    def with_overrides(self, **overrides: object) -> Settings:
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **clean)


# Allowed ranges, inclusive; every other number must be finite and at least 0.
_RANGES: dict[str, tuple[float, float]] = {
    "top_k": (1, 1000),
    "dense_weight": (0.0, 1.0),
    "lexical_weight": (0.0, 1.0),
    "min_confidence": (0.0, 1.0),
    "min_context_overlap": (0.0, 1.0),
    "min_article_name_overlap": (0.0, 1.0),
    "embed_batch_size": (1, 100_000),
    "shard_articles": (1, 10_000_000),
}
_CHOICES: dict[str, tuple[str, ...]] = {"fail_on": ("high", "medium", "low", "none"), "decision": ("rules", "model")}


def find_file(start: Path) -> Path | None:
    """The nearest ``factcheck.toml``, or ``pyproject.toml`` with a ``[tool.factcheck]`` table."""
    for directory in (start, *start.parents):
        fc = directory / "factcheck.toml"
        if fc.is_file():
            return fc
        pp = directory / "pyproject.toml"
        if pp.is_file():
            tool = _read(pp).get("tool", {})
            if not isinstance(tool, dict):  # `tool = 5`: every tool reading the file is lost, so say so
                raise ConfigError(f"{pp}: tool must be a table, not {type(tool).__name__} ({tool!r})")
            if "factcheck" in tool:
                return pp
    return None


def _read(path: Path) -> dict:
    """A TOML file, or one line naming it: TOML must be UTF-8, and tomllib parses nested arrays
    recursively, so a file of ``a = [[[[…`` fails with RecursionError rather than a parse error."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read settings: {e}") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: cannot read settings: not UTF-8 (byte {e.start})") from None
    except RecursionError:
        raise ConfigError(f"{path}: cannot read settings: nested too deeply") from None


def _file_settings(path: Path | None) -> dict[str, object]:
    if path is None:
        return {}
    data = _read(path)
    table = data.get("factcheck", data) if path.name == "factcheck.toml" else data["tool"]["factcheck"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [factcheck] must be a table")
    return table


def _check(key: str, value: object, where: str) -> None:
    """One line naming the file and key for any value of the wrong type or outside its range."""
    default = getattr(Settings(), key)
    kind = type(default)
    if key == "min_confidence":
        kind = float
        if value is None:
            return
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        ok = True
    if not ok:
        raise ConfigError(f"{where}: {key} must be {kind.__name__}, not {type(value).__name__} ({value!r})")
    if key in _CHOICES and value not in _CHOICES[key]:
        raise ConfigError(f"{where}: {key} must be one of {', '.join(_CHOICES[key])}, not {value!r}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        lo, hi = _RANGES.get(key, (0, math.inf))
        if not (math.isfinite(value) and lo <= value <= hi):
            span = f"between {lo} and {hi}" if math.isfinite(hi) else f"a finite number at least {lo}"
            raise ConfigError(f"{where}: {key} must be {span}, not {value!r}")


def _flag(key: str) -> str:
    return f"--{key.replace('_', '-')}"


def _checked(values: dict[str, object], where: dict[str, str]) -> dict[str, object]:
    """``values`` checked, rule lists made tuples of upper-case codes; ``where`` names each one's origin."""
    out = {}
    for key, value in values.items():
        if value is None:
            continue
        if key in ("select", "ignore"):
            origin = where[key]
            value = rules.codes(value, origin if origin.startswith("--") else f"{origin}: {key}")
        else:
            _check(key, value, where[key])
        out[key] = value
    return out


def load(directory: Path | None = None, **overrides: object) -> Settings:
    """Defaults, overlaid by the settings file, overlaid by CLI flags."""
    return resolve(directory, **overrides)[0]


def resolve(directory: Path | None = None, **overrides: object) -> tuple[Settings, dict[str, str]]:
    """The settings, and where each came from: "default", the settings file's path, or the flag."""
    names = {f.name for f in fields(Settings)}
    path = find_file((directory or Path.cwd()).resolve())
    raw = _file_settings(path)
    unknown = set(raw) - names
    if unknown:
        raise ConfigError(f"{path}: unknown factcheck setting(s): {', '.join(sorted(unknown))}")
    from_file = _checked(raw, dict.fromkeys(raw, str(path)))
    from_flags = _checked(overrides, {k: _flag(k) for k in overrides})
    origin = dict.fromkeys(names, "default") | dict.fromkeys(from_file, str(path)) | {k: _flag(k) for k in from_flags}
    final = Settings().with_overrides(**from_file).with_overrides(**from_flags)
    if final.dense_weight == 0 and final.lexical_weight == 0:
        # Each weight is in range alone; both at 0 score every same-language pair 0, so the run would
        # compare none of them (or, with min_pair_z = 0, all alike) and report as if nothing disagreed.
        raise ConfigError(
            f"{path}: dense_weight and lexical_weight are both 0, so claims in one language would not be "
            "compared; give at least one a weight above 0"
        )
    return final, origin


def describe(settings: Settings, origin: dict[str, str]) -> str:
    """The resolved settings as TOML a ``factcheck.toml`` could hold, each with where it came from."""
    lines = []
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if isinstance(value, tuple):
            shown = "[" + ", ".join(f'"{v}"' for v in value) + "]"
        elif isinstance(value, str):
            shown = f'"{value}"'
        else:
            shown = "unset" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        lines.append(f"{f.name} = {shown}".ljust(44) + f"  # {origin.get(f.name, 'default')}")
    return "\n".join(lines)
