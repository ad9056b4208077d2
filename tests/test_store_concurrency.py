"""Several processes writing bookmarks at once, and writers killed with SIGKILL mid-write.

The figures these tests print (run with -s) are the ones quoted in the README.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
import tomllib
from pathlib import Path

import pytest
import tomli_w

from store_helpers import LOREM, write_article
from tuireader.store.bookmarks import BookmarkStore
from tuireader.store.paths import bookmarks_path

#: A worker: waits for the "go" file, then runs the `bookmarks add` CLI code path N times
#: in one Python process (fresh store each time, exactly as one CLI launch would).
WORKER = textwrap.dedent(
    """
    import os, sys, time
    from tuireader.cli import main
    article, go, worker, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    while not os.path.exists(go):
        time.sleep(0.001)
    for i in range(count):
        rc = main(["bookmarks", "add", article, "--block", str(i % 5), "--note", f"w{worker}-{i}"])
        if rc != 0:
            sys.exit(rc)
    """
)


def _notes_on_disk() -> list[str]:
    data = tomllib.loads(bookmarks_path().read_text(encoding="utf-8"))
    return [b["note"] for b in data["bookmark"]]


def test_four_processes_add_100_each(tmp_path: Path) -> None:
    article = tmp_path / "lib" / "a.txt"
    write_article(article, "Concurrency", LOREM)
    go = tmp_path / "go"
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(article), str(go), str(w), "100"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for w in range(4)
    ]
    time.sleep(0.5)  # let every worker import and wait at the barrier
    start = time.monotonic()
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in procs]
    elapsed = time.monotonic() - start
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    notes = _notes_on_disk()
    assert len(notes) == 400
    assert set(notes) == {f"w{w}-{i}" for w in range(4) for i in range(100)}
    store = BookmarkStore()
    assert store.load() == [] and len(store.all()) == 400
    print(f"\n4 processes x 100 adds (CLI code path) -> {len(notes)} bookmarks in {elapsed:.1f} s")


def test_real_cli_launches_at_the_same_time(tmp_path: Path) -> None:
    """4 concurrent streams of real `python -m tuireader bookmarks add` launches."""
    article = tmp_path / "lib" / "a.txt"
    write_article(article, "Concurrency", LOREM)
    per_stream = 5
    failures: list[str] = []

    def stream(worker: int) -> None:
        for i in range(per_stream):
            out = subprocess.run(
                [sys.executable, "-m", "tuireader", "bookmarks", "add", str(article),
                 "--block", str(i % 5), "--note", f"cli{worker}-{i}"],
                capture_output=True, text=True, timeout=60,
            )
            if out.returncode != 0 or len(out.stdout.strip()) != 8:
                failures.append(out.stderr)

    start = time.monotonic()
    threads = [threading.Thread(target=stream, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    assert failures == []
    notes = _notes_on_disk()
    assert sorted(notes) == sorted(f"cli{w}-{i}" for w in range(4) for i in range(per_stream))
    print(f"\n4 x {per_stream} real CLI launches -> {len(notes)} bookmarks in {elapsed:.1f} s")


#: A writer that adds bookmarks in a loop until it is killed; notes are numbered so the
#: parent can check that the file always holds a complete prefix of the sequence.
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
        if store.last_error:
            print(store.last_error, file=sys.stderr, flush=True)
            sys.exit(3)
        n += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_write_leaves_old_or_new_file(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    seed = [{"id": f"{i:08x}", "library": "/library", "path": "seed.txt", "block": i, "offset": 0,
             "excerpt": "seed " * 15, "note": f"seed{i}", "created": "2026-01-01T00:00:00Z"}
            for i in range(1500)]  # a big file makes each write long enough to be hit
    path.write_text(tomli_w.dumps({"version": 1, "bookmark": seed}), encoding="utf-8")
    rng = random.Random(20261128)
    rounds, hit_mid_write, last = 20, 0, 0
    start = time.monotonic()
    for _ in range(rounds):
        child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
        temps = list(tmp_path.glob(".bookmarks.toml.*.tmp"))
        hit_mid_write += bool(temps)
        for temp in temps:
            temp.unlink()
        data = tomllib.loads(path.read_text(encoding="utf-8"))  # parses every time
        notes = [b["note"] for b in data["bookmark"]]
        assert notes[:1500] == [f"seed{i}" for i in range(1500)]
        added = notes[1500:]
        assert added == [f"n{i}" for i in range(len(added))]  # a whole old or new set
        assert len(added) >= last
        last = len(added)
        if child.stderr:
            child.stderr.close()
        if child.stdout:
            child.stdout.close()
    elapsed = time.monotonic() - start
    assert last > 0
    assert not list(tmp_path.glob("bookmarks.toml.broken-*"))
    print(f"\nSIGKILL: {rounds}/{rounds} kills left a parseable file with a whole set; "
          f"{hit_mid_write} landed mid-write (temp file left); {last} bookmarks written; {elapsed:.1f} s")
