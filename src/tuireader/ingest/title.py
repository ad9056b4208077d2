"""`load_title(path)`: an article's title from the first bytes of its file.

Why: a reader opened before its folder is indexed must still follow the article's declared
上一篇/下一篇, and those name the other article by title. Parsing the first 16 KB of a file
with the normal reader finds the title the whole parse finds (titles are at the top) in a
few milliseconds, where the whole of a big file would take a second. HTML titles may come
from anywhere in the page (`og:title`, the first `h1`, `<title>`), so a small page is parsed
whole and a big one is named after its file.

Never raises: an unreadable or unparsable file is named after its file name, like the
index's error entries.
"""

from __future__ import annotations

import os
from pathlib import Path

from tuireader.article import title_from_path
from tuireader.ingest.load import detect_format, load_article, parse_bytes

#: How much of a text or Markdown file is parsed for its title.
TITLE_BYTES = 16 * 1024
#: HTML pages up to this size are parsed whole for their title.
HTML_WHOLE_MAX = 512 * 1024


def load_title(path: str | Path) -> str:
    """The title the reader would give the article at `path` (see the module doc)."""
    p = Path(path)
    fallback = title_from_path(p)
    try:
        with open(p, "rb") as fh:
            data = fh.read(TITLE_BYTES + 1)
        fmt = detect_format(p, data[:1024])
        if fmt == "html":
            if os.path.getsize(p) > HTML_WHOLE_MAX:
                return fallback
            return _one_line(load_article(p).title) or fallback
        if len(data) > TITLE_BYTES:
            # Cut at a line end: never inside a multi-byte character of UTF-8 or GB18030.
            cut = data.rfind(b"\n", 0, TITLE_BYTES)
            data = data[:cut] if cut > 0 else data[:TITLE_BYTES]
        return _one_line(parse_bytes(data, str(p), fmt=fmt).title) or fallback
    except Exception:  # noqa: BLE001 - a title is a convenience: any failure names the file
        return fallback


def _one_line(title: str) -> str:
    return " ".join(title.split())
