"""SVG snapshots of the main screens (pytest-textual-snapshot).

Deterministic by construction: the default theme is forced, animations are off, no input
cursor blinks, the XDG folders (and HOME) are the per-test temp folders of conftest, and the
library is a copy of the bundled sample at `~/articles` (so the header path is the same on
every machine). Regenerate deliberately with `pytest tests/test_snapshots.py
--snapshot-update`, after looking at the report.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tuireader.library.catalog import Library
from tuireader.library.sample import sample_library_path
from tuireader.store.config import Config
from tuireader.ui.app import ReaderApp, make_app

pytest.importorskip("tuireader.ui.screens.reader")

THEME = "textual-dark"


@pytest.fixture
def library(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample library copied to ~/articles (HOME is conftest's temp folder)."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    root = Path.home() / "articles"
    shutil.copytree(sample_library_path(), root, ignore=shutil.ignore_patterns("__*"))
    return root


def build(root: Path, path: Path | None = None) -> ReaderApp:
    app = make_app(str(path or root), config=Config(theme=THEME), library=Library.open(root), refresh=False)
    app.animation_level = "none"
    return app


def settle(open_rel: str | None = None, *keys: str) -> Callable[[Any], Awaitable[None]]:
    """A `run_before` that optionally opens an article, presses keys, and stops blinking."""

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        if open_rel is not None:
            app.open_article(app.library.index_of(open_rel))
            await pilot.pause()
        if keys:
            await pilot.press(*keys)
        for node in app.screen.query(Input):
            node.cursor_blink = False
        await pilot.pause()

    return run_before


def test_library_screen(snap_compare: Any, library: Path) -> None:
    assert snap_compare(build(library), terminal_size=(120, 40), run_before=settle())


def test_chinese_article_with_outline(snap_compare: Any, library: Path) -> None:
    app = build(library)
    assert snap_compare(
        app, terminal_size=(120, 40), run_before=settle("01-community-reading-rooms.txt", "right_square_bracket")
    )


def test_english_article(snap_compare: Any, library: Path) -> None:
    assert snap_compare(build(library), terminal_size=(120, 40), run_before=settle("03-slow-reading.md"))


def test_help_screen(snap_compare: Any, library: Path) -> None:
    app = build(library)
    assert snap_compare(
        app, terminal_size=(120, 40), run_before=settle("01-community-reading-rooms.txt", "question_mark")
    )


def test_reader_at_80x24(snap_compare: Any, library: Path) -> None:
    app = build(library)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle("01-community-reading-rooms.txt"))


def test_library_at_80x24(snap_compare: Any, library: Path) -> None:
    assert snap_compare(build(library), terminal_size=(80, 24), run_before=settle())
