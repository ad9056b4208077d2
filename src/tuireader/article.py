"""The `Article`: what every reader (text, Markdown, HTML) produces and everything else consumes.

Why one flat list of blocks: the reader view, bookmarks, search and the outline all
address text by *block index* (plus a character offset inside the block). A flat list
keeps that coordinate stable across screen widths and cheap to compute, and it is what
`inspect --json` prints.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "quote", "code", "rule"]
Format = Literal["text", "markdown", "html", "epub"]

BLOCK_KINDS: tuple[str, ...] = ("heading", "paragraph", "list_item", "quote", "code", "rule")


@dataclass(slots=True)
class Block:
    """One unit of reading: a heading, a paragraph, a list item, a quote, a code block.

    `text` is clean display text (no markup, no control characters). For headings it is
    the heading as a reader sees it, numbering included ("（四）有助于…", "## Setup" → "Setup").
    `level` is the heading level (1 = top) for headings, the nesting depth for list items,
    0 otherwise. `number` is the heading's numbering as written or repaired ("四", "1.2").
    `lead` is the length in characters of a run-in head at the start of a paragraph
    ("1.網絡基礎設施建設滯後。" → the lead phrase is shown in bold), 0 when there is none.
    """

    kind: BlockKind
    text: str
    level: int = 0
    number: str | None = None
    lead: int = 0

    def to_json(self) -> dict[str, Any]:
        """The `inspect --json` shape: kind and text always, the rest only when meaningful."""
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.level:
            out["level"] = self.level
        if self.number is not None:
            out["number"] = self.number
        if self.lead:
            out["lead"] = self.lead
        return out


@dataclass(slots=True)
class OutlineEntry:
    """A section in the outline. `title` carries no numbering; `block` indexes `Article.blocks`."""

    level: int
    number: str | None
    title: str
    block: int

    def to_json(self) -> dict[str, Any]:
        return {"level": self.level, "number": self.number, "title": self.title, "block": self.block}


@dataclass(slots=True)
class Link:
    """A declared neighbour article (上一篇/下一篇, rel=prev/next). `path` when it resolves."""

    title: str
    path: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "path": self.path}


@dataclass(slots=True)
class Chapter:
    """A chapter of a book (EPUB): where `n`/`p` stop inside it. `block` indexes `Article.blocks`."""

    title: str
    block: int

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "block": self.block}


@dataclass(slots=True)
class Article:
    """A parsed article. Pure data: no Textual, no Rich; safe to pickle and to send to a worker."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    prev: Link | None = None
    next: Link | None = None
    path: str = ""
    format: Format = "text"
    encoding: str = "utf-8"
    #: True for the head of a big file (`ingest.load_article_head`): only its first part,
    #: shown while the whole is parsed. Not part of `to_json` (inspect always parses all).
    partial: bool = False
    #: One-line messages about what the ingest did to the file that a reader should know
    #: (e.g. "3 control characters removed"); shown when the article opens, and by inspect.
    notices: list[str] = field(default_factory=list)
    #: A book's chapters in reading order (EPUB); empty for an article. `inspect --json`
    #: prints them as `chapters` when there are any.
    chapters: list[Chapter] = field(default_factory=list)

    @property
    def paragraph_count(self) -> int:
        return sum(1 for b in self.blocks if b.kind == "paragraph")

    def plain_text(self) -> str:
        """All block texts, one per line: what search indexes and what the fingerprint hashes."""
        return "\n".join(b.text for b in self.blocks)

    def fingerprint(self) -> str:
        """A content hash of the cleaned text, so an article moved or renamed is recognised."""
        return hashlib.blake2b(self.plain_text().encode("utf-8"), digest_size=12).hexdigest()

    def section_at(self, block: int) -> list[OutlineEntry]:
        """The chain of outline entries (top level first) that contain `block`."""
        chain: list[OutlineEntry] = []
        for entry in self.outline:
            if entry.block > block:
                break
            while chain and chain[-1].level >= entry.level:
                chain.pop()
            chain.append(entry)
        return chain

    def chapter_index(self, block: int) -> int | None:
        """Index in `chapters` of the chapter holding `block` (None before the first one)."""
        found = None
        for i, chapter in enumerate(self.chapters):
            if chapter.block > block:
                break
            found = i
        return found

    def to_json(self) -> dict[str, Any]:
        """Exactly the `tuireader inspect --json` contract (see README)."""
        out = self._json()
        if self.chapters:
            out["chapters"] = [c.to_json() for c in self.chapters]
        return out

    def _json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "encoding": self.encoding,
            "title": self.title,
            "metadata": self.metadata,
            "links": {
                "prev": self.prev.to_json() if self.prev else None,
                "next": self.next.to_json() if self.next else None,
            },
            "outline": [e.to_json() for e in self.outline],
            "blocks": [b.to_json() for b in self.blocks],
        } | ({"notices": self.notices} if self.notices else {})


def title_from_path(path: str | Path) -> str:
    """The last-resort title: the file name without extension, separators made spaces."""
    stem = Path(path).stem
    for sep in ("_", "-", "."):
        stem = stem.replace(sep, " ")
    return " ".join(stem.split()) or "Untitled"
