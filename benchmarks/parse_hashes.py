#!/usr/bin/env python3
"""Hash what the ingest makes of every known file, to prove a refactor changed no result.

Usage:
    python benchmarks/parse_hashes.py save FILE     # before the change
    python benchmarks/parse_hashes.py check FILE    # after: lists every file whose parse differs

Files: the bundled sample library, tests/data, tests/corpus and, when present, ../shared/seed
and ../shared/corpus. Each file's hash covers `inspect --json` (title, metadata, blocks,
outline, links) and the head parse the reader shows first. A file that fails to parse hashes
its error message, so a change in what is refused shows up too.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "src" / "tuireader" / "sample",
    ROOT / "tests" / "data",
    ROOT / "tests" / "corpus",
    ROOT.parent / "shared" / "seed",
    ROOT.parent / "shared" / "corpus",
]


def _loaders():  # type: ignore[no-untyped-def]
    """The ingest entry points, imported when first needed."""
    try:
        from tuireader.errors import IngestError
        from tuireader.ingest import load_article, load_article_head
    except ImportError:
        from tuireader.errors import IngestError  # type: ignore[no-redef]
        from tuireader.ingest.load import load_article, load_article_head  # type: ignore[no-redef]
    return load_article, load_article_head, IngestError


def file_hash(path: Path) -> str:
    load_article, load_article_head, ingest_error = _loaders()
    parts = []
    for load in (load_article, load_article_head):
        try:
            article = load(path)
            parts.append("none" if article is None else
                         json.dumps(article.to_json(), ensure_ascii=False, sort_keys=True))
        except ingest_error as exc:
            parts.append("error: " + str(exc).replace(str(ROOT.parent), ""))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def all_files() -> list[Path]:
    files = []
    for src in SOURCES:
        if src.is_dir():
            files += sorted(p for p in src.rglob("*") if p.is_file() and not p.name.endswith(".json"))
    return files


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        print(__doc__)
        return 2
    out = Path(argv[1])
    hashes = {str(p.relative_to(ROOT.parent)): file_hash(p) for p in all_files()}
    if argv[0] == "save":
        out.write_text(json.dumps(hashes, indent=1, sort_keys=True), encoding="utf-8")
        print(f"saved {len(hashes)} hashes to {out}")
        return 0
    before = json.loads(out.read_text(encoding="utf-8"))
    changed = sorted(k for k in before.keys() & hashes.keys() if before[k] != hashes[k])
    missing = sorted(before.keys() - hashes.keys())
    for name in changed:
        print(f"changed: {name}")
    for name in missing:
        print(f"missing: {name}")
    same = len(before.keys() & hashes.keys()) - len(changed)
    print(f"{same} identical, {len(changed)} changed, {len(missing)} missing, "
          f"{len(hashes.keys() - before.keys())} new")
    return 1 if changed or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
