"""Layout (pure): cell-width wrapping, kinsoku, block↔line maps, lazy estimates and anchors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tuireader.article import Article, Block, OutlineEntry
from tuireader.reading.layout import CLOSING, Layout, wrap

ZH = "大數據時代政府治理能力建設研究，這是一個很長的句子。「引號裡的內容」，還有更多的文字在這裡；以及：問號？感嘆號！"
EN = "The quick brown fox jumps over the lazy dog, and then (really) some more text that wraps."


def lines_of(text: str, width: int) -> list[str]:
    return [text[s:e] for s, e in wrap(text, width)]


@pytest.mark.parametrize("width", [6, 10, 11, 20, 21, 39, 80])
def test_cjk_wraps_by_cells_and_keeps_every_character(width: int) -> None:
    text = ZH * 3
    lines = lines_of(text, width)
    assert "".join(lines) == text
    assert all(cell_len(line) <= width for line in lines)
    # CJK is broken between characters: lines are (nearly) full.
    assert all(cell_len(line) >= width - 6 for line in lines[:-1])


@pytest.mark.parametrize("width", range(6, 41))
def test_no_line_starts_with_closing_punctuation(width: int) -> None:
    text = ZH * 4 + "他說：「好。」然後……走了。"
    for line in lines_of(text, width)[1:]:
        assert line[0] not in CLOSING, (width, line)


def test_kinsoku_pulls_the_previous_character_down() -> None:
    # 10 cells hold five CJK characters; the sixth is "，", which may not start a line.
    lines = lines_of("一二三四五，六七八九十", 10)
    assert lines == ["一二三四", "五，六七八", "九十"]


def test_ascii_closing_punctuation_after_a_space_does_not_start_a_line() -> None:
    text = "aaaa bbbb ) cccc"
    for width in range(6, 17):  # from 6 cells "bbbb )" fits on one line
        for line in lines_of(text, width)[1:]:
            assert line[0] not in ",.;:?!)]}", (width, line)


def test_latin_wraps_at_spaces_and_hard_splits_long_words() -> None:
    lines = lines_of(EN, 20)
    assert all(len(line) <= 20 for line in lines)
    assert " ".join(lines) == EN
    assert lines_of("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_newline_forces_a_break_and_empty_text_is_one_line() -> None:
    assert lines_of("one\ntwo", 20) == ["one", "two"]
    assert wrap("", 10) == [(0, 0)]


_PIECES = st.sampled_from(["a", "bb", "word", "一", "二", " ", " ", "，", "。」", "（", "(x)", ")", "…"])


def _closing_run(text: str) -> int:
    """The longest run of closing punctuation, spaces inside a run counted with it: in
    "。」 ，。」" every break starts a line with a closing mark, so no wrap can avoid one."""
    run = best = 0
    for ch in text:
        run = run + 1 if ch in CLOSING or (ch == " " and run) else 0
        best = max(best, run)
    return best


@given(st.lists(_PIECES, max_size=40).map("".join), st.integers(1, 40))
def test_wrap_keeps_text_and_width(text: str, width: int) -> None:
    spans = wrap(text, width)
    kept = "".join(text[s:e] for s, e in spans)
    assert kept.replace(" ", "") == text.replace(" ", "")
    for s, e in spans:
        assert cell_len(text[s:e]) <= max(width, 2)  # a CJK character needs 2 cells


@given(st.lists(_PIECES, max_size=60).map("".join), st.integers(10, 40))
def test_wrap_kinsoku_property(text: str, width: int) -> None:
    assume(_closing_run(text) <= 3)
    for s, e in wrap(text, width)[1:]:
        assert e == s or text[s] not in CLOSING, (text, width)


def make_article(n: int = 60, cjk: bool = False) -> Article:
    blocks: list[Block] = []
    outline: list[OutlineEntry] = []
    for i in range(n):
        if i % 10 == 0:
            outline.append(OutlineEntry(level=1 if i % 20 == 0 else 2, number=str(i), title=f"Part {i}", block=len(blocks)))
            blocks.append(Block("heading", f"{i} Part {i}", level=outline[-1].level))
        text = (ZH if cjk else EN) * (1 + i % 5)
        blocks.append(Block("paragraph", f"{i}: {text}", lead=3 if i % 7 == 0 else 0))
    blocks.append(Block("list_item", "an item " * 12, level=1))
    blocks.append(Block("list_item", "another", level=2))
    blocks.append(Block("quote", "a quoted passage " * 8))
    blocks.append(Block("code", "def f():\n    return " + "x" * 120))
    blocks.append(Block("rule", ""))
    return Article(title="A title", blocks=blocks, outline=outline, metadata={"date": "2020-01-01", "author": "Ann"})


def exact_copy(article: Article, width: int) -> Layout:
    layout = Layout(article, width, prev_title="Before", next_title="After")
    while not layout.complete:
        layout.measure_some(0, 1.0)
    return layout


@pytest.mark.parametrize("cjk", [False, True])
def test_block_line_maps_round_trip(cjk: bool) -> None:
    layout = exact_copy(make_article(cjk=cjk), 40)
    for y in range(layout.total):
        line = layout.line(y)
        block, offset = layout.position_at(y)
        if line.unit < layout.header or line.block < 0 or not layout.units[line.unit].text:
            continue
        back = layout.line_of(block, offset)
        assert back == y or (block == 0 and offset == 0), (y, block, offset, back)


def test_page_structure_title_meta_footer() -> None:
    layout = exact_copy(make_article(), 60)
    text = [layout.line(y) for y in range(layout.total)]
    assert text[0].role == "title" and text[0].text == "A title"
    assert text[1].role == "meta" and text[1].text == "2020-01-01 · Ann"
    footer = [dl for dl in text if dl.role == "footer"]
    assert [(dl.prefix, dl.text) for dl in footer] == [("← Previous: ", "Before"), ("→ Next: ", "After")]
    bullets = [dl for dl in text if dl.role == "list" and dl.prefix.strip() == "•"]
    assert len(bullets) == 2 and bullets[1].prefix.startswith("  ")
    assert any(dl.role == "quote" and dl.prefix == "▌ " for dl in text)
    code = [dl for dl in text if dl.role == "code"]
    assert any(dl.marker for dl in code)  # the long code line is hard-wrapped with a marker
    leads = [dl for dl in text if dl.lead]
    assert leads and all(dl.lead == 3 for dl in leads)


def test_estimates_are_corrected_and_total_becomes_exact() -> None:
    article = make_article(200)
    exact = exact_copy(article, 50)
    lazy = Layout(article, 50, prev_title="Before", next_title="After")
    estimated = lazy.total
    lazy.settle(0, 20)
    assert not lazy.complete
    while not lazy.complete:
        lazy.measure_some(0, 0.0)
    assert estimated != exact.total  # otherwise this test shows nothing
    assert lazy.total == exact.total
    assert lazy.heights == exact.heights
    assert [lazy.start_of(u) for u in range(len(lazy.units))] == [
        sum(lazy.heights[:u]) for u in range(len(lazy.units))
    ]


def test_settle_keeps_the_anchor_when_estimates_above_change() -> None:
    article = make_article(300, cjk=True)
    layout = Layout(article, 37)
    # Jump deep into the page on estimates alone, then note what is on the top line.
    y = layout.line_of(250, 0)
    y = layout.settle(y, 20)
    anchor = layout.position_at(y)
    before = layout.total
    # Measure everything above (the background pass): line numbers shift, the anchor not.
    while not layout.complete:
        y = layout.measure_some(y, 0.0)
    assert layout.total != before  # the estimates were wrong somewhere
    assert layout.position_at(y) == anchor


def test_width_change_keeps_block_and_offset() -> None:
    article = make_article(120)
    layout = Layout(article, 70)
    target = next(b for b in range(60, 120) if len(layout.breaks(layout.unit_for_block(b))) >= 4)
    y = layout.settle(layout.line_of(target, 0) + 2, 20)  # third line of a long block
    block, offset = layout.position_at(y)
    assert block == target and offset > 0
    layout.set_width(45)
    y2 = layout.line_of(block, offset)
    b2, o2 = layout.position_at(y2)
    assert b2 == block and o2 <= offset
    spans = layout.breaks(layout.unit_for_block(block))
    k = layout.line_in_block(block, offset)
    assert spans[k][0] <= offset < (spans[k + 1][0] if k + 1 < len(spans) else 10**9)


def test_lazy_first_screen_wraps_only_what_is_visible() -> None:
    article = make_article(3000)
    layout = Layout(article, 80)
    layout.settle(0, 40)
    assert layout.unmeasured > len(layout.units) * 0.9


def test_chinese_articles_label_neighbours_in_chinese() -> None:
    article = Article(title="大數據時代", blocks=[Block("paragraph", "正文。")])
    layout = exact_copy(article, 40)
    footer = [layout.line(y) for y in range(layout.total) if layout.line(y).role == "footer"]
    assert [(dl.prefix, dl.text) for dl in footer] == [("← 上一篇：", "Before"), ("→ 下一篇：", "After")]


def test_article_text_is_never_interpreted() -> None:
    article = Article(title="[bold]T[/bold]", blocks=[Block("paragraph", "[@click=app.quit]x[/] [red]y")])
    layout = exact_copy(article, 40)
    texts = [layout.line(y).text for y in range(layout.total)]
    assert "[bold]T[/bold]" in texts and "[@click=app.quit]x[/] [red]y" in texts


def test_empty_article() -> None:
    layout = Layout(Article(title="Nothing"), 40)
    assert layout.total >= 1
    assert layout.position_at(0) == (0, 0)
    assert layout.line_of(0, 0) == 0


def test_layout_never_imports_textual() -> None:
    import subprocess

    code = "import sys, tuireader.reading.layout; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=30)
@given(st.integers(20, 120), st.integers(20, 120), st.integers(0, 59))
def test_width_change_property(w1: int, w2: int, block: int) -> None:
    article = make_article(60)
    layout = Layout(article, w1)
    y = layout.line_of(block, 5)
    b, o = layout.position_at(y)
    layout.set_width(w2)
    assert layout.position_at(layout.line_of(b, o))[0] == b


@pytest.mark.corpus
def test_real_chinese_articles_never_start_a_line_with_closing_punctuation(shared_dir: Path) -> None:
    from tuireader.ingest.load import load_article

    files = [shared_dir / "seed" / "zhumadian-think-tank-article.txt"]
    files += sorted((shared_dir / "corpus" / "zh-articles").glob("*.txt"))[:2]
    checked = 0
    for path in files:
        article = load_article(path)
        for width in (41, 80):
            layout = exact_copy(article, width)
            for y in range(layout.total):
                line = layout.line(y)
                if line.text and line.start > 0 and line.role != "code":
                    assert line.text[0] not in CLOSING, (path.name, width, line.text)
                    checked += 1
    assert checked > 100
