"""PROVISIONAL: replaced by the encoding work (issue 2). decode_bytes(data, path) -> (text, encoding)."""

from __future__ import annotations

from tuireader.model.errors import IngestError
from tuireader.model.sanitize import normalise_newlines, strip_controls


def decode_bytes(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise IngestError(path, "looks like a binary file, not text")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return strip_controls(normalise_newlines(data.decode(enc))), enc
        except UnicodeDecodeError:
            continue
    raise IngestError(path, "cannot be decoded as text")
