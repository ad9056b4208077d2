"""Search across a library: `search(root, query)` → hits with title, section and a snippet.

Placeholder scan (to be replaced by the SQLite FTS5 index): the signature is the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tuireader.model.errors import IngestError
from tuireader.model.library import Library


@dataclass(slots=True)
class SearchHit:
    """One match: where it is (path, block) and what to show (title, section, snippet + spans)."""

    path: str
    rel: str
    title: str
    section: str
    block: int
    snippet: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def search(library_root: Path, query: str, limit: int = 50) -> list[SearchHit]:
    """Hits for `query` in the library at `library_root`, best first, at most `limit`."""
    q = query.strip().casefold()
    if not q:
        return []
    lib = Library.open(library_root)
    hits: list[SearchHit] = []
    for i, entry in enumerate(lib.entries):
        if entry.error:
            continue
        try:
            article = lib.load(i)
        except IngestError:
            continue
        for b, block in enumerate(article.blocks):
            pos = block.text.casefold().find(q)
            if pos >= 0:
                chain = article.section_at(b)
                hits.append(
                    SearchHit(
                        path=str(entry.path),
                        rel=entry.rel,
                        title=entry.title,
                        section=chain[-1].title if chain else "",
                        block=b,
                        snippet=block.text,
                        spans=[(pos, pos + len(q))],
                    )
                )
                if len(hits) >= limit:
                    return hits
    return hits
