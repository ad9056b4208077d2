"""Hostile archives: whatever the bytes, the EPUB reader raises nothing but `IngestError`
(one line) and never hangs (a 20 s alarm per example turns a hang into a failure)."""

from __future__ import annotations

import io
import os
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epub_helpers import CONTAINER, book_files, zip_bytes
from tuireader.article import Article
from tuireader.errors import IngestError
from tuireader.ingest.epub import parse_book

_SETTINGS = settings(max_examples=int(os.environ.get("TUIREADER_EPUB_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD = zip_bytes(book_files([("One", ["First paragraph.", "Second."]), ("Two", ["Third."])]))


@contextmanager
def _no_hang(seconds: int = 20) -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def _alarm(_sig: int, _frame: object) -> None:
        raise TimeoutError(f"parse took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _parse(data: bytes) -> Article | None:
    with _no_hang():
        try:
            article = parse_book(data, "hostile.epub")
        except IngestError as exc:
            assert "\n" not in str(exc)
            assert str(exc).startswith("hostile.epub: ")
            return None
    for block in article.blocks:
        assert "\x1b" not in block.text and "\ue001" not in block.text
    shown = [article.title, *(e.title for e in article.outline), *(c.title for c in article.chapters),
             *(str(v) for v in article.metadata.values())]
    assert not any(ch in text for text in shown for ch in "\x1b\x00\x07\n\r")
    for entry in article.outline:
        assert 0 <= entry.block < len(article.blocks)
    return article


@_SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    _parse(data)


@_SETTINGS
@given(st.binary(max_size=2048), st.binary(max_size=64))
def test_random_bytes_behind_a_zip_signature(tail: bytes, head: bytes) -> None:
    _parse(b"PK\x03\x04" + head + tail)
    _parse(b"PK\x05\x06" + head + tail)


@_SETTINGS
@given(st.lists(st.integers(min_value=0, max_value=len(GOOD) - 1), min_size=1, max_size=8),
       st.integers(min_value=0, max_value=255))
def test_corrupted_bytes_of_a_good_book(positions: list[int], value: int) -> None:
    data = bytearray(GOOD)
    for pos in positions:
        data[pos] = value
    _parse(bytes(data))


@_SETTINGS
@given(st.integers(min_value=0, max_value=len(GOOD)))
def test_truncated_book(cut: int) -> None:
    _parse(GOOD[:cut])


_NAMES = st.sampled_from(["META-INF/container.xml", "OEBPS/content.opf", "OEBPS/text/ch1.xhtml",
                          "OEBPS/nav.xhtml", "OEBPS/toc.ncx", "META-INF/encryption.xml", "../evil",
                          "/abs", "a/../../b", "mimetype", "OEBPS/text/ch2.xhtml"])
_XMLISH = st.one_of(
    st.binary(max_size=512),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from([b"<package/>", b"<container><rootfiles><rootfile full-path='OEBPS/content.opf'/></rootfiles></container>",
                     b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
                     b"<html><body><p>unclosed <b>tags", b"\xef\xbb\xbf<html/>", b"<nav><ol><li><a href='../../x'>x"]),
)


@_SETTINGS
@given(st.dictionaries(_NAMES, _XMLISH, max_size=8))
def test_random_members(files: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    _parse(buf.getvalue())


@_SETTINGS
@given(st.sampled_from(["OEBPS/content.opf", "OEBPS/text/ch1.xhtml", "OEBPS/nav.xhtml",
                        "META-INF/container.xml"]), _XMLISH)
def test_one_member_of_a_good_book_replaced(name: str, data: bytes) -> None:
    files = book_files([("One", ["First paragraph."]), ("Two", ["Third."])])
    files[name] = data
    _parse(zip_bytes(files))


@_SETTINGS
@given(st.text(max_size=300))
def test_any_chapter_text_is_safe(text: str) -> None:
    files = book_files([("One", [text])])
    files["META-INF/container.xml"] = CONTAINER.format(opf="OEBPS/content.opf")
    article = _parse(zip_bytes(files))
    assert article is not None
    assert all(b.text for b in article.blocks)


def test_the_good_book_itself_parses() -> None:
    article = _parse(GOOD)
    assert article is not None
    assert [b.text for b in article.blocks] == ["One", "First paragraph.", "Second.", "Two", "Third."]


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd"])
def test_member_names_escaping_are_never_reached(name: str) -> None:
    files = book_files([("One", ["First."])])
    files[name] = b"root:x:0:0"
    article = _parse(zip_bytes(files))
    assert article is not None and "root:x" not in article.plain_text()


_WORD = st.text(alphabet=st.sampled_from("abcdefghij klmnop 天地玄黄宇宙洪荒。，"), min_size=1, max_size=40)


@settings(max_examples=int(os.environ.get("TUIREADER_EPUB_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_WORD, min_size=1, max_size=30), min_size=1, max_size=5),
       st.integers(min_value=50, max_value=3000))
def test_head_is_always_a_prefix_of_the_whole(chapters: list[list[str]], head_chars: int) -> None:
    from tuireader.ingest.epub.book import parse_head

    data = zip_bytes(book_files([(f"Chapter {n}", paras) for n, paras in enumerate(chapters, 1)]))
    whole = _parse(data)
    assert whole is not None
    head = parse_head(data, "hostile.epub", head_chars=head_chars, min_bytes=0)
    if head is None:
        return
    assert head.partial and 0 < len(head.blocks) < len(whole.blocks) + 1
    assert [(b.kind, b.text) for b in head.blocks] == [(b.kind, b.text) for b in whole.blocks[: len(head.blocks)]]
    assert all(e.block < len(head.blocks) for e in head.outline)


@_SETTINGS
@given(st.lists(st.integers(min_value=0, max_value=len(GOOD) - 1), min_size=1, max_size=8),
       st.integers(min_value=0, max_value=255), st.integers(min_value=1, max_value=100))
def test_head_of_corrupted_bytes(positions: list[int], value: int, head_chars: int) -> None:
    from tuireader.ingest.epub.book import parse_head

    data = bytearray(GOOD)
    for pos in positions:
        data[pos] = value
    with _no_hang():
        try:
            parse_head(bytes(data), "hostile.epub", head_chars=head_chars, min_bytes=0)
        except IngestError as exc:
            assert "\n" not in str(exc)
