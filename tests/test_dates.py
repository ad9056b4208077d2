"""metadata.date is ISO 8601 whatever the source form (issue 14, class 4)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.ingest.dates import iso_date, normalise_metadata
from tuireader.ingest.load import parse_bytes

ISO = re.compile(r"^\d{4}-\d{2}(?:-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?)?$")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2021年3月18日 09:30", "2021-03-18 09:30"),
        ("2021/3/18", "2021-03-18"),
        ("Published 2022-09-14", "2022-09-14"),
        ("March 18, 2021", "2021-03-18"),
        ("18 March 2021", "2021-03-18"),
        ("18.03.2021", "2021-03-18"),
        ("二〇二一年三月十八日", "2021-03-18"),
        ("二〇二一年十二月三十一日", "2021-12-31"),
        ("2020-06-05 10:46:15", "2020-06-05 10:46:15"),
        ("2023年05月12日08:25", "2023-05-12 08:25"),
        ("2026 年4月25日", "2026-04-25"),
        ("March 2024", "2024-03"),
        ("2021年3月", "2021-03"),
        ("Sept. 3, 2021", "2021-09-03"),
    ],
)
def test_source_forms(text: str, iso: str) -> None:
    assert iso_date(text) == iso


@pytest.mark.parametrize("text", ["", "foo", "Maybe 2024", "2021-13-40", "3 个人", "第1回"])
def test_no_date(text: str) -> None:
    assert iso_date(text) is None


def test_normalise_keeps_the_text_as_written() -> None:
    meta = {"date": "2021年3月18日 09:30"}
    normalise_metadata(meta)
    assert meta == {"date": "2021-03-18 09:30", "date_text": "2021年3月18日 09:30"}
    normalise_metadata(meta)  # idempotent
    assert meta == {"date": "2021-03-18 09:30", "date_text": "2021年3月18日 09:30"}


def test_text_byline_and_front_matter_agree() -> None:
    text = "标题在这里\n\n发布时间：2021年3月18日 09:30\n\n正文第一段，内容很长，说了很多事情。\n".encode()
    md = b"---\ntitle: Hello\ndate: 2021/3/18\n---\n\n# Hello\n\nBody text here.\n"
    html = (b"<html><head><title>Hello</title><meta property='article:published_time' content='March 18, 2021'>"
            b"</head><body><article><h1>Hello</h1><p>" + b"Body text here. " * 30 + b"</p></article></body></html>")
    dates = [parse_bytes(text, "a.txt").metadata.get("date"),
             parse_bytes(md, "a.md", fmt="markdown").metadata.get("date"),
             parse_bytes(html, "a.html", fmt="html").metadata.get("date")]
    assert [d[:10] if d else d for d in dates] == ["2021-03-18"] * 3


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_and_is_iso_or_none(text: str) -> None:
    out = iso_date(text)
    assert out is None or ISO.match(out)


@settings(max_examples=200, deadline=None)
@given(st.integers(1000, 2999), st.integers(1, 12), st.integers(1, 28), st.sampled_from(["{y}年{m}月{d}日", "{y}/{m}/{d}", "{y}-{m:02d}-{d:02d}", "{d:02d}.{m:02d}.{y}"]))
def test_round_trip(y: int, m: int, d: int, form: str) -> None:
    assert iso_date(form.format(y=y, m=m, d=d)) == f"{y:04d}-{m:02d}-{d:02d}"


def test_library_date_order_uses_iso_dates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The library's "o" (order by date) sorts on metadata.date: with every source form made
    ISO, a Chinese date, an English one and a slashed one sort by time, not by their text."""
    from tuireader.library.catalog import Library

    files = {
        "a.txt": "Alpha\n\nPublished March 18, 2021\n\nThe first paragraph of the text is long enough.\n",
        "b.txt": "乙文\n\n发布时间：2020年1月2日\n\n正文第一段，内容很长，说了很多事情。\n",
        "c.txt": "Gamma\n\nDate: 2021/3/1\n\nThe body of the third article is here.\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    lib = Library.open(tmp_path)
    lib.set_order("date")
    assert [e.rel for e in lib.entries] == ["b.txt", "c.txt", "a.txt"]
    assert [e.date[:10] for e in lib.entries if e.date] == ["2020-01-02", "2021-03-01", "2021-03-18"]
