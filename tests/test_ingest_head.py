"""`load_article_head`: the first part of a big article, parsed by the normal reader, whose
blocks are the first blocks of the whole (same indices), so the reader can show it at once
and swap the whole in later without moving anything."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuireader.article import Article, Block
from tuireader.errors import IngestError
from tuireader.ingest.load import head_shift, load_article, load_article_head, markdown_cut

WORDS = ("reader measure outline section paragraph terminal river archive letter winter "
         "village journal harbour evidence argument tradition machine").split()
ZH = "城市公共阅读空间的建设离不开居民的参与和持续的投入我们在调研中发现开放时间藏书更新志愿服务"


def en_markdown(n_sections: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out = ["# A long article", "", "*By Someone, 2025-01-02*", ""]
    for s in range(1, n_sections + 1):
        out += [f"## Part {s}", ""]
        for p in range(6):
            out += [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + ".", ""]
            if p == 2:
                out += [f"### Detail {s}.{p}", "", "- a list item", "- another item", ""]
            if p == 4 and s % 3 == 0:
                out += ["```", "code line one", "", "code after a blank line", "```", ""]
    return "\n".join(out)


def zh_text(n_parts: int, seed: int = 2) -> str:
    """Chinese plain text, one paragraph per line (no blank lines), 一、/（一） numbering."""
    rng = random.Random(seed)
    nums = "一二三四五六七八九十"
    out = ["社区阅读空间调研报告", "时间：2025-09-18　作者：测试"]
    for part in range(1, n_parts + 1):
        out.append(f"{nums[(part - 1) % 10]}、第{part}部分的主要发现")
        for sub in range(1, 4):
            out.append(f"（{nums[sub - 1]}）第{part}部分第{sub}节")
            for _ in range(3):
                out.append("".join(rng.choice(ZH) for _ in range(rng.randint(80, 200))) + "。")
    return "\n".join(out) + "\n"


def en_text(n_sections: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    out = ["THE LONG REPORT", "", ""]
    for s in range(1, n_sections + 1):
        out += [f"CHAPTER {s}", ""]
        for _ in range(5):
            out += [" ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 80))).capitalize() + ".", ""]
    return "\n".join(out)


def assert_prefix(head: Article, full: Article) -> None:
    n = len(head.blocks)
    assert head.partial and not full.partial
    assert 0 < n < len(full.blocks)
    assert head.blocks == full.blocks[:n]
    assert head.outline == full.outline[: len(head.outline)]
    assert len(head.outline) < len(full.outline)
    assert head.title == full.title
    assert head_shift(head, full) == 0


@pytest.mark.parametrize(("name", "text"), [
    ("long.md", en_markdown(400)),
    ("long.txt", zh_text(170)),
    ("report.txt", en_text(300)),
], ids=["en-markdown", "zh-text", "en-text"])
def test_head_of_a_big_article_is_a_prefix_of_the_whole(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert len(text) > 200_000
    head = load_article_head(path)
    assert head is not None
    assert_prefix(head, load_article(path))
    assert "partial" not in head.to_json()  # the inspect contract is unchanged


@pytest.mark.parametrize("max_chars", [3_000, 10_000, 30_000])
def test_cut_anywhere_still_gives_a_prefix(tmp_path: Path, max_chars: int) -> None:
    path = tmp_path / "doc.md"
    path.write_text(en_markdown(60, seed=max_chars), encoding="utf-8")
    head = load_article_head(path, max_chars=max_chars, min_chars=2 * max_chars)
    assert head is not None
    assert_prefix(head, load_article(path))


def test_small_files_and_html_have_no_head(tmp_path: Path) -> None:
    small = tmp_path / "small.md"
    small.write_text(en_markdown(5), encoding="utf-8")
    assert load_article_head(small) is None
    page = tmp_path / "page.html"
    body = "".join(f"<h2>Part {i}</h2><p>{' '.join(WORDS * 8)}</p>" for i in range(400))
    page.write_text(f"<!doctype html><html><body><article>{body}</article></body></html>", encoding="utf-8")
    assert page.stat().st_size > 300_000
    assert load_article_head(page) is None


def test_never_cuts_inside_a_code_fence() -> None:
    text = "intro\n\n```\n" + "x = 1\n\n" * 100 + "```\n\nafter the fence\n\nmore\n"
    cut = markdown_cut(text, 20)
    assert cut is not None
    assert text[:cut].count("```") % 2 == 0
    assert text[cut:].lstrip("\n").startswith("after the fence")


def test_reference_links_defined_further_down_mean_no_head(tmp_path: Path) -> None:
    path = tmp_path / "refs.md"
    path.write_text("See [the forum][f].\n\n" + en_markdown(400) + "\n\n[f]: https://example.org\n",
                    encoding="utf-8")
    assert load_article_head(path) is None


def test_bad_input_is_an_ingest_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError):
        load_article_head(tmp_path / "missing.txt")


def test_head_shift_finds_a_block_that_moved() -> None:
    texts = [f"paragraph {i}" for i in range(20)]
    head = Article(title="t", blocks=[Block("paragraph", t) for t in texts[:10]], partial=True)
    same = Article(title="t", blocks=[Block("paragraph", t) for t in texts])
    moved = Article(title="t", blocks=[Block("heading", "Intro", level=1)] + same.blocks)
    other = Article(title="t", blocks=[Block("paragraph", f"other {i}") for i in range(20)])
    relabelled = Article(title="t", blocks=[Block("list_item", t) for t in texts])
    assert head_shift(head, same) == 0
    assert head_shift(head, moved) == 1
    assert head_shift(head, relabelled) == 0  # a kind decided over the whole moves nothing
    assert head_shift(head, other) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=0, max_size=6000), suffix=st.sampled_from([".txt", ".md"]))
def test_any_bytes_give_none_or_a_partial_article_no_longer_than_the_whole(
        tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    try:
        head = load_article_head(path, max_chars=500, min_chars=1000)
    except IngestError as exc:
        assert "\n" not in str(exc)
        return
    if head is not None:
        assert head.partial
        assert len(head.blocks) <= len(load_article(path).blocks)
        assert all(e.block < len(head.blocks) for e in head.outline)


@pytest.mark.parametrize("folder", ["en-books", "zh-novels", "markdown"])
def test_heads_of_real_books_are_prefixes(shared_dir: Path, folder: str) -> None:
    """Real files, cut small enough that even the short ones get a head."""
    for path in sorted((shared_dir / "corpus" / folder).iterdir()):
        full = load_article(path)
        for max_chars in (5_000, 50_000):
            head = load_article_head(path, max_chars=max_chars, min_chars=2 * max_chars)
            if head is None:
                continue
            n = len(head.blocks)
            assert [b.text for b in head.blocks] == [b.text for b in full.blocks[:n]], path.name
            assert head.blocks == full.blocks[:n], path.name
            assert head.outline == full.outline[: len(head.outline)], path.name
            assert head.title == full.title, path.name


@given(st.text(alphabet="[]: \nab", max_size=60), st.integers(min_value=0, max_value=70))
def test_link_definition_scan_agrees_with_the_regex(text: str, start: int) -> None:
    from tuireader.ingest.load import _LINK_DEF, has_link_definition

    assert has_link_definition(text, start) == (_LINK_DEF.search(text, start) is not None)
