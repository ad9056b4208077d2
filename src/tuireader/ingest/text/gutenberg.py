"""Pass 1: cut the Project Gutenberg licence header and footer, keeping Title/Author as metadata.

What the files look like (all seen in the wild, see tests/corpus/ebooks):
- modern: "Title: …", "Author: …", "Release date: May 1, 2001 [eBook #2641]" then
  "*** START OF THE PROJECT GUTENBERG EBOOK …" ; at the end "*** END OF …" and the licence;
- 1990s–2000s: the same fields (or only a first line "The Project Gutenberg Etext of X,
  by Y"), then the "Small Print" licence up front, closed by "*END*THE SMALL PRINT! …" or
  "*END THE SMALL PRINT! …"; at the end "End of the Project Gutenberg Etext of …";
- copies (word-count demos, datasets) with the header cut off but the footer and licence
  still there: only the END marker is left to find.
Markers may be indented (centred), and "Release date" may carry "Most recently updated: …"
on the next line: the first date is the release date, stored as ISO 8601.
"""

from __future__ import annotations

import re

from tuireader.ingest import metadata
from tuireader.ingest.text.lines import _Head
from tuireader.ingest.titleblock import iso_date

_GUTENBERG_START = re.compile(
    r"^\s*(?:\*{3}\s*START OF (?:THIS|THE) PROJECT GUTENBERG|\*END\*?\s*THE SMALL PRINT)", re.IGNORECASE
)


_GUTENBERG_END = re.compile(
    r"^\s*(?:\*{3}\s*END OF (?:THIS|THE) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg)", re.IGNORECASE
)

#: Only the unmistakable form ends a file whose header was cut off.
_BARE_END = re.compile(r"^\s*\*{3}\s*END OF (?:THIS|THE) PROJECT GUTENBERG", re.IGNORECASE)


_GUTENBERG_NOISE = re.compile(
    r"^(?:Produced by|This e-?book was produced|Transcribed from|E-?text prepared by|"
    r"End of (?:the )?Project Gutenberg|End of Project Gutenberg)",
    re.IGNORECASE,
)

#: "The Project Gutenberg Etext of The Devil's Dictionary by Bierce" (old files, no Title:).
_FIRST_LINE = re.compile(
    r"^\s*(?:The )?Project Gutenberg(?:'s)? (?:e-?text|ebook|etext) (?:of )?(?P<title>.+?),? by (?P<author>[^,]{2,60}?)\s*$",
    re.IGNORECASE,
)
#: "#3 in our series by Ambrose Bierce": the author's full name in old headers.
_SERIES = re.compile(r"^\s*#\d+ in our series by (?P<author>[^\[\]]{2,60}?)\s*(?:\[.*)?$", re.IGNORECASE)
#: A title's continuation line is its subtitle unless the first line stops mid-phrase.
_OPEN_END = re.compile(r"(?:,|-|:|;|\b(?:of|the|and|a|an|to|in|on|for|with|or|de|la|le|les|du|des|et|di|del|della|"
                       r"und|der|die|das|von|y|el|los|las))\s*$", re.IGNORECASE)


def _gutenberg(lines: list[str], head: _Head) -> list[str]:
    start = end = None
    for i, line in enumerate(lines[:600]):
        if _GUTENBERG_START.match(line):
            start = i
            break
    if start is None:
        return _footer_only(lines)
    for i in range(len(lines) - 1, start, -1):
        if _GUTENBERG_END.match(lines[i]):
            end = i
            break
    fields = header_fields(lines[:start])
    if "title" in fields:
        head.title = fields.pop("title")
    metadata.merge(head.meta, fields)
    body = lines[start + 1: end if end is not None else len(lines)]
    return [("" if _GUTENBERG_NOISE.match(x) else x) for x in body]


def _footer_only(lines: list[str]) -> list[str]:
    """A copy whose header was cut off: the licence after "*** END OF …" still goes."""
    for i in range(len(lines) - 1, max(-1, len(lines) - 1200), -1):
        if _BARE_END.match(lines[i]):
            return lines[:i]
    return lines


def header_fields(lines: list[str]) -> dict[str, str]:
    """Title, author, date (ISO 8601), language, translator, subtitle from the lines before
    the START marker, modern or old."""
    fields = metadata.gutenberg_header(lines)
    raw = _raw_title(lines)
    if raw is not None:
        title, subtitle = raw
        fields["title"] = title
        if subtitle:
            fields.setdefault("subtitle", subtitle)
    if "title" not in fields or "author" not in fields:
        for line in lines[:3]:
            m = _FIRST_LINE.match(line)
            if m:
                fields.setdefault("title", m.group("title").strip())
                fields.setdefault("author", m.group("author").strip())
                break
    for line in lines[:12]:
        m = _SERIES.match(line)
        if m:
            full = m.group("author").strip()
            short = fields.get("author", "")
            if not short or (full.endswith(short.split()[-1]) and len(full) > len(short)):
                fields["author"] = full
            break
    date = fields.get("date") or _field(lines, "posting date")
    if date:
        iso = iso_date(re.split(r"\s*\[|\s+(?:Most recently|Last updated|\[Last)", date, maxsplit=1)[0])
        if iso:
            fields["date"] = iso
            fields.setdefault("date_text", date)
    return fields


def _raw_title(lines: list[str]) -> tuple[str, str] | None:
    """("Title", "subtitle") from "Title: X" and its indented continuation lines."""
    for i, line in enumerate(lines):
        m = re.match(r"^Title:\s*(\S.*?)\s*$", line)
        if m is None:
            continue
        title, more = m.group(1), []
        for nxt in lines[i + 1: i + 6]:
            if not nxt.strip() or not nxt.startswith((" ", "\t")):
                break
            more.append(nxt.strip())
        if more and _OPEN_END.search(title):
            title = f"{title} {more.pop(0)}"
        return title, " ".join(more)
    return None


def _field(lines: list[str], name: str) -> str | None:
    for line in lines:
        m = re.match(rf"^{name}:\s*(\S.*?)\s*$", line, re.IGNORECASE)
        if m:
            return m.group(1)
    return None
