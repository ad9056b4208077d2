"""Find in one article: where a query occurs in the block texts.

Why a pure module: the find bar, the `highlight` of a library-search hit and the tests all
need the same answer (block, start, end) in document coordinates, independent of the
screen width. Matching is case-insensitive (`str.casefold`), and falls back to a slower
per-block path only when case folding changes a text's length (e.g. "ß" → "ss"), so the
offsets always index the original text. Chinese scripts fold too: a query whose characters
have other forms (数据) is searched as a pattern of their variants ([数數][据據], see
`script.fold`), so it finds 數據 and 数據 at their own offsets without copying the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tuireader.script.fold import has_variants, pattern_source


@dataclass(frozen=True, slots=True, order=True)
class Match:
    """One occurrence: `text[start:end]` of block `block` matches the query."""

    block: int
    start: int
    end: int


def normalise_query(query: str) -> str:
    """The query as matched: surrounding whitespace dropped, inner runs kept as typed."""
    return query.strip()


def _fold_map(text: str) -> tuple[str, list[int]]:
    """Case-folded text plus, for each folded character, the index of its source character."""
    folded: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = ch.casefold()
        folded.append(f)
        origin.extend([i] * len(f))
    return "".join(folded), origin


@lru_cache(maxsize=32)
def _variants(needle: str) -> re.Pattern[str] | None:
    """The pattern of a (casefolded) needle in every Chinese script; None when it has no
    character with other forms (a plain `str.find` is then enough)."""
    return re.compile(pattern_source(needle)) if has_variants(needle) else None


def _occurrences(hay: str, needle: str) -> Iterator[tuple[int, int]]:
    """Non-overlapping (start, end) of `needle` in `hay`, both already casefolded."""
    pattern = _variants(needle)
    if pattern is not None:
        for m in pattern.finditer(hay):
            yield m.span()
        return
    pos = hay.find(needle)
    while pos != -1:
        yield pos, pos + len(needle)
        pos = hay.find(needle, pos + len(needle))


def _contains(hay: str, needle: str) -> bool:
    pattern = _variants(needle)
    return needle in hay if pattern is None else pattern.search(hay) is not None


def find_in_text(text: str, query: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of `query` in `text`, case-insensitively and in
    any Chinese script."""
    needle = normalise_query(query).casefold()
    if not needle:
        return []
    hay = text.casefold()
    if len(hay) == len(text):
        return list(_occurrences(hay, needle))
    hay, origin = _fold_map(text)
    return [(origin[s], origin[e - 1] + 1) for s, e in _occurrences(hay, needle)]


def find_all(texts: Sequence[str], query: str) -> list[Match]:
    """Every match of `query` in `texts` (one string per block), in reading order."""
    needle = normalise_query(query).casefold()
    if not needle:
        return []
    out: list[Match] = []
    for block, text in enumerate(texts):
        # The cheap containment test first: most blocks do not match.
        if _contains(text.casefold(), needle):
            out.extend(Match(block, s, e) for s, e in find_in_text(text, query))
    return out


def first_at_or_after(matches: Sequence[Match], block: int, offset: int = 0) -> int | None:
    """Index in `matches` of the first match at or after (block, offset); wraps to 0; None if empty."""
    if not matches:
        return None
    i = bisect.bisect_left(matches, Match(block, offset, offset))
    return i if i < len(matches) else 0


def step(index: int | None, count: int, delta: int) -> int | None:
    """The next (+1) or previous (-1) match index, wrapping around at either end."""
    if count == 0:
        return None
    if index is None:
        return 0 if delta > 0 else count - 1
    return (index + delta) % count


class FindIndex:
    """Fast repeated finds in one article: the block texts joined and case-folded once.

    Why: the find bar searches on every keystroke, and a 5 MB article has ~24,000 blocks;
    one `str.find` over one folded string is far cheaper than folding every block again.
    Falls back to `find_all` when folding changes the text's length (offsets would drift).
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        self._folded: str | None = None
        self._starts: list[int] = []
        self._fallback = False

    def _prepare(self) -> str:
        if self._folded is None:
            joined = "\n".join(self._texts)
            folded = joined.casefold()
            self._fallback = len(folded) != len(joined)
            starts, pos = [], 0
            for text in self._texts:
                starts.append(pos)
                pos += len(text) + 1
            self._starts = starts
            self._folded = folded
        return self._folded

    def find(self, query: str, limit: int = 10_000) -> tuple[list[Match], bool]:
        """(matches in reading order, True if cut at `limit`)."""
        needle = normalise_query(query).casefold()
        if not needle or "\n" in needle:
            return [], False
        hay = self._prepare()
        if self._fallback:
            found = find_all(self._texts, query)
            return found[:limit], len(found) > limit
        out: list[Match] = []
        starts = self._starts
        for pos, end in _occurrences(hay, needle):
            if len(out) >= limit:
                return out, True
            block = bisect.bisect_right(starts, pos) - 1
            out.append(Match(block, pos - starts[block], end - starts[block]))
        return out, False
