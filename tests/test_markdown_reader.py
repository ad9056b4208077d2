"""The Markdown reader: front matter, headings and outline, blocks of every kind, inline
markup to plain text, raw HTML that never leaks, and the real long documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuireader.article import Article
from tuireader.ingest.load import load_article, parse_bytes
from tuireader.ingest.markdown import parse_front_matter, parse_markdown, split_front_matter


def md(text: str) -> Article:
    return parse_markdown(text, path="notes/my_article.md", encoding="utf-8")


def kinds(article: Article) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in article.blocks]


# ----------------------------------------------------------------- front matter


def test_front_matter_becomes_metadata_and_title() -> None:
    article = md(
        "---\n"
        'title: "A Post: With Colon"\n'
        "date: 2021-03-04\n"
        "author: Jane Doe  # the writer\n"
        'tags: [alpha, "b, c", d]\n'
        "categories:\n"
        "  - x\n"
        "  - 'y'\n"
        "summary: >\n"
        "  folded\n"
        "  text\n"
        "---\n"
        "Body text.\n"
    )
    assert article.title == "A Post: With Colon"
    assert article.metadata == {
        "date": "2021-03-04",
        "author": "Jane Doe",
        "tags": ["alpha", "b, c", "d"],
        "categories": ["x", "y"],
        "summary": "folded text",
    }
    assert kinds(article) == [("paragraph", "Body text.")]


def test_toml_front_matter() -> None:
    article = md('+++\ntitle = "Toml"\ndate = 2020-01-01\n+++\n\nText\n')
    assert article.title == "Toml"
    assert article.metadata == {"date": "2020-01-01"}


def test_nested_mapping_in_front_matter() -> None:
    meta = parse_front_matter(["author:", "  name: Ann", "  email: a@b.c", "draft: false"])
    assert meta == {"author": {"name": "Ann", "email": "a@b.c"}, "draft": "false"}


@pytest.mark.parametrize(
    "text",
    [
        "---\n: : :\n\t- [\n---\nBody\n",
        "---\ntitle: [unclosed\nkey: 'x\n---\nBody\n",
        "---\n- just\n- a list\n---\nBody\n",
        "---\n\x00\x1b[31m: red\n---\nBody\n",
        "---\ntitle: never closed\n\nBody\n",
    ],
)
def test_bad_front_matter_never_crashes(text: str) -> None:
    article = md(text)
    assert "Body" in article.plain_text() or "Body" in article.title


def test_unclosed_front_matter_is_ordinary_markdown() -> None:
    meta, body = split_front_matter("---\ntitle: x\n\nBody\n")
    assert meta == {}
    assert body.startswith("---")


def test_rule_then_setext_heading_is_not_front_matter() -> None:
    article = md("---\n\nSome words here\n---\n\nMore.\n")
    assert article.metadata == {}
    assert ("rule", "") in kinds(article)


# ----------------------------------------------------------------- headings and outline


def test_single_leading_h1_is_the_title_not_a_section() -> None:
    article = md("# The Title\n\nIntro.\n\n## One\n\nText.\n\n### One.A\n\n## Two\n")
    assert article.title == "The Title"
    assert [(e.level, e.title) for e in article.outline] == [(1, "One"), (2, "One.A"), (1, "Two")]
    assert all(b.text != "The Title" for b in article.blocks)
    for entry in article.outline:
        assert article.blocks[entry.block].kind == "heading"
        assert article.blocks[entry.block].level == entry.level


def test_several_h1_are_sections() -> None:
    article = md("# Part A\n\ntext\n\n## A.1\n\n# Part B\n\ntext\n")
    assert article.title == "Part A"
    assert [(e.level, e.title) for e in article.outline] == [
        (1, "Part A"),
        (2, "A.1"),
        (1, "Part B"),
    ]


def test_levels_are_shifted_so_the_top_used_is_one() -> None:
    article = md("### Deep\n\n#### Deeper\n\n### Deep again\n")
    assert [e.level for e in article.outline] == [1, 2, 1]
    assert article.title == "my article"  # the file name is the last resort


def test_setext_headings() -> None:
    article = md("Title\n=====\n\nIntro\n\nSection\n-------\n\nText\n\nOther\n-----\n")
    assert article.title == "Title"
    assert [(e.level, e.title) for e in article.outline] == [(1, "Section"), (1, "Other")]


def test_numbering_is_split_from_the_title() -> None:
    article = md("# T\n\n## 1.2 Scope\n\n## 一、总则\n\n## Plain\n")
    assert [(e.number, e.title) for e in article.outline] == [
        ("1.2", "Scope"),
        ("一", "总则"),
        (None, "Plain"),
    ]
    heading = article.blocks[article.outline[0].block]
    assert heading.text == "1.2 Scope" and heading.number == "1.2"


def test_code_blocks_never_become_headings() -> None:
    article = md(
        "# T\n\n```bash\n# install it\n## really\npip install x\n```\n\n"
        "    # indented code\n    ## also code\n\n~~~\n# tilde fence\n~~~\n"
    )
    assert article.outline == []
    codes = [b.text for b in article.blocks if b.kind == "code"]
    assert codes == [
        "# install it\n## really\npip install x",
        "# indented code\n## also code",
        "# tilde fence",
    ]


def test_front_matter_title_wins_and_a_different_leading_h1_is_a_section() -> None:
    # As pandoc renders it: the block's title is the title, "# Heading Title" its first section.
    article = md("---\ntitle: From Meta\n---\n# Heading Title\n\n## S\n")
    assert article.title == "From Meta"
    assert [e.title for e in article.outline] == ["Heading Title", "S"]


def test_leading_h1_repeating_the_front_matter_title_is_dropped() -> None:
    article = md("---\ntitle: From Meta\n---\n# From meta\n\n## S\n")
    assert article.title == "From Meta"
    assert [e.title for e in article.outline] == ["S"]


# ----------------------------------------------------------------- blocks


def test_block_kinds() -> None:
    article = md(
        "# T\n\nPara one\ncontinues.\n\n- a\n  - nested\n    - deeper\n- b\n\n"
        "3. three\n4. four\n\n> quoted\n> more\n\n---\n\n| h1 | h2 |\n|----|----|\n| c1 | *c2* |\n"
    )
    assert kinds(article) == [
        ("paragraph", "Para one continues."),
        ("list_item", "a"),
        ("list_item", "nested"),
        ("list_item", "deeper"),
        ("list_item", "b"),
        ("list_item", "3. three"),
        ("list_item", "4. four"),
        ("quote", "quoted more"),
        ("rule", ""),
        ("paragraph", "h1 │ h2"),
        ("paragraph", "c1 │ c2"),
    ]
    assert [b.level for b in article.blocks if b.kind == "list_item"] == [1, 2, 3, 1, 1, 1]


def test_list_item_with_two_paragraphs_numbers_only_the_first() -> None:
    article = md("1. first para\n\n   second para\n2. next\n")
    assert kinds(article) == [
        ("list_item", "1. first para"),
        ("list_item", "second para"),
        ("list_item", "2. next"),
    ]


def test_inline_markup_becomes_plain_text() -> None:
    article = md(
        "Some *em* and **strong** and ~~gone~~ and `code` and [link text](http://x.y) "
        "and ![an image](i.png) and <https://auto.link> and \\*escaped\\* &amp; &copy;.\n"
    )
    assert article.blocks[0].text == (
        "Some em and strong and gone and code and link text and an image and "
        "https://auto.link and *escaped* & ©."
    )


def test_rich_markup_is_kept_literally() -> None:
    assert md("A [bold] tag and [red]x[/red].\n").blocks[0].text == "A [bold] tag and [red]x[/red]."


def test_bold_run_in_head_sets_lead() -> None:
    article = md("**Setup.** Install the tool first.\n\n**All bold paragraph.**\n")
    first, second = article.blocks
    assert first.text == "Setup. Install the tool first."
    assert first.lead == len("Setup.")
    assert second.lead == 0


def test_cjk_soft_breaks_join_without_space() -> None:
    article = md("第一行中文\n第二行中文\nthen English\nwords\n")
    assert article.blocks[0].text == "第一行中文第二行中文 then English words"


def test_hard_break_keeps_a_line_break() -> None:
    article = md("line one  \nline two\\\nline three\n")
    assert article.blocks[0].text == "line one\nline two\nline three"


# ----------------------------------------------------------------- raw HTML


def test_raw_html_never_leaks() -> None:
    article = md(
        "# T\n\n"
        '<div align="center">\n  <img src="x.png" alt="Logo">\n  <p>Hello <b>world</b></p>\n</div>\n\n'
        "<script>\nvar secret = 1;\n</script>\n\n"
        "<style>\nbody { color: red }\n</style>\n\n"
        "<!-- a hidden\ncomment -->\n\n"
        "Inline <span class='x'>kept</span> text <script>alert(1)</script>after "
        '<!-- gone --> <br> next <img alt="pic" src=y>.\n\n'
        "<details>\n<summary>More</summary>\n\n- item\n</details>\n"
    )
    text = "\n".join(b.text for b in article.blocks)
    for bad in ("<", ">", "secret", "color", "alert", "hidden", "gone", "align"):
        assert bad not in text, bad
    assert ("paragraph", "Logo") in kinds(article)
    assert ("paragraph", "Hello world") in kinds(article)
    assert ("paragraph", "Inline kept text after\nnext pic.") in kinds(article)
    assert ("paragraph", "More") in kinds(article)
    assert ("list_item", "item") in kinds(article)


def test_entities_for_control_characters_are_removed() -> None:
    article = md("# T&#x1b;[31m\n\nred &#27;[0m &#x202e;text &#0; end\n")
    for block in article.blocks:
        assert not any(
            ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch == "\u202e" for ch in block.text
        )
    assert article.title.startswith("T") and "\x1b" not in article.title


# ----------------------------------------------------------------- through ingest


def test_parse_bytes_markdown_reports_encoding() -> None:
    article = parse_bytes(
        "---\ntitle: 标题\n---\n## 一、总则\n\n正文。\n".encode("gb18030"), "a.md", "markdown"
    )
    assert article.format == "markdown"
    assert article.encoding == "gb18030"
    assert article.title == "标题"
    assert [(e.number, e.title) for e in article.outline] == [("一", "总则")]


def test_load_article_dispatches_md(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("# Doc\n\n## A\n\ntext\n", encoding="utf-8")
    article = load_article(path)
    assert article.format == "markdown" and article.title == "Doc"


# ----------------------------------------------------------------- the real corpus


@pytest.mark.corpus
def test_coding_interview_university(shared_dir: Path) -> None:
    article = load_article(
        shared_dir / "corpus" / "markdown" / "coding-interview-university.README.md"
    )
    assert article.title == "Coding Interview University"
    titles = [e.title for e in article.outline]
    assert titles[:3] == ["What is it?", "Table of Contents", "The Study Plan"]
    assert len(article.outline) > 100
    assert {e.level for e in article.outline} == {1, 2}
    assert all(article.blocks[e.block].kind == "heading" for e in article.outline)
    counts = {
        k: sum(1 for b in article.blocks if b.kind == k) for k in ("list_item", "code", "quote")
    }
    assert counts["list_item"] > 1000 and counts["code"] >= 5 and counts["quote"] >= 5
    text = article.plain_text()
    assert "<details>" not in text and "<summary>" not in text and "](http" not in text
    assert "Translations:" in text


@pytest.mark.corpus
def test_pandoc_contributing_setext_only(shared_dir: Path) -> None:
    article = load_article(shared_dir / "corpus" / "markdown" / "pandoc.CONTRIBUTING.md")
    assert article.title == "Contributing to pandoc"
    titles = [e.title for e in article.outline]
    assert titles[0] == "How can I help?"
    assert "Adding a new command-line option" in titles
    assert len(titles) == 14 and {e.level for e in article.outline} == {1}
    assert sum(1 for b in article.blocks if b.kind == "code") >= 10


def test_long_documents_parse_in_chunks_exactly_as_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from tuireader.ingest import markdown as markdown_reader

    section = (
        "## Part {n}\n\nSee [the spec][ref] and [x][late].\n\n"
        "```sh\n# not a heading {n}\n## nor this\n```\n\n"
        "<script>\n# inside script {n}\n</script>\n\n"
        "- item\n  - nested\n# Inline heading {n}\n> quote\n\n"
        "<!--\n# in a comment\n-->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    )
    text = "# Title\n\n" + "".join(section.format(n=n) for n in range(40))
    text += "\n[ref]: https://example.com/spec\n[late]: https://example.com/late\n"
    whole = markdown_reader.parse_markdown(text).to_json()
    monkeypatch.setattr(markdown_reader, "_CHUNK_CHARS", 300)
    assert len(markdown_reader.split_chunks(text, 300)) > 10
    chunked = markdown_reader.parse_markdown(text).to_json()
    assert chunked == whole
    body = "\n".join(b["text"] for b in chunked["blocks"])
    assert "the spec" in body and "[ref]" not in body and "[late]" not in body
    assert "inside script" not in body and "in a comment" not in body


def test_headings_inside_quotes_are_not_sections_but_in_lists_are() -> None:
    article = md("# T\n\n## Real\n\n> ## Note\n> quoted\n\n- ### Arrays\n  - item\n")
    assert [(e.level, e.title) for e in article.outline] == [(1, "Real"), (2, "Arrays")]
    assert ("quote", "Note") in kinds(article)


def test_task_list_boxes() -> None:
    article = md("- [ ] todo\n- [x] done\n- [link] stays\n")
    assert kinds(article) == [
        ("list_item", "☐ todo"),
        ("list_item", "☑ done"),
        ("list_item", "[link] stays"),
    ]


def test_html_table_rows_keep_their_cells_apart() -> None:
    article = md(
        "<table>\n<tr><th>Name</th><th>Value</th></tr>\n<tr><td>a</td><td><b>1</b></td></tr>\n</table>\n"
    )
    assert kinds(article) == [("paragraph", "Name │ Value"), ("paragraph", "a │ 1")]


def test_authors_list_also_gives_author() -> None:
    article = md("---\nauthors:\n  - Ann\n  - Bo\n---\ntext\n")
    assert article.metadata == {"authors": ["Ann", "Bo"], "author": "Ann, Bo"}
