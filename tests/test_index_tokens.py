"""Search tokens and text counts: what the FTS table holds must be a superset filter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tuireader.model.index import analyse_text, query_tokens
from tuireader.model.library import count_text

TEXTS = st.text(alphabet=st.sampled_from(list("abcXYZ 09,.—“”\n数据中华人民，。ß-")), max_size=80)


def test_analyse_text_examples() -> None:
    cjk, words, tokens = analyse_text("数据很大。 Big DATA, here — 2024!")
    assert (cjk, words) == (4, 4)
    assert {"数", "据", "很", "大", "big", "data,", "here", "2024!"} == tokens


def test_ascii_fast_path_matches_the_general_path() -> None:
    assert analyse_text("Plain words only.")[:2] == (0, 3)
    assert analyse_text("Plain words only. 字")[:2] == (1, 3)


@given(TEXTS)
def test_counts_and_tokens_are_consistent(text: str) -> None:
    cjk, words, tokens = analyse_text(text)
    assert (cjk, words) == count_text(text)
    assert 0 <= cjk <= len(text) and 0 <= words <= len(text.split()) + cjk
    lower = text.lower()
    assert all(tok in lower for tok in tokens)


@given(TEXTS)
def test_every_query_token_of_a_substring_is_indexed(text: str) -> None:
    """The FTS filter never loses a hit: tokens of any word-aligned part of the text are
    (prefixes of) tokens of the text."""
    _, _, tokens = analyse_text(text)
    for word in text.split():
        for token, prefix in query_tokens(word):
            if prefix:
                assert any(t.startswith(token) or token in t for t in tokens)
            else:
                assert token in tokens
