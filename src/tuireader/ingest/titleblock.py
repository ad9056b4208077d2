"""Title blocks at the top of a text file: YAML front matter and pandoc's `%` lines.

    ---                         % Pandoc User's Guide
    title: Notes on X           % John MacFarlane; Anonymous
    author: A. Writer           % July 17, 2006
    date: 2021-03-18
    ---

Why a module of its own: both readers need it. A `.txt` that opens with either block is
pandoc Markdown by pandoc's own convention (`pandoc notes.txt` reads it so), and its body
is Markdown (`# Heading`, setext underlines, fenced code), so `opens_markdown` sends such a
file to the Markdown reader; the Markdown reader reads the `%` block with
`split_pandoc_block`, and `tidy` gives both blocks the metadata shape the library shows
(one author is a string, several a list; the date ISO 8601, the text as written kept).

Only the start of the text is looked at: a `%` line or a `title:` line further down is
text, never metadata.
"""

from __future__ import annotations

import re
from typing import Any

#: YAML front matter: a `---` line, then a `key:` line within the next few lines.
_YAML_OPEN = re.compile(r"\A\ufeff?---[ \t]*\n(?:[ \t]*#[^\n]*\n|[ \t]*\n){0,3}[A-Za-z_][\w -]{0,30}:[ \t]")
#: The keys that make a front matter a title block (not, say, a thematic break and a
#: setext heading, or some other file format's header).
_TITLE_KEYS = re.compile(r"^(?:title|author|authors|date|subtitle|layout|tags|categories|description)\s*:",
                         re.I | re.M)
#: A pandoc title-block field: `%` then a space, or `%` alone (an empty field).
_FIELD = re.compile(r"^%(?:[ \t]|$)")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?"
                       r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$")
_DATE_MDY = re.compile(rf"^{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.I)
_DATE_DMY = re.compile(rf"^(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})$", re.I)
_DATE_MY = re.compile(rf"^{_MONTH},?\s+(\d{{4}})$", re.I)


def opens_markdown(text: str) -> bool:
    """Whether a plain-text file opens with a title block, which makes it pandoc Markdown."""
    if text[:1] == "%" or text[:2] == "\ufeff%":
        return _pandoc_lines(text) > 0 and not text.lstrip("\ufeff").startswith("%\n")
    if not text.startswith(("---", "\ufeff---")) or _YAML_OPEN.match(text) is None:
        return False
    head = text[:8000]
    first = head.find("\n") + 1
    close = _YAML_CLOSE.search(head, first)
    return close is not None and _TITLE_KEYS.search(head, first, close.start()) is not None


def _pandoc_lines(text: str) -> int:
    """How many lines the `%` block at the start takes (0: none). A `%` line is a field;
    an indented line right under one continues it."""
    lines = text.lstrip("\ufeff").split("\n", 12)[:12]
    n = 0
    fields = 0
    for line in lines:
        if _FIELD.match(line):
            fields += 1
            if fields > 3:
                return 0  # four `%` lines: a comment banner (LaTeX, MATLAB), not a title block
        elif line.startswith("%") or not (fields and line[:1] in " \t" and line.strip()):
            break
        n += 1
    return n if fields else 0


def split_pandoc_block(text: str) -> tuple[dict[str, Any], str]:
    """(metadata, the text after the block) for a text opening with pandoc's `% title`,
    `% author(s)`, `% date` lines; ({}, text) when it does not.

    An empty field (`%` alone) is skipped, as pandoc does; authors are separated by `;`
    or put on indented continuation lines of the author field."""
    n = _pandoc_lines(text)
    if not n:
        return {}, text
    lines = text.lstrip("\ufeff").split("\n")
    fields: list[list[str]] = []
    for line in lines[:n]:
        if _FIELD.match(line):
            fields.append([line[1:].strip()])
        else:
            fields[-1].append(line.strip())
    meta: dict[str, Any] = {}
    for key, parts in zip(("title", "author", "date"), fields, strict=False):
        if key == "author":
            names = [a.strip() for p in parts for a in p.split(";") if a.strip()]
            if names:
                meta["author"] = names
        elif any(parts):
            meta[key] = " ".join(p for p in parts if p)
    return tidy(meta), "\n".join(lines[n:])


def tidy(meta: dict[str, Any]) -> dict[str, Any]:
    """The shape the library shows: one author is a string, several a list; a date it can
    read becomes ISO 8601 (`2006-07-17`, `2013-05-06 02:12` with a time), the text as
    written kept under `date_text`. Changes `meta` in place and returns it."""
    author = meta.get("author")
    if isinstance(author, list):
        names = [str(a).strip() for a in author if str(a).strip()]
        if len(names) == 1:
            meta["author"] = names[0]
        elif names:
            meta["author"] = names
        else:
            del meta["author"]
    date = meta.get("date")
    if isinstance(date, str):
        iso = iso_date(date)
        if iso and iso != date:
            meta["date_text"] = date
            meta["date"] = iso
    return meta


def iso_date(text: str) -> str | None:
    """`2013-05-06 02:12:52 +0200` → `2013-05-06 02:12`; `July 17, 2006` → `2006-07-17`;
    `18 March 2021` → `2021-03-18`; `October, 2005` → `2005-10`. None when not a date."""
    s = text.strip().strip("'\"").strip()
    m = _DATE_ISO.match(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        day = f"{y:04d}-{mo:02d}-{d:02d}"
        return f"{day} {int(m.group(4)):02d}:{m.group(5)}" if m.group(4) else day
    m = _DATE_MDY.match(s)
    if m:
        return _ymd(m.group(3), m.group(1), m.group(2))
    m = _DATE_DMY.match(s)
    if m:
        return _ymd(m.group(3), m.group(2), m.group(1))
    m = _DATE_MY.match(s)
    if m:
        return f"{int(m.group(2)):04d}-{_month(m.group(1)):02d}"
    return None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return next(i for full, i in _MONTHS.items() if full.startswith(key))


def _ymd(year: str, month: str, day: str) -> str | None:
    d = int(day)
    return f"{int(year):04d}-{_month(month):02d}-{d:02d}" if 1 <= d <= 31 else None
