"""`library.toml` `[encodings]`: the user's last word when detection reads a file wrong
(issue 14, item 9). The library, the index, the reader's loads and `inspect` all honour it,
and changing it re-reads the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tuireader.ingest import load_article
from tuireader.library.catalog import Library
from tuireader.library.manifest import encoding_override, parse_manifest

#: A short EUC-JP note: the detector reads these bytes as EUC-KR (Hangul soup), a real
#: misreading that only the user's word fixes.
TEXT = "読書会の記録\n\n東京の図書館で読書会を開きました。\n"
ENC = "euc_jp"


def _library(tmp_path: Path, manifest: str | None) -> Path:
    root = tmp_path / "lib"
    root.mkdir(exist_ok=True)
    (root / "notes.txt").write_bytes(TEXT.encode(ENC))
    (root / "other.txt").write_text("Other\n\nPlain text.\n", encoding="utf-8")
    if manifest is not None:
        (root / "library.toml").write_text(manifest, encoding="utf-8")
    return root


def test_manifest_reads_encodings_and_warns_about_bad_ones() -> None:
    man = parse_manifest({"encodings": {"./a.txt": "BIG5", "b.txt": "klingon", "c.txt": 3}})
    assert man.encodings == {"a.txt": "big5"}  # as Python names it
    assert len(man.warnings) == 2 and all("encoding for" in w for w in man.warnings)
    assert parse_manifest({"encodings": "big5"}).warnings == [
        "library.toml: [encodings] must be a table of path = encoding; ignored"
    ]


def test_forced_encoding_is_used_and_bad_bytes_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(TEXT.encode(ENC))
    assert "読書会" not in load_article(path).plain_text()  # what detection makes of it
    art = load_article(path, encoding="euc-jp")
    assert art.encoding == "euc_jp" and art.title == "読書会の記録" and art.notices == []
    art = load_article(path, encoding="ascii")
    assert art.encoding == "ascii"
    assert art.notices and "not valid ascii" in art.notices[0]


def test_library_and_index_honour_the_override_and_reread_when_it_changes(tmp_path: Path) -> None:
    root = _library(tmp_path, None)
    lib = Library.open_cached(root)
    lib.refresh()
    i = next(i for i, e in enumerate(lib.entries) if e.rel == "notes.txt")
    assert lib.entries[i].title != "読書会の記録" and lib.entries[i].encoding is None

    (root / "library.toml").write_text('[encodings]\n"notes.txt" = "euc-jp"\n', encoding="utf-8")
    lib = Library.open_cached(root)
    result = lib.refresh()
    assert result.changed == 1 and result.unchanged == 1  # only the overridden file re-read
    i = next(i for i, e in enumerate(lib.entries) if e.rel == "notes.txt")
    assert lib.entries[i].title == "読書会の記録" and lib.entries[i].encoding == "euc_jp"
    assert lib.load(i).encoding == "euc_jp"
    assert Library.open_cached(root).refresh().changed == 0  # and then it stays read

    assert Library.open(root).entries[i].title == "読書会の記録"


def test_inspect_uses_library_toml_or_the_option(tmp_path: Path) -> None:
    root = _library(tmp_path, '[encodings]\n"notes.txt" = "euc-jp"\n')
    assert encoding_override(root / "notes.txt") == "euc_jp"
    assert encoding_override(root / "other.txt") is None
    run = [sys.executable, "-m", "tuireader", "inspect"]
    out = subprocess.run([*run, str(root / "notes.txt")], capture_output=True)
    assert out.returncode == 0 and "読書会の記録" in out.stdout.decode("utf-8")
    out = subprocess.run([*run, str(root / "other.txt"), "--encoding", "utf-16"], capture_output=True)
    assert out.returncode == 0 and b"not valid utf-16" in out.stderr
    out = subprocess.run([*run, str(root / "other.txt"), "--encoding", "nope"], capture_output=True)
    assert out.returncode == 1 and out.stderr.decode().strip().endswith("unknown encoding 'nope'")
