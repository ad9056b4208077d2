"""Script-conversion benchmark (issue 13 §1): the first screen of a 繁體 article shown in 简体.

Usage:  python benchmarks/bench_script.py [--runs 7] [--mb 1] [--script simplified] [--source hant]

Generates a Traditional Chinese report of `--mb` MB (bench_ui's Chinese generator run
through OpenCC s2t) in a folder of two, indexes the folder (warm index), then alternates
fresh child processes that open it like `tuireader FILE` headless at 120x40 with
`config.toml` `script = "original"` and `script = "<--script>"`, and reports the medians
of the first paint of the article text (process start to the end of that paint, as in
bench_ui.py) and their difference, and the same for the CPU time the child had used by then (which a
busy machine does not inflate). Goal: the converted first screen within 50 ms of the
unconverted one, in the same run. Runs alternate so that a busy machine slows both.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ui import _WARM_UP, FRAME_GAP, SIZE, child_env, fmt_ms, zh_article  # noqa: E402

GOAL_MS = 50


def child(path: str, started: float) -> dict[str, Any]:
    """Open `path` headless; the end of the first paint of article text, and what it showed."""
    import asyncio

    from tuireader.cli.launch import build_app

    app = build_app(path)
    from tuireader.ui.widgets.article_view import ArticleView

    paints: list[float] = []
    cpu: list[float] = []
    original = ArticleView.render_line

    def render_line(self: ArticleView, y: int) -> Any:
        strip = original(self, y)
        if self.layout_ is not None:
            paints.append(time.time())
            cpu.append(time.process_time())
        return strip

    ArticleView.render_line = render_line  # type: ignore[method-assign]

    async def run() -> dict[str, Any]:
        async with app.run_test(size=SIZE) as pilot:
            while not paints:
                await asyncio.sleep(0.002)
            await pilot.pause(0.05)
            end = 0
            while end + 1 < len(paints) and paints[end + 1] - paints[end] < FRAME_GAP:
                end += 1
            view = app.screen.query_one(ArticleView)
            assert view.layout_ is not None
            shown = view.layout_.unit_lines(view.layout_.unit_for_block(2))[0].text
            await pilot.press("q")
        return {"first": paints[end] - started, "cpu": cpu[end], "shown": shown}

    return asyncio.run(run())


def parts_child(path: str, script: str) -> dict[str, Any]:
    """CPU time of what conversion adds before the first paint, piece by piece, in a fresh
    process (so the imports are cold): the layout's first screen with and without the
    script, the script detection, and OpenCC's import and dictionaries inside it."""
    from tuireader.ingest.load import load_article
    from tuireader.reading.layout import Layout
    from tuireader.ui import script as ui_script

    article = load_article(path)
    t0 = time.process_time()
    plain = Layout(article, 80)
    plain.settle(0, 40)
    [plain.line(y) for y in range(40)]
    t1 = time.process_time()
    view = ui_script.article_view(script, article)
    t2 = time.process_time()
    import opencc  # noqa: F401 - what the converted layout's first block pays
    t3 = time.process_time()
    from tuireader.script.convert import preload

    preload(view.config if view is not None else None)  # the dictionaries, into the cache
    t4 = time.process_time()
    converted = Layout(article, 80, script=view)
    converted.settle(0, 40)
    [converted.line(y) for y in range(40)]
    t5 = time.process_time()
    return {"plain": t1 - t0, "detect": t2 - t1, "import": t3 - t2, "dicts": t4 - t3, "converted": t5 - t4}


def run_parts(path: Path, script: str, runs: int) -> dict[str, float]:
    """Medians of `parts_child` over `runs` fresh processes."""
    env = child_env()
    got: dict[str, list[float]] = {}
    for _ in range(runs):
        proc = subprocess.run([sys.executable, __file__, "--parts", str(path), "--script", script],
                              capture_output=True, text=True, env=env, timeout=300, check=True)
        for key, value in json.loads(proc.stdout.strip().splitlines()[-1]).items():
            got.setdefault(key, []).append(value)
    return {key: statistics.median(values) for key, values in got.items()}


def run_once(path: Path, script: str) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="bench-script-home-"))
    env = child_env()
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        (home / var).mkdir()
        env[var] = str(home / var)
    env["HOME"] = str(home)
    env["TEXTUAL_ANIMATIONS"] = "none"
    config = home / "XDG_CONFIG_HOME" / "tuireader"
    config.mkdir(parents=True)
    (config / "config.toml").write_text(f'script = "{script}"\n', encoding="utf-8")
    subprocess.run([sys.executable, "-c", _WARM_UP, str(path.parent)], env=env, check=True, timeout=300)
    started = time.time()
    proc = subprocess.run([sys.executable, __file__, "--child", str(path), "--started", repr(started)],
                          capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        raise SystemExit(f"child failed on {path}:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def make_input(base: Path, mb: float, source: str) -> Path:
    import opencc

    s2t = opencc.OpenCC("s2t")
    folder = base / f"zh-{source}-{mb:g}mb"
    folder.mkdir(parents=True, exist_ok=True)
    for i in (1, 2):
        path = folder / f"{i:02d}-article.txt"
        if not path.exists():
            text = zh_article(int(mb * 1024 * 1024), seed=i)
            path.write_text(s2t.convert(text) if source == "hant" else text, encoding="utf-8")
    return folder / "01-article.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--script", default="simplified")
    parser.add_argument("--source", choices=("hant", "hans"), default="hant",
                        help="the article's own script: 繁體 (hant, default) or 简体 (hans)")
    parser.add_argument("--keep", type=Path, help="generate inputs here (kept)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--parts", help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.started)))
        return
    if args.parts:
        print(json.dumps(parts_child(args.parts, args.script)))
        return
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-script-"))
    path = make_input(base, args.mb, args.source)
    run_once(path, args.script)  # unmeasured: fills the bytecode cache
    plain: list[float] = []
    converted: list[float] = []
    cpu: dict[str, list[float]] = {"original": [], args.script: []}
    shown = {}
    for _ in range(args.runs):
        for script, into in (("original", plain), (args.script, converted)):
            result = run_once(path, script)
            into.append(result["first"])
            cpu[script].append(result["cpu"])
            shown[script] = result["shown"]
    a, b = statistics.median(plain), statistics.median(converted)
    ca, cb = statistics.median(cpu["original"]), statistics.median(cpu[args.script])
    delta = (b - a) * 1000
    print(f"first screen, {'繁體' if args.source == 'hant' else '简体'} {args.mb:g} MB, medians of {args.runs} alternating runs, headless {SIZE[0]}x{SIZE[1]}:")
    print(f"  original  {fmt_ms(a):>5} ms (cpu {fmt_ms(ca):>4} ms)   {shown['original'][:24]}")
    print(f"  {args.script:<9} {fmt_ms(b):>5} ms (cpu {fmt_ms(cb):>4} ms)   {shown[args.script][:24]}")
    print(f"  difference {delta:+.0f} ms (goal: within {GOAL_MS} ms) "
          f"{'OK' if delta <= GOAL_MS else 'OVER'}; per-run deltas "
          f"{', '.join(f'{(y - x) * 1000:+.0f}' for x, y in zip(plain, converted, strict=True))}")
    parts = run_parts(path, args.script, args.runs)
    added = parts["detect"] + parts["import"] + parts["dicts"] + parts["converted"] - parts["plain"]
    print(f"  in one process (CPU, medians): first screen laid out {1000 * parts['plain']:.1f} ms as it is; "
          f"in {args.script}: detection {1000 * parts['detect']:.1f} + OpenCC import {1000 * parts['import']:.1f} "
          f"+ dictionaries {1000 * parts['dicts']:.1f} + laid out converted {1000 * parts['converted']:.1f} ms "
          f"= {1000 * added:+.1f} ms")
    print(f"  CPU time to the first paint: {1000 * (cb - ca):+.0f} ms (what conversion costs the process "
          f"itself; the wall-clock difference also carries the machine's load, {os.getloadavg()[0]:.1f} now)")


if __name__ == "__main__":
    main()
