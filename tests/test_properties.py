"""Property tests for everything that takes outside bytes.

For any input, `parse_bytes(data, path, fmt)` returns an `Article` or raises `IngestError`
(never another exception), and no control character (C0 except "\\n" and "\\t", DEL, C1,
ESC) survives into any text of the article: title, metadata keys and values at any depth,
block texts and numbers, outline titles and numbers, prev/next links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuireader.article import Article
from tuireader.errors import IngestError
from tuireader.ingest.encoding import decode_bytes
from tuireader.ingest.load import parse_bytes

FORMATS = ("text", "markdown", "html")
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

ZH = (
    "大數據時代政府治理能力建設研究\n一、大数据对政府治理能力建设的意义\n"
    "（一）有助于公共决策科学化民主化。新時代，網絡信息技術迅猛發展。\n"
)
EN = "Chapter 1. The Reader\n\nA paragraph of English prose, with a list:\n- one\n- two\n"

_ESCAPES = st.sampled_from(
    [
        "\x1b[31m",
        "\x1b[0m",
        "\x1b[1;4;38;5;196m",
        "\x1b]0;title\x07",
        "\x1b]8;;http://x\x1b\\",
        "\x1bP+q\x1b\\",
        "\x1b(B",
        "\x1b$B",
        "\x1b",
        "\x9b2J",
        "\x9d0;t\x9c",
        "\x07",
        "\x08",
        "\r",
        "\r\n",
        "\x00",
        "\x7f",
        "\x85",
        "\u2028",
        "\u202e",
        "\ufeff",
        "\x1b[",
        "\x1b]",
    ]
)
_HTML_BITS = st.sampled_from(
    [
        "<html>",
        "</html>",
        "<head>",
        "<title>",
        "</title>",
        "<body>",
        "</body>",
        "<p>",
        "</p>",
        "<h1>",
        "</h1>",
        "<h2 id=x>",
        "</h2>",
        "<div class='nav'>",
        "</div>",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<!--",
        "-->",
        "<br>",
        "<ul><li>",
        "</li></ul>",
        "<a href='next.html' rel='next'>下一篇</a>",
        "<meta charset='gb2312'>",
        '<meta http-equiv="Content-Type" content="text/html; charset=big5">',
        "<table><tr><td>",
        "</td></tr></table>",
        "<pre>",
        "</pre>",
        "&#27;",
        "&#x1b;[31m",
        "&#x85;",
        "&nbsp;",
        "&amp;",
        "<ruby>漢<rt>kan</rt></ruby>",
        "<![CDATA[",
        "]]>",
        "<?xml version='1.0'?>",
        "<!DOCTYPE html>",
        "<footer>",
        "</footer>",
        "<nav>",
        "</nav>",
        "<article>",
        "</article>",
    ]
)
_MD_BITS = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        "---\n",
        "+++\n",
        "```\n",
        "~~~\n",
        "    ",
        "> ",
        "- ",
        "* ",
        "1. ",
        "2) ",
        "|a|b|\n|-|-|\n|",
        "**",
        "*",
        "_",
        "~~",
        "`",
        "[x](y)",
        "![alt](i.png)",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<div>",
        "</div>",
        "&#x1b;",
        "&#27;",
        "&#0;",
        "\n",
        "\n\n",
        "===\n",
        "title: x\n",
        "tags: [a, b\n",
        "key:\n  - v\n",
        "\\",
        "<br>",
        "一、",
        "（一）",
        "1.2 ",
        "第一章 ",
    ]
)
_WORDS = st.text(
    alphabet=st.sampled_from(list("abc xyz 中文標題。，\n\t.:-_#*[]()<>&;")), max_size=30
)


def _spliced(base: bytes) -> st.SearchStrategy[bytes]:
    """`base` with random bytes spliced in at random places (mutated real-looking input)."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = bytearray(base)
        for _ in range(draw(st.integers(0, 6))):
            pos = draw(st.integers(0, len(data)))
            data[pos:pos] = draw(st.binary(min_size=1, max_size=6))
        if draw(st.booleans()) and data:
            cut = draw(st.integers(0, len(data)))
            del data[cut : cut + draw(st.integers(0, 8))]
        return bytes(data)

    return build()


def _mixed(bits: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(bits, _WORDS, _ESCAPES), max_size=40).map("".join)


def _encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    codecs = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "cp1252"])
    return st.tuples(text, codecs).map(lambda t: t[0].encode(t[1], errors="ignore"))


ANY_INPUT = st.one_of(
    st.binary(max_size=1500),
    _spliced(ZH.encode("utf-8")),
    _spliced(ZH.encode("gb18030")),
    _spliced(ZH.encode("big5", errors="ignore")),
    _spliced(EN.encode("utf-16")),
    _encoded(_mixed(_ESCAPES)),
    _encoded(_mixed(_HTML_BITS)),
    _encoded(_mixed(_MD_BITS)),
)


def all_texts(article: Article) -> Iterator[str]:
    """Every string an article carries, metadata walked recursively."""
    yield article.title
    yield article.path
    yield article.encoding
    yield from _walk(article.metadata)
    for block in article.blocks:
        yield block.text
        if block.number is not None:
            yield block.number
    for entry in article.outline:
        yield entry.title
        if entry.number is not None:
            yield entry.number
    for link in (article.prev, article.next):
        if link is not None:
            yield link.title
            if link.path is not None:
                yield link.path


def _walk(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key)
            yield from _walk(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(item)


def check(data: bytes, fmt: str) -> None:
    try:
        article = parse_bytes(data, "prop-input", fmt)
    except IngestError as err:
        message = str(err)
        assert message.startswith("prop-input: ") and "\n" not in message
        return
    assert isinstance(article, Article)
    for text in all_texts(article):
        assert isinstance(text, str)
        bad = _FORBIDDEN.search(text)
        assert bad is None, f"control character {bad.group()!r} in {text!r}"
    for entry in article.outline:
        assert 0 <= entry.block < len(article.blocks)
        assert entry.level >= 1


_FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SLOW = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@_FAST
@given(data=ANY_INPUT)
def test_any_bytes_give_a_clean_article_or_error(fmt: str, data: bytes) -> None:
    check(data, fmt)


@_SLOW
@given(data=ANY_INPUT)
def test_any_bytes_as_html_give_a_clean_article_or_error(data: bytes) -> None:
    check(data, "html")


@_FAST
@given(data=st.binary(max_size=3000))
def test_decode_bytes_never_leaks_controls(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "prop-input")
    except IngestError:
        return
    assert _FORBIDDEN.search(text) is None
    assert "\r" not in text and text.strip()
    assert encoding


@_FAST
@given(text=st.text(max_size=400))
def test_utf8_text_round_trips_apart_from_controls(text: str) -> None:
    """Valid UTF-8 is always read as UTF-8 (or its ASCII/ISO-2022 forms) and loses nothing
    but control characters and line-ending differences. (Text with escape introducers is
    left out here: an escape sequence takes its parameters with it, by design.)"""
    data = text.encode("utf-8")
    if b"\x00" in data[:8192] or not text.strip() or re.search("[\x1b\x90\x98\x9b\x9d-\x9f]", text):
        return
    try:
        decoded, encoding = decode_bytes(data)
    except IngestError:
        return  # mostly control characters: refused as binary
    assert encoding in ("utf-8", "iso-2022-jp")
    if encoding == "utf-8":
        visible = re.sub(
            r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]", "", text
        )
        assert re.sub(r"\s", "", decoded) == visible


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "data",
    [b"", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\x1b[31m\x1b[0m", b"   \n\r\n", b"<", b"---\n"],
)
def test_edge_inputs(fmt: str, data: bytes) -> None:
    check(data, fmt)


_MD_LINES = st.sampled_from(
    [
        "",
        "",
        "",
        "# Heading",
        "## Sub",
        "#",
        "text line",
        "more text",
        "- item",
        "  - nested",
        "1. one",
        "> quote",
        ">",
        "```",
        "```py",
        "~~~",
        "    indented code",
        "<div>",
        "</div>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<!-- x -->",
        "<pre>",
        "</pre>",
        "<?php",
        "?>",
        "| a | b |",
        "|---|---|",
        "Setext",
        "===",
        "---",
        "[ref]: http://x",
        "see [t][ref]",
        "***",
        "<details>",
        "中文段落",
        "\t# tabbed",
    ]
)


@_FAST
@given(
    lines=st.lists(
        st.one_of(_MD_LINES, _MD_LINES, st.sampled_from(["\n# Cut", "\n## Cut"])), max_size=80
    ),
    size=st.integers(1, 60),
)
def test_markdown_chunking_never_changes_the_result(lines: list[str], size: int) -> None:
    """Long Markdown is parsed in chunks cut before top-level headings; wherever the cuts
    fall, the article must be exactly the one a whole-document parse gives."""
    from tuireader.ingest import markdown as markdown_reader

    text = "\n".join(lines)
    whole = markdown_reader.parse_markdown(text).to_json()
    saved = markdown_reader._CHUNK_CHARS
    markdown_reader._CHUNK_CHARS = size
    try:
        chunked = markdown_reader.parse_markdown(text).to_json()
    finally:
        markdown_reader._CHUNK_CHARS = saved
    assert chunked == whole


_FM_LINE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["title: x", "tags: [a, 'b, c'", "- item", "  - nested", "key:", "  sub: v", "k: |"]
    ),
    st.tuples(st.sampled_from(["title", "date", "author", " tags", "a b"]), _WORDS).map(": ".join),
)


@_FAST
@given(lines=st.lists(_FM_LINE, max_size=20), body=_WORDS)
def test_front_matter_never_breaks_the_article(lines: list[str], body: str) -> None:
    """Whatever sits between the --- fences, parsing gives an article whose metadata is
    clean strings (in lists or one-level mappings), never an exception."""
    from tuireader.ingest.markdown import parse_markdown

    article = parse_markdown("---\n" + "\n".join(lines) + "\n---\n" + body)
    for key, value in article.metadata.items():
        assert isinstance(key, str) and key
        assert isinstance(value, str | list | dict)
    for text in all_texts(article):
        assert _FORBIDDEN.search(text) is None
