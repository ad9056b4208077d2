"""Bringing the index up to date: walk the folder, parse what changed, write the rows.

Why processes: parsing is pure Python (CPU bound, the GIL holds it to one core); cold
indexing of a big folder has to use every core. Workers get batches of relative paths and
return small picklable `ParsedFile` rows (summary + block texts + search tokens); the parent
alone writes SQLite, in batched transactions. At most a few batches are in flight, so memory
stays flat however big the folder is.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import stat as stat_mod
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tuireader.article import Article, title_from_path
from tuireader.errors import IngestError
from tuireader.ingest.load import is_article_file, load_article
from tuireader.library.index import ParsedFile, analyse_text, join_blocks, parser_tag
from tuireader.library.manifest import MANIFEST_NAME, load_manifest

#: Below this much work the pool's start-up (~0.2 s) costs more than it saves.
POOL_MIN_FILES = 24
POOL_MIN_BYTES = 4 * 1024 * 1024
#: A worker task: up to this many files or bytes (amortises pickling and scheduling).
TASK_MAX_FILES = 64
TASK_MAX_BYTES = 1024 * 1024
#: Tasks queued per worker. The parent stops handing out work while it writes a batch;
#: with two queued per worker they ran dry for half of every write.
IN_FLIGHT_PER_WORKER = 8
#: Parent commits at least this often (bytes of parsed text or seconds). Small batches
#: keep each pause in handing out work short, and the last write (when the workers are
#: already idle) small.
WRITE_BATCH_BYTES = 4 * 1024 * 1024
WRITE_BATCH_SECONDS = 0.5


@dataclass(slots=True)
class FileStat:
    size: int
    mtime_ns: int


@dataclass(slots=True)
class Scan:
    """What is on disk: article files with their stat, and paths that could not be read."""

    files: dict[str, FileStat] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    #: Every folder walked ("" for the root, else "sub/dir/") → its mtime, taken before it
    #: was listed (`library.freshness` compares them to notice added or removed files).
    dirs: dict[str, int] = field(default_factory=dict)


def scan_folder(root: Path, excluded: Callable[[str], bool] = lambda rel: False) -> Scan:
    """Walk `root` (following symlinks, once each), statting article files.

    Unreadable folders, symlink loops and files that cannot be statted become `problems`
    (rel path → one-line reason) instead of being skipped in silence.
    """
    scan = Scan()
    seen: set[tuple[int, int]] = set()
    try:
        st = os.stat(root)
        seen.add((st.st_dev, st.st_ino))
        scan.dirs[""] = st.st_mtime_ns
    except OSError as exc:
        scan.problems["."] = f"library folder cannot be read: {_os_reason(exc)}"
        return scan
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = list(it)
        except OSError as exc:
            scan.problems[prefix or "."] = f"folder cannot be read: {_os_reason(exc)}"
            continue
        subdirs: list[tuple[Path, str]] = []
        for item in items:
            name = item.name
            if name.startswith("."):
                continue
            rel = prefix + name
            try:
                is_dir = item.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                if excluded(rel):
                    continue
                try:
                    dst = os.stat(item.path)
                except OSError as exc:
                    scan.problems[rel + "/"] = f"folder cannot be read: {_os_reason(exc)}"
                    continue
                key = (dst.st_dev, dst.st_ino)
                if key in seen:
                    if item.is_symlink():
                        scan.problems[rel + "/"] = "symlink loop: links to a folder already in the library; skipped"
                    continue
                seen.add(key)
                scan.dirs[rel + "/"] = dst.st_mtime_ns
                subdirs.append((Path(item.path), rel + "/"))
                continue
            if not is_article_file(name) or excluded(rel):
                continue
            try:
                fst = os.stat(item.path)
            except OSError as exc:
                scan.problems[rel] = _os_reason(exc)
                continue
            if not stat_mod.S_ISREG(fst.st_mode):
                scan.problems[rel] = "not a regular file"
                continue
            scan.files[rel] = FileStat(fst.st_size, fst.st_mtime_ns)
        stack.extend(reversed(subdirs))
    return scan


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == 40:  # ELOOP
        return "symlink loop (too many levels of symbolic links)"
    if isinstance(exc, FileNotFoundError):
        return "vanished (no such file)"
    return (exc.strerror or type(exc).__name__).lower()


# -- parsing (runs in worker processes) ------------------------------------------------------


def parse_one(root: str, rel: str) -> ParsedFile:
    """Parse one file into an index row; every failure becomes an error row, never a raise.

    The file is read with the encoding `library.toml` names for it, if any, and the row
    records that (`parser_tag`), so a changed override re-reads the file."""
    encoding = manifest_encodings(root).get(rel)
    row = _parse_one(root, rel, encoding)
    row.parser = parser_tag(encoding)
    return row


def manifest_encodings(root: str) -> dict[str, str]:
    """The `[encodings]` of `root/library.toml`, read once per process and manifest version
    (a worker parses many files of one root)."""
    try:
        stamp = os.stat(os.path.join(root, MANIFEST_NAME)).st_mtime_ns
    except OSError:
        return {}
    cached = _ENCODINGS.get(root)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load_manifest(Path(root)).encodings)
        _ENCODINGS[root] = cached
    return cached[1]


_ENCODINGS: dict[str, tuple[int, dict[str, str]]] = {}


def _parse_one(root: str, rel: str, encoding: str | None) -> ParsedFile:
    path = os.path.join(root, rel)
    for _attempt in range(2):
        try:
            before = os.stat(path)
        except OSError as exc:
            return _error_row(rel, 0, 0, _os_reason(exc))
        try:
            article = load_article(path, encoding=encoding)
        except IngestError as exc:
            if not os.path.lexists(path):
                return _error_row(rel, 0, 0, "vanished while being indexed")
            if exc.reason == "permission denied":
                # chmod does not change mtime: remember no stat, so the next refresh retries.
                return _error_row(rel, -1, -1, exc.reason)
            return _error_row(rel, before.st_size, before.st_mtime_ns, exc.reason)
        except Exception as exc:  # noqa: BLE001 - a parser bug must not stop indexing
            return _error_row(rel, -1, -1, f"could not be parsed ({type(exc).__name__}: {exc})".splitlines()[0])
        try:
            after = os.stat(path)
        except OSError:
            return _error_row(rel, 0, 0, "vanished while being indexed")
        if (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns):
            return article_row(rel, before.st_size, before.st_mtime_ns, article)
    # Still changing after a second read: list it, and re-read it on the next refresh.
    return _error_row(rel, -1, -1, "changed while being indexed; will be read again")


def _error_row(rel: str, size: int, mtime_ns: int, reason: str) -> ParsedFile:
    return ParsedFile(rel=rel, size=size, mtime_ns=mtime_ns, title=title_from_path(rel), error=reason)


def article_row(rel: str, size: int, mtime_ns: int, article: Article) -> ParsedFile:
    """The row for a parsed article: summary, JSON metadata/outline, block texts, tokens."""
    body = join_blocks([b.text for b in article.blocks])
    cjk, words, document = analyse_text(body)  # the separator counts as whitespace
    meta = article.metadata
    date = meta.get("date")
    author = meta.get("author")
    title = article.title or title_from_path(rel)
    return ParsedFile(
        rel=rel,
        size=size,
        mtime_ns=mtime_ns,
        title=title,
        fingerprint=article.fingerprint(),
        date=str(date) if date else None,
        author=str(author) if author else None,
        metadata=json.dumps(meta, ensure_ascii=False, default=str),
        outline=json.dumps([[e.level, e.title, e.block, e.number] for e in article.outline], ensure_ascii=False),
        prev_title=article.prev.title if article.prev else None,
        next_title=article.next.title if article.next else None,
        cjk_chars=cjk,
        words=words,
        body=body.encode("utf-8", "replace"),
        nblocks=len(article.blocks),
        tokens=(document + "\n" + analyse_text(article.title)[2]).encode("utf-8", "replace"),
    )


def parse_batch(root: str, rels: list[str]) -> list[ParsedFile]:
    """A worker task: parse several files (one pickle round trip for all of them)."""
    return [parse_one(root, rel) for rel in rels]


# -- orchestration (parent) ------------------------------------------------------------------


def plan_tasks(todo: list[str], sizes: dict[str, FileStat], warmup: int = 4) -> Iterator[list[str]]:
    """Group paths into worker tasks of bounded size; the first `warmup` tasks are small so
    the progress bar moves (and every worker is busy) at once."""
    task: list[str] = []
    nbytes = 0
    made = 0
    for rel in todo:
        task.append(rel)
        nbytes += sizes[rel].size if rel in sizes else 0
        scale = 8 if made < warmup else 1
        if len(task) >= TASK_MAX_FILES // scale or nbytes >= TASK_MAX_BYTES // scale:
            yield task
            made += 1
            task, nbytes = [], 0
    if task:
        yield task


def worker_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


#: Imported once in the fork server, so every worker starts with them loaded (halves the
#: pool's start-up). HTML (lxml, trafilatura) stays lazy: most libraries have none.
PRELOAD = [
    "tuireader.library.indexer",
    "tuireader.ingest.load",
    "tuireader.ingest.encoding",
    "tuireader.ingest.text",
    "tuireader.ingest.markdown",
]


def _pool_context() -> Any:
    """forkserver where available: forking a process that runs UI threads is unsafe."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def parse_files(
    root: Path,
    todo: list[str],
    sizes: dict[str, FileStat],
    sink: Callable[[list[ParsedFile]], None],
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    workers: int | None = None,
    nice: int = 0,
) -> tuple[int, bool]:
    """Parse `todo`, handing rows to `sink` in batches; returns (files done, cancelled).
    `nice`: how much lower the worker processes' CPU priority is."""
    total = len(todo)
    total_bytes = sum(sizes[r].size for r in todo if r in sizes)
    nworkers = workers if workers is not None else worker_count()
    use_pool = nworkers > 1 and (total >= POOL_MIN_FILES or total_bytes >= POOL_MIN_BYTES)
    batcher = _Batcher(sink)
    state = {"done": 0, "cancelled": False}
    if progress is not None:
        progress(0, total)

    def in_process(rels: list[str]) -> None:
        for rel in rels:
            if should_stop is not None and should_stop():
                state["cancelled"] = True
                break
            batcher.add([parse_one(str(root), rel)])
            state["done"] += 1
            if progress is not None:
                progress(state["done"], total)

    try:
        leftover = _parse_in_pool(root, todo, sizes, nworkers, batcher, state, progress, should_stop, total,
                                  nice) if use_pool else todo
        # No pool (none allowed here, or it broke): parse the rest in this process.
        if leftover and not state["cancelled"]:
            in_process(leftover)
    finally:
        batcher.flush()
    return state["done"], bool(state["cancelled"])


def _parse_in_pool(
    root: Path,
    todo: list[str],
    sizes: dict[str, FileStat],
    nworkers: int,
    batcher: _Batcher,
    state: dict[str, int],
    progress: Callable[[int, int], None] | None,
    should_stop: Callable[[], bool] | None,
    total: int,
    nice: int = 0,
) -> list[str]:
    """Parse in worker processes; returns the paths left unparsed when the pool could not
    start or broke (a sandbox without semaphores, a worker killed by the OOM killer)."""
    tasks = plan_tasks(todo, sizes, warmup=nworkers * 2)
    in_flight: set[Future[list[ParsedFile]]] = set()
    task_of: dict[Future[list[ParsedFile]], list[str]] = {}
    leftover: list[str] = []
    try:
        pool = ProcessPoolExecutor(max_workers=nworkers, mp_context=_pool_context(), initializer=_worker_init,
                                   initargs=(nice,))
    except (OSError, NotImplementedError, ImportError, ValueError):
        return todo
    with pool:
        while True:
            try:
                while len(in_flight) < nworkers * IN_FLIGHT_PER_WORKER and not state["cancelled"]:
                    task = next(tasks, None)
                    if task is None:
                        break
                    fut = pool.submit(parse_batch, str(root), task)
                    task_of[fut] = task
                    in_flight.add(fut)
            except (BrokenProcessPool, OSError, RuntimeError):
                leftover.extend(task or [])
                break
            if not in_flight:
                break
            finished, in_flight = _wait(in_flight)
            broken = False
            for fut in finished:
                rels = task_of.pop(fut)
                if fut.cancelled():
                    continue
                try:
                    rows = fut.result()
                except BrokenProcessPool:
                    leftover.extend(rels)
                    broken = True
                    continue
                except Exception as exc:  # noqa: BLE001 - a failed task fails its files, not the refresh
                    reason = f"could not be parsed (worker failed: {type(exc).__name__})"
                    rows = [_error_row(rel, -1, -1, reason) for rel in rels]
                batcher.add(rows)
                state["done"] += len(rows)
            if progress is not None:
                progress(state["done"], total)
            if broken:
                break
            if should_stop is not None and should_stop():
                state["cancelled"] = True
                for fut in in_flight:
                    fut.cancel()
        if leftover:
            for fut in in_flight:
                leftover.extend(task_of.pop(fut, []))
                fut.cancel()
            for task in tasks:
                leftover.extend(task)
    return leftover


def _worker_init(nice: int = 0) -> None:
    """Workers ignore Ctrl-C: the parent decides (it stops submitting and keeps what is done).
    `nice`: lower this worker's CPU priority to at least that (indexing behind a reader)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if nice > 0:
        try:
            current = os.getpriority(os.PRIO_PROCESS, 0)
            if current < nice:
                os.setpriority(os.PRIO_PROCESS, 0, min(19, nice))
        except (AttributeError, OSError):  # no priorities here: indexing just competes
            pass


def _wait(in_flight: set[Future[list[ParsedFile]]]) -> tuple[set[Future[list[ParsedFile]]], set[Future[list[ParsedFile]]]]:
    done, pending = wait(in_flight, timeout=0.25, return_when=FIRST_COMPLETED)
    return set(done), set(pending)


class _Batcher:
    """Collects rows and hands them to the writer in big transactions."""

    def __init__(self, sink: Callable[[list[ParsedFile]], None]) -> None:
        self.sink = sink
        self.rows: list[ParsedFile] = []
        self.nbytes = 0
        self.since = time.monotonic()

    def add(self, rows: list[ParsedFile]) -> None:
        self.rows.extend(rows)
        self.nbytes += sum(r.size for r in rows if r.size > 0)
        if self.nbytes >= WRITE_BATCH_BYTES or time.monotonic() - self.since >= WRITE_BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.sink(self.rows)
        self.rows = []
        self.nbytes = 0
        self.since = time.monotonic()
