"""Title blocks (YAML front matter, pandoc `%` lines) in plain text and Markdown files."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.ingest import parse_bytes
from tuireader.ingest.titleblock import iso_date, opens_markdown, split_pandoc_block, tidy


def test_pandoc_block_gives_title_authors_and_iso_date() -> None:
    meta, body = split_pandoc_block("% Pandoc Test Suite\n% John MacFarlane; Anonymous\n% July 17, 2006\n\nText\n")
    assert meta == {"title": "Pandoc Test Suite", "author": ["John MacFarlane", "Anonymous"],
                    "date": "2006-07-17", "date_text": "July 17, 2006"}
    assert body == "\nText\n"


def test_pandoc_block_continuation_lines() -> None:
    meta, _ = split_pandoc_block("% Title\n  spanning multiple lines\n% Author One\n  Author Two; Author Three;\n\n# H\n")
    assert meta["title"] == "Title spanning multiple lines"
    assert meta["author"] == ["Author One", "Author Two", "Author Three"]


def test_pandoc_block_skips_an_empty_field() -> None:
    meta, _ = split_pandoc_block("% FAQs\n%\n% 2020-01-02\n\nx\n")
    assert meta == {"title": "FAQs", "date": "2020-01-02"}


def test_no_block_no_change() -> None:
    assert split_pandoc_block("50% off\n% not a block") == ({}, "50% off\n% not a block")


def test_iso_dates() -> None:
    assert iso_date("2013-05-06 02:12:52 +0200") == "2013-05-06 02:12"
    assert iso_date('"2016-08-25 09:50:00 +0300"') == "2016-08-25 09:50"
    assert iso_date("'November 18, 2021'") == "2021-11-18"
    assert iso_date("18 March 2021") == "2021-03-18"
    assert iso_date("October, 2005") == "2005-10"
    assert iso_date("Sept. 3, 1999") == "1999-09-03"
    assert iso_date("2021-13-40") is None
    assert iso_date("soon") is None


def test_tidy_one_author_is_a_string() -> None:
    assert tidy({"author": ["A. Writer"], "date": "2021-03-18"}) == {"author": "A. Writer", "date": "2021-03-18"}


def test_opens_markdown() -> None:
    assert opens_markdown("---\ntitle: Notes\nauthor: Me\n---\n\nText\n")
    assert opens_markdown("% Notes\n% Me\n\nText\n")
    assert not opens_markdown("---\n\nA thematic break, then prose: not a title block.\n")
    assert not opens_markdown("---\nfoo: bar\n---\n")  # not a title key
    assert not opens_markdown("--- not yaml\n")
    assert not opens_markdown("%%% banner\n" * 5)


def test_txt_with_front_matter_reads_as_markdown() -> None:
    data = b"---\ntitle: 'Jekyll 3.1.1 Released'\ndate: 2016-01-28 17:21:50 -0800\nauthor: parkr\n---\n\n" \
           b"This release squashes a few bugs.\n\n## Fixes\n\n* one\n"
    art = parse_bytes(data, "post.txt")
    assert art.title == "Jekyll 3.1.1 Released"
    assert art.metadata["author"] == "parkr"
    assert art.metadata["date"] == "2016-01-28 17:21"
    assert [e.title for e in art.outline] == ["Fixes"]
    texts = " ".join(b.text for b in art.blocks)
    assert "title:" not in texts and "---" not in texts


def test_txt_with_pandoc_block_reads_as_markdown() -> None:
    art = parse_bytes(b"% Pandoc User's Guide\n% John MacFarlane\n% January 19, 2013\n\nSynopsis\n========\n\nText.\n",
                      "README.txt")
    assert art.title == "Pandoc User's Guide"
    assert art.metadata["author"] == "John MacFarlane"
    assert art.metadata["date"] == "2013-01-19"
    assert [e.title for e in art.outline] == ["Synopsis"]
    assert all("%" not in b.text for b in art.blocks)


def test_markdown_pandoc_block() -> None:
    art = parse_bytes(b"% Pandoc filters\n% John MacFarlane\n\n# Summary\n\nText.\n", "filters.md", fmt="markdown")
    assert art.title == "Pandoc filters"
    assert art.metadata["author"] == "John MacFarlane"
    assert [e.title for e in art.outline] == ["Summary"]


_block_line = st.one_of(
    st.just("---"), st.just("..."), st.just("%"), st.sampled_from(["title: ", "author:", "date: ", "- ", "% "]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_block_line, max_size=12), st.sampled_from([".txt", ".md"]))
def test_any_title_block_like_start_parses(lines: list[str], suffix: str) -> None:
    """Outside bytes shaped like a title block never crash either reader, and the block's
    own lines never show up as a `title:` paragraph when a block was recognised."""
    text = "\n".join(lines) + "\n\nBody text.\n"
    art = parse_bytes(text.encode("utf-8", "surrogatepass"), "x" + suffix,
                      fmt="markdown" if suffix == ".md" else "text")
    assert isinstance(art.title, str)
    meta, _ = split_pandoc_block(text)
    if meta.get("title"):
        assert not any(b.text.startswith("% ") for b in art.blocks[:1])
