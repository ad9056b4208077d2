"""Reading the app-owned TOML files, and setting a broken one aside.

Shared by `bookmarks.py` and `state.py`: both must tell "no file yet" from "a file that
does not parse", and both must never overwrite a file they could not read: such a file
is renamed to `<name>.broken-<timestamp>` so the user can repair it by hand.
"""

from __future__ import annotations

import json
import os
import re
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


class BrokenFile(Exception):
    """The file exists but is not valid TOML (or not UTF-8). `str()` is one line."""


@dataclass(slots=True)
class MovedAside:
    """Where a broken file went, and why it was moved."""

    original: Path
    moved_to: Path
    reason: str

    def notice(self) -> str:
        return f"{self.original} could not be read ({self.reason}); it was moved to {self.moved_to} and a fresh file is used"


def describe_error(exc: Exception) -> str:
    """A one-line reason from a tomllib or decode error (tomllib already names the line)."""
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start})"
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    where = _WHERE.search(text)
    if where:
        text = f"line {where.group(1)}, column {where.group(2)}: {text[: where.start()]}"
    return text


def read_toml(path: Path) -> dict[str, Any] | None:
    """The parsed table, or None when the file does not exist.

    Raises `BrokenFile` when it exists but cannot be parsed, and OSError when it cannot be
    read at all (permissions): the caller decides how to report each.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse_toml_bytes(data)


def parse_toml_bytes(data: bytes) -> dict[str, Any]:
    """Parse UTF-8 TOML bytes; raises `BrokenFile` with a one-line reason naming the line."""
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BrokenFile(describe_error(exc)) from None


def broken_name(path: Path, now: float | None = None) -> Path:
    """`bookmarks.toml.broken-20261128T003000Z`, with `-2`, `-3`… if that name is taken."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() if now is None else now))
    candidate = path.with_name(f"{path.name}.broken-{stamp}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.broken-{stamp}-{n}")
        n += 1
    return candidate


def move_aside(path: Path, reason: str) -> MovedAside:
    """Rename a broken file out of the way (never delete it). Raises OSError on failure.

    Uses `os.link` + `os.unlink` where possible so an existing target is never replaced;
    falls back to `os.rename` on file systems without hard links.
    """
    target = broken_name(path)
    try:
        os.link(path, target)
    except FileExistsError:
        target = broken_name(path)
        os.link(path, target)
    except OSError:
        os.rename(path, target)
        return MovedAside(path, target, reason)
    os.unlink(path)
    return MovedAside(path, target, reason)


def load_or_set_aside(path: Path, lock: Any) -> tuple[dict[str, Any] | None, list[str]]:
    """Read `path`; a broken file is re-checked under `lock` (a context manager factory
    taking the path) and then moved aside. Returns (data or None, notices).

    The re-check matters: another instance may be mid-replace, and a file only looks
    broken to us if it really is broken on disk while we hold the lock.
    """
    try:
        return read_toml(path), []
    except OSError as exc:
        return None, [f"{path}: cannot be read ({exc.strerror or exc}); starting empty, the file is left as it is"]
    except BrokenFile:
        pass
    try:
        with lock(path):
            try:
                return read_toml(path), []
            except BrokenFile as exc:
                return None, [move_aside(path, str(exc)).notice()]
    except OSError as exc:
        return None, [f"{path} does not parse and could not be moved aside ({exc.strerror or exc}); it is left as it is and nothing will be saved over it"]


_KEY_LINE = re.compile(r"([A-Za-z0-9_-]+) = (.*)")
_BASIC_STRING = re.compile(r'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[btnfr"\\]|\\u[0-9A-Fa-f]{4})*"')
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ARRAY_ITEM = re.compile(r"    (.*),")
_JSON = json.JSONDecoder(strict=False)  # strict=False: a raw tab is legal in TOML strings


def basic_string(text: str) -> str | None:
    """A TOML basic string as tomli_w writes it (JSON-compatible escapes), or None."""
    if not _BASIC_STRING.fullmatch(text):
        return None
    if "\\" not in text:  # the common case: nothing to unescape
        return text[1:-1]
    value: str = _JSON.decode(text)
    return None if _SURROGATE.search(value) else value  # "\ud800" is not a TOML scalar


def parse_simple_table(text: str) -> dict[str, Any] | None:
    """Parse the body of one table as tomli_w writes it (a `[[bookmark]]`, a
    `[positions."…"]`), several times faster than tomllib; None for anything else (the
    caller then uses tomllib).

    Accepted, line by line: `key = "string"`, `key = 123`, `key = 1.5`, `key = true|false`,
    `key = []`, and a multi-line array of strings (`key = [`, `    "x",` …, `]`); bare keys,
    no duplicates, no comments. Whatever it accepts, tomllib parses to the same table
    (property tests check this).
    """
    table: dict[str, Any] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        match = _KEY_LINE.fullmatch(line)
        if match is None or match.group(1) in table:
            return None
        raw = match.group(2)
        value: Any
        if raw.startswith('"'):
            value = basic_string(raw)
            if value is None:
                return None
        elif raw in ("true", "false"):
            value = raw == "true"
        elif _INTEGER.fullmatch(raw):
            value = int(raw)
        elif _FLOAT.fullmatch(raw):
            value = float(raw)
        elif raw == "[]":
            value = []
        elif raw == "[":
            value = []
            while i < len(lines) and lines[i] != "]":
                item = _ARRAY_ITEM.fullmatch(lines[i])
                string = basic_string(item.group(1)) if item else None
                if string is None:
                    return None
                value.append(string)
                i += 1
            if i >= len(lines) or not value:
                return None
            i += 1  # the closing bracket
        else:
            return None
        table[match.group(1)] = value
    return table
