"""The book's own table of contents: the EPUB 3 navigation document, else the EPUB 2 NCX.

Each entry keeps its depth as the book nests it, its label, and where it points (archive
path and fragment). Entries without a link (a `<span>` grouping chapters by author) are
kept too: they take the place of their first linked descendant, so the outline shows the
grouping the book shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tuireader.errors import IngestError
from tuireader.ingest.epub.archive import Archive, resolve
from tuireader.ingest.epub.package import Package
from tuireader.ingest.epub.xmlparse import attr, local, parse_xhtml, parse_xml, text_of
from tuireader.ingest.sanitize import clean_inline

#: A TOC deeper than this is flattened into this level (an outline is for reading, and a
#: hostile nesting must not recurse without end).
MAX_DEPTH = 12
#: More entries than this are dropped (a page list passed off as a TOC).
MAX_ENTRIES = 20_000


@dataclass(slots=True)
class TocEntry:
    """One TOC entry: `level` 1 = top; `path` None for a label without a link."""

    level: int
    title: str
    path: str | None
    fragment: str = ""


def read_toc(archive: Archive, pkg: Package) -> list[TocEntry]:
    """The nav document's `toc` nav, else the NCX's navMap; [] when neither gives entries."""
    for reader, item in ((_nav_entries, pkg.nav), (_ncx_entries, pkg.ncx)):
        if item is None or not archive.has(item.path):
            continue
        try:
            entries = reader(archive.read(item.path, what="the table of contents"), item.path)
        except IngestError as exc:
            if "ZIP bomb" in exc.reason:
                raise
            continue  # a damaged or oversized TOC: the next one, or the chapters' headings
        except (RecursionError, ValueError):
            entries = []
        entries = [e for e in entries if e.title][:MAX_ENTRIES]
        if any(e.path for e in entries):
            return entries
    return []


def _split(base: str, href: str | None) -> tuple[str | None, str]:
    if not href:
        return None, ""
    fragment = href.split("#", 1)[1] if "#" in href else ""
    if href.startswith("#"):
        return base, fragment
    return resolve(base, href), fragment


def _nav_entries(data: bytes, base: str) -> list[TocEntry]:
    root = parse_xhtml(data)
    if root is None:
        return []
    navs = [el for el in root.iter() if local(el.tag) == "nav"]
    toc = next((n for n in navs if "toc" in (attr(n, "type") or "").split()), None)
    if toc is None:
        toc = navs[0] if navs else None
    if toc is None:
        return []
    top = next((el for el in toc.iter() if local(el.tag) in ("ol", "ul")), None)
    out: list[TocEntry] = []
    if top is not None:
        _walk_list(top, 1, base, out)
    return out


def _walk_list(lst: Any, level: int, base: str, out: list[TocEntry]) -> None:
    """Entries in document order (pre-order), with an explicit stack, not recursion: the
    nesting depth is the book's to choose."""
    stack: list[tuple[Any, int]] = [(li, level) for li in reversed(_items(lst))]
    while stack and len(out) < MAX_ENTRIES:
        li, depth = stack.pop()
        _emit_li(li, min(depth, MAX_DEPTH), base, out)
        sub = next((c for c in li if local(c.tag) in ("ol", "ul")), None)
        if sub is not None:
            stack.extend((child, depth + 1) for child in reversed(_items(sub)))


def _items(lst: Any) -> list[Any]:
    return [li for li in lst if local(li.tag) == "li"]


def _emit_li(li: Any, level: int, base: str, out: list[TocEntry]) -> None:
    label_el = next((c for c in li if local(c.tag) in ("a", "span")), None)
    if label_el is None:  # <li><p><a>…</a></p>: the first link not inside a nested list
        label_el = next((a for a in li.iter() if local(a.tag) == "a"
                         and not any(local(p.tag) in ("ol", "ul") for p in a.iterancestors() if p is not li
                                     and li in p.iterancestors())), None)
    if label_el is None:
        return
    title = clean_inline(text_of(label_el))
    if not title:
        title = clean_inline(label_el.get("title") or "")
    href = label_el.get("href") if local(label_el.tag) == "a" else None
    path, fragment = _split(base, href)
    out.append(TocEntry(level, title, path, fragment))


def _ncx_entries(data: bytes, base: str) -> list[TocEntry]:
    root = parse_xml(data, recover=True)
    if root is None:
        return []
    nav_map = next((el for el in root.iter() if local(el.tag) == "navmap"), None)
    if nav_map is None:
        return []
    out: list[TocEntry] = []
    stack: list[tuple[Any, int]] = [(p, 1) for p in reversed([c for c in nav_map if local(c.tag) == "navpoint"])]
    while stack and len(out) < MAX_ENTRIES:
        point, level = stack.pop()
        label = next((el for el in point.iter() if local(el.tag) == "text"), None)
        content = next((c for c in point if local(c.tag) == "content"), None)
        title = clean_inline(text_of(label)) if label is not None else ""
        path, fragment = _split(base, content.get("src") if content is not None else None)
        out.append(TocEntry(min(level, MAX_DEPTH), title, path, fragment))
        children = [c for c in point if local(c.tag) == "navpoint"]
        stack.extend((c, level + 1) for c in reversed(children))
    return out
