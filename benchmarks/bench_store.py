"""Per-user store at scale: bookmark writes, loads, concurrency, kills, re-anchoring, state saves.

Generates everything in a temporary folder (XDG_* pointed there), then prints:

  * `BookmarkStore.add` latency in a running app (one instance, warm) with N bookmarks on disk;
  * `load()` of a fresh store (what app start and every CLI call pay) with N bookmarks;
  * a real `tuireader bookmarks add` launch (fresh interpreter) with N bookmarks;
  * 4 processes × 100 real CLI launches at the same time (count at the end must be 400);
  * a writer SIGKILLed at random points, 20 times (each time the file must parse and hold
    a whole set);
  * `for_article(..., article=)` re-anchoring on a 5 MB article whose text changed;
  * `StateStore.save()` with N positions.

Medians of several runs; peak RSS of this process at the end.

    python benchmarks/bench_store.py            # everything (the 400 launches take a while)
    python benchmarks/bench_store.py --quick    # skip the 400 real CLI launches
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import tomllib
from pathlib import Path

RUNS = 5


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


def article_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "article.txt"
    paras = [f"Paragraph {i} of the benchmark article, long enough to be a real passage of text." for i in range(50)]
    path.write_text("Benchmark\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    return path


def seed(store_path: Path, n: int) -> None:
    """A bookmarks file with `n` bookmarks, written the way the app writes it."""
    from tuireader.article import Article, Block
    from tuireader.store.bookmarks import BookmarkStore

    store_path.unlink(missing_ok=True)
    store = BookmarkStore(store_path)
    article = Article(title="Seed", blocks=[Block("paragraph", f"seed paragraph {i} " * 8) for i in range(50)])
    for i in range(n):
        store._pending.append(_put(store, article, i))  # batch: one write at the end
    store._do([])


def _put(store: object, article: object, i: int) -> object:
    from tuireader.store.bookmarks import Bookmark, _Put

    return _Put(Bookmark(id=f"{i:08x}", path=f"a{i % 97}.txt", library="/library", fingerprint=f"{i:024x}",
                         title=f"Article {i % 97}", block=i % 50, offset=0, section=["Part", "Chapter"],
                         excerpt=f"seed paragraph {i} " * 4, note="a note" if i % 3 else "",
                         created="2026-01-01T00:00:00Z"), fresh=False)


def bench_add_and_load(base: Path) -> None:
    from tuireader.article import Article, Block
    from tuireader.store import bookmarks as bookmarks_module
    from tuireader.store.bookmarks import BookmarkStore

    article = Article(title="Bench", blocks=[Block("paragraph", "p" * 200)])
    print("bookmarks on disk | add (app, warm) | load (cold parse) | CLI add (new process) | file size")
    for n in (100, 1000, 5000):
        path = base / "config" / "tuireader" / "bookmarks.toml"
        seed(path, n)
        store = BookmarkStore(path)
        store.load()
        adds = []
        for _ in range(RUNS):
            t = time.perf_counter()
            store.add(Path("/library"), "x.txt", article, 0)
            adds.append(time.perf_counter() - t)
        loads = []
        for _ in range(RUNS):
            bookmarks_module._PARSED_CHUNKS.clear()  # a cold parse, as a new process pays it
            bookmarks_module._RENDERED.clear()
            t = time.perf_counter()
            BookmarkStore(path).load()
            loads.append(time.perf_counter() - t)
        cli = []
        file = article_file(base / "lib")
        for _ in range(RUNS):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "tuireader", "bookmarks", "add", str(file), "--block", "1"],
                           check=True, capture_output=True)
            cli.append(time.perf_counter() - t)
        size = path.stat().st_size / 1024
        print(f"{n:>17} | {median_ms(adds):>15} | {median_ms(loads):>17} | {median_ms(cli):>21} | {size:,.0f} KiB")


def bench_concurrent_cli(base: Path, per_process: int) -> None:
    path = base / "config" / "tuireader" / "bookmarks.toml"
    path.unlink(missing_ok=True)
    file = article_file(base / "lib")
    failures: list[str] = []

    def stream(worker: int) -> None:
        for i in range(per_process):
            out = subprocess.run([sys.executable, "-m", "tuireader", "bookmarks", "add", str(file),
                                  "--block", str(i % 50), "--note", f"w{worker}-{i}"], capture_output=True, text=True)
            if out.returncode:
                failures.append(out.stderr)

    t = time.perf_counter()
    threads = [threading.Thread(target=stream, args=(w,)) for w in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t
    count = len(tomllib.loads(path.read_text(encoding="utf-8"))["bookmark"])
    print(f"4 processes x {per_process} real CLI adds at once: {count} bookmarks (expected {4 * per_process}), "
          f"{len(failures)} failures, {elapsed:.1f} s")


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tuireader.article import Article, Block
    from tuireader.store.bookmarks import BookmarkStore
    store = BookmarkStore(Path(sys.argv[1]))
    store.load()
    n = sum(1 for b in store.all() if b.note.startswith("n"))
    article = Article(title="Killed", blocks=[Block("paragraph", "p" * 120)])
    print("ready", flush=True)
    while True:
        store.add(Path("/library"), "a.txt", article, 0, note=f"n{n}")
        n += 1
    """
)


def bench_sigkill(base: Path, rounds: int = 20) -> None:
    path = base / "killed" / "bookmarks.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    seed(path, 2000)
    rng = random.Random(1)
    ok = mid_write = last = 0
    for _ in range(rounds):
        child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        temps = list(path.parent.glob(".bookmarks.toml.*.tmp"))
        mid_write += bool(temps)
        for temp in temps:
            temp.unlink()
        notes = [b["note"] for b in tomllib.loads(path.read_text(encoding="utf-8"))["bookmark"]]
        added = [x for x in notes if x.startswith("n")]
        if added == [f"n{i}" for i in range(len(added))] and len(added) >= last and len(notes) - len(added) == 2000:
            ok += 1
        last = len(added)
    print(f"SIGKILL at random points: {ok}/{rounds} left a parseable file holding a whole set "
          f"({mid_write} kills landed mid-write, {last} bookmarks added in all)")


def bench_reanchor(base: Path) -> None:
    from tuireader.article import Article, Block
    from tuireader.store.bookmarks import BookmarkStore

    rng = random.Random(7)
    words = "river mill wheel market bread winter school teacher green coat valley road".split()
    paras = [" ".join(rng.choice(words) for _ in range(40)) + f" ({i})." for i in range(20_000)]  # ~5 MB
    old = Article(title="Big", blocks=[Block("paragraph", p) for p in paras])
    store = BookmarkStore(base / "reanchor.toml")
    marks = [store.add(Path("/library"), "big.txt", old, b, 10) for b in range(500, 20_000, 2000)]
    # the text changes: paragraphs inserted at the top, and every marked passage lightly edited
    new_paras = ["A new opening paragraph."] * 7 + paras
    for bm in marks:
        i = bm.block + 7
        new_paras[i] = new_paras[i][:30] + " EDIT " + new_paras[i][30:]
    new = Article(title="Big", blocks=[Block("paragraph", p) for p in new_paras])
    size = sum(len(p) for p in new_paras) / 1e6
    t = time.perf_counter()
    found = store.for_article(Path("/library"), "big.txt", new.fingerprint(), article=new)
    elapsed = time.perf_counter() - t
    right = sum(1 for bm, old_bm in zip(found, marks, strict=True) if bm.block == old_bm.block + 7 and not bm.orphaned)
    print(f"re-anchor {len(marks)} bookmarks on a {size:.1f} MB article after edits: {elapsed * 1000:.0f} ms, "
          f"{right}/{len(marks)} found at the right paragraph")


def bench_state(base: Path) -> None:
    from tuireader.store.state import StateStore, article_key

    for n in (100, 1000, 2000):  # 2000 = MAX_POSITIONS: older positions are dropped on save
        path = base / f"state-{n}.toml"
        store = StateStore(path)
        for i in range(n):
            store.set_position(article_key(f"/library/a{i}.txt", f"{i:024x}"), i, 0, 0.5)
        store.save()
        samples = []
        for _ in range(RUNS):
            store.set_position(article_key("/library/a0.txt", f"{0:024x}"), random.randint(0, 99), 0, 0.1)
            t = time.perf_counter()
            store.save()
            samples.append(time.perf_counter() - t)
        t = time.perf_counter()
        StateStore(path).load()
        load = time.perf_counter() - t
        print(f"state.toml with {n} positions: save {median_ms(samples)}, load {load * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 4 x 100 real CLI launches")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
            (base / sub).mkdir()
            os.environ[var] = str(base / sub)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
        bench_add_and_load(base)
        print()
        bench_concurrent_cli(base, 10 if args.quick else 100)
        bench_sigkill(base)
        bench_reanchor(base)
        bench_state(base)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\npeak RSS of the benchmark process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
