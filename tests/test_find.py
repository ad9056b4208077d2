"""Find in article: offsets of a query in block texts (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tuireader.reading.find import Match, find_all, find_in_text, first_at_or_after, step


def test_case_insensitive_and_non_overlapping() -> None:
    assert find_in_text("Reader, READER, reader", "reader") == [(0, 6), (8, 14), (16, 22)]
    assert find_in_text("aaaa", "aa") == [(0, 2), (2, 4)]


def test_cjk_query() -> None:
    text = "驻马店市智库建设，驻马店的未来。"
    assert find_in_text(text, "驻马店") == [(0, 3), (9, 12)]


def test_empty_and_blank_query_match_nothing() -> None:
    assert find_in_text("abc", "") == []
    assert find_all(["abc"], "   ") == []


def test_length_changing_casefold_keeps_source_offsets() -> None:
    text = "Straße and STRASSE"
    spans = find_in_text(text, "strasse")
    assert [text[s:e] for s, e in spans] == ["Straße", "STRASSE"]


def test_find_all_in_reading_order() -> None:
    matches = find_all(["one two", "nothing", "Two two"], "two")
    assert matches == [Match(0, 4, 7), Match(2, 0, 3), Match(2, 4, 7)]


def test_first_at_or_after_and_wrap() -> None:
    matches = [Match(0, 4, 7), Match(2, 0, 3), Match(2, 4, 7)]
    assert first_at_or_after(matches, 1) == 1
    assert first_at_or_after(matches, 2, 1) == 2
    assert first_at_or_after(matches, 3) == 0  # wraps to the first match
    assert first_at_or_after([], 0) is None


def test_step_wraps() -> None:
    assert step(None, 3, 1) == 0
    assert step(None, 3, -1) == 2
    assert step(2, 3, 1) == 0
    assert step(0, 3, -1) == 2
    assert step(0, 0, 1) is None


@given(st.text(max_size=60), st.text(min_size=1, max_size=4))
def test_every_span_matches_the_query(text: str, query: str) -> None:
    for s, e in find_in_text(text, query):
        assert query.strip().casefold() in text[s:e].casefold()
        assert 0 <= s < e <= len(text)


def test_find_index_agrees_with_find_all() -> None:
    from tuireader.reading.find import FindIndex

    texts = ["Alpha beta", "", "BETA gamma beta", "no", "betabeta"]
    index = FindIndex(texts)
    for query in ("beta", "a", "Gamma", "x", "beta gamma"):
        assert index.find(query)[0] == find_all(texts, query)
    matches, cut = index.find("beta", limit=2)
    assert len(matches) == 2 and cut


def test_find_index_falls_back_when_folding_changes_length() -> None:
    from tuireader.reading.find import FindIndex

    texts = ["Straße", "strasse"]
    assert FindIndex(texts).find("STRASSE")[0] == find_all(texts, "strasse")


@given(st.lists(st.text(max_size=20), max_size=6), st.text(min_size=1, max_size=3))
def test_find_index_property(texts: list[str], query: str) -> None:
    from tuireader.reading.find import FindIndex

    if "\n" in query or any("\n" in t for t in texts):
        return
    assert FindIndex(texts).find(query)[0] == find_all(texts, query)
