"""Files in, Articles out: formats, boilerplate, language and publication date.

Boilerplate is removed by cue phrases from the language tables plus line shape,
because trafilatura and readability keep every leftover line of plain-text input
(measured: all 42 in the seeds). The publication date comes from metadata, else from
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
from factcheck.dates import DateFinder
from factcheck.types import Article

# "-" on the command line: one article from standard input, read as markdown (front matter optional).
# Compared by identity, so a real file of that name is never mistaken for it.
STDIN = Path("<stdin>.md")
SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}
GOLD_KEYS = {"expected", "must_not_flag"}  # keys of an evaluation cluster's expected.json
_MIN_CONTENT_WORDS = 8
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
            out.extend(h for h in hits if h.is_file())
        elif p.is_dir():
            found, others = _walk(p, skip_bad, warn)
            if others and warn:
                kinds = ", ".join(sorted({f.suffix or "(no extension)" for f in others}))
                warn(f"{raw}: passed over {_plural(len(others), 'file')} that are not articles ({kinds})")
            if not found:
                raise InputError(f"{raw}: directory has no article files ({', '.join(sorted(SUPPORTED))})")
            out.extend(found)
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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _walk(root: Path, skip_bad: bool, warn: Callable[[str], None] | None) -> tuple[list[Path], list[Path]]:
    import os

    import pathspec

    def unreadable(e: OSError) -> None:
        msg = f"{e.filename}: cannot read folder: {e.strerror or e}"
        if not skip_bad:
            raise InputError(msg)
        if warn:
            warn(f"skipped {msg}")

    articles: list[Path] = []
    others: list[Path] = []
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
        for name in sorted(filenames):
            f = here / name
            if name.startswith((".", "_")) or ignored(f, False) or not f.is_file():
                continue
            (articles if f.suffix.lower() in SUPPORTED else others).append(f)
    return articles, others


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


def _records(path: Path) -> list[_Record]:
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
        out = []
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}: malformed JSON: {e.msg}") from None
            out.append(_record_from_obj(path, obj, n))
        if not out:
            raise InputError(f"{path}: no records")
        return out
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: malformed JSON: {e.msg}") from None
    if isinstance(obj, dict) and GOLD_KEYS & obj.keys() and not {"text", "html"} & obj.keys():
        return []  # factcheck's own evaluation gold (expected.json) sitting beside the articles
    items = obj if isinstance(obj, list) else [obj]
    return [_record_from_obj(path, o, 1) for o in items]


def _record_from_obj(path: Path, obj: object, line: int) -> _Record:
    where = f"{path}:{line}"
    if not isinstance(obj, dict):
        raise InputError(f"{where}: a record must be a JSON object")
    body = obj.get("text") or obj.get("html")
    if not isinstance(body, str) or not body.strip():
        raise InputError(f"{where}: record has no 'text' or 'html'")
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
    )


# -- the article ---------------------------------------------------------------------------------
def load(
    paths: Iterable[str], skip_bad: bool = False, warn: Callable[[str], None] | None = None, today: date | None = None
) -> list[Article]:
    """Read every article under ``paths``. Duplicate ids and bad files are errors."""
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in collect(paths, skip_bad, warn):
        try:
            batch = read_file(path, today)
            if batch is None:
                if warn:
                    warn(f"{path}: an evaluation gold file, not an article: not checked")
                continue
        except InputError as e:
            if not skip_bad:
                raise
            if warn:
                warn(f"skipped {e}")
            continue
        for art in batch:
            if art.id in seen:
                raise InputError(f"{path}: duplicate article id '{art.id}' (also in {seen[art.id]})")
            seen[art.id] = str(path)
            articles.append(art)
    if not articles:
        raise InputError("no articles to check")
    return articles


def read_file(path: Path, today: date | None = None) -> list[Article] | None:
    """The articles of one file; None for an evaluation gold file, which is not an article.
    One file at a time, so a distributed reader can run it wherever the file is."""
    records = _records(path)
    if not records:
        return None
    return [build(path, r, len(records) > 1, today) for r in records]


def build(path: Path, rec: _Record, many: bool, today: date | None = None) -> Article:
    text = rec.text
    published_meta: datetime | None = None
    published_from: str | None = None
    title = rec.title
    if rec.html:
        text, html_date, html_title = _from_html(path, text)
        if html_date and not rec.published:
            published_meta, published_from = html_date, "html metadata"
        title = title or html_title
    if rec.published:
        published_meta = parse_published(rec.published)
        if published_meta is None:
            raise InputError(f"{path}:{rec.line}: cannot read the publication date {rec.published!r}")
        published_from = "metadata"
    aid = rec.id or (f"{path.stem}:{rec.line}" if many else path.stem)
    body_text = text[rec.offset :]
    if not body_text.strip():
        raise InputError(f"{path}:{rec.line}: article has no text")
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
    )
    art.record = many or path.suffix.lower() in (".jsonl", ".json")
    art.body, art.header, first_title = find_body(text, rec.offset)
    art.title = art.title or first_title
    if published_meta is not None:
        art.published, art.published_from = published_meta, published_from
    else:
        art.published, art.published_from = find_dateline(art, today or date.today())
    return art


def _from_html(path: Path, html: str) -> tuple[str, datetime | None, str | None]:
    import trafilatura  # heavy import, only for HTML input

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise InputError(f"{path}: no article text found in the HTML")
    published = parse_published(doc.date) if doc.date else None
    return doc.text, published, doc.title


def parse_published(raw: str) -> datetime | None:
    raw = raw.strip()
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        pass
    import dateparser  # free-form metadata dates in any language: what dateparser is good at

    return dateparser.parse(raw, languages=["id", "en"], settings={"DATE_ORDER": "DMY"})


_LANG_READY = False


def detect_language(text: str) -> str:
    """py3langid restricted to the languages we have tables for (Malay counts as Indonesian)."""
    import py3langid

    global _LANG_READY
    if not _LANG_READY:
        py3langid.set_languages(["id", "en", "ms"])
        _LANG_READY = True
    code, _ = py3langid.classify(text[:3000])
    return "id" if code == "ms" else code


# -- boilerplate -----------------------------------------------------------------------------------
def _markers(attr: str) -> tuple[str, ...]:
    return tuple(m for lang in langdata.LANGUAGES.values() for m in getattr(lang, attr))


_CUT = _markers("cut_markers")
_DROP = _markers("drop_markers")
_BYLINE = _markers("byline_markers")
_STRONG_DROP = ("baca", "read", "also", "lihat", "simak", "see ")


def _is_content(line: str) -> bool:
    n = len(_WORD.findall(line))
    return n >= 20 or (n >= _MIN_CONTENT_WORDS and line.rstrip()[-1:] in '.!?"”’)…')


def _starts(low: str, markers: tuple[str, ...]) -> str | None:
    for m in markers:
        if low.startswith(m) and (len(low) == len(m) or not low[len(m)].isalnum() or not m[-1].isalnum()):
            return m
    return None


def find_body(text: str, offset: int = 0) -> tuple[list[tuple[int, int]], list[tuple[int, int]], str | None]:
    """Content line ranges, the header ranges among them, and the title.

    Generic over outlets: a cut marker on a short line ends the article ("Next Post",
    "Berita Lainnya", "Topik:"); a drop marker removes its line ("Baca Juga: ...");
    an author blurb in the last part ends it; short lines after the last paragraph
    are teasers and leftovers.
    """
    lines = [(m.start(), m.end(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", text) if m.start() >= offset]
    lines = [ln for ln in lines if ln[2]]
    first_content = next((i for i, ln in enumerate(lines) if _is_content(ln[2])), None)
    kept: list[tuple[int, int, str]] = []
    for i, (s, e, line) in enumerate(lines):
        low = line.lower().lstrip("•*-–—#> ").strip()
        words = len(_WORD.findall(line))
        after_start = first_content is not None and i > first_content
        cut = _starts(low, _CUT)
        if cut and words <= 8:
            if after_start:
                break
            continue
        drop = _starts(low, _DROP)
        if drop and (words <= 12 or drop.startswith(_STRONG_DROP)):
            continue
        byline = any(re.search(rf"(?<!\w){re.escape(b)}(?!\w)", low) for b in _BYLINE)
        if byline and words <= 12 and after_start and i >= 0.6 * len(lines):
            break
        if line.startswith(("#", "**")) and words <= 15 and not after_start:
            line = line.lstrip("#* ")
        kept.append((s, e, line))
    last_content = max((i for i, k in enumerate(kept) if _is_content(k[2])), default=-1)
    if last_content >= 0:
        kept = kept[: last_content + 1]
    body = [(s, e) for s, e, _ in kept]
    # Lines that are not prose (titles, bylines, datelines, subheads) are never claims.
    header = [(s, e) for s, e, line in kept if not _is_content(line)]
    title = None
    for _, _, line in kept:
        if _is_content(line):
            break
        if len([w for w in _WORD.findall(line) if len(w) >= 3]) >= 4:
            title = line
            break
    return body, header, title


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
            if m.granularity == "minute" and isinstance(m.value, str) and "T" in m.value:
                hh, mm = (int(x) for x in m.value.split("T")[1].split(":"))
            line, _ = art.line_col(s + m.start)
            how = "year from weekday, " if m.year_guessed else ""
            return datetime(d.year, d.month, d.day, hh, mm), f"dateline ({how}line {line}: {m.text!r})"
    return None, None
