"""Text with a few control bytes is text (issue 14, item 8); binary stays refused.

A NUL, a BEL or a colour escape pasted from a terminal does not make a file binary: `less`
shows it, and so must we, saying how many were taken out. Only a known binary signature,
or control bytes in a share no text has, refuses a file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.errors import IngestError
from tuireader.ingest import load_article, parse_bytes
from tuireader.ingest.encoding import binary_kind, decode

#: 286 bytes: a short note with a NUL, an ESC colour sequence and a BEL, as in the issue.
NOTE = (
    b"Meeting notes\n\n"
    b"We met on Tuesday to talk about the reading room. \x1b[1mEveryone\x1b[0m came on time.\n\n"
    b"The shelves are finished\x07 and the lamps arrive next week.\x00 Volunteers will sort the\n"
    b"donated books by subject, then by author, before the room opens in the spring. Tea after.\n"
    b"-- Jo, club...\n"
)


def test_the_issue_examples_open_and_count_what_was_removed() -> None:
    assert len(NOTE) == 286
    found = decode(NOTE, "note.txt")
    assert "\x1b" not in found.text and "\x00" not in found.text and "\x07" not in found.text
    assert "Everyone came on time" in found.text
    assert found.controls_removed == 4  # two escape sequences, a BEL, a NUL
    assert found.notices() == ["4 control characters removed (escape sequences count as one)"]
    small = decode(b"Title\n\nab\0cd\0\0ef\n", "t.txt")
    assert small.text == "Title\n\nabcdef\n" and small.controls_removed == 3


def test_article_carries_the_notice_and_plain_files_have_none() -> None:
    art = parse_bytes(NOTE, "note.txt")
    assert art.title == "Meeting notes"
    assert art.notices == ["4 control characters removed (escape sequences count as one)"]
    assert art.to_json()["notices"] == art.notices
    clean = parse_bytes(b"Title\n\nJust text.\n", "c.txt")
    assert clean.notices == [] and "notices" not in clean.to_json()


def test_legacy_encoded_text_with_a_stray_nul_is_text() -> None:
    data = "这是一个测试文件，里面有一个多余的空字节。".encode("gbk") * 20 + b"\x00\n"
    found = decode(data, "gbk.txt")
    assert found.encoding == "gb18030" and found.controls_removed == 1


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        (b"SQLite format 3\x00", "SQLite database"),
        (b"MZ\x90\x00\x03\x00", "Windows executable"),
    ],
)
def test_known_binary_formats_are_refused_by_name(head: bytes, kind: str) -> None:
    assert binary_kind(head) == kind
    with pytest.raises(IngestError, match=kind):
        decode(head + os.urandom(200), "x.txt")


def test_words_that_look_like_signatures_are_not_binary() -> None:
    assert binary_kind(b"MZ is a postcode area; ID3 tags...") is None
    assert decode(b"MZ is where we met.\n", "m.txt").text.startswith("MZ")


def test_random_bytes_are_refused() -> None:
    rng = __import__("random").Random(7)
    for _ in range(300):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(64, 4096)))
        with pytest.raises(IngestError):
            decode(data, "r.txt")


def test_shared_binary_files_are_still_refused() -> None:
    nasty = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "nasty"
    if not nasty.is_dir():
        pytest.skip("../shared is absent")
    for name in ("binary.raw-loader.binary.txt", "binary.mcp-documents-reader.binary.txt"):
        with pytest.raises(IngestError, match="binary"):
            load_article(nasty / name)


_PROSE = st.text(alphabet=st.sampled_from("abcdefghij klmnop.,\n数据治理"), min_size=200, max_size=2000)
_STRAY = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\x1a", "\x7f", "\x1b[31m", "\x1b[0m"])


@settings(max_examples=150, deadline=None)
@given(prose=_PROSE, strays=st.lists(st.tuples(st.integers(0, 10_000), _STRAY), max_size=6))
def test_prose_with_a_few_strays_opens_clean_and_counts_them(
    prose: str, strays: list[tuple[int, str]]
) -> None:
    if not prose.strip():
        return
    text = prose
    for at, stray in strays:
        at %= len(text) + 1
        text = text[:at] + stray + text[at:]
    found = decode(text.encode("utf-8"), "p.txt")
    assert found.controls_removed == len(strays)
    assert not any(ch < " " and ch not in "\t\n" for ch in found.text)
    assert found.text == found.text.replace("\x1b", "")


def test_inspect_opens_it_and_says_so_in_one_line(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_bytes(NOTE)
    out = subprocess.run([sys.executable, "-m", "tuireader", "inspect", str(note)], capture_output=True)
    assert out.returncode == 0
    assert b"Meeting notes" in out.stdout
    assert out.stderr.decode().strip() == f"{note}: 4 control characters removed (escape sequences count as one)"
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(300))
    out = subprocess.run([sys.executable, "-m", "tuireader", "inspect", str(png)], capture_output=True)
    assert out.returncode == 1
    assert out.stderr.decode().strip().splitlines() == [f"{png}: binary file (PNG image), not text"]


async def test_the_reader_opens_it_and_tells_how_many_were_removed(tmp_path: Path) -> None:
    from tuireader.library.catalog import Library
    from tuireader.store.config import Config
    from tuireader.ui.app import make_app
    from tuireader.ui.screens.reader import ReaderScreen

    root = tmp_path / "lib"
    root.mkdir()
    (root / "note.txt").write_bytes(NOTE)
    app = make_app(str(root / "note.txt"), config=Config(), library=Library.open(root), refresh=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, ReaderScreen) and app.screen.article is not None:
                break
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.article is not None
        assert screen.article.title == "Meeting notes"
        shown = [n.message for n in app._notifications]
        assert "note.txt: 4 control characters removed (escape sequences count as one)" in shown
