"""The one clause splitter: each reading cuts with its own breaks, and no break reaches across the span."""

from __future__ import annotations

from factcheck.clauses import PHRASE_PUNCTUATION, clause, words_before
from factcheck.lexicon import lexicon


def test_a_clause_runs_from_the_last_break_before_to_the_first_after():
    text = "Banjir itu menewaskan 62 orang tewas, sementara 151 orang hilang (data BNPB)."
    at = text.index("151")
    begin, end = clause(text, at, at + 3, lexicon("id").clause_break)
    assert text[begin:end] == "151 orang hilang "  # "sementara" and "(" are both breaks
    begin, end = clause(text, 0, 2, lexicon("id").clause_break)
    assert text[begin:end] == "Banjir itu menewaskan 62 orang tewas"


def test_reach_bounds_the_search_either_way():
    text = "Services in Egypt were down by 80 percent, in India by 65 percent"
    at = text.index("65")
    begin, end = clause(text, at, at + 2, PHRASE_PUNCTUATION)
    assert (text[begin:at], end) == (" in India by ", len(text))
    assert clause(text, at, at + 2, PHRASE_PUNCTUATION, reach=10) == (at - 10, len(text))


def test_the_words_before_stop_at_spaced_punctuation():
    weekday = "The Sycamores, who will meet Indiana State in the semifinals Saturday, outlasted Evansville Friday"
    assert words_before(weekday, weekday.index("Saturday")) == "who will meet Indiana State in the semifinals"
    assert words_before(weekday, weekday.index("Friday")) == "outlasted Evansville"
    assert words_before("It rose 3.5 percent on Monday", 23) == "It rose 3.5 percent on"  # "3.5" is no break
