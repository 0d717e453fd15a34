"""Files in, Articles out: formats, boilerplate, language and publication date.

Boilerplate is removed by cue phrases from the language tables plus line shape,
because trafilatura and readability keep every leftover line of plain-text input
(docs/design.md). The publication date comes from metadata, else from
the dateline or byline at the top, and never from teasers of other articles, which
the boilerplate cut has already removed by then.
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from factcheck import langdata
from factcheck._exceptions import InputError
from factcheck.body import find_body
from factcheck.dates import DateFinder
from factcheck.types import Article

# "-" on the command line: one article from standard input, read as markdown (front matter optional).
# Compared by identity, so a real file of that name is never mistaken for it.
STDIN = Path("<stdin>.md")
SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}
GOLD_KEYS = {"expected", "must_not_flag"}  # keys of an evaluation cluster's expected.json
_WORD = re.compile(r"\w+")


# -- paths and bytes ------------------------------------------------------------------------------
def collect(paths: Iterable[str], skip_bad: bool = False, warn: Callable[[str], None] | None = None) -> list[Path]:
    """Files named directly, found under directories (recursively) or matched by globs.

    A file named directly must be an article; inside a folder, files of other types (a LICENSE,
    XML annotations, images) are passed over with one summary warning, and ``.gitignore`` and
    ``.``/``_``-prefixed names are respected, because a folder of articles is usually a repository.
    A subfolder that cannot be read is an error (a warning under ``skip_bad``): silently checking
    less than was asked would report "no discrepancies" for articles never read."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if raw == "-":
            out.append(STDIN)
        elif any(ch in raw for ch in "*?[") and not p.exists():
            hits = sorted(Path(h) for h in glob.glob(raw, recursive=True))
            if not hits:
                raise InputError(f"{raw}: no files match this pattern")
            # As the shell would pass them: a matched folder is walked, a matched file is read, and
            # what is neither is told, not dropped in silence.
            special: dict[str, int] = {}
            for h in hits:
                if h.is_dir() and not h.is_symlink():
                    out.extend(_folder(h, str(h), skip_bad, warn))
                elif h.is_file():
                    out.append(h)
                else:
                    kind = _special_kind(h)
                    special[kind] = special.get(kind, 0) + 1
            if special and warn:
                warn(f"{raw}: passed over " + ", ".join(_plural(n, k) for k, n in special.items()))
        elif p.is_dir():
            out.extend(_folder(p, raw, skip_bad, warn))
        elif p.is_file():
            out.append(p)
        elif p.exists():
            raise InputError(f"{raw}: not a regular file")
        else:
            raise InputError(f"{raw}: no such file or directory")
    seen: set[Path] = set()
    unique = []
    for f in out:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique


def _folder(p: Path, raw: str, skip_bad: bool, warn: Callable[[str], None] | None) -> list[Path]:
    """A folder's articles, with one summary warning for what it holds that is not one."""
    found, others, special = _walk(p, skip_bad, warn)
    passed = [
        _plural(n, what) + (" (not followed)" if what == "linked folder" else "") for what, n in special.items() if n
    ]
    if others:
        kinds = ", ".join(sorted({f.suffix or "(no extension)" for f in others}))
        what = "is not an article" if len(others) == 1 else "are not articles"
        passed.insert(0, f"{_plural(len(others), 'file')} that {what} ({kinds})")
    if passed and warn:
        warn(f"{raw}: passed over {', '.join(passed)}")
    if not found:
        raise InputError(f"{raw}: directory has no article files ({', '.join(sorted(SUPPORTED))})")
    return found


def _special_kind(p: Path) -> str:
    """What a path that is no regular file and no folder is, read by ``stat`` alone (opening a FIFO
    would block)."""
    import stat

    if p.is_symlink() and p.is_dir():
        return "linked folder"
    try:
        mode = p.stat().st_mode
    except OSError:
        return "broken symbolic link"
    return "FIFO" if stat.S_ISFIFO(mode) else "socket or device file"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _walk(
    root: Path, skip_bad: bool, warn: Callable[[str], None] | None
) -> tuple[list[Path], list[Path], dict[str, int]]:
    """Article files, other regular files, and counts of what is not a regular file: a broken
    symbolic link, a FIFO, a socket or device, a linked folder (not followed, as it may loop).
    Each is told in the folder's summary warning rather than passed over in silence. Only
    ``stat`` looks at them: opening a FIFO would block until something writes to it."""
    import os
    import stat

    import pathspec

    def unreadable(e: OSError) -> None:
        msg = f"{e.filename}: cannot read folder: {e.strerror or e}"
        if not skip_bad:
            raise InputError(msg)
        if warn:
            warn(f"skipped {msg}")

    articles: list[Path] = []
    others: list[Path] = []
    special = {"broken symbolic link": 0, "FIFO": 0, "socket or device file": 0, "linked folder": 0}
    ignores: list[tuple[Path, pathspec.PathSpec]] = []

    def ignored(path: Path, is_dir: bool) -> bool:
        suffix = "/" if is_dir else ""
        return any(
            base in path.parents and spec.match_file(path.relative_to(base).as_posix() + suffix)
            for base, spec in ignores
        )

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        here = Path(dirpath)
        gi = here / ".gitignore"
        if gi.is_file():
            ignores.append((here, pathspec.GitIgnoreSpec.from_lines(gi.read_text(errors="replace").splitlines())))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and not ignored(here / d, True))
        special["linked folder"] += sum((here / d).is_symlink() for d in dirnames)
        for name in sorted(filenames):
            f = here / name
            if name.startswith((".", "_")) or ignored(f, False):
                continue
            try:
                mode = f.stat().st_mode
            except OSError:  # a link to nothing, or to itself
                special["broken symbolic link"] += 1
                continue
            if stat.S_ISREG(mode):
                (articles if f.suffix.lower() in SUPPORTED else others).append(f)
            else:
                special["FIFO" if stat.S_ISFIFO(mode) else "socket or device file"] += 1
    return articles, others, special


def read_text(path: Path) -> str:
    try:
        data = sys.stdin.buffer.read() if path is STDIN else path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # cp1252 leaves five bytes undefined
        raise InputError(f"{path}: not UTF-8 or cp1252 text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- formats -------------------------------------------------------------------------------------
class RecordError(InputError):
    """One bad record: a JSONL line, an item of a JSON list, or the one article of a file. Under
    ``--skip-bad`` it is left out and the rest of its file is read, so one broken line does not
    cost the other records of a corpus dump."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.line, self.reason = line, reason


@dataclass
class _Record:
    id: str | None
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    lang: str | None = None
    html: bool = False
    line: int = 1
    offset: int = 0  # where ``text`` starts in the file (front matter is skipped)
    ignore: tuple[str, ...] = ()  # rule ids the front matter's ``factcheck: {ignore: [...]}`` ignores


def _loads(path: Path, text: str, line: int) -> object:
    """JSON; a document nested deeper than the parser's stack (``[`` × 100,000) is bad input like
    any other malformed JSON, not a crash."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise RecordError(path, line + e.lineno - 1, f"malformed JSON: {e.msg}") from None
    except RecursionError:
        raise RecordError(path, line, "malformed JSON: nested too deeply to read") from None


def _records(path: Path, bad: list[RecordError] | None = None) -> list[_Record] | None:
    """The records of one file; None for an evaluation gold file. With ``bad``, a bad record is
    added to it and left out instead of stopping the file."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(
            f"{path}: unknown extension {suffix or '(none)'}; expected one of {', '.join(sorted(SUPPORTED))}"
        )
    text = read_text(path)
    if suffix in (".txt",):
        return [_Record(None, text)]
    if suffix in (".md", ".markdown"):
        return [_front_matter(path, text)]
    if suffix in (".html", ".htm"):
        return [_Record(None, text, html=True)]
    if suffix == ".jsonl":
        entries: list[tuple[int, object]] = [(n, ln) for n, ln in enumerate(text.split("\n"), 1) if ln.strip()]

        def parse(key: int, raw: object) -> _Record:  # key: the line number
            return _record_from_obj(path, _loads(path, str(raw), key), key)
    else:
        obj = _loads(path, text, 1)  # a .json file that does not parse has no record to keep: a file error
        if isinstance(obj, dict) and GOLD_KEYS & obj.keys() and not {"text", "html"} & obj.keys():
            return None  # factcheck's own evaluation gold (expected.json) sitting beside the articles
        entries = list(enumerate(obj if isinstance(obj, list) else [obj], 1))

        def parse(key: int, raw: object) -> _Record:  # key: the item's place in the list
            return _record_from_obj(path, raw, 1, f"item {key}: " if len(entries) > 1 else "")

    if not entries:
        raise InputError(f"{path}: no records")
    out: list[_Record] = []
    for key, raw in entries:
        try:
            out.append(parse(key, raw))
        except RecordError as e:
            if bad is None:
                raise
            bad.append(e)
    return out


def _record_from_obj(path: Path, obj: object, line: int, item: str = "") -> _Record:
    if not isinstance(obj, dict):
        raise RecordError(path, line, f"{item}a record must be a JSON object")
    body = obj.get("text") or obj.get("html")
    if not isinstance(body, str) or not body.strip():
        raise RecordError(path, line, f"{item}record has no 'text' or 'html'")
    rid = obj.get("id")
    return _Record(
        id=str(rid) if rid is not None else None,
        text=body.replace("\r\n", "\n"),
        title=_str(obj.get("title")),
        published=_str(obj.get("published")),
        url=_str(obj.get("url")),
        lang=_str(obj.get("lang")),
        html=not obj.get("text"),
        line=line,
    )


def _str(v: object) -> str | None:
    return None if v is None else str(v)


def _front_matter(path: Path, text: str) -> _Record:
    if not text.startswith("---\n"):
        return _Record(None, text)
    end = text.find("\n---", 4)
    if end < 0:
        raise InputError(f"{path}:1: front matter is not closed with '---'")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as e:
        raise InputError(f"{path}: bad YAML front matter: {e}") from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise InputError(f"{path}: bad YAML front matter: nested too deeply to read") from None
    if not isinstance(meta, dict):
        raise InputError(f"{path}: front matter must be a mapping")
    body_start = text.find("\n", end + 4) + 1 if text.find("\n", end + 4) >= 0 else len(text)
    return _Record(
        id=_str(meta.get("id")),
        text=text,
        title=_str(meta.get("title")),
        published=_str(meta.get("published")),
        url=_str(meta.get("url")),
        lang=_str(meta.get("lang")),
        offset=body_start,
        ignore=_ignored(path, meta.get("factcheck")),
    )


def _ignored(path: Path, own: object) -> tuple[str, ...]:
    """The rules an article's front matter ignores: ``factcheck: {ignore: [FC002]}``."""
    if own is None:
        return ()
    if not isinstance(own, dict) or set(own) - {"ignore"}:
        raise InputError(f"{path}: front matter 'factcheck' must be a mapping with only 'ignore', not {own!r}")
    from factcheck.rules import codes

    return codes(own.get("ignore") or [], f"{path}: front matter factcheck.ignore")


# -- the article ---------------------------------------------------------------------------------
class Intake:
    """Which articles a run takes, file by file, in one place for the single process and for the
    Ray driver. A file that cannot be read, a bad record, or an article whose id an earlier one
    already has stops the run; under ``skip_bad`` each is left out (of two articles with one id
    the first is kept) and a file's skips are told in one warning naming each."""

    SHOWN = 3  # skipped records named in a file's warning; the rest are counted

    def __init__(self, skip_bad: bool, warn: Callable[[str], None] | None) -> None:
        self.skip_bad = skip_bad
        self.warn = warn or (lambda _m: None)
        self.seen: dict[str, str] = {}  # article id -> where its first article is

    def failed(self, message: str) -> None:
        """A file that cannot be read at all."""
        if not self.skip_bad:
            raise InputError(message)
        self.warn(f"skipped {message}")

    def gold(self, path: Path | str) -> None:
        self.warn(f"{path}: an evaluation gold file, not an article: not checked")

    def admit(self, path: Path | str, articles: list[tuple[str, int | None]], bad: list[tuple[int, str]]) -> list[bool]:
        """Which of a file's readable articles, given as (id, line of its record or None), to keep;
        ``bad`` holds the file's unreadable records as (line, reason)."""
        if bad and not self.skip_bad:
            raise InputError(f"{path}:{bad[0][0]}: {bad[0][1]}")
        skipped: list[tuple[int | None, str]] = list(bad)
        keep = []
        for aid, line in articles:
            where = f"{path}:{line}" if line is not None else str(path)
            first = self.seen.get(aid)
            keep.append(first is None)
            if first is None:
                self.seen[aid] = where
                continue
            reason = f"duplicate article id '{aid}' (also in {first})"
            if not self.skip_bad:
                raise InputError(f"{where}: {reason}")
            skipped.append((line, reason + "; the first is kept"))
        total = len(articles) + len(bad)
        if skipped and total == 1:
            line, reason = skipped[0]
            self.warn(f"skipped {path}{'' if line is None else f':{line}'}: {reason}")
        elif skipped:
            named = "; ".join(
                f"line {line}: {reason}" for line, reason in sorted(skipped, key=lambda s: s[0] or 0)[: self.SHOWN]
            )
            more = f"; and {len(skipped) - self.SHOWN} more" if len(skipped) > self.SHOWN else ""
            self.warn(f"{path}: skipped {len(skipped)} of {total} records ({named}{more})")
        return keep


def load(
    paths: Iterable[str], skip_bad: bool = False, warn: Callable[[str], None] | None = None, today: date | None = None
) -> list[Article]:
    """Read every article under ``paths``. Bad files, bad records and duplicate ids are errors,
    and under ``skip_bad`` warnings (see ``Intake``)."""
    intake = Intake(skip_bad, warn)
    articles: list[Article] = []
    for path in collect(paths, skip_bad, warn):
        bad: list[RecordError] | None = [] if skip_bad else None
        try:
            batch = read_file(path, today, bad, warn)
        except InputError as e:
            intake.failed(str(e))
            continue
        if batch is None:
            intake.gold(path)
            continue
        ids = [(a.id, a.first_line if a.record else None) for a in batch]
        keep = intake.admit(path, ids, [(e.line, e.reason) for e in bad or []])
        articles += [a for a, kept in zip(batch, keep, strict=True) if kept]
    if not articles:
        raise InputError("no articles to check")
    return articles


def read_file(
    path: Path,
    today: date | None = None,
    bad: list[RecordError] | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[Article] | None:
    """The articles of one file; None for an evaluation gold file, which is not an article.
    One file at a time, so a distributed reader can run it wherever the file is. With ``bad``,
    each bad record is added to it and left out, and the rest of the file is read."""
    skipped = len(bad) if bad is not None else 0
    records = _records(path, bad)
    if records is None:
        return None
    # Counted with the bad records, so that an article's id does not change when another is fixed.
    many = len(records) + (len(bad) - skipped if bad is not None else 0) > 1
    out = []
    for rec in records:
        try:
            out.append(build(path, rec, many, today, warn))
        except RecordError as e:
            if bad is None:
                raise
            bad.append(e)
    return out


def build(
    path: Path, rec: _Record, many: bool, today: date | None = None, warn: Callable[[str], None] | None = None
) -> Article:
    text = rec.text
    published_meta: datetime | None = None
    published_from: str | None = None
    title = rec.title
    if rec.html:
        text, html_date, html_title = _from_html(path, text, rec.line)
        if html_date and not rec.published:
            published_meta, published_from = html_date, "html metadata"
        title = title or html_title
    if rec.published:
        try:
            published_meta = parse_published(rec.published)
        except RelativeDateError:
            # Read against today's clock, the same file would get another date tomorrow.
            if warn:
                warn(
                    f"{path}:{rec.line}: published {rec.published!r} is not a date of its own (it counts "
                    "from the day it is read); the publication date is read from the text instead"
                )
        else:
            if published_meta is None:
                raise RecordError(path, rec.line, f"cannot read the publication date {rec.published!r}")
            published_from = "metadata"
    aid = rec.id or (f"{path.stem}:{rec.line}" if many else path.stem)
    body_text = text[rec.offset :]
    if not body_text.strip():
        raise RecordError(path, rec.line, "article has no text")
    lang = (rec.lang or detect_language(body_text)).split("-")[0].lower()
    art = Article(
        id=aid,
        source=str(path),
        text=text,
        language=lang,
        title=title,
        url=rec.url,
        first_line=rec.line if many or path.suffix.lower() == ".jsonl" else 1,
        content_hash=hashlib.sha256(text.encode()).hexdigest()[:16],
        ignore=rec.ignore,
    )
    art.record = many or path.suffix.lower() in (".jsonl", ".json")
    art.body, art.header, first_title = find_body(text, lang, rec.offset)
    art.title = art.title or first_title
    if published_meta is not None:
        art.published, art.published_from = published_meta, published_from
    else:
        art.published, art.published_from = find_dateline(art, today or date.today())
    return art


def _from_html(path: Path, html: str, line: int) -> tuple[str, datetime | None, str | None]:
    import trafilatura  # heavy import, only for HTML input

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise RecordError(path, line, "no article text found in the HTML")
    try:
        published = parse_published(doc.date) if doc.date else None
    except RelativeDateError:
        published = None
    return doc.text, published, doc.title


class RelativeDateError(ValueError):
    """A metadata date that names no day of its own ("1 tahun lalu", "next week", "March")."""


# Two reading days apart in year, month, day and time: a metadata date that reads the same
# against both names its own day; one that reads differently counts from the day it is read
# ("next week") or borrows a missing part from it ("5 Maret", "2024").
_READING_DAYS = (datetime(2001, 2, 3, 4, 5, 6), datetime(2012, 11, 25, 16, 47, 58))


def parse_published(raw: str) -> datetime | None:
    """A publication date from metadata, as local wall time; None when it cannot be read.
    Raises RelativeDateError for a value whose date depends on the day it is read."""
    raw = raw.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        pass
    import dateparser  # free-form metadata dates in any language: what dateparser is good at

    read = [
        dateparser.parse(raw, languages=list(langdata.codes()), settings={"DATE_ORDER": "DMY", "RELATIVE_BASE": day})
        for day in _READING_DAYS
    ]
    if read[0] is None or read[1] is None:
        return None
    if read[0] != read[1]:
        raise RelativeDateError(raw)
    return read[0].replace(tzinfo=None)  # as the ISO branch: the wall time the outlet printed


_LANG_READY = False


def detect_language(text: str) -> str:
    """py3langid restricted to the languages we have tables for (Malay counts as Indonesian)."""
    import py3langid

    global _LANG_READY
    if not _LANG_READY:
        py3langid.set_languages(langdata.detectable())
        _LANG_READY = True
    code, _ = py3langid.classify(text[:3000])
    return langdata.resolve(code)


def find_dateline(art: Article, today: date) -> tuple[datetime | None, str | None]:
    """The first full date in the header lines or the opening of the first paragraph."""
    lang = langdata.get(art.language)
    finder = DateFinder(lang, None, today)
    # The dateline zone: non-prose lines up to the second paragraph, and the opening of the first.
    header = set(art.header)
    paragraphs = [(s, e) for s, e in art.body if (s, e) not in header]
    limit = paragraphs[1][0] if len(paragraphs) > 1 else len(art.text)
    zones = [(s, e) for s, e in art.header if s < limit]
    if paragraphs:
        zones.append((paragraphs[0][0], min(paragraphs[0][1], paragraphs[0][0] + 300)))
    for s, e in sorted(zones):
        for m in finder.find(art.text[s:e]):
            if m.kind != "date" or m.granularity not in ("day", "minute") or m.lo is None:
                continue
            d = date.fromordinal(int(m.lo))
            if d > today:
                continue
            hh, mm = 0, 0
            if m.date is not None and m.date.hour is not None:
                hh, mm = m.date.hour, m.date.minute or 0
            line, _ = art.line_col(s + m.start)
            how = "year from weekday, " if m.year_guessed else ""
            return datetime(d.year, d.month, d.day, hh, mm), f"dateline ({how}line {line}: {m.text!r})"
    return None, None
