"""Books in the library: listed once each with their package metadata, searchable, and a
bad book is one error row, never a crash of the scan."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tuireader.ingest import is_article_file
from tuireader.library.catalog import Library

BOOKS = Path(__file__).resolve().parent / "data" / "epub"


def _library(tmp_path: Path) -> Path:
    root = tmp_path / "books"
    root.mkdir()
    for name in ("wasteland-epub3.epub", "sherlock-holmes-epub2-ncx.epub", "encrypted-adept-epub2.epub"):
        shutil.copy(BOOKS / name, root / name)
    (root / "notes.md").write_text("# Notes\n\nA note beside the books.\n", encoding="utf-8")
    return root


def test_epub_is_an_article_file() -> None:
    assert is_article_file("Book.EPUB") and is_article_file("a.epub")
    assert not is_article_file("a.epub.part")


def test_books_are_listed_with_their_metadata(tmp_path: Path) -> None:
    lib = Library.open(_library(tmp_path))
    by_rel = {e.rel: e for e in lib.entries}
    assert set(by_rel) == {"wasteland-epub3.epub", "sherlock-holmes-epub2-ncx.epub",
                           "encrypted-adept-epub2.epub", "notes.md"}
    waste = by_rel["wasteland-epub3.epub"]
    assert (waste.title, waste.author, waste.date, waste.error) == (
        "The Waste Land", "T.S. Eliot", "2011-09-01", None)
    assert waste.minutes > 5
    sherlock = by_rel["sherlock-holmes-epub2-ncx.epub"]
    assert sherlock.title == "The Adventures of Sherlock Holmes" and sherlock.minutes > 300
    assert by_rel["encrypted-adept-epub2.epub"].error == "encrypted (DRM), cannot be read"


def test_indexed_books_are_searchable_from_the_shell(tmp_path: Path) -> None:
    root = _library(tmp_path)
    lib = Library.open_cached(root)
    lib.refresh(workers=0)
    assert {e.title for e in lib.entries} >= {"The Waste Land", "The Adventures of Sherlock Holmes"}
    out = subprocess.run([sys.executable, "-m", "tuireader", "search", "cruellest", "--library", str(root)],
                         capture_output=True, text=True, check=True)
    assert "wasteland-epub3.epub" in out.stdout
    assert "I. THE BURIAL OF THE DEAD" in out.stdout  # the hit names its chapter
    assert "April is the cruellest month" in out.stdout
