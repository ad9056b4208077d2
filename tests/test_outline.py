"""Numbering recognition, heading shape, run-in leads, levels by first appearance, repair."""

from __future__ import annotations

import pytest

from tuireader.ingest import outline
from tuireader.ingest.outline import Candidate


@pytest.mark.parametrize(
    ("text", "style", "number", "title"),
    [
        ("一、大數據對政府治理能力建設的意義", "cn", "一", "大數據對政府治理能力建設的意義"),
        ("（一）有助于公共决策", "cn_paren", "一", "有助于公共决策"),
        ("(二)有助于公共服務", "cn_paren", "二", "有助于公共服務"),
        ("四)有助于社會治理", "cn_paren", "四", "有助于社會治理"),
        (")大數據開放共享有限", "cn_paren", None, "大數據開放共享有限"),
        ("1.網絡基礎設施", "arabic", "1", "網絡基礎設施"),
        ("1．立法层次较低", "arabic", "1", "立法层次较低"),
        ("（1）具体措施", "arabic_paren", "1", "具体措施"),
        ("1.2 Scope", "dec2", "1.2", "Scope"),
        ("1.2.3 Detail", "dec3", "1.2.3", "Detail"),
        ("第一编\u3000总则", "kw:编", "第一编", "总则"),
        ("第二分编\u3000所有权", "kw:分编", "第二分编", "所有权"),
        ("第一百二十回  荐杜预老将献新谋", "kw:回", "第一百二十回", "荐杜预老将献新谋"),
        ("第三節 國務院", "kw:节", "第三節", "國務院"),
        ("●卷一·五帝本纪第一", "kw:卷", "卷一", "五帝本纪第一"),
        ("CHAPTER 1. Loomings.", "en:chapter", "CHAPTER 1", "Loomings."),
        ("Chapter IV: The Storm", "en:chapter", "Chapter IV", "The Storm"),
        ("## Setup", "atx2", None, "Setup"),
        ("①第一点", "circled", "1", "第一点"),
    ],
)
def test_split_numbering(text: str, style: str, number: str | None, title: str) -> None:
    found = outline.split_numbering(text)
    assert found is not None
    assert (found.style, found.number, found.title) == (style, number, title)


@pytest.mark.parametrize("text", ["大數據時代", "1984 was a year", "十分重要", "3.5亿元投资", "Chapters of life"])
def test_not_numbered(text: str) -> None:
    found = outline.split_numbering(text)
    assert found is None or found.style not in ("cn", "arabic", "dec2", "en:chapter")


def test_split_number_helper_for_other_readers() -> None:
    assert outline.split_number("一、总则") == ("一", "总则")
    assert outline.split_number("1.2 Scope") == ("1.2", "Scope")
    assert outline.split_number("Introduction") == (None, "Introduction")
    assert outline.split_number("3.5 million users") == (None, "3.5 million users")
    assert outline.split_number("第一章 总则") == ("第一章", "总则")
    assert outline.split_number("Chapter 2: The Storm") == ("Chapter 2", "The Storm")


def test_chinese_numerals_round_trip() -> None:
    for n in (1, 9, 10, 11, 20, 21, 99, 100, 105, 110, 120, 999):
        assert outline.cn_to_int(outline.int_to_cn(n)) == n
    assert outline.cn_to_int("二〇二") == 202
    assert outline.number_value("XIV") == 14


def _heading(text: str) -> bool:
    found = outline.split_numbering(text)
    assert found is not None
    return outline.looks_like_heading(found, text)


def test_heading_shape() -> None:
    assert _heading("一、大數據對政府治理能力建設的意義")
    assert _heading("1. Introduction")
    assert not _heading("1.網絡基礎設施建設滯後。我國的網絡覆蓋範圍不夠廣。")
    assert not _heading("（一）示例的设立；")
    assert not _heading("2.中国特色社会主义民主政治的本质（ D ）")
    assert not _heading("1. Leakage is higher than the national average, and it keeps growing every year.")
    assert not _heading("第一条　为了规范示例活动，制定本法。")


def test_run_in_lead() -> None:
    line = "1.網絡基礎設施建設滯後。我國的網絡覆蓋範圍不夠廣。"
    found = outline.split_numbering(line)
    assert found is not None
    assert outline.run_in_lead(found, line) == len("1.網絡基礎設施建設滯後。")


def test_run_in_lead_ascii_question_mark_after_cjk() -> None:
    line = "2.建設國家大數據中心?!墩招畔⑾到y整合共享實施方案》也要求"
    found = outline.split_numbering(line)
    assert found is not None
    assert line[: outline.run_in_lead(found, line)] == "2.建設國家大數據中心?"


def test_run_in_lead_keeps_commas_inside() -> None:
    line = "1.加快立法進程,做到有法可依。通過多種形式,科學立法。"
    found = outline.split_numbering(line)
    assert found is not None
    assert line[: outline.run_in_lead(found, line)] == "1.加快立法進程,做到有法可依。"


def test_no_lead_when_the_whole_item_is_one_sentence_or_a_quote_follows() -> None:
    for line in ("1.在中国共产党的历史上第一次明确提出命题的会议是党的六届六中全会。",
                 "14．邓小平指出：“我们现在所干的事业是一项新事业。”"):
        found = outline.split_numbering(line)
        assert found is not None
        assert outline.run_in_lead(found, line) == 0


def test_english_run_in() -> None:
    line = "1. Scope. This report covers the plants."
    found = outline.split_numbering(line)
    assert found is not None
    assert line[: outline.run_in_lead(found, line)] == "1. Scope."


def _levels(styles: list[str]) -> list[int]:
    cands = [Candidate(i, s, None, "") for i, s in enumerate(styles)]
    outline.assign_levels(cands)
    return [c.level for c in cands]


def test_levels_by_first_appearance() -> None:
    assert _levels(["cn", "cn_paren", "arabic", "arabic", "cn_paren", "cn", "cn_paren"]) == [1, 2, 3, 3, 2, 1, 2]


def test_levels_follow_the_document_not_a_fixed_table() -> None:
    # a report that starts at （一） and uses 1. below it
    assert _levels(["cn_paren", "arabic", "cn_paren", "arabic"]) == [1, 2, 1, 2]


def test_keyword_units_have_an_intrinsic_order() -> None:
    assert _levels(["kw:编", "kw:章", "kw:节", "kw:章", "kw:编", "kw:分编", "kw:章"]) == [1, 2, 3, 2, 1, 2, 3]


def test_front_matter_caps_are_siblings_of_chapters() -> None:
    assert _levels(["caps", "caps", "en:chapter", "en:chapter", "named"]) == [1, 1, 1, 1, 1]


def test_decimal_depth() -> None:
    assert _levels(["arabic", "dec2", "dec3", "dec2", "arabic"]) == [1, 2, 3, 2, 1]


def test_repair_numbers_from_siblings() -> None:
    cands = [
        Candidate(0, "cn", "一", ""),
        Candidate(1, "cn_paren", "一", ""),
        Candidate(2, "cn_paren", None, ""),
        Candidate(3, "cn", "二", ""),
        Candidate(4, "cn_paren", None, ""),
        Candidate(5, "cn_paren", None, ""),
        Candidate(6, "cn_paren", "四", ""),
        Candidate(7, "cn_paren", None, ""),
    ]
    outline.assign_levels(cands)
    outline.repair_numbers(cands)
    assert [c.number for c in cands] == ["一", "一", "二", "二", "二", "三", "四", "五"]
    assert cands[2].repaired and not cands[1].repaired


def test_formal_numerals_rank_above_cn() -> None:
    num = outline.split_numbering("貳、主要發現")
    assert num is not None and num.style == "cn_formal" and num.number == "貳" and num.title == "主要發現"
    assert outline.number_value("參") == 3
    cands = [Candidate(0, "cn_formal", "壹", "a"), Candidate(1, "cn", "一", "b"), Candidate(2, "cn_formal", "貳", "c")]
    outline.assign_levels(cands)
    assert [c.level for c in cands] == [1, 2, 1]


def test_named_english_report_sections() -> None:
    assert outline.named_section("Executive Summary") == "Executive Summary"
    assert outline.named_section("Key Findings") == "Key Findings"
