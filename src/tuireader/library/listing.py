"""`folder_listing(cached)`: every article file of a library, before the index knows them all.

Why: `tuireader FILE` shows the file from a one-entry library and reads the folder later;
on a first launch the index of the folder takes seconds to build. Keys like `n` (the next
article in library order, or the declared 下一篇) need the folder's files long before that.
Walking the folder costs one stat per file (~80 ms at 10,000 files): the listing is the
cached entries of the files still there plus a provisional entry (title from the file name,
no fingerprint) for each file the index does not know yet, in library order. The refreshed
library replaces it when the index is built.
"""

from __future__ import annotations

from tuireader.article import title_from_path
from tuireader.library.catalog import Library, LibraryEntry, order_entries
from tuireader.library.indexer import scan_folder
from tuireader.library.manifest import load_manifest


def folder_listing(cached: Library) -> Library:
    """`cached` plus the files it lacks, minus those gone (see the module doc)."""
    root = cached.root
    manifest = load_manifest(root)
    scan = scan_folder(root, manifest.excluded)
    known = {e.rel: e for e in cached.entries}
    if len(known) == len(cached.entries) and set(scan.files) <= known.keys():
        entries = [e for e in cached.entries if e.rel in scan.files or e.error]
        if len(entries) == len(cached.entries):
            return cached  # nothing new, nothing gone: the cached order stands
        return Library(root=root, entries=entries, notices=list(cached.notices), order=cached.order)
    entries = [e for e in cached.entries if e.rel in scan.files or e.error]
    for rel in scan.files:
        if rel not in known:
            title = manifest.titles.get(rel) or title_from_path(rel)
            entries.append(LibraryEntry(path=root / rel, rel=rel, title=title,
                                        encoding=manifest.encodings.get(rel)))
    return Library(root=root, entries=order_entries(entries, manifest, cached.order),
                   notices=list(cached.notices), order=cached.order)


def is_provisional(entry: LibraryEntry) -> bool:
    """True for an entry the index has not read yet (its title may be the file name)."""
    return not entry.fingerprint and not entry.error
