"""The plain-text reader on fixtures the team wrote, one per habit of real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.article import Article
from tuireader.ingest.load import load_article, parse_bytes
from tuireader.ingest.text import parse_text

TEXT = Path(__file__).resolve().parent / "data" / "text"


def _load(name: str) -> Article:
    return load_article(TEXT / name)


def _outline(article: Article) -> list[tuple[int, str | None, str]]:
    return [(e.level, e.number, e.title) for e in article.outline]


# --- the made-up article with every quirk of the seed -------------------------------------


@pytest.fixture(scope="module")
def quirks() -> Article:
    return _load("zh-scrape-quirks.txt")


def test_quirks_title_is_the_article_title(quirks: Article) -> None:
    assert quirks.title == "乡村数字治理的实践与思考"


def test_quirks_metadata(quirks: Article) -> None:
    assert quirks.metadata == {
        "breadcrumb": ["江城新闻网", "理论研究", "正文"],
        "date": "2021-03-08 09:15:02",
        "views": 3517,
        "byline": "江城市农业农村局党组书记 局长 王建国",
        "author": "王建国",
        "reviewers": ["张丽", "刘强"],
        "final_review": "陈明",
    }


def test_quirks_links(quirks: Article) -> None:
    assert quirks.prev is not None and quirks.prev.title == "发展壮大村级集体经济的几点建议"
    assert quirks.next is not None and quirks.next.title == "提升基层党组织组织力研究"


def test_quirks_outline_with_repaired_numbers(quirks: Article) -> None:
    assert _outline(quirks) == [
        (1, "一", "数字治理对乡村振兴的意义"),
        (2, "一", "有助于提升决策水平"),
        (2, "二", "有助于改进公共服务"),
        (2, "三", "有助于加强基层监督"),
        (1, "二", "当前存在的主要问题"),
        (2, "一", "基础设施不完善"),
        (3, "1", "网络覆盖不全面"),
        (3, "2", "设备更新不及时"),
        (2, "二", "数字人才比较缺乏"),
        (3, "1", "专业人才引不进"),
        (3, "2", "现有人员培训少"),
        (1, "三", "推进乡村数字治理的对策"),
        (2, "一", "加快基础设施建设"),
        (3, "1", "扩大网络覆盖,做到村村通网"),
        (3, "2", "更新服务设备"),
        (2, "二", "加强人才队伍建设"),
        (3, "1", "引进专业人才"),
        (3, "2", "加强在职培训"),
    ]


def test_quirks_repaired_headings_read_with_their_number(quirks: Article) -> None:
    headings = [b.text for b in quirks.blocks if b.kind == "heading"]
    assert "(三)有助于加强基层监督" in headings
    assert "(二)数字人才比较缺乏" in headings
    assert "(一)加快基础设施建设" in headings


def test_quirks_run_ins_are_paragraphs_with_a_bold_lead(quirks: Article) -> None:
    runin = [b for b in quirks.blocks if b.lead]
    assert len(runin) == 8
    first = runin[0]
    assert first.kind == "paragraph"
    assert first.text[: first.lead] == "1.网络覆盖不全面。"
    for entry in quirks.outline:
        block = quirks.blocks[entry.block]
        assert entry.title in block.text


def test_quirks_body_is_clean(quirks: Article) -> None:
    dumped = json.dumps(quirks.to_json(), ensure_ascii=False)
    for bad in ("无码", "<video", "<i id", "abcde", "(fā)", "(tǒng)", "(bàn)", "(guī)", "分 享 至 手 机",
                "客户端下载", "免责声明", "责任编辑", "上一篇", "您当前所在位置"):
        assert bad not in dumped, bad
    # real parentheses stay
    assert "(本文只讨论县域情况)" in dumped
    assert "(如《江城统计年鉴》所示)" in dumped
    assert quirks.paragraph_count == 12


# --- other shapes of text ---------------------------------------------------------------


def test_english_report_numbered_sections_and_a_list() -> None:
    a = _load("en-report.txt")
    assert a.title == "Quarterly Report on Regional Water Supply"
    assert a.metadata == {"date": "2023-04-02", "byline": "By Jane Doe", "author": "Jane Doe"}
    assert _outline(a) == [
        (1, "1", "Introduction"),
        (2, "1.1", "Background"),
        (2, "1.2", "Scope"),
        (1, "2", "Findings"),
        (2, "2.1", "Leakage"),
        (1, "3", "Recommendations"),
    ]
    items = [b.text for b in a.blocks if b.kind == "list_item"]
    assert items == ["1. Leakage is higher than the national average.", "2. Two plants run close to capacity.",
                     "3. Metering is incomplete."]
    assert not any("Copyright" in b.text for b in a.blocks)
    # hard-wrapped lines joined with a space
    assert a.blocks[0].text.startswith("This report summarises the state of the regional water supply in the first quarter.")


def test_hard_wrapped_english_is_joined_and_has_no_outline() -> None:
    a = _load("en-wrapped.txt")
    assert a.outline == []
    assert a.paragraph_count == 3
    assert a.title == "en wrapped"  # no title line: the file name, as a last resort
    assert "the fishing boats had not yet returned" in a.blocks[0].text
    assert "\n" not in a.blocks[0].text and "  " not in a.blocks[0].text


def test_hard_wrapped_chinese_joined_without_spaces() -> None:
    a = _load("zh-wrapped.txt")
    assert a.encoding.replace("-", "").lower() in ("gb18030", "gbk", "gb2312")
    assert _outline(a) == [(1, "卷一", "五帝本纪第一")]
    paras = [b.text for b in a.blocks if b.kind == "paragraph"]
    assert len(paras) == 4
    assert paras[0].startswith("黄帝者，少典之子，姓公孙，名曰轩辕。生而神灵，弱而能言，幼而徇齐，")
    assert " " not in paras[0]
    assert paras[2] == "黄帝二十五子，其得姓者十四人。"


def test_unstructured_text_has_an_empty_outline() -> None:
    a = _load("zh-plain.txt")
    assert a.title == "关于读书的一点体会"
    assert a.outline == []
    assert a.paragraph_count == 3


def test_a_numbered_list_is_not_a_set_of_sections() -> None:
    a = _load("en-list.txt")
    assert a.outline == []
    assert [b.kind for b in a.blocks].count("list_item") == 4


def test_law_contents_list_and_articles() -> None:
    a = _load("zh-law.txt")
    assert a.title == "中华人民共和国示例法"
    assert _outline(a) == [
        (1, "第一章", "总则"),
        (1, "第二章", "管理"),
        (2, "第一节", "一般规定"),
        (2, "第二节", "登记"),
        (1, "第三章", "附则"),
    ]
    # the contents list stays readable but is not part of the outline
    assert [b.text for b in a.blocks if b.kind == "list_item"][:2] == ["第一章 总则", "第二章 管理"]
    # enumerated clauses of an article are list items, never sections
    assert "（一）示例的设立；" in [b.text for b in a.blocks if b.kind == "list_item"]


def test_gutenberg_licence_is_cut_and_header_kept() -> None:
    a = _load("en-gutenberg-mini.txt")
    assert a.title == "A Small Voyage"
    assert a.metadata["author"] == "Ann Example"
    dumped = json.dumps(a.to_json())
    for bad in ("Project Gutenberg", "Licence text", "Produced by", "A SMALL VOYAGE", "By Ann Example"):
        assert bad not in dumped
    assert _outline(a) == [
        (1, "CHAPTER I", "The Harbour at Dawn, and What the Fishermen Said to Each Other Before the Boats Went Out"),
        (1, "CHAPTER II", "Open Water"),
    ]


def test_atx_and_setext_headings_in_txt() -> None:
    text = "Notes\n=====\n\nIntro text here.\n\n# Part one\n\nBody.\n\n## Detail\n\nMore.\n\nSummary\n-------\n\nEnd.\n"
    a = parse_text(text, path="notes.txt")
    assert a.title == "Notes"  # the underlined first line is the title, not a section
    assert _outline(a) == [(1, None, "Part one"), (2, None, "Detail"), (2, None, "Summary")]
    assert [b.text for b in a.blocks if b.kind == "heading"] == ["Part one", "Detail", "Summary"]


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # a report that starts at （一）, with run-in 1./2. below it
        ("报告标题\n\n（一）总体情况\n\n正文内容在这里，说明总体情况。\n\n1.第一点。具体内容在这里展开说明。\n\n"
         "2.第二点。具体内容在这里展开说明。\n\n（二）存在问题\n\n正文内容。\n",
         "报告标题", [(1, "一", "总体情况"), (2, "1", "第一点"), (2, "2", "第二点"), (1, "二", "存在问题")]),
        # full-width digits
        ("标题\n\n一、概述\n\n正文。\n\n１．背景情况\n\n正文内容。\n\n２．主要目标\n\n正文内容。\n\n二、做法\n\n正文。\n",
         "标题", [(1, "一", "概述"), (2, "1", "背景情况"), (2, "2", "主要目标"), (1, "二", "做法")]),
        # run-in heads at the （一） level
        ("标题\n\n一、总体要求\n\n（一）坚持党的领导。要把党的领导贯穿始终，确保方向正确。\n\n"
         "（二）坚持问题导向。要聚焦突出问题，精准施策。\n\n二、主要任务\n\n（一）加强组织建设。要健全组织体系。\n",
         "标题", [(1, "一", "总体要求"), (2, "一", "坚持党的领导"), (2, "二", "坚持问题导向"), (1, "二", "主要任务"),
                (2, "一", "加强组织建设")]),
        # English chapters with decimal sections
        ("A Guide\n\nChapter 1 Getting Started\n\nIntro text.\n\n1.1 Installing\n\nSteps.\n\n1.2 Running\n\n"
         "More.\n\nChapter 2 Advanced Use\n\nText.\n\n2.1 Plugins\n\nText.\n",
         "A Guide", [(1, "Chapter 1", "Getting Started"), (2, "1.1", "Installing"), (2, "1.2", "Running"),
                     (1, "Chapter 2", "Advanced Use"), (2, "2.1", "Plugins")]),
        # parts above chapters
        ("Big Book\n\nPART I\n\nCHAPTER 1\n\nIt began.\n\nCHAPTER 2\n\nIt went on.\n\nPART II\n\nCHAPTER 3\n\nEnd.\n",
         "Big Book", [(1, "PART I", "PART I"), (2, "CHAPTER 1", "CHAPTER 1"), (2, "CHAPTER 2", "CHAPTER 2"),
                      (1, "PART II", "PART II"), (2, "CHAPTER 3", "CHAPTER 3")]),
        # Markdown-style headings in a .txt, numbering split off
        ("# My Notes\n\nSome intro.\n\n## 1. Setup\n\nText.\n\n## 2. Usage\n\nText.\n\n### 2.1 Basics\n\nText.\n",
         "My Notes", [(1, "1", "Setup"), (1, "2", "Usage"), (2, "2.1", "Basics")]),
    ],
)
def test_structure_variants(text: str, title: str, expected: list[tuple[int, str | None, str]]) -> None:
    a = parse_text(text, path="variant.txt")
    assert a.title == title
    assert _outline(a) == expected


def test_chapter_heading_with_title_on_the_next_line() -> None:
    text = "CHAPTER I\n\nThe Beginning\n\nIt began on a Monday.\n\nCHAPTER II\n\nThe End\n\nIt ended on a Friday.\n"
    a = parse_text(text, path="book.txt")
    assert _outline(a) == [(1, "CHAPTER I", "The Beginning"), (1, "CHAPTER II", "The End")]


def test_crlf_and_controls_never_survive() -> None:
    data = "标题\r\n\r\n第一段\x1b[31m红色\x1b[0m文字。\x07\r\n".encode()
    a = parse_bytes(data, "x.txt")
    for b in a.blocks:
        assert "\x1b" not in b.text and "\x07" not in b.text and "\r" not in b.text
    assert a.blocks[0].text == "第一段红色文字。"


def test_markup_is_kept_as_text() -> None:
    a = parse_text("Title line\n\nUse [bold]this[/bold] literally.\n", path="m.txt")
    assert a.blocks[0].text == "Use [bold]this[/bold] literally."


def test_empty_text() -> None:
    a = parse_text("", path="empty.txt")
    assert a.blocks == [] and a.outline == [] and a.title == "empty"


_CONTROL = {chr(c) for c in range(0x20) if chr(c) not in "\n\t"} | {"\x7f", "\x1b"}


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_an_article_or_a_clean_error(data: bytes) -> None:
    from tuireader.errors import IngestError

    try:
        a = parse_bytes(data, "fuzz.txt")
    except IngestError as exc:
        assert "\n" not in str(exc)
        return
    texts = [a.title, *(b.text for b in a.blocks), *(e.title for e in a.outline),
             *(str(v) for v in a.metadata.values()), *(link.title for link in (a.prev, a.next) if link)]
    for t in texts:
        assert not (set(t) & _CONTROL)
    for e in a.outline:
        assert 0 <= e.block < len(a.blocks) and e.level >= 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "一、总则", "（一）范围", "(二)目标", ")缺号", "四)半括号", "1.要点。正文内容在这里。", "2.另一点", "第一章 开始",
    "第二节 细节", "CHAPTER 3. Title", "# Head", "正文段落，没有结构。", "", "", "1.1 Scope", "====", "* * *",
    "时间:2020-01-01|来源:|点击量:5", "上一篇:前文", "审核 / 张三", "亚洲,无码,精品,在线",
]), max_size=40))
def test_any_arrangement_of_structure_lines_is_consistent(lines: list[str]) -> None:
    a = parse_text("\n".join(lines), path="mix.txt")
    for e in a.outline:
        assert 0 <= e.block < len(a.blocks)
        assert e.level >= 1 and e.title
    blocks = [e.block for e in a.outline]
    assert blocks == sorted(blocks)
    for b in a.blocks:
        assert 0 <= b.lead <= len(b.text)


def test_news_page_variants() -> None:
    a = _load("zh-news-variants.txt")
    assert a.title == "关于社区养老服务的调查"  # site suffix "_滨海新闻网" gone, menu bar is not a title
    assert a.metadata == {
        "breadcrumb": ["首页", "理论", "正文"],
        "date": "2022-11-15 08:30",
        "source": "滨海日报",
        "author": "赵敏",
        "subtitle": "以滨海市三个街道为例",
        "editors": ["钱芳"],
        "proofreaders": ["周雨"],
        "credits": ["摄影：孙亮"],
    }
    assert _outline(a) == [(1, "第一部分", "基本情况"), (1, "第二部分", "存在的问题")]
    texts = [b.text for b in a.blocks]
    assert texts[0].startswith("编者按：")
    assert texts[-1].startswith("下一步，调查组")  # "（完）", credits and related links are gone
    dumped = json.dumps(a.to_json(), ensure_ascii=False)
    for bad in ("打印本页", "字体", "相关阅读", "社区食堂", "首页 | 新闻"):
        assert bad not in dumped, bad


def test_english_web_article() -> None:
    a = _load("en-web-article.txt")
    assert a.title == "How Small Towns Are Rebuilding Their High Streets"
    assert a.metadata == {"date": "2023-03-03", "date_text": "March 3, 2023", "byline": "By Maria Lopez, Staff Writer", "author": "Maria Lopez"}
    assert [b.text[:20] for b in a.blocks] == ["Across the country, ", "In one town in the n"]
    assert a.outline == []


def test_heading_written_as_a_short_sentence_but_not_the_last_clause_of_a_list() -> None:
    text = ("标题\n\n一、加强组织领导。\n\n各地要建立工作机制，明确责任分工。\n\n二、强化督促检查。\n\n要定期开展检查。\n\n"
            "第三条　下列物品属于本法所称物品：\n（一）图书；\n（二）报刊；\n（三）其他出版物。\n")
    a = parse_text(text, path="x.txt")
    assert _outline(a) == [(1, "一", "加强组织领导"), (1, "二", "强化督促检查")]
    assert [b.text for b in a.blocks if b.kind == "list_item"] == ["（一）图书；", "（二）报刊；", "（三）其他出版物。"]


def test_bracketed_metadata_fields_and_site_footer() -> None:
    text = ("网站首页 | 新闻中心 | 政务公开\n示范区工作情况通报\n【发布时间：2020-06-05】【来源：本站】【字体：大 中 小】\n\n"
            "今年以来，示范区各项工作稳步推进，取得了明显成效，群众满意度持续提升。\n\n"
            "网站地图 | 联系我们 | 关于我们\n主办：示范区管理委员会办公室\n")
    a = parse_text(text, path="x.txt")
    assert a.title == "示范区工作情况通报"
    assert a.metadata == {"date": "2020-06-05", "source": "本站"}
    assert [b.text[:4] for b in a.blocks] == ["今年以来"]


def test_site_name_is_never_the_title() -> None:
    text = ("駐馬店廣視網\n\n大數據時代政府治理能力建設研究\n\n"
            "新時代,網絡信息技術迅猛發展,與政治、文化、經濟、社會生活等各個領域深度融合,使得人類社會快速進入了大數據時代。\n")
    a = parse_text(text, path="x.txt")
    assert a.title == "大數據時代政府治理能力建設研究"
    assert len(a.blocks) == 1


def test_a_line_repeating_the_file_name_is_the_title() -> None:
    text = ("Some Site\n\nMy Great Essay\n\n"
            "Body text that is long enough to be prose, with commas, and a full stop at the end of it all.\n")
    a = parse_text(text, path="/a/my-great-essay.txt")
    assert a.title == "My Great Essay"
    assert [b.text[:9] for b in a.blocks] == ["Body text"]


def test_contents_with_dot_leaders_and_page_numbers() -> None:
    text = ("A Guide\n\nContents\n\nChapter 1 Getting Started .......... 1\nChapter 2 Advanced Use .......... 9\n"
            "Chapter 3 Reference .......... 20\n\nChapter 1 Getting Started\n\nText one.\n\nChapter 2 Advanced Use\n\n"
            "Text two.\n\nChapter 3 Reference\n\nText three.\n")
    a = parse_text(text, path="guide.txt")
    assert [e.title for e in a.outline] == ["Getting Started", "Advanced Use", "Reference"]
    assert [e.block for e in a.outline] == [4, 6, 8]


def test_damaged_numbering_needs_a_sound_sibling_style() -> None:
    # No "(一)" anywhere: a line starting with ")" is just damaged text, not a section.
    text = "标题\n\n一、概述\n\n)这一行是残缺的文字\n\n正文内容在这里。\n"
    a = parse_text(text, path="x.txt")
    assert _outline(a) == [(1, "一", "概述")]
    # With "(一)" written once, the damaged forms are repaired from their neighbours.
    text = "标题\n\n一、概述\n\n(一)第一点\n\n正文。\n\n(二 第二点\n\n正文。\n\n三)第三点\n\n正文。\n\n)第四点\n\n正文。\n"
    a = parse_text(text, path="x.txt")
    assert _outline(a) == [(1, "一", "概述"), (2, "一", "第一点"), (2, "二", "第二点"), (2, "三", "第三点"),
                           (2, "四", "第四点")]
    assert [b.text for b in a.blocks if b.kind == "heading"][1:] == ["(一)第一点", "(二)第二点", "(三)第三点", "(四)第四点"]


def test_question_heading() -> None:
    text = "标题\n\n（一）什么是大数据？\n\n大数据是指规模巨大的数据集合。\n\n（二）大数据有什么用？\n\n用途很多。\n"
    a = parse_text(text, path="x.txt")
    assert _outline(a) == [(1, "一", "什么是大数据？"), (1, "二", "大数据有什么用？")]


def test_unnumbered_subheads_between_prose() -> None:
    body = "This paragraph is long enough to count as prose in a report, with a full stop at the end of it all."
    text = f"Annual Review\n\n{body}\n\nKey Findings\n\n{body}\n\nWhat Comes Next\n\n{body}\n"
    a = parse_text(text, path="r.txt")
    assert _outline(a) == [(1, None, "Key Findings"), (1, None, "What Comes Next")]
    zh_body = "今年以来，各地不断完善数据平台，推动信息共享，群众办事更加方便，基层治理效率明显提高，受到普遍欢迎。"
    text = f"标题\n\n{zh_body}\n\n打通信息孤岛\n\n{zh_body}\n\n让数据多跑路\n\n{zh_body}\n"
    a = parse_text(text, path="z.txt")
    assert _outline(a) == [(1, None, "打通信息孤岛"), (1, None, "让数据多跑路")]


def test_a_single_short_line_is_not_invented_structure() -> None:
    zh_body = "今年以来，各地不断完善数据平台，推动信息共享，群众办事更加方便，基层治理效率明显提高，受到普遍欢迎。"
    a = parse_text(f"标题\n\n{zh_body}\n\n我想起了他\n\n{zh_body}\n", path="z.txt")
    assert a.outline == []


# --- guards for the rules learned from unseen article kinds --------------------


def test_a_refrain_is_not_a_title_printed_twice() -> None:
    refrain = "风吹过河面的时候你在唱"
    text = f"夜航船上的歌\n{refrain}\n你在唱那首很老很老的歌\n{refrain}\n我在听那首很老很老的歌\n"
    a = parse_text(text, path="song.txt")
    assert a.title == "夜航船上的歌"
    assert sum(1 for b in a.blocks if b.text == refrain) == 2


def test_even_unwrapped_paragraphs_are_not_joined() -> None:
    para = "这是一段完整的段落，长度和别的段落差不多，每一行都以句号结束，所以它不是被硬换行切开的文字。"
    text = "标题在这里\n" + "\n".join(para for _ in range(6)) + "\n"
    a = parse_text(text, path="x.txt")
    assert a.paragraph_count == 6


def test_related_list_inside_the_body_keeps_the_text_after_it() -> None:
    prose = "This sentence is long enough to be running text of the article, and it ends with a full stop."
    text = (f"A Headline Worth Reading Today\n\n{prose}\n\nRelated stories\nWhy trains are late\n"
            f"The cost of tickets\n\n{prose} Again.\n\n{prose} Last.\n")
    a = parse_text(text, path="n.txt")
    body = a.plain_text()
    assert "Why trains are late" not in body and "Related stories" not in body
    assert body.endswith("Last.")


def test_signature_and_date_under_a_document() -> None:
    prose = "各单位要认真贯彻落实本通知要求，结合实际抓好组织实施，确保各项工作取得实效。"
    a = parse_text(f"关于开展读书月活动的通知\n{prose}\n{prose}\n市图书馆\n2024年4月1日\n", path="n.txt")
    assert a.metadata["author"] == "市图书馆" and a.metadata["date"] == "2024年4月1日"
    assert "市图书馆" not in a.plain_text()


def test_a_last_line_that_is_prose_is_not_a_signature() -> None:
    prose = "各单位要认真贯彻落实本通知要求，结合实际抓好组织实施，确保各项工作取得实效。"
    a = parse_text(f"关于开展读书月活动的通知\n{prose}\n{prose}\n", path="n.txt")
    assert "author" not in a.metadata and a.paragraph_count == 2


def test_lone_page_numbers_over_a_running_header_are_not_sections() -> None:
    prose = "这一页的正文足够长，像是从文档里转换出来的一段文字，末尾有句号作为结束。"
    text = f"文档标题\n{prose}\n1\n毛概题库\n{prose}\n2\n毛概题库\n{prose}\n"
    a = parse_text(text, path="p.txt")
    assert a.outline == []


def test_a_tight_run_of_bullets_is_a_list_not_subheads() -> None:
    prose = "这里是一段足够长的正文文字，用来把前后的内容隔开，并且以句号结束。"
    text = f"标题行在这里\n{prose}\n■ 苹果\n■ 香蕉\n■ 橘子\n{prose}\n"
    a = parse_text(text, path="b.txt")
    assert a.outline == []


def test_page_marks_and_running_headers_go() -> None:
    prose = "This sentence is long enough to be running text of the article, and it ends with a full stop."
    text = f"Reading Rooms\n\n{prose}\n\nPage 1 of 2\nReading Rooms\n\n{prose}\n\n第 2 页 共 4 页\n\n{prose}\n\n- 3 -\n"
    a = parse_text(text, path="r.txt")
    assert a.title == "Reading Rooms"
    assert [b.text for b in a.blocks] == [prose, prose, prose]
