"""Acceptance on the real seed article (exact) and sanity on the real corpus (structure).

Both need `../shared`; they skip cleanly on a plain clone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tuireader.article import Article
from tuireader.ingest.load import load_article

SEED = "seed/zhumadian-think-tank-article.txt"

pytestmark = pytest.mark.corpus


@pytest.fixture
def seed(shared_dir: Path) -> tuple[Article, dict[str, Any]]:
    path = shared_dir / SEED
    expected = json.loads((shared_dir / (SEED + ".expected.json")).read_text(encoding="utf-8"))
    return load_article(path), expected


def test_seed_title(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    article, expected = seed
    assert article.title == expected["title"]


def test_seed_metadata_every_key_and_value(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    article, expected = seed
    assert article.metadata == expected["metadata"]


def test_seed_prev_next(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    article, expected = seed
    assert article.prev is not None and article.prev.title == expected["prev_title"]
    assert article.next is not None and article.next.title == expected["next_title"]


def test_seed_outline_all_entries_in_order(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    article, expected = seed
    got = [(e.level, e.number, e.title) for e in article.outline]
    want = [(e["level"], e["number"], e["title"]) for e in expected["outline"]]
    assert len(got) == 34
    assert got == want
    for entry in article.outline:
        assert 0 <= entry.block < len(article.blocks)


def test_seed_paragraph_count(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    article, expected = seed
    assert article.paragraph_count == expected["body_paragraphs"] == 29


def test_seed_nothing_forbidden_anywhere(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    article, expected = seed
    dumped = json.dumps(article.to_json(), ensure_ascii=False)
    for bad in expected["must_not_appear_anywhere"]:
        assert bad not in dumped, bad


def test_seed_run_in_leads(seed: tuple[Article, dict]) -> None:  # type: ignore[type-arg]
    article, _ = seed
    level3 = [e for e in article.outline if e.level == 3]
    for entry in level3:
        block = article.blocks[entry.block]
        assert block.kind == "paragraph" and block.lead > 0
        lead = block.text[: block.lead]
        assert entry.title in lead and lead.startswith(entry.number or "")


# --- the corpus: articles nobody here wrote ----------------------------------------------


def _corpus(shared: Path, rel: str) -> Article:
    path = shared / "corpus" / rel
    if not path.exists():
        pytest.skip(f"{rel} not in this corpus")
    return load_article(path)


def test_civil_code_has_bian_zhang_jie_tree(shared_dir: Path) -> None:
    a = _corpus(shared_dir, "zh-articles/zh-law-civil-code.txt")
    assert a.title == "中华人民共和国民法典"
    top = [e for e in a.outline if e.level == 1]
    assert [e.number for e in top][:7] == ["第一编", "第二编", "第三编", "第四编", "第五编", "第六编", "第七编"]
    assert a.outline[0].number == "第一编" and a.outline[1].number == "第一章" and a.outline[1].level == 2
    # 分编 sits between 编 and 章
    fenbian = [e for e in a.outline if e.number and e.number.endswith("分编")]
    assert fenbian and all(e.level == 2 for e in fenbian)
    # articles (第X条) are not outline entries; the contents list is not either
    assert not any(e.number and e.number.endswith("条") for e in a.outline)
    assert len([e for e in a.outline if e.number == "第一编"]) == 1


def test_constitution_preface_and_chapters(shared_dir: Path) -> None:
    a = _corpus(shared_dir, "zh-articles/zh-law-constitution.txt")
    assert [(e.level, e.title) for e in a.outline[:2]] == [(1, "序言"), (1, "总纲")]
    assert sum(1 for e in a.outline if e.level == 2) == 8  # the eight 节 of chapter three


def test_novel_has_120_hui(shared_dir: Path) -> None:
    a = _corpus(shared_dir, "zh-novels/zh-novel-sanguoyanyi.gb18030.txt")
    assert a.title == "三国演义"
    assert a.metadata.get("author") == "罗贯中"
    hui = [e for e in a.outline if e.number and e.number.endswith("回")]
    assert len(hui) == 120 and len(a.outline) == 120
    assert hui[0].title.startswith("宴桃园豪杰三结义")
    assert all(e.level == 1 for e in hui)


def test_shiji_wrapped_lines_joined(shared_dir: Path) -> None:
    a = _corpus(shared_dir, "zh-articles/zh-classic-shiji.gb18030.txt")
    assert a.title == "史记"
    assert a.outline[0].number == "卷一" and a.outline[0].title == "五帝本纪第一"
    assert len(a.outline) == 130
    first = a.blocks[1].text
    assert first.startswith("黄帝者，少典之子") and "成而聪明。轩辕之时" in first


@pytest.mark.parametrize(
    ("rel", "title", "chapters"),
    [
        ("en-books/en-moby-dick.pg2701.txt", "Moby Dick; or The Whale", 135),
        ("en-books/en-alice-in-wonderland.txt", "Alice's Adventures in Wonderland", 12),
    ],
)
def test_gutenberg_books(shared_dir: Path, rel: str, title: str, chapters: int) -> None:
    a = _corpus(shared_dir, rel)
    assert a.title == title
    chap = [e for e in a.outline if e.number and e.number.upper().startswith("CHAPTER")]
    assert len(chap) == chapters
    assert all(e.level == 1 for e in chap)
    text = a.plain_text()
    assert not text.startswith(("The Project Gutenberg", "Project Gutenberg"))
    assert "START OF THIS PROJECT" not in text and "END OF THIS PROJECT" not in text
    assert "Section 1." not in text  # the licence footer


def test_question_bank_questions_are_not_sections(shared_dir: Path) -> None:
    a = _corpus(shared_dir, "zh-articles/zh-notes-maogai-question-bank.txt")
    assert a.title == "毛概题库整合版"
    assert not any("（ " in e.title or "()" in e.title for e in a.outline)
    assert a.outline[0].number == "第一章"
