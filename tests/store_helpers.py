"""Helpers shared by the store tests (not a test module)."""

from __future__ import annotations

from pathlib import Path

from tuireader.article import Article, Block, OutlineEntry


def make_article(paragraphs: list[str], title: str = "An article", heading: str = "Intro") -> Article:
    """A heading (block 0) followed by one paragraph block per string."""
    blocks = [Block("heading", heading, level=1)] + [Block("paragraph", t) for t in paragraphs]
    return Article(title=title, blocks=blocks, outline=[OutlineEntry(1, None, heading, 0)])


def write_article(path: Path, title: str, paragraphs: list[str]) -> None:
    """A plain-text article file the text reader turns into title + paragraphs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


LOREM = [
    "The first paragraph talks about the weather in the valley and nothing else at all.",
    "A second paragraph describes the old mill by the river, its wheel and its miller.",
    "The third paragraph is about the market on Saturday mornings and the bread there.",
    "Fourth: the school, the teacher with the green coat, and the long walk home again.",
    "Fifth and last, a paragraph on the winter that came early and stayed far too long.",
]
