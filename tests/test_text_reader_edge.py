"""Plain-text reader on degenerate input found by fuzzing."""

from __future__ import annotations

from tuireader.ingest.text import parse_text


def test_a_line_of_invisible_characters_is_no_paragraph() -> None:
    """U+2060 (word joiner) alone on a line collapses to "": it used to crash the parse."""
    article = parse_text("Title\n\n\u2060\n\nBody text here.\n\n\u200b\ufeff\n")
    assert all(b.text for b in article.blocks)
    assert "Body text here." in [b.text for b in article.blocks]
