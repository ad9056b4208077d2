"""Is a library's index still what is on disk? Answered with one stat per file.

Why: `tuireader search` must answer from an up-to-date index, and a full refresh walks the
folder, reads every stored row and builds every library entry twice: ~0.3 s at 10,000
articles, thirty times the search itself. A refresh therefore leaves a *snapshot* in the
index (`record`): each folder's mtime, each file's size and mtime, the parser version and
the order tag it ordered by. `check` compares that snapshot with the disk in C-level calls:

* a file added, removed or renamed changes the mtime of its folder (one stat per folder);
* a file edited in place changes its own size or mtime (one stat per file);
* a new tuireader (parser version) or an edited `library.toml` (order tag) changes the rest.

When only files changed, `update` re-parses exactly those (the library order is by path, so
it does not move); anything else needs the full refresh (`Library.refresh`). A folder whose
mtime is within `RACY_NS` of the scan that recorded it is not trusted: a file created in the
same clock tick as that scan would leave the folder's mtime as recorded.

Libraries whose last refresh left problems (an unreadable folder, a file that changed while
it was parsed) get no snapshot: their next refresh has work to do anyway.
"""

from __future__ import annotations

import json
import os
import stat as stat_mod
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tuireader.library.index import IndexDB, ParsedFile, parser_version
from tuireader.library.manifest import Manifest, load_manifest

if TYPE_CHECKING:
    from tuireader.library.indexer import Scan

#: Meta key of the snapshot in the index.
SNAPSHOT_KEY = "scan_snapshot"
#: A folder modified this close (ns) before the scan that recorded it is not trusted.
RACY_NS = 2_000_000_000


def order_tag(order: str, manifest: Manifest) -> str:
    """What the stored order was computed from: the order setting and `library.toml`."""
    return f"{order}:{manifest.digest}"


@dataclass
class Freshness:
    """What `check` found. `fresh`: the index is up to date. Otherwise `changed` lists the
    files whose size or mtime moved when that is all that happened (`update` handles it),
    or is None when only a full refresh will do (`reason` says why)."""

    fresh: bool
    changed: list[str] | None = None
    reason: str = ""
    articles: int = 0
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)


def record(db: IndexDB, scan: Scan, tag: str, scanned_ns: int) -> None:
    """Store what a finished refresh saw (or drop the snapshot when it saw problems).

    `scanned_ns` is when the walk began (`time.time_ns()` before `scan_folder`)."""
    clean = not scan.problems and not _has_retry_rows(db)
    value = None
    if clean:
        value = json.dumps({
            "parser": parser_version(),
            "tag": tag,
            "scanned": scanned_ns,
            "dirs": scan.dirs,
            "files": [[rel, st.size, st.mtime_ns] for rel, st in scan.files.items()],
        }, ensure_ascii=False, separators=(",", ":"))
    _store(db, value)


def forget(db: IndexDB) -> None:
    """Drop the snapshot: the index is about to change (a refresh or update is starting;
    if it is interrupted, the next check must not trust the old snapshot)."""
    _store(db, None)


def check(db: IndexDB, root: Path, order: str) -> Freshness:
    """Compare the snapshot with the disk (see the module doc)."""
    raw = db.meta(SNAPSHOT_KEY)
    if raw is None:
        return Freshness(False, reason="no snapshot of the last refresh")
    try:
        snap = json.loads(raw)
        dirs: dict[str, int] = snap["dirs"]
        files: list[tuple[str, int, int]] = snap["files"]
        scanned = int(snap["scanned"])
    except (ValueError, KeyError, TypeError):
        return Freshness(False, reason="unreadable snapshot")
    if snap.get("parser") != parser_version():
        return Freshness(False, reason="a new parser version")
    if snap.get("tag") != order_tag(order, load_manifest(root)):
        return Freshness(False, reason="order or library.toml changed")
    base = str(root)
    for folder, folder_mtime in dirs.items():
        try:
            now = os.stat(os.path.join(base, folder)).st_mtime_ns
        except OSError:
            return Freshness(False, reason=f"folder {folder or '.'} is gone")
        if now != folder_mtime:
            return Freshness(False, reason=f"folder {folder or '.'} changed")
        if folder_mtime >= scanned - RACY_NS:
            return Freshness(False, reason=f"folder {folder or '.'} changed just before the last scan")
    changed: list[str] = []
    stats: dict[str, tuple[int, int]] = {}
    prefix = base + os.sep
    stat = os.stat
    for rel, size, mtime in files:
        try:
            st = stat(prefix + rel)
        except OSError:
            return Freshness(False, reason=f"{rel} is gone")
        if st.st_mtime_ns != mtime or st.st_size != size:
            if not stat_mod.S_ISREG(st.st_mode):
                return Freshness(False, reason=f"{rel} is no longer a file")
            changed.append(rel)
            stats[rel] = (st.st_size, st.st_mtime_ns)
    if changed:
        return Freshness(False, changed=changed, reason=f"{len(changed)} files changed",
                         articles=len(files), stats=stats)
    return Freshness(True, articles=len(files))


def update(
    db: IndexDB,
    root: Path,
    found: Freshness,
    *,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Re-parse the files `check` found changed, keeping their place in the order, and
    renew the snapshot. Returns how many were parsed. Only for `changed` lists (no folder
    changed) and the "library" order (by path: an edit cannot move an article)."""
    from tuireader.library.indexer import FileStat, parse_files

    rels = list(found.changed or [])
    raw = db.meta(SNAPSHOT_KEY)
    forget(db)
    places = db.places(rels)
    sizes = {rel: FileStat(*found.stats[rel]) for rel in rels}
    written: list[ParsedFile] = []

    def sink(rows: list[ParsedFile]) -> None:
        db.write(rows)
        written.extend(rows)

    done, cancelled = parse_files(root, rels, sizes, sink, None, should_stop, None)
    db.restore_places(places)
    if cancelled or raw is None or any(r.size < 0 for r in written):
        return done
    snap = json.loads(raw)
    stats = found.stats
    snap["files"] = [[rel, *stats.get(rel, (size, mtime))] for rel, size, mtime in snap["files"]]
    _store(db, json.dumps(snap, ensure_ascii=False, separators=(",", ":")))
    return done


def _has_retry_rows(db: IndexDB) -> bool:
    """Rows a refresh re-reads every time (stat unknown: unreadable, changed mid-parse)."""
    row = db.conn.execute("SELECT 1 FROM articles WHERE size < 0 OR mtime_ns < 0 LIMIT 1").fetchone()
    return row is not None


def _store(db: IndexDB, value: str | None) -> None:
    conn = db.conn
    with conn:
        if value is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (SNAPSHOT_KEY,))
        else:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (SNAPSHOT_KEY, value))


def now_ns() -> int:
    """The clock `record` compares folder mtimes with (file times are wall-clock times)."""
    return time.time_ns()

