"""Bad libraries: every problem is an error entry with its reason; nothing crashes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tuireader.library import indexer
from tuireader.library.catalog import Library


def good(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ok.txt").write_text("Fine title\n\nFine text.\n", encoding="utf-8")


def by_rel(lib: Library) -> dict[str, str | None]:
    return {e.rel: e.error for e in lib.entries}


@pytest.mark.parametrize("opener", ["cached", "open"])
def test_unreadable_file_is_an_error_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opener: str) -> None:
    root = tmp_path / "lib"
    good(root)
    (root / "secret.txt").write_text("Secret\n\ntext\n", encoding="utf-8")
    real_read = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", deny)  # CI runs as root: chmod would not stop it
    if opener == "cached":
        lib = Library.open_cached(root)
        lib.refresh()
    else:
        lib = Library.open(root)
    errors = by_rel(lib)
    assert errors["ok.txt"] is None
    assert errors["secret.txt"] == "permission denied"
    assert lib.entries[[e.rel for e in lib.entries].index("secret.txt")].title == "secret"
    if opener == "cached":
        monkeypatch.setattr(Path, "read_bytes", real_read)  # permission fixed (mtime unchanged)
        assert lib.refresh().changed == 1
        assert by_rel(lib)["secret.txt"] is None


def test_unreadable_folder_is_an_error_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "lib"
    good(root)
    (root / "locked").mkdir()
    (root / "locked" / "x.txt").write_text("X\n\nx\n", encoding="utf-8")
    real_scandir = os.scandir

    def deny(path: str | os.PathLike[str]):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(indexer.os, "scandir", deny)
    lib = Library.open_cached(root)
    lib.refresh()
    errors = by_rel(lib)
    assert errors["locked/"] == "folder cannot be read: permission denied"
    assert errors["ok.txt"] is None
    with pytest.raises(Exception, match="permission denied"):
        lib.load(lib.index_of(root / "locked") or 0)


def test_symlink_loops_are_listed_and_skipped(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    good(root)
    (root / "sub").mkdir()
    (root / "sub" / "inner.txt").write_text("Inner\n\ntext\n", encoding="utf-8")
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)
    (root / "a.txt").symlink_to(root / "b.txt")
    (root / "b.txt").symlink_to(root / "a.txt")
    lib = Library.open_cached(root)
    lib.refresh()
    errors = by_rel(lib)
    assert errors["sub/back/"].startswith("symlink loop")
    assert "symlink loop" in (errors["a.txt"] or "") and "symlink loop" in (errors["b.txt"] or "")
    assert errors["sub/inner.txt"] is None and errors["ok.txt"] is None
    assert len([r for r in errors if r.endswith("inner.txt")]) == 1


def test_file_vanishing_during_indexing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "lib"
    good(root)
    (root / "gone.txt").write_text("Gone\n\ntext\n", encoding="utf-8")
    real_load = indexer.load_article

    def vanish(path: str | Path, **kwargs: Any):  # type: ignore[no-untyped-def]
        if str(path).endswith("gone.txt"):
            os.remove(path)
        return real_load(path, **kwargs)

    monkeypatch.setattr(indexer, "load_article", vanish)
    lib = Library.open_cached(root)
    result = lib.refresh(workers=1)
    assert by_rel(lib)["gone.txt"] == "vanished while being indexed"
    assert result.errors == 1
    monkeypatch.setattr(indexer, "load_article", real_load)
    lib.refresh()
    assert "gone.txt" not in by_rel(lib)


def test_file_changing_during_indexing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "lib"
    good(root)
    target = root / "busy.txt"
    target.write_text("Busy\n\ntext\n", encoding="utf-8")
    real_load = indexer.load_article
    counter = {"n": 0}

    def grow(path: str | Path, **kwargs: Any):  # type: ignore[no-untyped-def]
        article = real_load(path, **kwargs)
        if str(path).endswith("busy.txt"):
            counter["n"] += 1
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"\nmore {counter['n']}\n")
        return article

    monkeypatch.setattr(indexer, "load_article", grow)
    lib = Library.open_cached(root)
    lib.refresh(workers=1)
    assert by_rel(lib)["busy.txt"] == "changed while being indexed; will be read again"
    monkeypatch.setattr(indexer, "load_article", real_load)
    result = lib.refresh()
    assert result.changed == 1 and by_rel(lib)["busy.txt"] is None


def test_file_changing_once_is_read_again_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "lib"
    good(root)
    target = root / "once.txt"
    target.write_text("Old title\n\ntext\n", encoding="utf-8")
    real_load = indexer.load_article
    done = {"x": False}

    def once(path: str | Path, **kwargs: Any):  # type: ignore[no-untyped-def]
        article = real_load(path, **kwargs)
        if str(path).endswith("once.txt") and not done["x"]:
            done["x"] = True
            target.write_text("New title, longer than before\n\ntext\n", encoding="utf-8")
        return article

    monkeypatch.setattr(indexer, "load_article", once)
    lib = Library.open_cached(root)
    lib.refresh(workers=1)
    entry = lib.entries[lib.index_of("once.txt") or 0]
    assert entry.error is None and entry.title == "New title, longer than before"


def test_parser_crash_is_an_error_entry_and_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "lib"
    good(root)
    real_load = indexer.load_article

    def boom(path: str | Path, **kwargs: Any):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug in a reader")

    monkeypatch.setattr(indexer, "load_article", boom)
    lib = Library.open_cached(root)
    lib.refresh(workers=1)
    assert by_rel(lib)["ok.txt"] == "could not be parsed (RuntimeError: bug in a reader)"
    monkeypatch.setattr(indexer, "load_article", real_load)
    lib.refresh()
    assert by_rel(lib)["ok.txt"] is None


def test_binary_and_empty_files_are_error_entries(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    good(root)
    (root / "bin.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    lib = Library.open_cached(root)
    lib.refresh()
    assert by_rel(lib)["bin.txt"]


def test_read_only_library_is_indexed_without_writing_to_it(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    good(root)
    (root / "sub").mkdir()
    (root / "sub" / "two.md").write_text("# Two\n\nText.\n", encoding="utf-8")
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    for p in [*root.rglob("*"), root]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        lib = Library.open_cached(root)
        lib.refresh()
        assert [e.error for e in lib.entries] == [None, None]
        assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before
    finally:
        for p in [root, *root.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)


def test_missing_library_folder(tmp_path: Path) -> None:
    lib = Library.open_cached(tmp_path / "nope")
    lib.refresh()
    assert [e.error for e in lib.entries] == ["library folder cannot be read: vanished (no such file)"]
