"""Search tokens and text counts: what the FTS table holds must be a superset filter."""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuireader.library.catalog import count_text
from tuireader.library.index import (
    _FTS_SCHEMA,
    CJK_RANGES,
    analyse_text,
    fts_available,
    query_tokens,
)

TEXTS = st.text(alphabet=st.sampled_from(list("abcXYZ 09,.—“”\n数据中华人民，。ß-")), max_size=80)
ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=80)

needs_fts = pytest.mark.skipif(not fts_available(), reason="this SQLite has no FTS5")


def fts_terms(document: str) -> set[str]:
    """The terms FTS5 stores for `document` (read back through an fts5vocab table)."""
    conn = sqlite3.connect(":memory:")
    conn.execute(_FTS_SCHEMA)
    conn.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row')")
    conn.execute("INSERT INTO fts(rowid, tokens) VALUES(1, ?)", (document,))
    terms = {row[0] for row in conn.execute("SELECT term FROM vocab")}
    conn.close()
    return terms


def reference_words(text: str) -> int:
    """The definition: whitespace-separated chunks holding a letter or digit."""
    return sum(1 for chunk in text.split() if any(c.isalnum() for c in chunk))


@needs_fts
def test_analyse_text_examples() -> None:
    cjk, words, document = analyse_text("数据很大。 Big DATA, here — 2024!")
    assert (cjk, words) == (4, 4)
    assert fts_terms(document) == {"数", "据", "很", "大", "big", "data", "here", "2024"}


def test_ascii_fast_path_matches_the_general_path() -> None:
    assert analyse_text("Plain words only.")[:2] == (0, 3)
    assert analyse_text("Plain words only. 字")[:2] == (1, 3)
    assert analyse_text("well-known — e.g.  spaced\tout\x1cx")[:2] == (0, 5)


@given(ASCII)
def test_ascii_word_count_follows_the_definition(text: str) -> None:
    assert analyse_text(text)[1] == reference_words(text)


@given(TEXTS)
def test_counts_are_consistent(text: str) -> None:
    cjk, words, _document = analyse_text(text)
    assert (cjk, words) == count_text(text)
    assert words == reference_words(re.sub(f"[{CJK_RANGES}]", " ", text))  # CJK runs split words
    assert 0 <= cjk <= len(text) and 0 <= words <= len(text.split()) + cjk


@needs_fts
@given(st.one_of(TEXTS, ASCII))
def test_every_query_token_of_a_substring_is_indexed(text: str) -> None:
    """The FTS filter never loses a hit: tokens of any word-aligned part of the text are
    (prefixes of) terms FTS holds for the text."""
    terms = fts_terms(analyse_text(text)[2])
    for word in text.split():
        for token, prefix in query_tokens(word):
            if prefix:
                assert any(t.startswith(token) for t in terms), (word, token)
            else:
                assert token in terms, (word, token)
