"""The command line: parse options, run the pipeline, pick a renderer. Nothing else."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from factcheck import settings as settings_mod
from factcheck._exceptions import ConfigError, FactcheckError, StoreError, inert

UsageError = ConfigError  # a flag's mistake: one line, exit code 2, like a settings file's

HELP = {"help_option_names": ["-h", "--help"]}  # subcommands inherit it from the group's context
app = typer.Typer(
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings=HELP,
)


def _version(value: bool) -> None:
    if value:
        from factcheck import __version__

        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Find dates and numbers that disagree between articles about the same event."""


model_app = typer.Typer(help="Manage the embedding model.", no_args_is_help=True)
app.add_typer(model_app, name="model")
index_app = typer.Typer(
    help="Manage a stored corpus index, for checking new articles against it.", no_args_is_help=True
)
app.add_typer(index_app, name="index")


class Format(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    html = "html"
    sarif = "sarif"
    github = "github"


class ExtractFormat(StrEnum):
    table = "table"
    json = "json"


class FailOn(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"
    none = "none"


def _err(msg: str) -> None:
    """Every error and warning goes out here, made inert once: messages name paths, ids and keys
    read from the input, and stderr is a CI log where a raw newline could start a workflow command."""
    typer.echo(f"factcheck: {inert(msg)}", err=True)


def _say(msg: str) -> None:
    """A status line on stdout (it names a path or a stored value), inert for the same reason."""
    typer.echo(inert(msg))


REPORT_URL = "https://github.com/factcheck/factcheck/issues"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Bad input, settings, model or index: one line on stderr and exit code 2, no traceback.
    Anything else is a bug: exit code 3 and a line asking for a report, never the 1 that means
    "discrepancies found"."""
    try:
        yield
    except FactcheckError as e:
        _err(str(e))
        raise typer.Exit(2) from None
    except OSError as e:  # an unwritable -o, a vanished file: the user's to fix
        where = f"{e.filename}: " if e.filename else ""
        _err(f"{where}{e.strerror or e}")
        raise typer.Exit(2) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as e:
        _err(f"internal error ({type(e).__name__}: {e}); please report it at {REPORT_URL} with the command you ran")
        raise typer.Exit(3) from None


def _progress(quiet: bool) -> Callable[[str, int], AbstractContextManager[Callable[[int], None]]] | None:
    """A rich progress bar on a terminal; silent in CI logs, pipes and with --quiet. A context
    manager, so the bar is always taken down and the cursor shown again, even when every
    sentence came from the cache and the bar never moved."""
    if quiet or not sys.stderr.isatty():
        return None

    @contextmanager
    def bar(label: str, total: int) -> Iterator[Callable[[int], None]]:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(transient=True, console=Console(stderr=True)) as prog:
            task = prog.add_task(label, total=total)
            yield lambda n: prog.update(task, advance=n)

    return bar


EXTENSION_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".sarif": "sarif",
    ".txt": "table",
}


def _targets(fmt: Format | None, outputs: list[Path]) -> list[tuple[Path | None, str]]:
    """Where each report goes and in which format: one run writes them all (CI wants SARIF, a
    summary and annotations from the same findings, not three runs). An extension that names no
    format, with no --format to say one, is a mistake, not a table."""
    for o in outputs:
        if fmt is None and o.suffix.lower() not in EXTENSION_FORMATS:
            known = ", ".join(sorted(EXTENSION_FORMATS))
            raise UsageError(
                f"{o}: unknown report extension {o.suffix or '(none)'}; use one of {known}, or name the format "
                "with --format"
            )
    fallback = fmt.value if fmt else "table"
    out: list[tuple[Path | None, str]] = [(o, EXTENSION_FORMATS.get(o.suffix.lower(), fallback)) for o in outputs]
    if not outputs or (fmt and all(o.suffix.lower() in EXTENSION_FORMATS for o in outputs)):
        out.insert(0, (None, fallback))
    return out


def _write(text: str, output: Path | None) -> None:
    # A lone surrogate (an undecodable file name made into an id) is written as an escape, not a crash.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if output is None:
        typer.echo(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text + "\n", encoding="utf-8")


PathsArg = Annotated[
    list[str], typer.Argument(help="Article files, directories (recursive) or globs.", show_default=False)
]


def _codes(values: list[str] | None) -> str | None:
    """Repeated flags and comma-separated lists alike: --select FC001,FC003 --select FC004."""
    return ",".join(values) if values else None


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Article files, directories (recursive) or globs.", show_default=False),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format on stdout, and for an --output whose extension names none. \\[default: table]",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Write a report here; repeat for several. The format comes from the extension "
            "(.md, .json, .html, .sarif, .txt), else from --format; any other is an error. With -o, stdout gets "
            "a report only if --format is given.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(help="Exit 1 when a discrepancy at or above this severity is found. \\[default: low]"),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="sentence-transformers model name or folder. \\[default: multilingual-e5-small, built offline]"
        ),
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option(help="Also check against the corpus stored in this index directory (see 'factcheck index add')."),
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            help='The least same-fact score (0-1) a finding\'s strongest pair needs. With decision = "model" it is '
            "the probability at which two figures are read as one fact: lower finds more conflicts, less surely "
            "(the trade is in docs/quality.md). With the rules it is the share of context words the pair shares. "
            "\\[default: the model's own threshold; 0.45 for the rules]",
            min=0.0,
            max=1.0,
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="Hide the findings listed in this baseline (written by 'factcheck baseline'). "
            "\\[default: .factcheck-baseline.json when it exists]"
        ),
    ] = None,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Report every finding, the known ones too: read no baseline.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            help="Report only these rules (ids or prefixes, comma-separated or repeated: FC001,FC003). "
            "\\[default: all]",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(help="Leave these rules out (ids or prefixes, comma-separated or repeated).", show_default=False),
    ] = None,
    show_settings: Annotated[
        bool,
        typer.Option("--show-settings", help="Print the resolved settings and where each came from, and exit."),
    ] = False,
    skip_bad: Annotated[bool, typer.Option(help="Warn about unreadable files instead of stopping.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress or status messages; the table is one line per finding.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show per-stage timings.")] = False,
) -> None:
    """Check articles against each other and report dates and numbers that disagree.

    Exit codes: 0 nothing at or above --fail-on, 1 discrepancies found, 2 bad usage, input or
    settings, 3 an internal error (please report it).
    """
    from factcheck import baseline as base
    from factcheck import report as render
    from factcheck.pipeline import Pipeline

    with _user_errors():
        st, origin = settings_mod.resolve(
            model=model, fail_on=fail_on.value if fail_on else None, min_confidence=min_confidence,
            select=_codes(select), ignore=_codes(ignore),
        )  # fmt: skip
        if show_settings:
            for line in settings_mod.describe(st, origin).splitlines():
                _say(line)
            return
        if not paths:
            raise UsageError("no articles given: name files, directories or globs, or - for standard input")
        if baseline is not None and no_baseline:
            raise UsageError("--baseline and --no-baseline contradict each other: give one")
        targets = _targets(fmt, output or [])
        log = (lambda _m: None) if quiet else _err
        result = Pipeline(st, log=log, progress=_progress(quiet)).check(paths, skip_bad=skip_bad, against=against)
        known_file = None if no_baseline else baseline or (base.DEFAULT if base.DEFAULT.is_file() else None)
        if known_file is not None:
            result, hidden = base.apply(result, base.read(known_file))
            log(f"{render.count(hidden, 'known finding')} hidden (baseline {known_file})")
        for target, kind in targets:
            if kind == "table":  # a terminal gets colour; -q one line per finding
                text = render.to_table(result, color=target is None and sys.stdout.isatty(), concise=quiet)
            else:
                text = render.RENDERERS[kind](result)
            _write(text, target)
            if target is not None and not quiet:
                _err(f"wrote {target} ({render.count(len(result.discrepancies), 'discrepancy')})")
    if verbose:
        for stage, secs in result.timings.items():
            _err(f"{stage:>16}: {secs:.3f}s")
    threshold = render.SEVERITY_ORDER[st.fail_on]
    if threshold and render.worst(result.discrepancies) >= threshold:
        raise typer.Exit(1)


@app.command("baseline")
def write_baseline(
    paths: PathsArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file.")] = Path(
        ".factcheck-baseline.json"
    ),
    against: Annotated[
        Path | None, typer.Option(help="Check against the corpus stored in this index directory too.")
    ] = None,
    prune: Annotated[
        bool,
        typer.Option("--prune", help="Only drop the entries no finding matches any more (fixed articles); add none."),
    ] = False,
    skip_bad: Annotated[bool, typer.Option(help="Warn about unreadable files instead of stopping.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or status messages.")] = False,
) -> None:
    """Accept today's findings: write them to a baseline file, so that 'check' reports only new ones.

    Commit the file. A finding is known by its outlier claims and the fact they dispute (kind,
    values, sentences), so edits elsewhere in an article and new articles that agree with the
    majority keep it known, and a changed value makes it new.
    """
    from factcheck import baseline as base
    from factcheck import report as render
    from factcheck.pipeline import Pipeline

    with _user_errors():
        st = settings_mod.load()
        log = (lambda _m: None) if quiet else _err
        result = Pipeline(st, log=log, progress=_progress(quiet)).check(paths, skip_bad=skip_bad, against=against)
        if prune:
            kept, dropped = base.prune(result, output)
            _say(f"pruned {output}: {render.count(dropped, 'entry')} dropped, {kept} kept")
            return
        n = base.write(result, output)
    _say(f"wrote {output} ({render.count(n, 'known finding')})")


@app.command()
def extract(
    paths: PathsArg,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    skip_bad: Annotated[bool, typer.Option(help="Warn about unreadable files instead of stopping.")] = False,
) -> None:
    """Show every sentence's date and number mentions, with normalized values."""
    from factcheck import report as render
    from factcheck.pipeline import Pipeline

    with _user_errors():
        docs = Pipeline(settings_mod.load(), log=_err).documents(paths, skip_bad=skip_bad)
        _write(render.extract_json(docs) if fmt is ExtractFormat.json else render.extract_table(docs), output)


class Split(StrEnum):
    tuning = "tuning"
    heldout = "heldout"


@app.command("eval")
def evaluate(
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="A self-written evaluation set (one folder per cluster with expected.json). "
            "Without it, the real clusters of --split are scored.",
            show_default=False,
        ),
    ] = None,
    split: Annotated[Split, typer.Option(help="Which half of the real clusters to score.")] = Split.heldout,
    gold: Annotated[Path, typer.Option(help="Gold directory: split.json, labels, floors.")] = Path("tests/real"),
    data: Annotated[
        Path, typer.Option(help="Where the real corpora live (the shared folder).", envvar="FACTCHECK_DATA")
    ] = Path("../shared"),
    unlabelled: Annotated[
        Path | None, typer.Option(help="Write every unlabelled flag, with its context, to this JSON file.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")] = False,
    cv: Annotated[
        bool,
        typer.Option(
            "--cv",
            help="Cross-validate the decision with real topics as folds (every ECB+ topic and Kompas): per "
            "cluster and overall precision, must-flag recall, cross-event findings, the precision-recall curve. "
            "Needs a clone (its eval/ folder) with the shared data beside it.",
        ),
    ] = False,
) -> None:
    """Score the engine on real, labelled clusters: precision, must-flag recall, cross-event false alarms.

    Unlabelled flags count as false. Exit codes: 0 every floor in GOLD/floors.json met, 1 a floor missed,
    2 bad usage or input.
    """
    log = (lambda _m: None) if quiet else _err
    if cv:
        raise typer.Exit(_cross_validate(log))
    ev = _harness("evaluate", "eval")
    with _user_errors():
        st = settings_mod.load()
        if directory is not None:
            result = ev.evaluate_dir(directory, st, log=log)
            typer.echo(result.render())
            return
        real, articles = ev.evaluate_real(gold, data, split.value, st, log=log)
    typer.echo(real.render())
    if unlabelled is not None:
        import json

        todo = real.unlabelled(articles)
        with _user_errors():
            _write(json.dumps(todo, ensure_ascii=False, indent=1), unlabelled)
        _err(f"wrote {unlabelled} ({len(todo)} unlabelled flags)")
    if real.failures():
        raise typer.Exit(1)


def _harness(module: str, command: str) -> Any:
    """The evaluation harness is corpus-specific and lives in the repository (``eval/``), not in
    the installed package: find the clone (the working directory or one above it, else the checkout
    an editable install runs from) and import ``eval.<module>`` from it."""
    import importlib

    from factcheck import __file__ as package_file

    for root in (Path.cwd(), *Path.cwd().parents, Path(package_file).resolve().parents[1]):
        if (root / "eval" / f"{module}.py").is_file() and (root / "pyproject.toml").is_file():
            if str(root) not in sys.path:
                sys.path.insert(0, str(root))
            return importlib.import_module(f"eval.{module}")
    _err(
        f"'{command}' needs the evaluation harness (eval/{module}.py), which is not installed with "
        "the package: run it from a clone of the factcheck repository"
    )
    raise typer.Exit(2)


def _cross_validate(log: Callable[[str], None]) -> int:
    return _harness("report", "eval --cv").main([], log=log)


@model_app.command("install")
def model_install() -> None:
    """Build the default model (multilingual-e5-small) into the cache, offline, once, with the
    ONNX graph that runs it (4-bit matrices, int8 word table)."""
    from factcheck.embed.build import build_default_model, build_onnx, default_model_dir

    with _user_errors():
        path = build_default_model(default_model_dir(settings_mod.load()), log=_err)
        build_onnx(path, log=_err)
    _say(str(path))


IndexDir = Annotated[Path | None, typer.Option("--index", help="Index directory. \\[default: .factcheck]")]


@index_app.command("add")
def index_add(
    paths: PathsArg,
    index: IndexDir = None,
    model: Annotated[str | None, typer.Option(help="sentence-transformers model name or folder.")] = None,
    skip_bad: Annotated[bool, typer.Option(help="Warn about unreadable files instead of stopping.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or status messages.")] = False,
    ray: Annotated[
        bool,
        typer.Option(
            "--ray",
            help="Run the stages on Ray Data and write the index as shards (needs: pip install 'factcheck\\[ray]'). "
            "A sharded index is read by check --against like any other.",
        ),
    ] = False,
    ray_address: Annotated[
        str | None,
        typer.Option(
            help="With --ray: the cluster to join ('auto' for one started by 'ray start', or ray://HOST:10001). "
            "\\[default: $RAY_ADDRESS, else a local Ray on this machine's cores]"
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="With --ray: embedding actors, each loading the model once.")] = 1,
) -> None:
    """Store articles (sentences, mentions, embeddings); unchanged ones are skipped, changed ones replaced."""
    with _user_errors():
        st = settings_mod.load(model=model, index_dir=str(index) if index else None)
        log = (lambda _m: None) if quiet else _err
        if ray or ray_address:
            from factcheck import distributed

            added, replaced, skipped = distributed.index_add(
                paths, Path(st.index_dir), st, address=ray_address, workers=workers, skip_bad=skip_bad, log=log,
                quiet=quiet, progress=_progress(quiet),
            )  # fmt: skip
        else:
            from factcheck.pipeline import Pipeline

            pipe = Pipeline(st, log=log, progress=_progress(quiet))
            added, replaced, skipped = pipe.index_add(paths, Path(st.index_dir), skip_bad=skip_bad)
    typer.echo(f"{added} added, {replaced} replaced, {skipped} unchanged")


@index_app.command("stats")
def index_stats(index: IndexDir = None) -> None:
    """Show what the index holds."""
    from factcheck.shards import open_index

    with _user_errors():
        st = settings_mod.load(index_dir=str(index) if index else None)
        stats = open_index(Path(st.index_dir), st).stats()
    for key, value in stats.items():
        _say(f"{key:>10}: {value}")


@index_app.command("remove")
def index_remove(
    ids: Annotated[list[str], typer.Argument(help="Article ids to remove.")], index: IndexDir = None
) -> None:
    """Remove articles from the index by id."""
    from factcheck import report as render
    from factcheck.shards import is_sharded
    from factcheck.store import Store

    with _user_errors():
        st = settings_mod.load(index_dir=str(index) if index else None)
        if is_sharded(Path(st.index_dir)):
            raise StoreError(f"{st.index_dir}: removing from a sharded index (--ray) is not supported yet")
        store = Store(Path(st.index_dir), st)
        with store.writing():
            missing = [i for i in ids if not store.remove(i)]
            store.save_faiss()
    typer.echo(f"removed {render.count(len(ids) - len(missing), 'article')}")
    if missing:
        _err(f"not in the index, so not removed: {', '.join(missing)}")
        raise typer.Exit(2)


@index_app.command("list")
def index_list(index: IndexDir = None) -> None:
    """List the stored articles: id, publication date, title and source file."""
    from tabulate import tabulate

    from factcheck import report as render
    from factcheck.shards import open_index

    with _user_errors():
        st = settings_mod.load(index_dir=str(index) if index else None)
        rows = open_index(Path(st.index_dir), st).listing()
    table = [
        [render.plain(i), (pub or "—")[:10], render.plain(render.short(title or "", 60)), render.plain(src)]
        for i, title, pub, src in rows
    ]
    typer.echo(tabulate(table, headers=["id", "published", "title", "source"], tablefmt="simple"))
    typer.echo(render.count(len(rows), "article"))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
