"""Metadata lines: labels read as data, empty values omitted."""

from __future__ import annotations

import pytest

from tuireader.ingest import metadata


def test_time_source_views_line() -> None:
    assert metadata.parse_fields("時間:2020-06-05 10:46:15|來源:|點擊量:14260") == {
        "date": "2020-06-05 10:46:15",
        "views": 14260,
    }


def test_simplified_labels_and_full_width_colons() -> None:
    out = metadata.parse_fields("发布时间：2023年5月1日  来源：新华网  作者：张三")
    assert out == {"date": "2023年5月1日", "source": "新华网", "author": "张三"}


def test_views_with_thousands_separator() -> None:
    assert metadata.parse_fields("阅读：12,345") == {"views": 12345}


def test_slash_separated_trailer_fields() -> None:
    assert metadata.parse_fields("審核 / 李俊杰 劉曉明") == {"reviewers": ["李俊杰", "劉曉明"]}
    assert metadata.parse_fields("終審 / 平筠") == {"final_review": "平筠"}
    assert metadata.parse_fields("責任編輯 /") == {}
    assert metadata.parse_fields("（责任编辑：王五）") == {"editors": ["王五"]}


def test_prose_is_not_metadata() -> None:
    assert metadata.parse_fields("时间过得真快，转眼又是一年。") is None
    assert metadata.parse_fields("大數據時代,拓展了公眾參與決策的渠道。") is None


def test_english_fields() -> None:
    assert metadata.parse_fields("Published: March 3, 2023") == {"date": "March 3, 2023"}
    assert metadata.parse_fields("Author: Jane Doe") == {"author": "Jane Doe"}


def test_breadcrumb() -> None:
    assert metadata.parse_breadcrumb("您當前所在位置:駐馬店廣視網> 智庫成果選介> 正文") == [
        "駐馬店廣視網",
        "智庫成果選介",
        "正文",
    ]
    assert metadata.parse_breadcrumb("当前位置：首页 >> 新闻中心 >> 正文") == ["首页", "新闻中心", "正文"]
    assert metadata.parse_breadcrumb("首页 > 新闻 > 正文") == ["首页", "新闻", "正文"]
    assert metadata.parse_breadcrumb("3 > 2 且 2 > 1，所以 3 > 1。") is None


@pytest.mark.parametrize(
    ("line", "byline", "author"),
    [
        ("西平縣水利局黨組書記 局長 \u00a0 焦春平", "西平縣水利局黨組書記 局長 焦春平", "焦春平"),
        ("By Jane Doe", "By Jane Doe", "Jane Doe"),
        ("文/李四", "文/李四", "李四"),
    ],
)
def test_bylines(line: str, byline: str, author: str) -> None:
    assert metadata.parse_byline(line) == {"byline": byline, "author": author}


def test_bare_name_only_right_after_title() -> None:
    assert metadata.parse_byline("罗贯中", right_after_title=True) == {"author": "罗贯中"}
    assert metadata.parse_byline("罗贯中") is None


def test_not_a_byline() -> None:
    assert metadata.parse_byline("发展 创新 共享") is None
    assert metadata.parse_byline("By the river, the old mill still turns.") is None


def test_prev_next_links() -> None:
    assert metadata.parse_link("上一篇:壯大駐馬店農村集體經濟 助力鄉村振興研究") == (
        "prev",
        "壯大駐馬店農村集體經濟 助力鄉村振興研究",
    )
    assert metadata.parse_link("下一篇：提升我國黨政智庫知識服務能力") == ("next", "提升我國黨政智庫知識服務能力")
    assert metadata.parse_link("下一篇：没有了") is None
    assert metadata.is_link_line("下一篇：没有了")


def test_bare_dates() -> None:
    assert metadata.bare_date("2023年5月1日 星期一") == "2023年5月1日"
    assert metadata.bare_date("2020-06-05") == "2020-06-05"
    assert metadata.bare_date("2020-06-05 会议召开") is None


def test_gutenberg_header() -> None:
    lines = ["Title: Moby Dick; or The Whale", "", "Author: Herman Melville", "",
             "Release Date: June, 2001 [EBook #2701]", "Language: English"]
    assert metadata.gutenberg_header(lines) == {
        "title": "Moby Dick; or The Whale",
        "author": "Herman Melville",
        "date": "June, 2001",
        "language": "English",
    }


def test_byline_with_an_organisation() -> None:
    assert metadata.parse_byline("駐馬店市委黨校 王某某") == {"byline": "駐馬店市委黨校 王某某", "author": "王某某"}
    assert metadata.parse_byline("文化部署 推进落实") is None


# --- rules found on unseen article kinds -------------------------------------


def test_time_glued_to_a_chinese_date() -> None:
    assert metadata.parse_fields("2023年05月12日08:25 | 来源：人民网-人民日报") == {
        "date": "2023年05月12日08:25", "source": "人民网-人民日报"}


def test_month_and_year_is_a_date() -> None:
    assert metadata.bare_date("March 2024") == "March 2024"
    assert metadata.bare_date("May 20245") is None


def test_preposition_labels_and_spaced_counts() -> None:
    assert metadata.parse_fields("编辑于 2023-03-18 21:07・IP 属地浙江") == {"date": "2023-03-18 21:07"}
    assert metadata.parse_fields("阅读 3286") == {"views": 3286}
    assert metadata.parse_fields("2021-11-05 | 阅：1583 转：27 | 分享") == {"date": "2021-11-05", "views": 1583}


def test_paper_authors_with_affiliation_marks() -> None:
    assert metadata.parse_byline("张明远1，李静2") == {"byline": "张明远1，李静2", "author": "张明远、李静"}
    assert metadata.parse_byline("张明远，李静") is None  # two names without marks: only under a title


def test_english_name_alone_only_right_after_the_title() -> None:
    assert metadata.parse_byline("Anna Lindqvist", right_after_title=True) == {"author": "Anna Lindqvist"}
    assert metadata.parse_byline("Anna Lindqvist") is None
    assert metadata.parse_byline("Key findings here", right_after_title=True) is None


@pytest.mark.parametrize("line", ["Executive Summary", "Key Findings", "Policy Brief", "World News"])
def test_section_names_under_a_title_are_not_authors(line: str) -> None:
    assert metadata.parse_byline(line, right_after_title=True) is None


def test_a_menu_of_two_character_words_is_not_a_list_of_authors() -> None:
    assert metadata.parse_byline("首页 分类 上传 登录 注册", right_after_title=True) is None
