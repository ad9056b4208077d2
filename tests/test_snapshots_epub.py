"""SVG snapshot of a book (EPUB) in the reader: its own nested table of contents as the
outline (five levels in the nav of "Children's Literature"), the section being read
highlighted. Made like tests/test_snapshots.py; regenerate deliberately with
`pytest tests/test_snapshots_epub.py --snapshot-update` after looking at the report."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tuireader.library.catalog import Library
from tuireader.store.config import Config
from tuireader.ui.app import make_app

BOOK = Path(__file__).resolve().parent / "data" / "epub" / "childrens-literature-epub3.epub"


@pytest.fixture
def books(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    root = Path.home() / "books"
    root.mkdir()
    shutil.copy(BOOK, root / BOOK.name)
    return root


def test_book_with_nested_toc(snap_compare: Any, books: Path) -> None:
    app = make_app(str(books / BOOK.name), config=Config(theme="textual-dark"), library=Library.open(books),
                   refresh=False)
    app.animation_level = "none"

    async def run_before(pilot: Any) -> None:
        for _ in range(5):
            await pilot.pause()
        # Into "I. The Rabbi and the Diadem" (level 4 under Section IV › Isaacs › 190 …)
        await pilot.press(*["right_square_bracket"] * 5)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
