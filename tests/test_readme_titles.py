"""README title blocks: logos, raw <h1>/<h2>, badges and emoji shortcodes (ingest.readme and
its use by the Markdown reader)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tuireader.ingest.markdown import parse_markdown
from tuireader.ingest.readme import (
    choose_title,
    is_badge,
    logo_name,
    strip_shortcodes,
    title_candidates,
)


def md(text: str):  # type: ignore[no-untyped-def]
    return parse_markdown(text, path="proj/README.md")


def test_badges_are_recognised_by_their_source() -> None:
    assert is_badge("https://img.shields.io/pypi/v/black")
    assert is_badge("https://github.com/sharkdp/bat/workflows/CICD/badge.svg")
    assert is_badge("https://codecov.io/gh/x/y/branch/main/graph/badge.svg")
    assert not is_badge("doc/logo-header.svg")
    assert not is_badge("https://example.org/screenshot.png")
    assert not is_badge(None)


def test_logo_names() -> None:
    assert logo_name("Black Logo") == "Black"
    assert logo_name("nvm project logo") == "nvm"
    assert logo_name("Logo") == ""
    assert logo_name("bat - a cat clone with wings") == "bat - a cat clone with wings"


def test_h1_wins_then_the_first_logo_or_h2() -> None:
    assert choose_title([("logo", "X Logo"), ("h1", "Real Title")]) == "Real Title"
    assert choose_title([("logo", "Black Logo"), ("h2", "The Tagline")]) == "Black"
    assert choose_title([("h2", "Tool: what it does"), ("logo", "Tool")]) == "Tool: what it does"
    assert choose_title([("logo", "Logo")]) is None


def test_heading_text_beats_its_own_logo() -> None:
    found = title_candidates('<h2 align="center"><a><img alt="HTTPie" src="l.svg"></a><br>HTTPie CLI</h2>')
    assert found == [("h2", "HTTPie CLI")]
    assert title_candidates('<h1><img alt="zoxide logo" src="z.svg"></h1>') == [("logo", "zoxide logo")]


def test_logo_and_badges_open_a_readme() -> None:
    article = md(
        '<p align="center">\n  <img src="doc/logo.svg" alt="tool - does things"><br>\n'
        '  <a href="x"><img src="https://img.shields.io/crates/v/tool.svg" alt="Version info"></a>\n'
        "  A small tool.\n</p>\n\n"
        "[![Build Status](https://github.com/o/tool/workflows/CI/badge.svg)](https://x)\n\n"
        "Tool reads files.\n\n## Install\n\nRun it.\n"
    )
    assert article.title == "tool - does things"
    text = article.plain_text()
    assert "Version info" not in text and "Build Status" not in text
    assert "tool - does things" not in text
    assert "A small tool." in text
    assert [e.title for e in article.outline] == ["Install"]


def test_raw_h1_is_the_title_and_not_a_line() -> None:
    article = md('<p align="center"><img alt="App Logo" src="a.png"></p>\n\n'
                 '<h1 align="center">App - a thing</h1>\n\n## About\n\nText.\n')
    assert article.title == "App - a thing"
    assert "App - a thing" not in article.plain_text()
    assert "App Logo" not in article.plain_text()


def test_badges_on_the_h1_line_are_not_title_text() -> None:
    article = md("# Node Version Manager [![Tests](https://github.com/n/n/workflows/t/badge.svg)][3]\n\n"
                 "Text.\n\n[3]: https://x\n")
    assert article.title == "Node Version Manager"


def test_shortcodes_and_footnote_markers_leave_headings() -> None:
    article = md("# T\n\n## :rocket: Launch\n\nGo :tada: now.\n\n"
                 '## "Faster"[*][n]\n\nx\n\n[n]: https://x\n\n## std::any::type_name\n\ny\n')
    assert [e.title for e in article.outline] == ["Launch", '"Faster"', "std::any::type_name"]
    assert "Go :tada: now." in article.plain_text()  # body text as written


def test_an_ordinary_document_keeps_its_images() -> None:
    article = md("# T\n\nSee ![a diagram](d.png) here.\n")
    assert "a diagram" in article.plain_text()


@given(st.text(max_size=300))
def test_title_candidates_and_shortcodes_never_crash(text: str) -> None:
    for kind, value in title_candidates(text):
        assert kind in ("h1", "h2", "logo") and value
    assert len(strip_shortcodes(text)) <= len(text)


def test_opening_only_top_level_heading_is_the_title() -> None:
    article = md("ripgrep (rg)\n------------\nripgrep searches.\n\n### CHANGELOG\n\nSee it.\n\n### Installation\n\nGet it.\n")
    assert article.title == "ripgrep (rg)"
    assert [e.title for e in article.outline] == ["CHANGELOG", "Installation"]
