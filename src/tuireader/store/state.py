"""`state.toml`: where each article was left, and the UI preferences (width, theme).

Layout (the app owns this file; hand edits are tolerated, unknown keys are kept)::

    version = 1

    [prefs]
    width = 80
    theme = "textual-dark"

    [positions."<fingerprint>:<absolute path>"]
    block = 12          # document coordinates: block index + character offset,
    offset = 0          # so a resize or width change never moves the position
    progress = 0.42
    updated = "2026-11-28T00:30:00Z"

Why the key holds both the content fingerprint and the path: a moved or renamed file is
found again by its fingerprint, and an edited file (new fingerprint) by its path.
Saving is a merge under the lock: only the positions and prefs this instance changed are
written over what is on disk, so two windows never erase each other's positions.
"""

from __future__ import annotations

import os
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from tuireader.store.atomic import exclusive_lock, write_atomic
from tuireader.store.paths import state_path
from tuireader.store.tomlio import (
    BrokenFile,
    basic_string,
    load_or_set_aside,
    move_aside,
    parse_simple_table,
    parse_toml_bytes,
)

VERSION = 1
#: Older positions beyond this many are dropped on save (least recently updated first).
MAX_POSITIONS = 2000


def article_key(path: Path | str, fingerprint: str) -> str:
    """The key of an article's position: `<fingerprint>:<absolute path>`."""
    return f"{fingerprint}:{Path(os.path.abspath(os.path.expanduser(str(path)))).as_posix()}"


def _split_key(key: str) -> tuple[str, str]:
    fingerprint, sep, path = key.partition(":")
    return (fingerprint, path) if sep else ("", key)


def now_iso() -> str:
    """UTC time to the second, ISO 8601 with a Z: sortable as text."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass(frozen=True, slots=True)
class Position:
    block: int
    offset: int
    progress: float
    updated: str

    def to_toml(self) -> dict[str, Any]:
        return {"block": self.block, "offset": self.offset, "progress": self.progress, "updated": self.updated}


def _position_from(raw: Any) -> Position | None:
    """A valid position from a TOML table, or None (hand-edited garbage is skipped)."""
    if not isinstance(raw, dict):
        return None
    block, offset = raw.get("block"), raw.get("offset", 0)
    progress, updated = raw.get("progress", 0.0), raw.get("updated", "")
    if not isinstance(block, int) or isinstance(block, bool) or block < 0:
        return None
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        offset = 0
    if not isinstance(progress, int | float) or isinstance(progress, bool):
        progress = 0.0
    return Position(block, offset, min(1.0, max(0.0, float(progress))), str(updated))


class StateStore:
    """Reading positions and preferences, in memory, saved on demand with `save()`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = state_path() if path is None else path
        self._positions: dict[str, Position] = {}
        self._prefs: dict[str, Any] = {}
        self._dirty_positions: set[str] = set()
        self._deleted_positions: set[str] = set()
        self._dirty_prefs: set[str] = set()
        self._by_fingerprint: dict[str, str] = {}
        self._by_path: dict[str, str] = {}
        self.last_error: str | None = None
        #: Informational one-liners gathered while saving (e.g. a broken file moved aside).
        self.notices: list[str] = []
        #: The bytes last read or written and their unmanaged top-level keys (see `_merge_disk`).
        self._disk: tuple[bytes, dict[str, Any]] | None = None
        self._rendered: dict[str, tuple[Position, str]] = {}

    # -- reading -----------------------------------------------------------------------

    def load(self) -> list[str]:
        """Read the file (missing is fine). Returns one-line notices for the UI."""
        try:
            raw = self.path.read_bytes()
            data: dict[str, Any] | None = _parse_state(raw)
            notices: list[str] = []
            self._disk = (raw, _other_keys(data or {}))
        except FileNotFoundError:
            data, notices = None, []
        except (OSError, BrokenFile):  # re-checked under the lock, a broken file set aside
            data, notices = load_or_set_aside(self.path, exclusive_lock)
        self._adopt(data or {})
        notices.extend(self.notices)
        self.notices.clear()
        return notices

    def _adopt(self, data: dict[str, Any]) -> None:
        """Take the disk state, then re-apply what this instance changed and has not saved."""
        positions: dict[str, Position] = {}
        raw_positions = data.get("positions")
        if isinstance(raw_positions, dict):
            for key, raw in raw_positions.items():
                pos = _position_from(raw)
                if pos is not None:
                    positions[key] = pos
        prefs = dict(data["prefs"]) if isinstance(data.get("prefs"), dict) else {}
        for key in self._deleted_positions:
            positions.pop(key, None)
        for key in self._dirty_positions:
            if key in self._positions:
                positions[key] = self._positions[key]
        for name in self._dirty_prefs:
            if name in self._prefs:
                prefs[name] = self._prefs[name]
            else:
                prefs.pop(name, None)
        self._positions = positions
        self._prefs = prefs
        self._reindex()

    def _reindex(self) -> None:
        self._by_fingerprint.clear()
        self._by_path.clear()
        for key in sorted(self._positions, key=lambda k: self._positions[k].updated):
            fingerprint, path = _split_key(key)
            if fingerprint:
                self._by_fingerprint[fingerprint] = key
            self._by_path[path] = key

    def _find(self, key: str) -> str | None:
        """The stored key for `key`: exact, else same content elsewhere (moved), else same
        path with other content (edited)."""
        if key in self._positions:
            return key
        fingerprint, path = _split_key(key)
        if fingerprint and fingerprint in self._by_fingerprint:
            return self._by_fingerprint[fingerprint]
        return self._by_path.get(path)

    def get_position(self, key: str) -> tuple[int, int] | None:
        """(block, offset) where the article was left, or None if never opened."""
        found = self._find(key)
        if found is None:
            return None
        pos = self._positions[found]
        return pos.block, pos.offset

    def get_progress(self, key: str) -> float | None:
        """How far (0..1) the article was read, or None if never opened."""
        found = self._find(key)
        return None if found is None else self._positions[found].progress

    def get_pref(self, name: str, default: Any = None) -> Any:
        """A preference, or `default` when unset or of another type than `default`
        (a hand-edited `width = "wide"` must not reach the UI)."""
        value = self._prefs.get(name, default)
        if default is not None and value is not default:
            if isinstance(default, bool) != isinstance(value, bool):
                return default
            if isinstance(default, int | float) and not isinstance(value, int | float):
                return default
            if isinstance(default, str) and not isinstance(value, str):
                return default
        return value

    # -- changing (in memory) ------------------------------------------------------------

    def set_position(self, key: str, block: int, offset: int, progress: float) -> None:
        """Remember a position in memory; `save()` writes it."""
        old = self._find(key)
        if old is not None and old != key:  # moved or edited: the new key replaces the old
            del self._positions[old]
            self._dirty_positions.discard(old)
            self._deleted_positions.add(old)
        self._positions[key] = Position(max(0, int(block)), max(0, int(offset)),
                                        min(1.0, max(0.0, float(progress))), now_iso())
        self._deleted_positions.discard(key)
        self._dirty_positions.add(key)
        fingerprint, path = _split_key(key)
        if fingerprint:
            self._by_fingerprint[fingerprint] = key
        self._by_path[path] = key

    def set_pref(self, name: str, value: Any) -> None:
        """Remember a preference (a TOML-able value; None removes it); `save()` writes it."""
        if value is None:
            self._prefs.pop(name, None)
        else:
            self._prefs[name] = value
        self._dirty_prefs.add(name)

    # -- saving ----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return bool(self._dirty_positions or self._deleted_positions or self._dirty_prefs)

    def save(self) -> str | None:
        """Merge this instance's changes into the file on disk, atomically, under the lock.

        Returns None on success (or nothing to do), else a one-line notice; the changes
        stay in memory and are retried on the next save.
        """
        if not self.dirty:
            return None
        try:
            with exclusive_lock(self.path):
                other = self._merge_disk()
                out = self._serialise(other).encode("utf-8")
                write_atomic(self.path, out)
                self._disk = (out, other)
        except (OSError, ValueError, TypeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.last_error = f"reading position not saved to {self.path}: {reason} (kept in memory, will retry)"
            return self.last_error
        self._dirty_positions.clear()
        self._deleted_positions.clear()
        self._dirty_prefs.clear()
        self.last_error = None
        return None

    def _merge_disk(self) -> dict[str, Any]:
        """Fold the file as it is now into memory (under the lock); returns its other keys.

        Skipped when the bytes are exactly those this instance last read or wrote: memory
        already holds them, and parsing thousands of positions is the slow part of a save.
        """
        try:
            raw: bytes | None = self.path.read_bytes()
        except FileNotFoundError:
            raw = None
        if raw is not None and self._disk is not None and raw == self._disk[0]:
            return self._disk[1]
        try:
            data = _parse_state(raw) if raw is not None else {}
        except BrokenFile as exc:
            self.notices.append(move_aside(self.path, str(exc)).notice())
            data = {}
        self._adopt(data)
        return _other_keys(data)

    def _serialise(self, other: dict[str, Any]) -> str:
        """The file text; each position's table is rendered once and reused while unchanged."""
        head = tomli_w.dumps({"version": VERSION, **other, "prefs": dict(self._prefs)})
        keep = sorted(self._positions.items(), key=lambda kv: kv[1].updated, reverse=True)[:MAX_POSITIONS]
        chunks = [head]
        rendered: dict[str, tuple[Position, str]] = {}
        for key, pos in sorted(keep):
            hit = self._rendered.get(key)
            if hit is not None and hit[0] == pos:
                text = hit[1]
            else:
                text = tomli_w.dumps({"positions": {key: pos.to_toml()}})
            rendered[key] = (pos, text)
            chunks.append(text)
        self._rendered = rendered
        return "\n".join(chunks)


_POSITIONS_MARKER = "\n[positions."


def fast_parse_state(raw: bytes) -> dict[str, Any] | None:
    """Parse a state file in the layout `_serialise` writes (a head, then one
    `[positions."key"]` table per article) with the line reader; None when the file is in
    any other layout (hand-edited), and the caller uses tomllib. Same result as tomllib
    whenever it returns a table: a piece it cannot read exactly sends the file to tomllib.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    parts = text.split(_POSITIONS_MARKER)
    if len(parts) < 2:
        return None
    try:
        head = tomllib.loads(parts[0])
    except tomllib.TOMLDecodeError:
        return None
    if "positions" in head:
        return None
    positions: dict[str, Any] = {}
    for part in parts[1:]:
        header, sep, body = part.partition("]\n")
        key = basic_string(header) if sep else None
        if key is None or key in positions:
            return None
        table = parse_simple_table(body)
        if table is None:
            return None
        positions[key] = table
    head["positions"] = positions
    return head


def _parse_state(raw: bytes) -> dict[str, Any]:
    """The state file's table (fast path first); raises BrokenFile."""
    return fast_parse_state(raw) or parse_toml_bytes(raw)


def _other_keys(data: dict[str, Any]) -> dict[str, Any]:
    """Top-level keys this version does not manage: kept as they are."""
    return {k: v for k, v in data.items() if k not in ("version", "prefs", "positions")}
