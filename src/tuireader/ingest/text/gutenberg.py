"""Pass 1: cut the Project Gutenberg licence header and footer, keeping Title/Author as metadata.
"""

from __future__ import annotations

import re

from tuireader.ingest import metadata
from tuireader.ingest.text.lines import _Head

_GUTENBERG_START = re.compile(
    r"^(?:\*{3}\s*START OF (?:THIS|THE) PROJECT GUTENBERG|\*END\*\s*THE SMALL PRINT)", re.IGNORECASE
)


_GUTENBERG_END = re.compile(
    r"^(?:\*{3}\s*END OF (?:THIS|THE) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg)", re.IGNORECASE
)


_GUTENBERG_NOISE = re.compile(
    r"^(?:Produced by|This e-?book was produced|Transcribed from|E-?text prepared by|"
    r"End of (?:the )?Project Gutenberg|End of Project Gutenberg)",
    re.IGNORECASE,
)


def _gutenberg(lines: list[str], head: _Head) -> list[str]:
    start = end = None
    for i, line in enumerate(lines[:400]):
        if _GUTENBERG_START.match(line):
            start = i
            break
    if start is None:
        return lines
    for i in range(len(lines) - 1, start, -1):
        if _GUTENBERG_END.match(lines[i]):
            end = i
            break
    fields = metadata.gutenberg_header(lines[:start])
    if "title" in fields:
        head.title = fields.pop("title")
    metadata.merge(head.meta, fields)
    body = lines[start + 1: end if end is not None else len(lines)]
    return [("" if _GUTENBERG_NOISE.match(x) else x) for x in body]
