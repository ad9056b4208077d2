"""First screen in a real terminal (tmux), first launch and second launch, next to the floor.

Why beside `bench_ui.py`: the headless harness misses what a terminal adds (the driver,
escape output, tmux reading it), 0.05-0.08 s at 5 MB. This runs `../shared/tools/ttfs.py`
(it polls `tmux capture-pane` until a marker of the first paragraph is on screen) on the
six Markdown documents of `../shared/tools/gen_docs.py` (zh/en, 100 KB / 1 MB / 5 MB),
all in ONE folder, as a user opening one of them would:

- cold:  a fresh XDG home per run (no config, no state, no index: the first launch; the
         folder is indexed in the background while the article is read);
- warm:  a home whose index of the folder was built before (a second launch);
- floor: a one-widget Textual app printing the marker (interpreter start and Textual);
- frogmouth, when `--frogmouth PATH` names its executable (the 1 MB ratio of issue 13;
  `--frogmouth-docs` says on which documents, by default the 1 MB ones).

Runs are interleaved (floor, cold, warm, frogmouth, per round) so a spell of load on the
shared machine hits them alike; medians are printed.

    python benchmarks/bench_terminal.py --runs 5 --docs zh-5m,en-1m
    python benchmarks/bench_terminal.py --frogmouth /path/to/venv/bin/frogmouth --docs en-1m,zh-1m
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED_TOOLS = HERE.parent.parent / "shared" / "tools"
MARKS = {"en": "Aardvark prologue", "zh": "开篇导语"}
PYCACHE = Path(tempfile.gettempdir()) / "tuireader-bench-pycache"

FLOOR_APP = """
import sys
from textual.app import App
from textual.widgets import Static

class Floor(App):
    def compose(self):
        yield Static(sys.argv[1])
    def on_key(self, event):
        if event.key == "q":
            self.exit()

Floor().run()
"""


def env_for(home: Path | None) -> dict[str, str]:
    """A child environment: private XDG folders under `home`, bytecode cached (as an
    installed package has it; PYTHONDONTWRITEBYTECODE would make every run recompile)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if home is not None:
        for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
            path = home / var.lower()
            path.mkdir(parents=True, exist_ok=True)
            env[var] = str(path)
        env["HOME"] = str(home)
    return env


def tuireader_command() -> list[str]:
    script = Path(sys.executable).with_name("tuireader")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tuireader"]


def ttfs(ttfs_path: Path, marker: str, command: list[str], env: dict[str, str]) -> float | None:
    """Seconds to the first screen of one run (None when the marker never showed)."""
    proc = subprocess.run(
        [sys.executable, str(ttfs_path), "--json", "-n", "1", "--first", marker, "--quit-key", "q", "--", *command],
        capture_output=True, text=True, env=env, timeout=180,
    )
    try:
        first = json.loads(proc.stdout.strip().splitlines()[-1])["first_s"]
    except (ValueError, IndexError, KeyError):
        return None
    return None if first is None else float(first["median"])


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value * 1000:5.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--docs", default="zh-5m,en-5m,zh-1m,en-1m", help="of en|zh-100k|1m|5m")
    parser.add_argument("--frogmouth", help="frogmouth executable, for the ratio")
    parser.add_argument("--frogmouth-docs", default="en-1m,zh-1m",
                        help="documents frogmouth opens too (it takes ~20 s on 5 MB)")
    parser.add_argument("--ttfs", type=Path, default=SHARED_TOOLS / "ttfs.py")
    parser.add_argument("--gen-docs", type=Path, default=SHARED_TOOLS / "gen_docs.py")
    args = parser.parse_args()
    if not args.ttfs.exists() or not args.gen_docs.exists() or shutil.which("tmux") is None:
        print(f"needs tmux, {args.ttfs} and {args.gen_docs}", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="bench-terminal-"))
    try:
        made = base / "made"
        subprocess.run([sys.executable, str(args.gen_docs), str(made)], check=True, capture_output=True)
        folder = base / "six"
        folder.mkdir()
        for doc in made.glob("*.md"):
            shutil.copy(doc, folder / doc.name)  # a folder of six documents
        tui = tuireader_command()
        warm_home = base / "warm"
        subprocess.run([*tui, "index", "-q", str(folder)], env=env_for(warm_home), check=True,
                       capture_output=True)
        floor_script = base / "floor.py"
        floor_script.write_text(FLOOR_APP, encoding="utf-8")
        # One unmeasured run of each: bytecode caches filled.
        ttfs(args.ttfs, MARKS["en"], [*tui, str(folder / "en-100k.md")], env_for(base / "prime"))
        docs = args.docs.split(",")
        results: dict[str, list[float | None]] = {}
        for _ in range(args.runs):
            results.setdefault("floor", []).append(
                ttfs(args.ttfs, MARKS["en"], [sys.executable, str(floor_script), MARKS["en"]], env_for(None)))
            for doc in docs:
                marker = MARKS[doc.split("-")[0]]
                path = str(folder / f"{doc}.md")
                cold_home = Path(tempfile.mkdtemp(dir=base, prefix="cold-"))
                results.setdefault(f"{doc} cold", []).append(ttfs(args.ttfs, marker, [*tui, path], env_for(cold_home)))
                results.setdefault(f"{doc} warm", []).append(ttfs(args.ttfs, marker, [*tui, path], env_for(warm_home)))
                if args.frogmouth and doc in args.frogmouth_docs.split(","):
                    results.setdefault(f"{doc} frogmouth", []).append(
                        ttfs(args.ttfs, marker, [args.frogmouth, path], env_for(base / "fm")))
        floor = median(results["floor"])
        print(f"floor (one-widget Textual app): {fmt(floor)} ms; load average {os.getloadavg()[0]:.1f}")
        for doc in docs:
            cold, warm = median(results[f"{doc} cold"]), median(results[f"{doc} warm"])
            line = f"{doc:8}  first launch {fmt(cold)} ms   second launch {fmt(warm)} ms"
            if f"{doc} frogmouth" in results:
                fm = median(results[f"{doc} frogmouth"])
                ratio = f"{fm / cold:.1f}x / {fm / warm:.1f}x" if fm and cold and warm else "n/a"
                line += f"   frogmouth {fmt(fm)} ms ({ratio} slower)"
            print(line)
        print(f"medians of {args.runs} interleaved runs, tmux 120x40, Python {sys.version.split()[0]}")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
