"""Date and number mentions of every sentence, with spans into the article text."""

from __future__ import annotations

from datetime import date

from factcheck import langdata
from factcheck.dates import DateFinder
from factcheck.numbers import NumberFinder
from factcheck.settings import Settings
from factcheck.types import Article, Document, Mention, Sentence, as_date


def extract(article: Article, sentences: list[Sentence], settings: Settings, today: date | None = None) -> Document:
    """Fill ``Sentence.mentions``; dates first, so numbers inside dates are not quantities."""
    lang = langdata.get(article.language)
    dates = DateFinder(lang, as_date(article.published), today or date.today(), settings.future_window_days)
    numbers = NumberFinder(lang)
    for sent in sentences:
        sent.mentions = mentions_in(sent.text, sent.start, dates, numbers)
    return Document(article, sentences)


def mentions_in(text: str, offset: int, dates: DateFinder, numbers: NumberFinder) -> list[Mention]:
    found = dates.find(text)
    found += numbers.find(text, [(m.start, m.end) for m in found])
    for m in found:
        m.start += offset
        m.end += offset
    return sorted(found, key=lambda m: m.start)
