"""`tuireader bookmarks list|add|remove|export`: the bookmarks, for scripts and notes.

Uses exactly the store the reader uses (same file, same lock, same merge), so running it
while the reader is open is safe. Exit status: 0 ok, 1 the file or the store failed,
2 bad arguments (no such block, unknown id, a file outside --library).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tuireader.ingest.sanitize import clean_inline, strip_controls
from tuireader.store.bookmarks import (
    Bookmark,
    BookmarkStore,
    display_excerpt,
    group_by_article,
    normalise_library,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    p_list = sub.add_parser("list", help="list bookmarks, newest first")
    p_list.add_argument("--json", action="store_true",
                        help='JSON: [{"id", "article": {"path", "title"}, "block", "offset", "excerpt", "note", "created"}]')
    p_list.add_argument("--library", metavar="DIR", help="only bookmarks of the library at DIR")

    p_add = sub.add_parser("add", help="bookmark a block of an article file")
    p_add.add_argument("file", metavar="FILE", help="the article file")
    p_add.add_argument("--block", type=int, required=True, metavar="N", help="block index (see `tuireader inspect --json`)")
    p_add.add_argument("--offset", type=int, default=0, metavar="N", help="character offset inside the block")
    p_add.add_argument("--note", default="", metavar="TEXT", help="an optional note")
    p_add.add_argument("--library", metavar="DIR", help="the library root (default: the file's folder)")
    p_add.add_argument("--json", action="store_true", help="print the new bookmark as JSON instead of its id")

    p_remove = sub.add_parser("remove", help="delete a bookmark by id")
    p_remove.add_argument("id", metavar="ID")

    p_export = sub.add_parser("export", help="export bookmarks grouped by article")
    p_export.add_argument("--format", choices=("markdown", "json"), default="markdown")
    p_export.add_argument("--library", metavar="DIR", help="only bookmarks of the library at DIR")


def run(args: argparse.Namespace) -> int:
    store = BookmarkStore()
    for notice in store.load():
        print(f"tuireader: {notice}", file=sys.stderr)
    if args.action == "add":
        return _add(store, args)
    if args.action == "remove":
        return _remove(store, args.id)
    marks = _filtered(store.all(), getattr(args, "library", None))
    if args.action == "list":
        if args.json:
            print(json.dumps([list_json(bm) for bm in marks], ensure_ascii=False, indent=2))
        else:
            for bm in marks:
                print(list_line(bm))
        return 0
    if args.format == "json":
        print(json.dumps([export_json(bm) for bm in marks], ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(export_markdown(marks))
    return 0


def _filtered(marks: list[Bookmark], library: str | None) -> list[Bookmark]:
    if not library:
        return marks
    root = normalise_library(Path(library).resolve())
    return [bm for bm in marks if bm.library == root]


def _add(store: BookmarkStore, args: argparse.Namespace) -> int:
    from tuireader.errors import IngestError
    from tuireader.ingest.load import load_article

    file = Path(args.file).expanduser()
    try:
        article = load_article(file)
    except IngestError as exc:
        print(f"tuireader bookmarks: {exc}", file=sys.stderr)
        return 1
    path = file.resolve()
    library = Path(args.library).expanduser().resolve() if args.library else path.parent
    try:
        rel = path.relative_to(library).as_posix()
    except ValueError:
        print(f"tuireader bookmarks: {path} is not inside the library {library}", file=sys.stderr)
        return 2
    try:
        bm = store.add(library, rel, article, args.block, args.offset, args.note)
    except ValueError as exc:
        print(f"tuireader bookmarks: {args.file}: {exc}", file=sys.stderr)
        return 2
    if store.last_error:
        print(f"tuireader bookmarks: {store.last_error}", file=sys.stderr)
        return 1
    print(json.dumps(list_json(bm), ensure_ascii=False) if args.json else bm.id)
    return 0


def _remove(store: BookmarkStore, bookmark_id: str) -> int:
    removed = store.remove(bookmark_id)
    if removed is None:
        print(f"tuireader bookmarks: no bookmark with id {bookmark_id!r}", file=sys.stderr)
        return 2
    if store.last_error:
        print(f"tuireader bookmarks: {store.last_error}", file=sys.stderr)
        return 1
    return 0


def list_json(bm: Bookmark) -> dict[str, Any]:
    """The `list --json` record (a stable contract for scripts; see README)."""
    return {
        "id": bm.id,
        "article": {"path": bm.article_path.as_posix(), "title": bm.title},
        "block": bm.block,
        "offset": bm.offset,
        "excerpt": bm.excerpt,
        "note": bm.note,
        "created": bm.created,
    }


def export_json(bm: Bookmark) -> dict[str, Any]:
    """Everything the store knows about a bookmark (for backups and other tools)."""
    record = list_json(bm)
    record["article"].update({"library": bm.library, "rel": bm.path, "fingerprint": bm.fingerprint})
    record["section"] = list(bm.section)
    record["orphaned"] = bm.orphaned
    return record


def list_line(bm: Bookmark) -> str:
    """One terminal-safe line: id, date, title, position, excerpt and note."""
    where = " › ".join(clean_inline(s) for s in bm.section)
    parts = [bm.id, bm.created[:10], clean_inline(bm.title) or bm.path, f"[{bm.block}:{bm.offset}]"]
    if where:
        parts.append(f"§ {where}")
    parts.append(f"“{clean_inline(display_excerpt(bm.excerpt))}”")
    if bm.note:
        parts.append(f"— {clean_inline(bm.note)}")
    if bm.orphaned:
        parts.append("(passage not found in the current text)")
    return "  ".join(parts)


def export_markdown(marks: list[Bookmark]) -> str:
    """Markdown grouped by article (newest-bookmarked article first), each bookmark in
    reading order: section as a heading, excerpt as a quote, then the note."""
    out = ["# Bookmarks", ""]
    if not marks:
        out.append("_No bookmarks yet._")
    for _, group in group_by_article(marks):
        first = group[0]
        out += [f"## {clean_inline(first.title) or first.path}", "", f"`{first.article_path.as_posix()}`", ""]
        for bm in sorted(group, key=lambda b: (b.block, b.offset)):
            section = " › ".join(clean_inline(s) for s in bm.section)
            if section:
                out += [f"### {section}", ""]
            out.append(f"> {clean_inline(display_excerpt(bm.excerpt))}")
            out.append("")
            note = strip_controls(bm.note).strip()
            if note:
                out += [note, ""]
            meta = f"_bookmark {bm.id}, {bm.created}_"
            if bm.orphaned:
                meta += " _(passage no longer found in the article)_"
            out += [meta, ""]
    return "\n".join(out).rstrip("\n") + "\n"
