"""One-to-one folding of Chinese character variants, for matching only.

Why one-to-one: search and find report offsets in the original text. Folding every
Traditional, Simplified, Taiwan and Hong Kong form of a character to one representative
(數/数 → 数, 據/据 → 据, 裡/裏/里 → 里) with a single `str.translate` keeps the length, so
an offset in the folded text is the offset in the original. Phrase conversion (方便面 →
泡麵) changes words and lengths; it is for display (`convert.py`), not for matching.

The table is generated from OpenCC's dictionaries by scripts/gen_fold_table.py. A group
may join characters that are only variants in some words (鍊 is both 炼 and 链), so
folded matching can find a little more than an exact match: fine for finding text.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from tuireader.script.fold_table import SIMPLIFIED_ONLY, SOURCE, TARGET, TRADITIONAL_ONLY

#: str.translate table: variant code point → representative code point.
TABLE: dict[int, int] = str.maketrans(SOURCE, TARGET)


@lru_cache(maxsize=1)
def _groups() -> dict[str, str]:
    """Representative → every character that folds to it (itself included)."""
    members: dict[str, list[str]] = {}
    for s, t in zip(SOURCE, TARGET, strict=True):
        members.setdefault(t, [t]).append(s)
    return {t: "".join(chars) for t, chars in members.items()}


@lru_cache(maxsize=1)
def _foldable() -> frozenset[str]:
    """Every character that has another form, built on first use (~1 ms)."""
    return frozenset(SOURCE) | frozenset(TARGET)


def fold(text: str) -> str:
    """`text` with every character variant replaced by its representative (same length)."""
    return text.translate(TABLE)


def fold_chars(chars: set[str]) -> set[str]:
    """Fold a set of characters IN PLACE and return it (an article's distinct characters,
    for its index tokens). A set intersection (in C, over the smaller set) finds the few
    that fold to another; only those are replaced. No copy: this runs once per article
    while indexing, where a translate of the set cost ~5 ms per MB of text."""
    variants, pairs = _pairs()
    found = chars & variants
    if found:
        chars -= found
        chars.update([pairs[c] for c in found])
    return chars


@lru_cache(maxsize=1)
def _pairs() -> tuple[frozenset[str], dict[str, str]]:
    """(characters that fold to another, variant → representative), built once (~1 ms)."""
    return frozenset(SOURCE), dict(zip(SOURCE, TARGET, strict=True))


def has_variants(text: str) -> bool:
    """True when some character of `text` has another form (folding may matter)."""
    return not _foldable().isdisjoint(text)


def variants(ch: str) -> str:
    """Every character that folds like `ch` (itself when it has no other form)."""
    return _groups().get(chr(TABLE.get(ord(ch), ord(ch))), ch)


@lru_cache(maxsize=256)
def pattern_source(term: str) -> str:
    """A regex source matching `term` in any script: each character with variants becomes a
    class of them (数据 → [数數][据據]). Used where the text itself cannot be folded first
    (SQLite rows, snippets), so matches come out in the text's own offsets."""
    out: list[str] = []
    for ch in term:
        forms = variants(ch)
        out.append(re.escape(ch) if len(forms) == 1 else "[" + forms + "]")
    return "".join(out)


def count_scripts(text: str) -> tuple[int, int]:
    """(Simplified-only, Traditional-only) characters in `text`: which script it is in.
    Meant for a sample (a few thousand characters): its distinct characters are looked up
    in the two strings (C-level searches), so nothing is built before the first screen."""
    simplified = traditional = 0
    for ch, n in Counter(text).items():
        if ch in SIMPLIFIED_ONLY:
            simplified += n
        elif ch in TRADITIONAL_ONLY:
            traditional += n
    return simplified, traditional
