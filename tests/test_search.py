"""Search across the library: Chinese of any length, English case, phrases, AND, snippets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuireader.library import index as index_mod
from tuireader.library.catalog import Library
from tuireader.library.search import make_snippet, parse_query, search, section_of

ZH = "中文标题\n\n一、第一部分\n\n这是数据。\n\n二、第二部分\n\n大数据时代，中华人民共和国。\n"
EN = "# The Title\n\nIntro para about BIG things.\n\n## First Part\n\nBig Data is here, and big ideas.\n\n## Second Part\n\nData big, not the phrase.\n"
MARKUP = "Markup [bold]title[/bold]\n\n[bold]not markup[/bold] and [@click=quit]x[/] 数据\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "1-zh.txt").write_text(ZH, encoding="utf-8")
    (lib / "2-en.md").write_text(EN, encoding="utf-8")
    (lib / "3-markup.txt").write_text(MARKUP, encoding="utf-8")
    Library.open_cached(lib).refresh()
    return lib.resolve()


def hits(root: Path, q: str, **kw: object) -> list[tuple[str, int, str]]:
    return [(h.rel, h.block, h.section) for h in search(root, q, **kw)]  # type: ignore[arg-type]


def test_two_character_chinese_word(root: Path) -> None:
    assert hits(root, "数据") == [("1-zh.txt", 1, "第一部分"), ("1-zh.txt", 3, "第二部分"), ("3-markup.txt", 0, "")]


def test_one_and_many_character_chinese(root: Path) -> None:
    assert hits(root, "时") == [("1-zh.txt", 3, "第二部分")]
    assert hits(root, "中华人民共和国") == [("1-zh.txt", 3, "第二部分")]
    assert hits(root, "据数") == []  # characters present, not in this order


def test_english_is_case_insensitive_and_terms_are_anded_per_block(root: Path) -> None:
    assert hits(root, "big") == [("2-en.md", 0, ""), ("2-en.md", 2, "First Part"), ("2-en.md", 4, "Second Part")]
    assert hits(root, "DATA big") == [("2-en.md", 2, "First Part"), ("2-en.md", 4, "Second Part")]
    assert hits(root, "data intro") == []


def test_quoted_phrase(root: Path) -> None:
    assert hits(root, '"big data"') == [("2-en.md", 2, "First Part")]
    assert hits(root, "“big   data”") == [("2-en.md", 2, "First Part")]


def test_title_matches_are_listed_first(root: Path) -> None:
    found = search(root, "title")
    assert [(h.rel, h.block, h.snippet) for h in found] == [
        ("2-en.md", 0, "The Title"),
        ("3-markup.txt", 0, "Markup [bold]title[/bold]"),
    ]
    assert found[0].title == "The Title"


def test_snippet_spans_cover_the_matches(root: Path) -> None:
    (hit,) = search(root, '"big data"')
    assert hit.title == "The Title" and hit.path.endswith("2-en.md")
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["Big Data"]


def test_markup_in_text_is_returned_as_plain_text(root: Path) -> None:
    found = search(root, "bold")
    assert any("[bold]not markup[/bold]" in h.snippet for h in found)


def test_limit_and_per_article(root: Path) -> None:
    assert len(search(root, "big", limit=2)) == 2
    assert len(search(root, "big", per_article=1)) == 1
    assert search(root, "   ") == [] and search(root, '""') == []


def test_missing_index_gives_no_hits(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Title\n\nword\n", encoding="utf-8")
    assert search(tmp_path, "word") == []


def test_without_fts5_the_same_hits_come_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_mod, "_FTS_OK", False)
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "1-zh.txt").write_text(ZH, encoding="utf-8")
    (lib / "2-en.md").write_text(EN, encoding="utf-8")
    Library.open_cached(lib).refresh()
    assert hits(lib, "数据") == [("1-zh.txt", 1, "第一部分"), ("1-zh.txt", 3, "第二部分")]
    assert hits(lib, '"big data"') == [("2-en.md", 2, "First Part")]


def test_non_ascii_case_folding(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "de.txt").write_text("Titel\n\nÜBER ALLES und Straße.\n", encoding="utf-8")
    Library.open_cached(lib).refresh()
    assert hits(lib, "über") == [("de.txt", 0, "")]


def test_parse_query() -> None:
    assert parse_query('big "big data"  数据 「中华 人民」') == ["big", "big data", "数据", "中华 人民"]
    assert parse_query("Data data") == ["Data"]


def test_section_of() -> None:
    outline = [(1, "A", 0), (2, "A.1", 3), (1, "B", 7)]
    assert [section_of(outline, b) for b in (0, 2, 3, 6, 7, 99)] == ["A", "A", "A.1", "A.1", "B", "B"]
    assert section_of([], 5) == ""


def test_snippet_is_cut_around_the_first_match() -> None:
    text = "x" * 500 + " needle " + "y" * 500
    snippet, spans = make_snippet(text, ["needle"])
    assert snippet.startswith("…") and snippet.endswith("…")
    assert [snippet[s:e] for s, e in spans] == ["needle"]
    assert len(snippet) <= 142


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=30))
def test_any_query_is_safe_and_spans_are_real_matches(root: Path, query: str) -> None:
    terms = [t.casefold() for t in parse_query(query)]
    for hit in search(root, query):
        for s, e in hit.spans:
            assert 0 <= s < e <= len(hit.snippet)
            assert hit.snippet[s:e].casefold() in terms or any(t in hit.snippet.casefold() for t in terms)


def test_articles_named_by_the_query_come_first(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "1.txt").write_text("Mountains\n\nWe drank tea on the way.\n", encoding="utf-8")
    (lib / "2.txt").write_text("Tea\n\nThe leaves are picked at dawn.\n\nTea is dried.\n", encoding="utf-8")
    (lib / "3.txt").write_text("Tea time\n\nNothing else here.\n", encoding="utf-8")
    Library.open_cached(lib).refresh()
    found = [(h.rel, h.block, h.snippet) for h in search(lib, "tea")]
    assert found == [("2.txt", 1, "Tea is dried."), ("3.txt", 0, "Tea time"), ("1.txt", 0, "We drank tea on the way.")]


WORDS = ["alpha", "Beta", "GAMMA", "delta", "数", "据", "中", "华", "，", "。", "—"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    paragraphs=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), min_size=1, max_size=6),
    pick=st.integers(min_value=0, max_value=10_000),
    length=st.integers(min_value=1, max_value=3),
)
def test_search_finds_exactly_the_blocks_that_contain_the_term(
    tmp_path_factory: pytest.TempPathFactory, paragraphs: list[list[str]], pick: int, length: int
) -> None:
    """Oracle: a brute-force scan of the parsed blocks (case-insensitive substring). English
    words match from the start of a word (so words are kept apart); Chinese anywhere."""
    lib = tmp_path_factory.mktemp("prop")
    texts = ["".join(f" {w} " if w.isascii() else w for w in p).strip() for p in paragraphs]
    (lib / "a.md").write_text("# Title\n\n" + "\n\n".join(texts) + "\n", encoding="utf-8")
    library = Library.open_cached(lib)
    library.refresh()
    article = library.load(0)
    words = [w for w in WORDS if w.isalpha() and w.isascii()]
    cjk = "".join(ch for t in texts for ch in t if "\u4e00" <= ch <= "\u9fff")
    term = words[pick % len(words)] if pick % 2 or not cjk else cjk[pick % len(cjk) :][:length]
    expected = [i for i, b in enumerate(article.blocks) if term.casefold() in b.text.casefold()]
    assert [h.block for h in search(lib, term, limit=1000)] == expected


def test_like_wildcards_in_queries_are_literal(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "w.txt").write_text("Wild\n\nGrowth of 100% in a_b.\n\nGrowth of 1000 in axb.\n\nPath C:\\temp here.\n", encoding="utf-8")
    Library.open_cached(lib).refresh()
    assert hits(lib, "100%") == [("w.txt", 0, "")]
    assert hits(lib, "a_b") == [("w.txt", 0, "")]
    assert hits(lib, "c:\\temp") == [("w.txt", 2, "")]
