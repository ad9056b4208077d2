"""Display conversion between Chinese scripts, phrase by phrase, with OpenCC.

Why OpenCC: character tables alone get many words wrong (头发 is 頭髮, not 頭發; 干燥 is
乾燥); OpenCC segments the text by its phrase dictionaries first. Its Python wheel ships
the dictionaries, so nothing is fetched at run time.

Why lazy: importing opencc and loading a configuration's dictionaries costs 10-100 ms, so
nothing here imports it until a script other than "original" is asked for, and each
configuration is loaded once per process (`converter`).

Offsets: bookmarks, reading positions and find hits address (block, offset) in the
ORIGINAL text. Most conversions keep the length (character for character); the Taiwan
phrase configuration does not (方便面 → 泡麵). Then `convert_text` also returns an
`OffsetMap` between the two texts, aligned on their folded forms (`fold.py`), so a
position or a highlight can be carried across.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tuireader.script.fold import count_scripts, fold

#: The values of `config.toml` `script`, in the order the switch key cycles through them.
SCRIPTS = ("original", "simplified", "traditional", "taiwan", "hongkong")
#: Short names shown in the footer / notices.
LABELS = {
    "original": "original script",
    "simplified": "简体",
    "traditional": "繁體",
    "taiwan": "繁體（台灣）",
    "hongkong": "繁體（香港）",
}
DEFAULT = "original"

#: script → (configuration for Simplified text, configuration for Traditional text); None
#: means the text is shown as it is.
_CONFIGS: dict[str, tuple[str | None, str | None]] = {
    "original": (None, None),
    "simplified": (None, "t2s"),
    "traditional": ("s2t", None),
    "taiwan": ("s2twp", "t2tw"),
    "hongkong": ("s2hk", "t2hk"),
}


def next_script(script: str) -> str:
    """The script after `script` in the switch's cycle."""
    try:
        return SCRIPTS[(SCRIPTS.index(script) + 1) % len(SCRIPTS)]
    except ValueError:
        return SCRIPTS[1]


def is_traditional(sample: str) -> bool:
    """True when `sample` reads as Traditional Chinese (more Traditional-only characters
    than Simplified-only ones)."""
    simplified, traditional = count_scripts(sample)
    return traditional > simplified


def config_for(script: str, sample: str) -> str | None:
    """The OpenCC configuration that shows text like `sample` in `script`, or None when it
    is shown as it is (original, already in that script, or no Chinese at all)."""
    pair = _CONFIGS.get(script, (None, None))
    simplified, traditional = count_scripts(sample)
    if not simplified and not traditional:
        # Only characters both scripts share (后, 干 …): convert in the target's direction
        # (the phrase dictionaries know 皇后 from 之后); no Chinese at all: nothing to do.
        if _HAN.search(sample) is None:
            return None
        return pair[1] if script == "simplified" else pair[0]
    return pair[1] if traditional > simplified else pair[0]


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _load(config: str) -> Any:
    import opencc  # lazily: ~10 ms, never on the start-up path of "original"

    return opencc.OpenCC(config)


def converter(config: str) -> Any:
    """The OpenCC converter of `config` (loaded once; safe to call from any thread)."""
    with _LOCK:
        return _load(config)


def preload(config: str | None) -> None:
    """Load `config` now (e.g. in a worker thread while the article is read)."""
    if config is not None:
        converter(config)


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Corresponding segments of an original text and its conversion.

    Segment k covers original[orig[k]:orig[k+1]] and converted[conv[k]:conv[k+1]]; when
    `same[k]` the two have one character per character, otherwise (a phrase of another
    length) offsets inside it go to the segment's start (or end, for an end offset)."""

    orig: tuple[int, ...]
    conv: tuple[int, ...]
    same: tuple[bool, ...]

    def to_converted(self, offset: int, *, end: bool = False) -> int:
        """The converted-text offset of original `offset` (`end`: as the end of a span)."""
        return _carry(offset, self.orig, self.conv, self.same, end)

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """The original-text offset of converted `offset`."""
        return _carry(offset, self.conv, self.orig, self.same, end)


def _carry(offset: int, src: tuple[int, ...], dst: tuple[int, ...], same: tuple[bool, ...], end: bool) -> int:
    offset = min(max(0, offset), src[-1])
    k = bisect.bisect_right(src, offset) - 1
    if k >= len(same):  # the very end
        return dst[-1]
    if same[k]:
        return dst[k] + offset - src[k]
    if offset == src[k] or not end:
        return dst[k]
    return dst[k + 1]


def build_map(original: str, converted: str) -> OffsetMap:
    """Align `original` with `converted` (folded, so 面 and 麵 match) into an OffsetMap."""
    import difflib  # only for the rare length-changing conversion (Taiwan phrases)

    matcher = difflib.SequenceMatcher(None, fold(original), fold(converted), autojunk=False)
    orig: list[int] = []
    conv: list[int] = []
    same: list[bool] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        one_to_one = tag == "equal" or i2 - i1 == j2 - j1
        if same and one_to_one and same[-1]:
            continue  # extend the previous 1:1 segment
        orig.append(i1)
        conv.append(j1)
        same.append(one_to_one)
    orig.append(len(original))
    conv.append(len(converted))
    return OffsetMap(tuple(orig), tuple(conv), tuple(same))


def convert_text(text: str, config: str | None) -> tuple[str, OffsetMap | None]:
    """`text` converted with `config`, and the offset map when the length changed (None
    means offsets are the same in both). Text OpenCC cannot take is shown as it is."""
    if config is None or not text or text.isascii():
        return text, None
    try:
        out = converter(config).convert(text)
    except (UnicodeError, RuntimeError, ValueError):  # e.g. a lone surrogate
        return text, None
    if not isinstance(out, str):
        return text, None
    if len(out) == len(text):
        return out, None
    return out, build_map(text, out)


@lru_cache(maxsize=8192)
def convert_short(text: str, script: str) -> str:
    """A title, an outline entry, an excerpt or a snippet shown in `script` (cached: the
    same titles are drawn again and again). The string's own script decides the direction."""
    if script == DEFAULT or text.isascii():
        return text
    return convert_text(text, config_for(script, text))[0]


def sample_of(texts: Iterable[str], limit: int = 4000) -> str:
    """The first `limit` characters of `texts`: enough to tell an article's script."""
    parts: list[str] = []
    size = 0
    for text in texts:
        parts.append(text)
        size += len(text)
        if size >= limit:
            break
    return "".join(parts)[:limit]


class ScriptView:
    """One article as shown in one script: the configuration its text needs, and block
    texts converted on demand (the layout keeps what it made: no second cache here).

    Why per block: converting a 1 MB article takes tens of milliseconds, the first screen
    needs a few blocks. The layout asks for the blocks it wraps."""

    def __init__(self, script: str, sample: str) -> None:
        self.script = script
        self.config = config_for(script, sample) if script != DEFAULT else None

    @property
    def active(self) -> bool:
        """False when every text is shown as it is."""
        return self.config is not None

    def block(self, text: str) -> tuple[str, OffsetMap | None]:
        """A block whose original text is `text`, as shown, with its offset map."""
        return convert_text(text, self.config)

    def text(self, text: str) -> str:
        """Any other text of the article (title, outline entry) as shown."""
        return convert_text(text, self.config)[0] if self.config else text
