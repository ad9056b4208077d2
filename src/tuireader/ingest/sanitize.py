"""Make outside text safe to store and show: no control characters, no terminal escapes.

Why here and not in the view: article text flows into JSON, SQLite, TOML and the terminal.
Removing escape sequences once, at ingest, means no later consumer can forget to.
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL/ST), other two-byte ESC sequences. Matched as
# whole sequences so their parameters ("[31m") vanish too. The 8-bit C1 forms (U+009B,
# U+009D) are NOT treated as introducers, only removed as single controls: in decoded text
# they are almost always mojibake (the "”" of double-encoded UTF-8 ends in U+009D), and an
# unterminated "OSC" used to swallow the rest of the article. For the same reason string
# sequences never run past a line end.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                              # CSI ... final byte
  | \x1b\][^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\|\x9c)?    # OSC ... BEL or ST
  | \x1b[PX^_][^\x1b\x9c\n]{0,4096}(?:\x1b\\|\x9c)?         # DCS / SOS / PM / APC strings
  | \x1b[ -/]*[0-~]?                                     # any other ESC sequence (or a lone ESC)
    """,
    re.VERBOSE,
)
# C0 controls except \t and \n, DEL, C1 controls; also Unicode line/paragraph separators
# and bidi overrides that can reorder what the terminal shows.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def normalise_newlines(text: str) -> str:
    """CRLF, lone CR and the Unicode separators all become "\\n"."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters; keep "\\n" and "\\t"."""
    if not _needs_work(text):
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def strip_controls_counted(text: str) -> tuple[str, int]:
    """`strip_controls`, and how many stray controls it removed: each escape sequence counts
    once, and so does each C0 control or DEL (form feeds, which plain-text books use as page
    breaks, and the invisible Unicode formatting marks are removed but not counted).

    Why a count: a text file with a few stray bytes (a NUL, a BEL, a colour escape pasted
    from a terminal) is opened, and the reader says how many were taken out."""
    if not _needs_work(text):
        return text, 0
    text, escapes = _ESCAPES.subn("", text)
    stray = len(text) - len(text.translate(_STRAY_TABLE))
    return _CONTROLS.sub("", text), escapes + stray


#: What `strip_controls_counted` counts: C0 controls but tab, newline and form feed; DEL.
_STRAY_TABLE = dict.fromkeys([*range(0x00, 0x09), 0x0B, *range(0x0D, 0x20), 0x7F])


def clean_inline(text: str) -> str:
    """A single-line string (title, metadata value) with controls removed and spaces collapsed."""
    return " ".join(strip_controls(text).split())


#: Printable ASCII plus tab and newline: what `bytes.translate` deletes to leave controls.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"


def _needs_work(text: str) -> bool:
    # Fast path for the common case: a 5 MB article with no controls pays one scan.
    if text.isascii():  # O(1); then only C0 controls and DEL can occur, and C finds them ~8x faster
        return bool(text.encode("ascii").translate(None, _PLAIN_ASCII))
    return _CONTROLS.search(text) is not None or "\x1b" in text
