"""Script-folded matching where it is used: library search (index + exact checks +
snippets) and find in an article; 数据 finds 數據 and 数據, at their own offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.library import index as index_mod
from tuireader.library.catalog import Library
from tuireader.library.search import make_snippet, search
from tuireader.reading.find import FindIndex, find_all, find_in_text
from tuireader.script import convert
from tuireader.script.fold_table import SOURCE, TARGET


@pytest.fixture
def root(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "1-hant.txt").write_text("繁體標題\n\n大數據時代的閱讀。\n\n沒有那個詞。\n", encoding="utf-8")
    (lib / "2-hans.txt").write_text("简体标题\n\n大数据时代的阅读。\n", encoding="utf-8")
    (lib / "3-mixed.txt").write_text("混合標題\n\n数據混在一起。\n", encoding="utf-8")
    Library.open_cached(lib).refresh()
    return lib.resolve()


def test_library_search_folds_scripts(root: Path) -> None:
    for query in ("数据", "數據", "数據"):
        found = search(root, query)
        assert sorted((h.rel, h.block) for h in found) == [("1-hant.txt", 0), ("2-hans.txt", 0), ("3-mixed.txt", 0)]
    assert [h.rel for h in search(root, "繁体标题")] == ["1-hant.txt"]  # titles fold too


def test_snippet_spans_cover_the_text_own_form(root: Path) -> None:
    (hit,) = [h for h in search(root, "数据阅读 时代") if h.rel == "1-hant.txt"] or [None]
    assert hit is None  # "数据阅读" is not in the text: terms are substrings, not characters
    (hit,) = [h for h in search(root, "阅读") if h.rel == "1-hant.txt"]
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["閱讀"]
    snippet, spans = make_snippet("他說數據很多", ["数据"])
    assert [snippet[s:e] for s, e in spans] == ["數據"]


def test_index_tokens_and_queries_fold_alike() -> None:
    assert set(index_mod.index_tokens("數據").split()) == {"数", "据"}
    assert [t for t, _ in index_mod.query_tokens("數据")] == ["数", "据"]
    assert index_mod.SCHEMA_VERSION >= 4  # old, unfolded indexes are rebuilt


def test_find_in_article_folds_scripts_in_original_offsets() -> None:
    texts = ["大數據時代", "没有", "数据与數據"]
    assert [(m.block, m.start, m.end) for m in find_all(texts, "数据")] == [(0, 1, 3), (2, 0, 2), (2, 3, 5)]
    found, cut = FindIndex(texts).find("數據")
    assert not cut and found == find_all(texts, "數據")
    assert find_in_text("Straße 數據", "STRASSE 数据") == [(0, 9)]  # casefold fallback still maps


_CJK = sorted(set(SOURCE + TARGET))  # the supplementary planes too (𪠟)
_ALPHABET = st.sampled_from(_CJK[::5] + list("的是在了和人这個中大，。、 ab"))


@pytest.mark.parametrize("config", ["s2t", "t2s", "s2tw", "s2hk"])
@settings(max_examples=40, deadline=None)
@given(before=st.text(_ALPHABET, max_size=30), word=st.text(_ALPHABET, min_size=1, max_size=5).filter(str.strip),
       after=st.text(_ALPHABET, max_size=30))
def test_find_finds_every_converted_form_of_a_planted_word(config: str, before: str, word: str, after: str) -> None:
    """Plant a word in random text, convert the text (phrase by phrase, as OpenCC shows it):
    searching for the word as typed finds it in the converted text at its place."""
    shown, omap = convert.convert_text(before + word + after, config)
    assert omap is None
    needle = word.strip()
    start = len(before) + word.index(needle)
    hits, _ = FindIndex([shown]).find(needle)
    # Matches do not overlap: the planted one is a match, or inside one found just before.
    assert any(m.start <= start < m.end for m in hits)
    assert [(m.start, m.end) for m in hits] == find_in_text(shown, needle)


_NO_SPACE = st.sampled_from(_CJK[::5] + list("的是在了和人这個中大，。、"))


@pytest.mark.parametrize("config", ["s2t", "t2s", "s2tw", "s2hk"])
@settings(max_examples=8, deadline=None)
@given(before=st.text(_NO_SPACE, min_size=5, max_size=30), word=st.text(_NO_SPACE, min_size=2, max_size=4),
       after=st.text(_NO_SPACE, min_size=5, max_size=30))
def test_library_search_finds_every_converted_form_of_a_planted_word(
    config: str, before: str, word: str, after: str
) -> None:
    """The same through the index: a file holding the converted text is found by the word as
    typed, in the block where it is (FTS tokens, the SQL check and the block check agree)."""
    import tempfile

    from tuireader.script.fold import fold

    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "lib"
        lib.mkdir()
        shown = convert.convert_text("第一段：" + before + word + after + "。", config)[0]
        (lib / "a.txt").write_text("标题\n\n" + shown + "\n", encoding="utf-8")
        Library.open_cached(lib).refresh()
        blocks = index_mod.IndexDB.open(lib.resolve()).block_texts(1)
        expected = [i for i, text in enumerate(blocks) if fold(word) in fold(text)]
        assert expected  # the reader kept the paragraph
        found = search(lib.resolve(), word, limit=10)
        assert [h.block for h in found if h.rel == "a.txt"][:1] == expected[:1]
