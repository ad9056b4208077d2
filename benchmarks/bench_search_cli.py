"""`tuireader search WORD --library DIR` from a shell, next to the program's own start-up.

Generates a library (`bench_library.generate_library`: mixed Chinese and English, 10,000
articles ≈ 200 MB by default) in a temporary folder with a private cache, indexes it once,
then times fresh processes, interleaved so a spell of load on a shared machine hits all alike:

  * version:   `tuireader --version` (interpreter, imports, argparse: the floor);
  * unchanged: search on the unchanged library (the snapshot check: one stat per file);
  * full:      the same search with the snapshot deleted first, i.e. what every search
               cost before the snapshot (open the cached library, full refresh, search);
  * edited:    one file edited in place before each run (it alone is re-parsed);
  * added:     one file added before each run (a folder changed: the full refresh).

Each search's hits are checked: the edited or added file's new word must be found.

    python benchmarks/bench_search_cli.py                  # 10,000 articles, 7 runs
    python benchmarks/bench_search_cli.py --articles 2000 --runs 5
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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_library import generate_library  # noqa: E402


def tuireader() -> list[str]:
    script = Path(sys.executable).with_name("tuireader")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tuireader"]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, proc.stdout


def forget_snapshot(root: Path, env: dict[str, str]) -> None:
    code = ("import sys; from pathlib import Path; from tuireader.library import freshness;"
            "from tuireader.library.index import IndexDB; db = IndexDB.open(Path(sys.argv[1]));"
            "freshness.forget(db); db.close()")
    subprocess.run([sys.executable, "-c", code, str(root)], env=env, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--word", default="数据")
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="bench-search-cli-"))
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        env[var] = str(base / var.lower())
    root = base / "library"
    tui = tuireader()
    try:
        nbytes = generate_library(root, args.articles)
        root = root.resolve()
        old = time.time() - 3600  # files and folders an hour old: none is "racy"
        for path in [root, *root.rglob("*")]:
            os.utime(path, (old, old))
        t0 = time.perf_counter()
        subprocess.run([*tui, "index", "-q", str(root)], env=env, check=True, capture_output=True)
        print(f"library: {args.articles} articles, {nbytes / 1e6:.0f} MB, indexed in {time.perf_counter() - t0:.1f} s")
        search = [*tui, "search", args.word, "--library", str(root), "--json", "--limit", "5"]
        times: dict[str, list[float]] = {k: [] for k in ("version", "unchanged", "full", "edited", "added")}
        edited = root / "part-00" / "article-00001.txt"
        folder_time = edited.parent.stat().st_mtime_ns
        for run in range(args.runs):
            times["version"].append(timed([*tui, "--version"], env)[0])
            times["unchanged"].append(timed(search, env)[0])
            forget_snapshot(root, env)
            times["full"].append(timed(search, env)[0])
            # An edit in place (the folder's mtime stays), with a word found nowhere else.
            word = f"editword{run}x"
            with edited.open("a", encoding="utf-8") as fh:
                fh.write(f"\n\n{word} appended.\n")
            os.utime(edited.parent, ns=(folder_time, folder_time))
            took, out = timed([*tui, "search", word, "--library", str(root), "--json"], env)
            assert [h["path"] for h in json.loads(out)] == [str(edited)], out
            times["edited"].append(took)
            added = root / "part-01" / f"added-{run}.txt"
            added.write_text(f"Added {run}\n\naddedword{run}x here.\n", encoding="utf-8")
            took, out = timed([*tui, "search", f"addedword{run}x", "--library", str(root), "--json"], env)
            assert [h["path"] for h in json.loads(out)] == [str(added)], out
            times["added"].append(took)
            # Settle: the index is fresh again for the next round's "unchanged" run.
            old_ns = time.time_ns() - 3600 * 10**9
            os.utime(added.parent, ns=(old_ns, old_ns))
            subprocess.run([*tui, "index", "-q", str(root)], env=env, check=True, capture_output=True)
        med = {k: statistics.median(v) for k, v in times.items()}
        floor = med["version"]
        print(f"tuireader --version: {floor * 1000:.0f} ms (median of {args.runs}; load {os.getloadavg()[0]:.1f})")
        labels = {
            "unchanged": "search, unchanged library",
            "full": "search, full refresh first (before)",
            "edited": "search, one file edited in place",
            "added": "search, one file added",
        }
        for key, label in labels.items():
            print(f"{label:38} {med[key] * 1000:6.0f} ms   {(med[key] - floor) * 1000:+6.0f} ms over --version")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
