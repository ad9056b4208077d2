"""Reading the app-owned TOML files, and setting a broken one aside.

Shared by `bookmarks.py` and `state.py`: both must tell "no file yet" from "a file that
does not parse", and both must never overwrite a file they could not read: such a file
is renamed to `<name>.broken-<timestamp>` so the user can repair it by hand.
"""

from __future__ import annotations

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
