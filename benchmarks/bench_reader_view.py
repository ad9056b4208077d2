"""Benchmark of the reading view alone (layout + ArticleView + outline + ReaderScreen).

Ingest is left out on purpose (bench_ingest.py measures it): the article is built in
memory, so these figures are what the reader adds on top of parsing. Generates English and
Chinese articles of ~100 KB, 1 MB and 5 MB, runs the screen headless at 120x40 and prints,
as medians of N runs (wall and CPU seconds, CPU being robust to a loaded machine):

* layout: building the page estimate (`Layout(...)`) — the only O(size) step before the
  first frame;
* first: from creating the app to the first line of article text rendered;
* keys: each reader action plus rendering every visible line, in ms (median / max), while
  the background pass is still running and after it finished;
* background: CPU seconds of the whole exact-wrapping pass (done in idle-time chunks);
* peak RSS of the process (MiB).

Usage: python benchmarks/bench_reader_view.py [--runs N] [--sizes 100k,1m,5m] [--langs en,zh]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = {"100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
EN = ("the of and to a in that is was he for it with as his on be at by had not are but from or have an "
      "they which one you were her all she there would their we him been has when who will more no if out "
      "library reader terminal article paragraph outline chapter section history river mountain economy").split()
ZH = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"


def make_article(lang: str, size: int, seed: int = 7) -> Any:
    """A synthetic article: a heading every 7 paragraphs (level 2) and every 20 (level 1)."""
    from tuireader.article import Article, Block, OutlineEntry

    rng = random.Random(seed)
    blocks: list[Block] = []
    outline: list[OutlineEntry] = []
    total = 0
    i = 0
    while total < size:
        if i % 20 == 0 or i % 7 == 0:
            level = 1 if i % 20 == 0 else 2
            title = f"{i}. " + (" ".join(rng.choices(EN, k=4)).title() if lang == "en" else "".join(rng.choices(ZH, k=8)))
            outline.append(OutlineEntry(level=level, number=str(i), title=title, block=len(blocks)))
            blocks.append(Block("heading", title, level=level))
        if lang == "en":
            text = " ".join(rng.choices(EN, k=rng.randint(20, 70))).capitalize() + "."
        else:
            text = "".join(rng.choices(ZH, k=rng.randint(60, 200))) + "。"
            text = text[:30] + "，" + text[30:]
        if i == 0:
            text = ("Aardvark " if lang == "en" else "开篇导语：") + text
        blocks.append(Block("paragraph", text))
        total += len(text.encode("utf-8"))
        i += 1
    blocks.append(Block("paragraph", "Zymurgy epilogue." if lang == "en" else "终章结语。"))
    return Article(title="Benchmark article", blocks=blocks, outline=outline, metadata={"date": "2026-01-01"})


async def one_run(article: Any) -> dict[str, Any]:
    from textual.app import App

    from tuireader.library.catalog import Library, LibraryEntry
    from tuireader.store.config import Config
    from tuireader.store.state import StateStore
    from tuireader.ui.screens.reader import ReaderScreen
    from tuireader.ui.widgets.article_view import ArticleView

    class OneArticle(Library):
        def load(self, index: int) -> Any:
            return article

    class Host(App[None]):
        def __init__(self) -> None:
            super().__init__()
            root = Path(tempfile.gettempdir())
            self.library = OneArticle(root=root, entries=[LibraryEntry(path=root / "a.md", rel="a.md",
                                                                       title=article.title, fingerprint="x")])
            self.config = Config()
            self.state = StateStore()
            self.bookmarks = None

        def on_mount(self) -> None:
            self.push_screen(ReaderScreen(0))

    seen: dict[str, float] = {}
    original = ArticleView.render_line

    def spy(self: ArticleView, y: int) -> Any:
        if "first" not in seen and self.layout_ is not None:
            seen["first"] = time.perf_counter()
            seen["first_cpu"] = time.process_time()
        return original(self, y)

    ArticleView.render_line = spy  # type: ignore[method-assign]
    out: dict[str, Any] = {}
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        app = Host()
        async with app.run_test(size=(120, 40)) as pilot:
            while "first" not in seen:
                await asyncio.sleep(0.001)
            out["first"] = seen["first"] - t0
            out["first_cpu"] = seen["first_cpu"] - c0
            await pilot.pause()
            screen: Any = app.screen
            view = screen.view

            def render() -> None:
                for y in range(view.size.height):
                    view.render_line(y)

            actions = [("G", screen.action_end), ("g", screen.action_top), ("j", screen.action_line_down),
                       ("space", screen.action_page_down), ("]", screen.action_next_section),
                       ("}", screen.action_next_top_section), ("+", screen.action_wider),
                       ("-", screen.action_narrower), ("o", screen.action_toggle_outline)]
            for phase in ("during", "after"):
                if phase == "after":
                    c = time.process_time()
                    view.finish_layout()
                    out["background_cpu"] = time.process_time() - c
                for name, action in actions:
                    t = time.perf_counter()
                    action()
                    render()
                    out.setdefault(f"{phase}:{name}", []).append((time.perf_counter() - t) * 1000)
                    await pilot.pause()
    finally:
        ArticleView.render_line = original  # type: ignore[method-assign]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100k,1m,5m")
    parser.add_argument("--langs", default="en,zh")
    args = parser.parse_args()
    os.environ.setdefault("XDG_STATE_HOME", tempfile.mkdtemp(prefix="tuireader-bench-"))
    from tuireader.reading.layout import Layout

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; medians of {args.runs} runs")
    for lang in args.langs.split(","):
        for size_name in args.sizes.split(","):
            article = make_article(lang, SIZES[size_name])
            layouts = []
            for _ in range(args.runs):
                c = time.process_time()
                Layout(article, 80)
                layouts.append(time.process_time() - c)
            runs = [asyncio.run(one_run(article)) for _ in range(args.runs)]
            first = statistics.median(r["first"] for r in runs)
            first_cpu = statistics.median(r["first_cpu"] for r in runs)
            background = statistics.median(r["background_cpu"] for r in runs)
            print(f"\n{lang}-{size_name}: {len(article.blocks)} blocks, {len(article.outline)} outline entries")
            print(f"  layout estimate  {statistics.median(layouts) * 1000:6.1f} ms CPU")
            print(f"  first text line  {first:6.3f} s wall, {first_cpu:.3f} s CPU (app start included, ingest not)")
            print(f"  background pass  {background:6.3f} s CPU (in idle-time chunks after the first frame)")
            for phase in ("during", "after"):
                cells = []
                for key in ("G", "g", "j", "space", "]", "}", "+", "-", "o"):
                    values = [v for r in runs for v in r[f"{phase}:{key}"]]
                    cells.append(f"{key} {statistics.median(values):.1f}/{max(values):.1f}")
                print(f"  keys ({phase} background), ms median/max: " + "  ".join(cells))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process (all cases): {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
