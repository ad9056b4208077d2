"""Generate `screenshots/*.svg` from the real app, for README.

Usage: python scripts/screenshots.py [OUTDIR] [--only NAME ...]   (default: screenshots/
beside this folder; --only regenerates just the named pictures, e.g. `--only reader-epub`)

Each picture drives the real `make_app()` headless (App.run_test) over a copy of the
bundled sample library, with private XDG folders (so the developer's own state, bookmarks
and config never leak into a picture), the default theme, and no cursor blink.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
THEME = "textual-dark"


def _isolate() -> Path:
    """Point every XDG folder at a fresh temp dir; returns a copy of the sample library."""
    base = Path(tempfile.mkdtemp(prefix="tuireader-shots-"))
    os.environ["HOME"] = str(base)  # the library header then reads "~/articles"
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        (base / var).mkdir()
        os.environ[var] = str(base / var)
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    from tuireader.library.sample import sample_library_path

    library = base / "articles"
    shutil.copytree(sample_library_path(), library, ignore=shutil.ignore_patterns("__*"))
    from tuireader.library.catalog import Library

    Library.open_cached(library).refresh()  # the search screen reads the library's index
    return library


Step = Callable[[Any, Any], Awaitable[None]]


async def shoot(
    out: Path,
    name: str,
    library: Path,
    steps: Step,
    size: tuple[int, int] = (120, 40),
    path: Path | None = None,
) -> None:
    """Run the app at `size`, perform `steps(app, pilot)`, save `out/name.svg`."""
    from tuireader.library.catalog import Library
    from tuireader.store.config import Config
    from tuireader.ui.app import make_app

    target = path or library
    app = make_app(str(target), config=Config(theme=THEME), library=Library.open(library), refresh=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await steps(app, pilot)
        await pilot.pause(0.3)
        app.save_screenshot(filename=f"{name}.svg", path=str(out))
    print(f"{out / (name + '.svg')}")


async def _nothing(app: Any, pilot: Any) -> None:
    return None


def _open(rel: str, *keys: str) -> Step:
    async def steps(app: Any, pilot: Any) -> None:
        index = app.library.index_of(rel)
        app.open_article(index)
        await pilot.pause(0.3)
        if keys:
            await pilot.press(*keys)

    return steps


async def _help(app: Any, pilot: Any) -> None:
    index = app.library.index_of("01-community-reading-rooms.txt")
    app.open_article(index)
    await pilot.pause(0.2)
    await pilot.press("question_mark")


async def _bookmarks(app: Any, pilot: Any) -> None:
    for rel, blocks, note in (
        ("01-community-reading-rooms.txt", (8, 17), "开放时间：值得在周报里引用"),
        ("03-slow-reading.md", (10,), "The measure argument"),
        ("04-tea-terraces.html", (8,), ""),
    ):
        index = app.library.index_of(rel)
        article = app.library.load(index)
        for block in blocks:
            app.bookmarks.add(app.library.root, rel, article, block, note=note)
    await pilot.press("B")


async def _search(app: Any, pilot: Any) -> None:
    await pilot.press("s")
    await pilot.pause(0.2)
    await pilot.press(*"阅读")
    await pilot.pause(0.6)


def _books(library: Path) -> Path:
    """A folder beside the sample library holding one EPUB with a deeply nested TOC."""
    books = library.parent / "books"
    books.mkdir(exist_ok=True)
    shutil.copy(ROOT / "tests" / "data" / "epub" / "childrens-literature-epub3.epub", books)
    return books


async def _book_section(app: Any, pilot: Any) -> None:
    await pilot.pause(0.3)
    await pilot.press(*["right_square_bracket"] * 5)


async def main(out: Path, only: set[str] | None = None) -> None:
    library = _isolate()
    out.mkdir(parents=True, exist_ok=True)
    books = _books(library)
    shots: list[tuple[str, Path, Step, dict[str, Any]]] = [
        ("library", library, _nothing, {}),
        ("reader-chinese", library, _open("01-community-reading-rooms.txt"), {}),
        ("reader-english", library, _open("03-slow-reading.md"), {}),
        ("reader-html", library, _open("04-tea-terraces.html", "right_square_bracket"), {}),
        ("reader-epub", books, _book_section, {"path": books / "childrens-literature-epub3.epub"}),
        ("help", library, _help, {}),
        ("bookmarks", library, _bookmarks, {}),
        ("search", library, _search, {}),
        ("reader-80x24", library, _open("01-community-reading-rooms.txt"), {"size": (80, 24)}),
        ("library-80x24", library, _nothing, {"size": (80, 24)}),
        ("reader-200x60", library, _open("02-night-readers-map.txt", "G"), {"size": (200, 60)}),
    ]
    for name, root, steps, kw in shots:
        if only is None or name in only:
            await shoot(out, name, root, steps, **kw)


if __name__ == "__main__":  # guarded: the indexer's worker processes re-import this module
    args = sys.argv[1:]
    names = set(args[args.index("--only") + 1:]) if "--only" in args else None
    rest = args[: args.index("--only")] if "--only" in args else args
    target = Path(rest[0]) if rest else ROOT / "screenshots"
    asyncio.run(main(target.resolve(), names))
