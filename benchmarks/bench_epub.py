"""EPUB benchmark (issue 12): first screen of a big book, jump to its last chapter, peak
memory, and indexing a folder of books.

Usage:  python benchmarks/bench_epub.py [--runs 5] [--books 500] [--keep DIR] [--skip-ui] [--skip-index]

Inputs are generated here, seeded, into a temporary folder (or --keep DIR):
- `big/01-book.epub` (and a second one beside it, for `n` at the end): about 5 MB of chapter
  XHTML (~2,000 pages of English prose) in 60 chapters of 5 parts, with a nested nav
  (parts → chapters → sections) and ~3 MB of incompressible "illustrations", so the file
  itself is about 5 MB;
- `many/`: --books small books (4–8 chapters, 40–200 KB of XHTML each).

Measured (medians of --runs fresh processes, headless 120x40, same harness as
benchmarks/bench_ui.py, whose child process code this reuses the shape of):
- first: process start to the end of the first paint of the book's text (`tuireader FILE`);
- whole: process start until the whole book (not only its head) is in the reader;
- last:  jump to the last chapter (what `Enter` in the outline does) to the end of its paint,
         once the whole book is in; and `n` from the second-to-last chapter to the last;
- cpu:   CPU seconds the UI process had used at its first paint (the figure to read on a
         busy machine, as in bench_ui.py);
- rss:   peak resident set size of the process;
- index: `Library.open_cached` + `refresh()` on an empty cache over `many/`, reported as MB/s
         of uncompressed chapter XHTML and of extracted text, and files/s; and the CPU seconds
         all its processes used (wall-clock MB/s on a shared, busy machine understate it).
Targets (issue 12): first ≤ 0.4 s, last ≤ 0.1 s, peak ≤ 120 MiB, indexing ≥ 20 MB/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from html import escape
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

SIZE = (120, 40)
FRAME_GAP = 0.004

_WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an "
    "they you were her she there would their we him been has when who will more no if out so said what up its "
    "about into than them can only other new some could time these two may then do first any my now such like "
    "whale ocean captain harbour voyage winter summer morning evening window garden letter answer question "
    "river mountain village county road traveller lantern silence memory promise stranger kingdom forest"
).split()
_SYL = "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo".split()

CONTAINER = ('<?xml version="1.0" encoding="UTF-8"?><container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
             '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
             "</rootfiles></container>")


def _paragraph(rng: random.Random, vocab: list[str]) -> str:
    words = [rng.choice(vocab) for _ in range(rng.randint(40, 140))]
    return " ".join(words).capitalize() + "."


def make_book(path: Path, *, text_bytes: int, chapters: int, parts: int, seed: int,
              image_bytes: int = 0, title: str = "A Benchmark Book") -> int:
    """Write an EPUB 3 of about `text_bytes` of chapter XHTML; returns that XHTML size."""
    rng = random.Random(seed)
    vocab = _WORDS + ["".join(rng.choice(_SYL) for _ in range(rng.randint(2, 4))) for _ in range(2000)]
    per_chapter = text_bytes // chapters
    files: list[tuple[str, bytes]] = []
    nav: list[str] = []
    items: list[str] = []
    spine: list[str] = []
    total = 0
    per_part = max(1, chapters // parts)
    for c in range(1, chapters + 1):
        part = (c - 1) // per_part + 1
        if (c - 1) % per_part == 0:
            if c > 1:
                nav.append("</ol></li>")
            nav.append(f'<li><a href="text/c{c:03d}.xhtml">Part {part}</a><ol>')
        body = [f'<h1 id="c{c}">Chapter {c}</h1>']
        size = 0
        section = 0
        secs = []
        while size < per_chapter:
            if size == 0 or rng.random() < 0.04:
                section += 1
                body.append(f'<h2 id="s{section}">Section {c}.{section}</h2>')
                secs.append(section)
            p = _paragraph(rng, vocab)
            body.append(f"<p>{escape(p)}</p>")
            size += len(p) + 7
        xhtml = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'
                 f"<head><title>Chapter {c}</title></head><body><section>{''.join(body)}</section></body></html>")
        data = xhtml.encode("utf-8")
        total += len(data)
        name = f"text/c{c:03d}.xhtml"
        files.append((f"OEBPS/{name}", data))
        items.append(f'<item id="c{c}" href="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="c{c}"/>')
        sec_nav = "".join(f'<li><a href="{name}#s{s}">Section {c}.{s}</a></li>' for s in secs)
        nav.append(f'<li><a href="{name}">Chapter {c}</a><ol>{sec_nav}</ol></li>')
    nav.append("</ol></li>")
    nav_doc = ('<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
               'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body>'
               f'<nav epub:type="toc"><ol>{"".join(nav)}</ol></nav></body></html>')
    images = []
    if image_bytes:
        n = 20
        for i in range(n):
            images.append((f"OEBPS/images/plate{i:02d}.jpg", rng.randbytes(image_bytes // n)))
            items.append(f'<item id="img{i}" href="images/plate{i:02d}.jpg" media-type="image/jpeg"/>')
    opf = ('<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
           'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
           f'<dc:identifier id="id">urn:bench:{seed}</dc:identifier><dc:title>{escape(title)}</dc:title>'
           "<dc:creator>Bench Mark</dc:creator><dc:language>en</dc:language><dc:date>2024-05-01</dc:date>"
           '</metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
           f'{"".join(items)}</manifest><spine>{"".join(spine)}</spine></package>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", CONTAINER)
        z.writestr("OEBPS/content.opf", opf)
        z.writestr("OEBPS/nav.xhtml", nav_doc)
        for name, data in files:
            z.writestr(name, data)
        for name, data in images:
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    return total


def make_inputs(base: Path, books: int) -> tuple[Path, Path, int]:
    big = base / "big"
    big.mkdir(parents=True, exist_ok=True)
    first = big / "01-book.epub"
    if not first.exists():
        make_book(first, text_bytes=5 * 1024 * 1024, chapters=60, parts=5, seed=1, image_bytes=3 * 1024 * 1024)
        make_book(big / "02-book.epub", text_bytes=1024 * 1024, chapters=12, parts=3, seed=2,
                  title="Another Benchmark Book")
    many = base / "many"
    many.mkdir(exist_ok=True)
    xhtml = 0
    rng = random.Random(7)
    for i in range(books):
        p = many / f"book-{i:04d}.epub"
        size = rng.randint(40_000, 200_000)
        chapters = rng.randint(4, 8)
        if p.exists():
            with zipfile.ZipFile(p) as z:
                xhtml += sum(info.file_size for info in z.infolist() if info.filename.startswith("OEBPS/text/"))
        else:
            xhtml += make_book(p, text_bytes=size, chapters=chapters, parts=2, seed=100 + i,
                               title=f"Small Book {i}")
    return first, many, xhtml


# -- the child: one measured run of the reader --------------------------------------------------


def child(path: str, started: float) -> dict[str, Any]:
    """`tuireader FILE` headless on the big book: first paint, whole book in, jump to the
    last chapter, `n` into it from the one before, peak RSS."""
    import asyncio
    import resource

    from tuireader.cli.launch import build_app

    app = build_app(path)
    from tuireader.ui.screens.reader import ReaderScreen
    from tuireader.ui.widgets.article_view import ArticleView

    paints: list[tuple[float, float, int]] = []
    cpu_at_first: list[float] = []
    head_at_first: list[bool] = []
    original = ArticleView.render_line

    def render_line(self: ArticleView, y: int) -> Any:
        strip = original(self, y)
        if self.layout_ is not None:
            paints.append((time.time(), self.scroll_y, id(self.layout_)))
            if not cpu_at_first:
                cpu_at_first.append(time.process_time())
                article = getattr(self.screen, "article", None)
                head_at_first.append(bool(article is not None and article.partial))
        return strip

    ArticleView.render_line = render_line  # type: ignore[method-assign]

    def frame_end(start: int) -> int:
        end = start
        while end + 1 < len(paints) and paints[end + 1][0] - paints[end][0] < FRAME_GAP:
            end += 1
        return end

    def paint_end(t0: float, changed: Any) -> float | None:
        start = next((i for i, p in enumerate(paints) if p[0] >= t0 and changed(p)), None)
        return None if start is None else paints[frame_end(start)][0] - t0

    async def run() -> dict[str, Any]:
        out: dict[str, Any] = {}
        async with app.run_test(size=SIZE) as pilot:
            while not paints:
                await asyncio.sleep(0.002)
            await pilot.pause(0.05)
            out["first"] = paints[frame_end(0)][0] - started
            out["cpu_first"] = cpu_at_first[0]
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            out["head"] = head_at_first[0]  # the first paint showed the head, not the whole
            for _ in range(3000):
                if not screen.showing_head:
                    break
                await asyncio.sleep(0.005)
            out["whole"] = time.time() - started
            await pilot.pause(0.3)
            article = screen.article
            assert article is not None and len(article.chapters) >= 2
            out["chapters"] = len(article.chapters)
            view = screen.view
            y0 = view.scroll_y
            t0 = time.time()
            screen.jump_to_block(article.chapters[-1].block)  # what Enter in the outline does
            await pilot.pause(0.05)
            out["last"] = paint_end(t0, lambda p: p[1] != y0)
            screen.jump_to_block(article.chapters[-2].block)
            await pilot.pause(0.2)
            y1 = view.scroll_y
            t0 = time.time()
            await pilot.press("n")
            await pilot.pause(0.05)
            out["n"] = paint_end(t0, lambda p: p[1] != y1)
            out["n_ok"] = view.top_position()[0] == article.chapters[-1].block
            await pilot.press("q")
        out["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return out

    return asyncio.run(run())


def _env(home: Path) -> dict[str, str]:
    from bench_ui import child_env

    env = child_env()
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        (home / var).mkdir(exist_ok=True)
        env[var] = str(home / var)
    env["HOME"] = str(home)
    env["TEXTUAL_ANIMATIONS"] = "none"
    return env


_WARM_UP = "import sys\nfrom tuireader.library.catalog import Library\nLibrary.open_cached(sys.argv[1]).refresh()\n"


def run_ui_once(path: Path) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="bench-epub-home-"))
    env = _env(home)
    subprocess.run([sys.executable, "-c", _WARM_UP, str(path.parent)], env=env, check=True, timeout=300)
    started = time.time()
    proc = subprocess.run([sys.executable, __file__, "--child", str(path), "--started", repr(started)],
                          capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise SystemExit(f"child failed on {path}:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


_INDEX = """
import json, sys, time
sys.path.insert(0, sys.argv[2])
from bench_library import RssSampler
from tuireader.library.catalog import Library
with RssSampler() as sampler:
    t = time.perf_counter()
    lib = Library.open_cached(sys.argv[1])
    result = lib.refresh()
    seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "cpu": sampler.cpu_seconds, "peak_mib": sampler.peak / 2**20,
                  "files": len(lib.entries), "errors": result.errors, "file_bytes": result.bytes_parsed}))
"""


def run_index_once(folder: Path) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="bench-epub-index-"))
    here = str(Path(__file__).resolve().parent)
    proc = subprocess.run([sys.executable, "-c", _INDEX, str(folder), here], env=_env(home), capture_output=True,
                          text=True, timeout=900, check=True)
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def text_bytes(folder: Path) -> int:
    """UTF-8 bytes of the text the books hold (what search indexes), not timed."""
    from tuireader.ingest.epub import load_book

    return sum(len(load_book(p).plain_text().encode("utf-8")) for p in sorted(folder.glob("*.epub")))


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def fmt_ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--books", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="generate inputs here (kept)")
    parser.add_argument("--skip-ui", action="store_true")
    parser.add_argument("--skip-index", action="store_true")
    parser.add_argument("--one-file", action="store_true",
                        help="also measure a book whose 5 MB of text is one XHTML document")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.started)))
        return
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-epub-"))
    big, many, xhtml = make_inputs(base, args.books)
    with zipfile.ZipFile(big) as z:
        big_xhtml = sum(i.file_size for i in z.infolist() if i.filename.startswith("OEBPS/text/"))
    print(f"big book: {big.stat().st_size / 1e6:.1f} MB file, {big_xhtml / 1e6:.1f} MB of chapter XHTML", flush=True)
    targets = [("60 chapters", big)]
    if args.one_file:
        one = base / "one" / "01-one-file.epub"
        if not one.exists():
            one.parent.mkdir(parents=True, exist_ok=True)
            make_book(one, text_bytes=5 * 1024 * 1024, chapters=1, parts=1, seed=3)
            make_book(one.parent / "02-small.epub", text_bytes=100_000, chapters=3, parts=1, seed=4)
        targets.append(("one file", one))
    if not args.skip_ui:
        from bench_ui import run_floor

        run_ui_once(big)  # unmeasured: fills the bytecode cache
        floor = run_floor(args.runs)
        print(f"floor: a one-widget Textual app draws its first line at {fmt_ms(floor)} ms", flush=True)
    for label, target in targets if not args.skip_ui else []:
        runs = [run_ui_once(target) for _ in range(args.runs)]
        row = {name: _median([r[name] for r in runs]) for name in ("first", "cpu_first", "whole", "last", "n")}
        rss = max(r["rss_mib"] for r in runs)
        print(f"{label}: first {fmt_ms(row['first'])} ms (cpu {fmt_ms(row['cpu_first'])}; from its head: "
              f"{all(r['head'] for r in runs)})  "
              f"whole book in {fmt_ms(row['whole'])} ms  jump to last chapter {fmt_ms(row['last'])} ms  "
              f"n to last chapter {fmt_ms(row['n'])} ms (lands there: {all(r['n_ok'] for r in runs)})  "
              f"peak {rss:.0f} MiB  chapters {runs[0]['chapters']}", flush=True)
    if not args.skip_ui:
        print(f"  medians of {args.runs} runs, headless {SIZE[0]}x{SIZE[1]}, warm index; "
              "targets: first <= 400 ms, last <= 100 ms, peak <= 120 MiB", flush=True)
    if not args.skip_index:
        results = [run_index_once(many) for _ in range(max(1, min(args.runs, 3)))]
        seconds = _median([r["seconds"] for r in results]) or 0.0
        cpu = _median([r["cpu"] for r in results]) or 0.0
        text = text_bytes(many)
        files = results[0]["files"]
        print(f"index {files} books ({results[0]['errors']} errors): {seconds:.2f} s  "
              f"{xhtml / 1e6 / seconds:.1f} MB/s of chapter XHTML ({xhtml / 1e6:.0f} MB)  "
              f"{text / 1e6 / seconds:.1f} MB/s of text ({text / 1e6:.0f} MB)  "
              f"{results[0]['file_bytes'] / 1e6 / seconds:.1f} MB/s of .epub files  {files / seconds:.0f} books/s  "
              f"(median of {len(results)}; target >= 20 MB/s)", flush=True)
        peak = max(r["peak_mib"] for r in results)
        print(f"  CPU: {cpu:.1f} s in all processes (sampled from /proc, as bench_library.py does) = "
              f"{cpu * 1000 / (xhtml / 1e6):.0f} ms per MB of XHTML; {os.cpu_count()} CPUs kept busy would index "
              f"{xhtml / 1e6 / cpu * (os.cpu_count() or 1):.0f} MB/s; peak memory {peak:.0f} MiB (parent + workers)",
              flush=True)
    print(f"Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
