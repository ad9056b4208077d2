"""UI benchmark (issue 3, item 5): first screen, key latencies and peak memory of the reader.

Usage:  python benchmarks/bench_ui.py [--runs 5] [--sizes 0.1,1,5] [--langs zh,en] [--keep DIR] [--json]
                                      [--index both|warm|cold] [--one-folder]

For each size (MB) and language it generates a folder holding two articles of that size
(a Chinese plain-text report with 一、/（一）/1. numbering, or an English Markdown document
with ## / ### headings), then, for each run, starts a FRESH child process that does what
`tuireader FILE` does (`cli.launch.build_app` on the first article, private XDG folders, so no saved
position; the folder's index already built by an earlier process with `--index warm` (a
second launch), or empty with `--index cold` (a first launch: a fresh config, the folder
indexed in the background); the default `both` runs the two, interleaved run by run, and
prints a row for each) headless at 120x40 (`App.run_test`), and reports:

- first:   process start (taken by the parent just before spawning the child, so interpreter
           start, imports, config/state loading and the ingest are included) to the end of
           the first paint of the article text (ArticleView.render_line is wrapped to record
           when it draws);
- G:       key press to the end of the paint that shows the end of the article;
- ]:       next-section key to the end of its paint (median over 5 presses);
- j:       one-line scroll key to the end of its paint (median over 5 presses);
- n:       next-article key to the end of the first paint of the next article (its ingest
           included: the target for "any key" does not apply to n on 5 MB);
- rss:     peak resident set size of the child (ru_maxrss) at the end;
- cpu:     CPU seconds the child had used at its first paint (time.process_time: all its
           threads, not the time it waited for a busy machine), and the 1-minute load
           average after the run, so figures taken on a loaded machine can be read.

Before the table, the floor: the same first-screen timing for a one-widget Textual app
(interpreter start and Textual's imports, nothing of tuireader), median of --runs; and in
each row the floor measured again in that row's runs (one floor run per round), since a
shared machine's speed drifts within minutes. `--one-folder` puts every document in one
folder (the issue-13 case: a first launch in a folder of six documents indexes all six).

The table shows medians over the runs (times in ms), and the largest peak RSS. Targets
(issue 3): first < 300 ms for 100 KB-1 MB, < 500 ms for 5 MB English with the outline
visible; G < 50 ms; any key < 50 ms on 5 MB; peak < 100 MiB at 5 MB.
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
from pathlib import Path
from typing import Any

SIZE = (120, 40)
PYCACHE = Path(tempfile.gettempdir()) / "tuireader-bench-pycache"
FRAME_GAP = 0.004  # render_line calls closer than this belong to the same paint

_ZH = (
    "城市公共阅读空间的建设离不开居民的参与和持续的投入我们在调研中发现开放时间藏书更新志愿服务和空间设计是影响"
    "使用率的四个关键因素社区图书室需要稳定的经费和明确的管理责任同时也需要倾听读者的意见不断调整服务方式"
)
_EN = (
    "the reader keeps a steady pace through long articles when the structure stays visible and the measure "
    "rests the eye while every section heading marks progress through an argument that unfolds slowly"
).split()
_CN_NUM = "一二三四五六七八九十"


def zh_article(size: int, seed: int) -> str:
    """A Chinese report of about `size` bytes (UTF-8) with three heading levels."""
    rng = random.Random(seed)
    out = ["社区阅读空间长篇调研报告（基准测试）", "", "时间：2025-09-18　作者：基准", ""]
    total = sum(len(s.encode()) for s in out)
    part = 0
    while total < size:
        part += 1
        lines = [f"{_CN_NUM[(part - 1) % 10]}、第{part}部分的主要发现", ""]
        for sub in range(1, 4):
            lines += [f"（{_CN_NUM[sub - 1]}）第{part}部分第{sub}节", ""]
            for item in range(1, 4):
                body = "".join(rng.choice(_ZH) for _ in range(rng.randint(120, 360)))
                lines += [f"{item}.要点{item}。{body}。", ""]
        chunk = "\n".join(lines) + "\n"
        out.append(chunk)
        total += len(chunk.encode())
    return "\n".join(out)


def en_article(size: int, seed: int) -> str:
    """An English Markdown document of about `size` bytes with ## and ### headings."""
    rng = random.Random(seed)
    out = ["# A Very Long Benchmark Essay", "", "By Bench Mark, 2025-06-14", ""]
    total = sum(len(s) + 1 for s in out)
    part = 0
    while total < size:
        part += 1
        lines = [f"## Part {part}: findings", ""]
        for sub in range(1, 4):
            lines += [f"### Section {part}.{sub}", ""]
            for _ in range(3):
                words = [rng.choice(_EN) for _ in range(rng.randint(60, 160))]
                lines += [" ".join(words).capitalize() + ".", ""]
        chunk = "\n".join(lines) + "\n"
        out.append(chunk)
        total += len(chunk)
    return "\n".join(out)


def make_inputs(base: Path, sizes: list[float], langs: list[str],
                one_folder: bool = False) -> list[tuple[str, float, Path]]:
    """(lang, MB, first article) for every combination; each folder holds a pair, or with
    `one_folder` all of them are in one folder (a first launch then indexes them all)."""
    cases = []
    for mb in sizes:
        for lang in langs:
            folder = base / ("all" if one_folder else f"{lang}-{mb:g}mb")
            folder.mkdir(parents=True, exist_ok=True)
            suffix = ".txt" if lang == "zh" else ".md"
            maker = zh_article if lang == "zh" else en_article
            stem = f"{lang}-{mb:g}mb-" if one_folder else ""
            for i in (1, 2):
                path = folder / f"{stem}{i:02d}-article{suffix}"
                if not path.exists():
                    path.write_text(maker(int(mb * 1024 * 1024), seed=i), encoding="utf-8")
            cases.append((lang, mb, folder / f"{stem}01-article{suffix}"))
    return cases


# -- the child: one measured run ---------------------------------------------------------------


def child(path: str, started: float) -> dict[str, Any]:
    """Run the app on `path` headless and return the measurements (see the module doc)."""
    import asyncio
    import resource

    from tuireader.cli.launch import build_app

    app = build_app(path)  # what `tuireader FILE` does: parse started, then the UI imported
    from tuireader.ui.widgets.article_view import ArticleView

    paints: list[tuple[float, float, int]] = []  # (time, scroll_y, article id)
    cpu_at_first: list[float] = []
    original = ArticleView.render_line

    def render_line(self: ArticleView, y: int) -> Any:
        strip = original(self, y)
        if self.layout_ is not None:
            paints.append((time.time(), self.scroll_y, id(self.layout_)))
            if not cpu_at_first:
                cpu_at_first.append(time.process_time())
        return strip

    ArticleView.render_line = render_line  # type: ignore[method-assign]

    def paint_end(t0: float, changed: Any) -> float | None:
        """End of the first paint after t0 whose lines satisfy `changed` (seconds after t0)."""
        start = next((i for i, p in enumerate(paints) if p[0] >= t0 and changed(p)), None)
        if start is None:
            return None
        end = start
        while end + 1 < len(paints) and paints[end + 1][0] - paints[end][0] < FRAME_GAP:
            end += 1
        return paints[end][0] - t0

    async def run() -> dict[str, Any]:
        out: dict[str, Any] = {}
        async with app.run_test(size=SIZE) as pilot:
            while not paints:
                await asyncio.sleep(0.002)
            await pilot.pause(0.05)
            out["first"] = paints[_frame_end(paints, 0)][0] - started
            out["cpu_first"] = cpu_at_first[0]
            await pilot.pause(0.3)
            view = app.screen.query_one(ArticleView)

            async def key(name: str, changed: Any) -> float | None:
                t0 = time.time()
                await pilot.press(name)
                await pilot.pause(0.05)
                return paint_end(t0, changed)

            y0 = view.scroll_y
            out["G"] = await key("G", lambda p: p[1] != y0)
            await pilot.press("g")
            await pilot.pause(0.1)
            sections, lines = [], []
            for _ in range(5):
                y = view.scroll_y
                sections.append(await key("right_square_bracket", lambda p, y=y: p[1] != y))
            for _ in range(5):
                y = view.scroll_y
                lines.append(await key("j", lambda p, y=y: p[1] != y))
            out["]"] = _median(sections)
            out["j"] = _median(lines)
            layout_id = id(view.layout_)
            out["n"] = await key("n", lambda p: p[2] != layout_id)
            if out["n"] is None:  # the next article is loaded in a worker: wait for it
                t0 = time.time() - 0.05
                for _ in range(200):
                    await pilot.pause(0.02)
                    if any(p[2] != layout_id for p in paints):
                        break
                out["n"] = paint_end(t0, lambda p: p[2] != layout_id)
            out["outline"] = bool(app.screen.query_one("#outline").display)
            await pilot.press("q")
        out["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return out

    return asyncio.run(run())


def floor_child(started: float) -> dict[str, Any]:
    """The floor: the smallest Textual app (one widget drawing one line), timed like the
    reader's first screen. What the reader adds is `first` minus this; on a busy machine
    both grow, so the difference is the figure to watch."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.strip import Strip
    from textual.widget import Widget

    drawn: list[float] = []

    class Line(Widget):
        def render_line(self, y: int) -> Strip:
            if not drawn:
                drawn.append(time.time())
            return Strip.blank(self.size.width)

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Line()

    async def run() -> dict[str, Any]:
        app = Floor()
        async with app.run_test(size=SIZE) as pilot:
            while not drawn:
                await asyncio.sleep(0.002)
            await pilot.pause(0.02)
        return {"first": drawn[0] - started}

    return asyncio.run(run())


def run_floor(runs: int) -> float | None:
    """Median first-paint time of `floor_child` in fresh processes."""
    return _median([floor_once() for _ in range(runs)])


def floor_once() -> float:
    """One first-paint time of `floor_child` in a fresh process."""
    started = time.time()
    proc = subprocess.run([sys.executable, __file__, "--floor-child", "--started", repr(started)],
                          capture_output=True, text=True, env=child_env(), timeout=120, check=True)
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["first"])


def _frame_end(paints: list[tuple[float, float, int]], start: int) -> int:
    end = start
    while end + 1 < len(paints) and paints[end + 1][0] - paints[end][0] < FRAME_GAP:
        end += 1
    return end


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


# -- the parent: runs, medians, table ------------------------------------------------------------


_WARM_UP = "import sys\nfrom tuireader.library.catalog import Library\nLibrary.open_cached(sys.argv[1]).refresh()\n"


def child_env() -> dict[str, str]:
    """The environment of a measured child process.

    Bytecode as an installed package has it (pip compiles on install), kept out of the
    source tree; PYTHONDONTWRITEBYTECODE (set in some dev shells) would otherwise make
    every run recompile tuireader from source (~0.15 s)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def run_once(path: Path, index: str) -> dict[str, Any]:
    """One child run on fresh XDG folders; `index="warm"` indexes the folder first (as after
    a previous session), `"cold"` leaves the index empty (a first launch: the folder is
    indexed in the background while reading, in this very process and its workers)."""
    home = Path(tempfile.mkdtemp(prefix="bench-ui-home-"))
    env = child_env()
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        (home / var).mkdir()
        env[var] = str(home / var)
    env["HOME"] = str(home)
    env["TEXTUAL_ANIMATIONS"] = "none"
    if index == "warm":
        subprocess.run([sys.executable, "-c", _WARM_UP, str(path.parent)], env=env, check=True, timeout=300)
    started = time.time()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(path), "--started", repr(started)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child failed on {path}:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["load"] = os.getloadavg()[0]
    return result


def fmt_ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="0.1,1,5", help="comma-separated MB")
    parser.add_argument("--langs", default="zh,en")
    parser.add_argument("--keep", type=Path, help="generate inputs here (kept)")
    parser.add_argument("--index", choices=("both", "warm", "cold"), default="both",
                        help="warm: the folder was indexed by an earlier session; cold: first "
                             "launch, indexing runs in the background; both (default): the two, "
                             "interleaved run by run")
    parser.add_argument("--one-folder", action="store_true",
                        help="every document in one folder (a first launch indexes them all)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--floor-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.started)))
        return
    if args.floor_child:
        print(json.dumps(floor_child(args.started)))
        return
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-ui-"))
    sizes = [float(s) for s in args.sizes.split(",")]
    cases = make_inputs(base, sizes, args.langs.split(","), args.one_folder)
    indexes = ["cold", "warm"] if args.index == "both" else [args.index]
    run_once(cases[0][2], indexes[-1])  # unmeasured: fills the bytecode cache
    rows = []
    floor = run_floor(args.runs)
    if args.json:
        print(json.dumps({"floor": floor}))
    else:
        print(f"floor: a one-widget Textual app draws its first line at {fmt_ms(floor)} ms", flush=True)
    for lang, mb, path in cases:
        by_index: dict[str, list[dict[str, Any]]] = {ix: [] for ix in indexes}
        floors: list[float | None] = []
        for _ in range(args.runs):
            floors.append(floor_once())  # the floor of this very spell, run by run
            for ix in indexes:  # interleaved: a spell of load hits both alike
                by_index[ix].append(run_once(path, ix))
        for ix, runs in by_index.items():
            row = {"lang": lang, "mb": mb, "index": ix, "runs": len(runs), "floor": _median(floors),
                   "outline": all(r["outline"] for r in runs)}
            for name in ("first", "cpu_first", "G", "]", "j", "n"):
                row[name] = _median([r[name] for r in runs])
            row["rss_mib"] = max(r["rss_mib"] for r in runs)
            row["load"] = statistics.median(r["load"] for r in runs)
            rows.append(row)
            if args.json:
                print(json.dumps(row))
            else:
                print(
                    f"{lang} {mb:>4g} MB {ix:4}  first {fmt_ms(row['first']):>5} ms (floor {fmt_ms(row['floor']):>4}, "
                    f"cpu {fmt_ms(row['cpu_first']):>4})  "
                    f"G {fmt_ms(row['G']):>4} ms  "
                    f"] {fmt_ms(row[']']):>4} ms  j {fmt_ms(row['j']):>4} ms  n {fmt_ms(row['n']):>5} ms  "
                    f"peak {row['rss_mib']:.0f} MiB  outline {'shown' if row['outline'] else 'hidden'}  "
                    f"load {row['load']:.1f}",
                    flush=True,
                )
    if not args.json:
        print(f"\nmedians of {args.runs} runs, headless {SIZE[0]}x{SIZE[1]}, {'/'.join(indexes)} index, "
              f"Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
