"""Script folding (matching) and conversion (display) with their offset maps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.script import convert, fold
from tuireader.script.fold_table import SOURCE, TARGET

# -- fold ------------------------------------------------------------------------------


def test_fold_maps_every_form_to_one_representative() -> None:
    assert fold.fold("數據") == fold.fold("数据") == fold.fold("数據") == "数据"
    assert fold.fold("裡") == fold.fold("裏") == fold.fold("里")
    assert fold.fold("頭髮") == fold.fold("头发")


def test_fold_keeps_length_and_other_text() -> None:
    text = "Big data 大數據 — 𠀀 ß\n"
    assert len(fold.fold(text)) == len(text)
    assert fold.fold("Hello, world — ok") == "Hello, world — ok"


def test_table_is_one_to_one_and_idempotent() -> None:
    assert len(SOURCE) == len(TARGET)
    assert fold.fold(TARGET) == TARGET  # a representative folds to itself
    assert fold.fold(fold.fold(SOURCE)) == fold.fold(SOURCE)


def test_pattern_source_matches_every_form_in_place() -> None:
    pattern = re.compile(fold.pattern_source("数据"))
    text = "看數據，再看数據和数据。"
    assert [m.span() for m in pattern.finditer(text)] == [(1, 3), (6, 8), (9, 11)]
    assert fold.pattern_source("a.b") == re.escape("a.b")


def test_count_scripts_tells_traditional_from_simplified() -> None:
    assert convert.is_traditional("這是一個關於數據的問題")
    assert not convert.is_traditional("这是一个关于数据的问题")
    assert not convert.is_traditional("plain English")


# -- convert -----------------------------------------------------------------------------


def test_convert_phrases_for_display() -> None:
    assert convert.convert_text("头发干燥", "s2t")[0] == "頭髮乾燥"
    assert convert.convert_text("數據在這裏", "t2s") == ("数据在这里", None)


def test_config_follows_the_text_script() -> None:
    assert convert.config_for("simplified", "這裏的數據") == "t2s"
    assert convert.config_for("simplified", "这里的数据") is None
    assert convert.config_for("traditional", "这里的数据") == "s2t"
    assert convert.config_for("taiwan", "这里的数据") == "s2twp"
    assert convert.config_for("hongkong", "這裏的數據") == "t2hk"
    assert convert.config_for("original", "這裏的數據") is None
    assert convert.config_for("simplified", "no Chinese here") is None
    # Only characters both scripts share: converted towards the target all the same.
    assert convert.convert_short("之后", "traditional") == "之後"
    assert convert.convert_short("皇后", "traditional") == "皇后"


def test_next_script_cycles() -> None:
    seen = ["original"]
    for _ in range(len(convert.SCRIPTS)):
        seen.append(convert.next_script(seen[-1]))
    assert seen[-1] == "original" and set(seen) == set(convert.SCRIPTS)


def test_offset_map_when_a_phrase_changes_length() -> None:
    original = "我买了方便面和软件，在这里。"
    shown, omap = convert.convert_text(original, "s2twp")
    assert shown == "我買了泡麵和軟體，在這裡。"
    assert omap is not None
    # Outside the changed phrase every character maps to its counterpart, both ways.
    for i, ch in enumerate(original):
        if i in (3, 4, 5):
            continue
        j = omap.to_converted(i)
        assert fold.fold(shown[j]) == fold.fold(ch) or shown[j] in "體"
        assert omap.to_original(j) == i
    # A span over the phrase covers the whole converted phrase.
    assert (omap.to_converted(3), omap.to_converted(6, end=True)) == (3, 5)
    assert omap.to_converted(len(original)) == len(shown)
    assert omap.to_original(len(shown)) == len(original)


def test_offset_map_round_trips_at_every_offset() -> None:
    original = "方便面是一种方便面，U盘在这里。"
    shown, omap = convert.convert_text(original, "s2twp")
    assert omap is not None
    last = -1
    for i in range(len(original) + 1):
        j = omap.to_converted(i)
        assert 0 <= j <= len(shown)
        assert j >= last  # monotonic
        last = j
        assert omap.to_original(j) <= i


def test_script_view_converts_blocks_on_demand() -> None:
    view = convert.ScriptView("simplified", "這是繁體的文章，數據在這裏。")
    assert view.active
    assert view.block("數據在這裏") == ("数据在这里", None)
    assert view.text("標題") == "标题"
    assert not convert.ScriptView("original", "這是繁體").active


def test_convert_short_keeps_ascii_and_original() -> None:
    assert convert.convert_short("Title", "simplified") == "Title"
    assert convert.convert_short("數據", "original") == "數據"
    assert convert.convert_short("數據", "simplified") == "数据"


def test_lone_surrogate_is_shown_as_it_is() -> None:
    assert convert.convert_text("數\ud800據", "t2s") == ("數\ud800據", None)


# -- the property: folded matching finds every converted form ------------------------------

_CJK = sorted(set(SOURCE + TARGET))
_ALPHABET = st.sampled_from(_CJK[::7] + list("的是在了和人这個中大，。、 ab1"))


@pytest.mark.parametrize("config", ["s2t", "t2s", "s2tw", "s2hk"])
@settings(max_examples=60, deadline=None)
@given(before=st.text(_ALPHABET, max_size=40), word=st.text(_ALPHABET, min_size=1, max_size=6),
       after=st.text(_ALPHABET, max_size=40))
def test_folded_search_finds_every_converted_form(config: str, before: str, word: str, after: str) -> None:
    text = before + word + after
    shown, omap = convert.convert_text(text, config)
    assert omap is None  # these configurations keep lengths: offsets carry over as they are
    folded = fold.fold(shown)
    assert folded[len(before):len(before) + len(word)] == fold.fold(word)
    assert re.search(fold.pattern_source(word), shown)


# -- config.toml `script` ------------------------------------------------------------------


def test_config_script_is_checked(tmp_path: Path) -> None:
    from tuireader.store.config import SCRIPTS, load_config

    assert SCRIPTS == convert.SCRIPTS  # store may not import script: the lists must agree
    path = tmp_path / "config.toml"
    path.write_text('script = "simplified"\n', encoding="utf-8")
    config, warnings = load_config(path)
    assert (config.script, warnings) == ("simplified", [])
    path.write_text('script = "simplifed"\n', encoding="utf-8")
    config, warnings = load_config(path)
    assert config.script == "original"
    assert len(warnings) == 1 and "did you mean 'simplified'" in warnings[0]
    path.write_text("script = 3\n", encoding="utf-8")
    config, warnings = load_config(path)
    assert config.script == "original" and "must be a string" in warnings[0]


# -- the layout converts what it shows -------------------------------------------------------


def test_layout_converts_blocks_on_demand_and_keeps_original_offsets() -> None:
    from tuireader.article import Article, Block
    from tuireader.reading.layout import Layout

    blocks = [Block(kind="heading", text="一、軟件", level=1)] + [
        Block(kind="paragraph", text=f"第{i}段：我買了方便麵和軟件，在這裏讀書。") for i in range(2000)
    ]
    article = Article(title="繁體標題", blocks=blocks)
    view = convert.ScriptView("simplified", "繁體標題這裏")
    layout = Layout(article, 40, script=view)
    layout.settle(0, 30)
    lines = [layout.line(y) for y in range(30)]
    assert lines[0].text == "繁体标题"
    assert any("我买了方便面和软件" in line.text for line in lines)
    assert len(layout.units._made) < 50  # only the blocks near the first screen
    # Positions in and out are original offsets (t2s keeps lengths: the same numbers).
    y = layout.line_of(500, 5)
    assert layout.position_at(y)[0] == 500
    assert layout.units[layout.unit_for_block(500)].text.startswith("第499段：我买了")


def test_layout_maps_offsets_when_a_phrase_changes_length() -> None:
    from tuireader.article import Article, Block
    from tuireader.reading.layout import Layout

    text = "我买了方便面和软件，在这里读书。" * 4
    article = Article(title="方便面", blocks=[Block(kind="paragraph", text=text)])
    layout = Layout(article, 20, script=convert.ScriptView("taiwan", text))
    shown = layout.units[layout.unit_for_block(0)].text
    assert shown.startswith("我買了泡麵和軟體") and len(shown) < len(text)
    assert layout.shown_span(0, 7, 9) == (6, 8)  # 软件 → 軟體, one to the left
    assert shown[6:8] == "軟體"
    # Every line's position is an original offset that leads back to that line.
    first = layout.start_of(layout.unit_for_block(0))
    spans = layout.breaks(layout.unit_for_block(0))
    assert len(spans) > 2
    offsets = []
    for k in range(len(spans)):
        block, offset = layout.position_at(first + k)
        assert block == 0 and layout.line_of(0, offset) == first + k
        offsets.append(offset)
    assert offsets == sorted(offsets) and offsets[-1] < len(text)
    # ...and the original text there is what the line shows, in the other script.
    assert fold.fold(text[offsets[1]:offsets[1] + 2]) == fold.fold(shown[spans[1][0]:spans[1][0] + 2])


def test_original_script_never_imports_the_converter(tmp_path: Path) -> None:
    """With script = "original", the app's start-up path (the reader screen included) does
    not import convert.py, nor OpenCC."""
    import json
    import subprocess
    import sys

    code = (
        "import sys, json\n"
        "import tuireader.cli.launch, tuireader.ui.app, tuireader.ui.screens.reader\n"
        "import tuireader.ui.screens.library, tuireader.ui.screens.search, tuireader.reading.find\n"
        "print(json.dumps(sorted(m for m in sys.modules if 'opencc' in m or m.endswith('convert'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
