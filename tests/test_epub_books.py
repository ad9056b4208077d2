"""Real, openly licensed books (tests/data/epub, see SOURCES.md) read as one article each."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuireader.article import Article
from tuireader.errors import IngestError
from tuireader.ingest.epub import load_book

BOOKS = Path(__file__).resolve().parent / "data" / "epub"


def _outline(name: str) -> list[tuple[int, str]]:
    return [(e.level, e.title) for e in load_book(BOOKS / name).outline]


def _chapter_titles(article: Article) -> list[str]:
    return [c.title for c in article.chapters]


def test_gutenberg_epub2_with_only_an_ncx() -> None:
    book = load_book(BOOKS / "sherlock-holmes-epub2-ncx.epub")
    assert book.title == "The Adventures of Sherlock Holmes"
    assert book.metadata["author"] == "Sir Conan Doyle"
    assert book.metadata["language"] == "en-GB"
    assert book.metadata["date"] == "1865-07-04"
    outline = [(e.level, e.title) for e in book.outline]
    assert outline[1] == (1, "Chapter I - A Scandal in Bohemia")
    assert outline[12] == (1, "Chapter XII - The Adventure of the Copper Beeches")
    first = book.outline[1].block
    assert book.blocks[first].text.endswith("A SCANDAL IN BOHEMIA")
    assert "To Sherlock Holmes she is always the woman." in book.plain_text()
    chapters = _chapter_titles(book)  # one per document: every TOC entry, and the untitled ones
    assert [t for t in chapters if t.startswith("Chapter")] == [e.title for e in book.outline][1:]


def test_gutenberg_alice_epub3_nav_and_images() -> None:
    book = load_book(BOOKS / "alice-gutenberg-epub2.epub")
    assert book.title == "Alice's Adventures in Wonderland"
    assert book.metadata["author"] == "Lewis Carroll"
    titles = [e.title for e in book.outline]
    assert titles[:3] == ["Title Page", "Down The Rabbit-Hole", "The Pool Of Tears"]
    assert titles[-1] == "Alice's Evidence"
    texts = [b.text for b in book.blocks]
    assert "[image: Illo1]" in texts
    assert any(t.startswith("Alice was beginning to get very tired") for t in texts)
    # the non-linear nav document is the outline, not text
    assert not any(b.kind == "list_item" and b.text == "The Pool Of Tears" for b in book.blocks)


def test_one_huge_file_with_a_deeply_nested_nav() -> None:
    book = load_book(BOOKS / "childrens-literature-epub3.epub")
    assert book.metadata["authors"] == ["Charles Madison Curry", "Erle Elsworth Clippinger"]
    outline = [(e.level, e.title) for e in book.outline]
    assert outline[:6] == [
        (1, "SECTION IV FAIRY STORIES—MODERN FANTASTIC TALES"), (2, "BIBLIOGRAPHY"), (2, "INTRODUCTORY"),
        (2, "Abram S. Isaacs"), (3, "190 A FOUR-LEAVED CLOVER"), (4, "I. The Rabbi and the Diadem")]
    assert max(level for level, _t in outline) >= 4
    blocks = [e.block for e in book.outline]
    assert blocks == sorted(blocks)
    rabbi = next(e for e in book.outline if e.title == "I. The Rabbi and the Diadem")
    assert "Rabbi" in book.blocks[rabbi.block].text
    chapters = _chapter_titles(book)
    assert chapters[:3] == ["BIBLIOGRAPHY", "INTRODUCTORY", "Abram S. Isaacs"]


def test_poem_with_fragment_links_into_one_document() -> None:
    book = load_book(BOOKS / "wasteland-epub3.epub")
    assert book.title == "The Waste Land" and book.metadata["author"] == "T.S. Eliot"
    assert [t for _l, t in _outline("wasteland-epub3.epub")] == [
        "I. THE BURIAL OF THE DEAD", "II. A GAME OF CHESS", "III. THE FIRE SERMON", "IV. DEATH BY WATER",
        "V. WHAT THE THUNDER SAID", 'NOTES ON "THE WASTE LAND"']
    burial = book.outline[0].block
    assert book.blocks[burial].text == "I. THE BURIAL OF THE DEAD"
    assert book.blocks[burial + 1].text.startswith("April is the cruellest month")


def test_right_to_left_arabic() -> None:
    book = load_book(BOOKS / "regime-anticancer-arabic-rtl.epub")
    assert book.metadata["language"] == "ar"
    assert any("السرطان" in b.text for b in book.blocks)
    assert not any(ch in book.plain_text() for ch in "\u202a\u202b\u202c\u202d\u202e")


def test_japanese_vertical_writing_with_ruby_and_unicode_names() -> None:
    book = load_book(BOOKS / "kusamakura-japanese-vertical.epub")
    assert book.title == "草枕" and book.metadata["author"] == "夏目 漱石"
    assert [t for _l, t in _outline("kusamakura-japanese-vertical.epub")][:3] == ["一", "二", "三"]
    text = book.plain_text()
    assert "智に働けば角が立つ" in text  # ruby readings (<rt>) are not run into the text
    assert "vertical-rl" not in text and "font-family" not in text  # no CSS reaches the text


def test_drm_book_is_refused_in_one_line() -> None:
    with pytest.raises(IngestError) as info:
        load_book(BOOKS / "encrypted-adept-epub2.epub")
    assert str(info.value).endswith("encrypted (DRM), cannot be read")


@pytest.mark.parametrize("name", sorted(p.name for p in BOOKS.glob("*.epub")))
def test_every_outline_points_inside_the_book(name: str) -> None:
    try:
        book = load_book(BOOKS / name)
    except IngestError:
        return
    assert book.blocks
    assert all(0 <= e.block < len(book.blocks) for e in book.outline)
    assert [e.block for e in book.outline] == sorted(e.block for e in book.outline)


def test_inspect_json_lists_the_chapters() -> None:
    import json
    import subprocess
    import sys

    path = BOOKS / "wasteland-epub3.epub"
    out = subprocess.run([sys.executable, "-m", "tuireader", "inspect", "--json", str(path)],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert data["format"] == "epub"
    assert data["metadata"]["author"] == "T.S. Eliot"
    assert [c["title"] for c in data["chapters"]][:2] == ["I. THE BURIAL OF THE DEAD", "II. A GAME OF CHESS"]
    assert all(data["blocks"][c["block"]]["text"] for c in data["chapters"])
    human = subprocess.run([sys.executable, "-m", "tuireader", "inspect", str(path)],
                           capture_output=True, text=True, check=True).stdout
    assert "chapters:   6" in human


def test_inspect_a_drm_book_is_one_line_and_exit_1() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "tuireader", "inspect", str(BOOKS / "encrypted-adept-epub2.epub")],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stderr.strip().endswith("encrypted (DRM), cannot be read")
    assert len(out.stderr.strip().splitlines()) == 1


def test_inspect_explain_a_book_block_by_block() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "tuireader", "inspect", "--explain",
                          str(BOOKS / "wasteland-epub3.epub")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "block by block" in out.stdout and "April is the cruellest month" in out.stdout
