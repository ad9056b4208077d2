"""Chinese web-novel / text-site scrapes and Chinese papers: the rules of issue 14, classes 3 and 5.

Small texts written for these tests; the real files are in tests/corpus/zh-novels and
tests/corpus/zh-papers (scored by benchmarks/score_corpus.py).
"""

from __future__ import annotations

import json

import pytest

from tuireader.ingest import cnbook
from tuireader.ingest.metadata import parse_fields
from tuireader.ingest.outline import split_numbering
from tuireader.ingest.text import parse_text
from tuireader.ingest.text.scrape import strip_site_credits


def _outline(a):  # type: ignore[no-untyped-def]
    return [(e.level, e.number, e.title) for e in a.outline]


def _dump(a) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(a.to_json(), ensure_ascii=False)


NOVEL = (
    "《测试书》\n作者：张三\n\n第一章 开始\n\n　　他走了。br/>br/>她来了&nbsp;&nbsp;又走了。<br />\n\n"
    "wＷw：xiaoshuotxt？nettxt小＿说天＿堂\n\n分节阅读 2\n\n上一章 目录 下一章\n\n"
    "返回目录 | 加入书签\n\n第二章\n\n　　天亮了，大家起床。上一章我们说过，他出身书香门第。\n\n"
    "　　所有小说仅供试阅，请于下载后24小时内删除，阅读全本请购买实体书。\n"
)


def test_scrape_residue_is_gone_and_prose_stays() -> None:
    a = parse_text(NOVEL, path="x.txt")
    assert a.title == "测试书"  # without the book-title marks
    assert a.metadata.get("author") == "张三"
    texts = [b.text for b in a.blocks if b.kind == "paragraph"]
    assert texts == ["他走了。", "她来了 又走了。", "天亮了，大家起床。上一章我们说过，他出身书香门第。"]
    dumped = _dump(a)
    for bad in ("br/>", "&nbsp;", "xiaoshuotxt", "分节阅读", "下一章", "加入书签", "24小时内删除"):
        assert bad not in dumped, bad
    assert _outline(a) == [(1, "第一章", "开始"), (1, "第二章", "第二章")]


def test_multiline_html_comment_footer_is_dropped() -> None:
    text = "正文第一段，写得很长很长。\n<!--\n---------\n  书籍名称：某书\n  书包网 http://x\n---------\n-->\n"
    out, n = strip_site_credits(text)
    assert out.strip() == "正文第一段，写得很长很长。"
    assert n >= 5


def test_a_long_line_that_mentions_a_site_word_stays() -> None:
    line = "他说起当年在小说下载网站做编辑的日子，" + "那时候大家都很年轻，" * 30 + "后来各奔东西。"
    out, n = strip_site_credits(line + "\n")
    assert n == 0 and out == line + "\n"


def test_nothing_to_strip_returns_the_same_text() -> None:
    text = "第一回 宴桃园豪杰三结义\n\n话说天下大势，分久必合，合久必分。\n"
    out, n = strip_site_credits(text)
    assert out is text and n == 0


@pytest.mark.parametrize(
    ("line", "title", "author"),
    [
        ("《鏡花緣》作者：李汝珍", "鏡花緣", "李汝珍"),
        ("鐵樹記   明 鄧志謨著", "鐵樹記", "鄧志謨"),
        ("續英烈傳[明]徐渭 著", "續英烈傳", "徐渭"),
        ("連城璧（清）李漁", "連城璧", "李漁"),
        ("仙俠五花劍    清·海上劍癡撰", "仙俠五花劍", "海上劍癡"),
        ("玉嬌梨   作者：荻岸散人", "玉嬌梨", "荻岸散人"),
        ("狄公案  清 佚名", "狄公案", None),
        ("书名：上古", "上古", None),
        ("《形而上学》作者：[古希腊]亚里士多德 著", "形而上学", "亚里士多德"),
    ],
)
def test_book_title_lines(line: str, title: str, author: str | None) -> None:
    assert cnbook.book_line(line) == (title, author)


@pytest.mark.parametrize("line", ["第一回 宴桃园", "他说明天来", "话说天下大势，分久必合。", ""])
def test_not_book_title_lines(line: str) -> None:
    assert cnbook.book_line(line) is None


@pytest.mark.parametrize(
    ("value", "name"),
    [("清.沈復（沈三白）", "沈復"), ("清·青心才人", "青心才人"), ("明 鄧志謨著", "鄧志謨"), ("老舍", "老舍"),
     ("王作", "王作")],
)
def test_author_names_lose_dynasty_and_role(value: str, name: str) -> None:
    assert cnbook.author_name(value) == name


def test_classic_title_block() -> None:
    a = parse_text("飛劍記\n明 鄧志謨著\n\n第一回　諸仙朝玉皇大帝　慧童投呂家出世\n\n　　話說天地之間，有仙有佛。\n",
                   path="x.txt")
    assert a.title == "飛劍記"
    assert a.metadata.get("author") == "鄧志謨"
    assert _outline(a) == [(1, "第一回", "諸仙朝玉皇大帝 慧童投呂家出世")]


def test_other_names_after_the_title_are_not_title() -> None:
    a = parse_text("乾隆游江南(又名《萬年青奇才新傳》)\n\n第一回　北京城賢臣監國\n\n　　話說乾隆皇帝。\n", path="x.txt")
    assert a.title == "乾隆游江南"


def test_a_section_word_first_is_no_title() -> None:
    a = parse_text("引 子\n\n　　雨順風調世界寧，仁宗繼統政寬仁。\n\n第一回 鄭達教施俊讀書\n\n　　話說。\n",
                   path="五鼠鬧東京.txt")
    assert a.title == "五鼠鬧東京"
    assert [e.title for e in a.outline][0] == "引子"


PAPER = (
    "基于Python的人脸识别技术综述\n摘要：近年来人脸识别发展很快，本文综述其方法。\n关键词：人脸识别；综述\n\n"
    "1 引言\n人脸识别技术是指在输入的图像中确定是否存在人脸的技术，应用很广。\n\n"
    "2 方法\n人脸识别方法很多，下面分别介绍。\n\n2.1 人脸检测\n检测人脸的位置，方法很多，各有长短。\n\n"
    "结论\n人脸识别仍有很多问题需要研究，前景广阔。\n\n参考文献\n[1] 张三. 人脸识别[J]. 2018.\n"
)


def test_paper_unnumbered_heads_sit_with_numbered_siblings() -> None:
    a = parse_text(PAPER, path="x.txt")
    assert a.title == "基于Python的人脸识别技术综述"
    assert _outline(a) == [
        (1, "1", "引言"), (1, "2", "方法"), (2, "2.1", "人脸检测"), (1, None, "结论"), (1, None, "参考文献"),
    ]
    heads = {e.title for e in a.outline}
    assert "摘要" not in heads and "关键词" not in heads  # run-in labels, not sections


@pytest.mark.parametrize(
    ("line", "number", "title"),
    [("1 引言", "1", "引言"), ("5 总结与展望", "5", "总结与展望"), ("1.1研究背景", "1.1", "研究背景")],
)
def test_paper_numbering_without_a_dot(line: str, number: str, title: str) -> None:
    num = split_numbering(line)
    assert num is not None and (num.number, num.title) == (number, title)


@pytest.mark.parametrize("line", ["2026 年4月25日", "3 个人", "1.5倍行距"])
def test_quantities_are_not_numbering(line: str) -> None:
    num = split_numbering(line)
    assert num is None or num.number not in ("2026", "3", "1.5")


def test_thesis_cover_gives_title_and_author() -> None:
    text = (
        "本科毕业论文\n\n题 目：\t基于 Spring Boot 的竞赛管理系统\n\t的设计与实现\n\n"
        "学    号：\t2209193012\n姓    名：\t樊嘉鑫\n指导教师：\t肖丽萍\n\n"
        "摘 要\n\n本文设计并实现了一个竞赛管理系统，效果良好，值得推广。\n\n"
        "1 绪论\n\n1.1 研究背景\n\n竞赛越来越多，管理越来越难，需要一个系统。\n"
    )
    a = parse_text(text, path="x.txt")
    assert a.title == "基于 Spring Boot 的竞赛管理系统的设计与实现"
    assert a.metadata.get("author") == "樊嘉鑫"
    assert "2209193012" not in _dump(a)


def test_spaced_two_character_labels() -> None:
    assert parse_fields("学    号：\t2209193012") == {}
    assert parse_fields("姓\u3000\u3000名：樊嘉鑫") == {"author": "樊嘉鑫"}


def test_break_residue_only_for_br() -> None:
    out, _ = strip_site_credits("甲。br/>br/>乙<br />丙</wbr>丁<BR>戊\n")
    assert out == "甲。\n\n乙\n丙</wbr>丁\n戊\n"


def test_two_works_in_one_file_are_top_sections() -> None:
    text = (
        "前後七國志\n\n前七國孫龐演義明吳門嘯客撰\n\n第一回　潼關城白起偷營\n\n　　話說周朝。\n\n"
        "第二回　白鹿仙擊涓大冰雹\n\n　　卻說龐涓。\n\n後七國樂田演義古吳煙水散人演輯\n\n"
        "第一回　燕昭王築臺招賢\n\n　　話說燕國。\n"
    )
    a = parse_text(text, path="x.txt")
    assert a.title == "前後七國志"
    assert [(e.level, e.title) for e in a.outline] == [
        (1, "前七國孫龐演義"), (2, "潼關城白起偷營"), (2, "白鹿仙擊涓大冰雹"),
        (1, "後七國樂田演義"), (2, "燕昭王築臺招賢"),
    ]


def test_couplet_title_on_two_lines_joins_the_chapter() -> None:
    text = "定情人\n\n第一回 \n本天倫談性命之情 \n遵母命游婚姻之學\n\n　　詩曰：\n　　好色原兼性與情，故令人欲險難平。\n"
    a = parse_text(text, path="x.txt")
    assert _outline(a) == [(1, "第一回", "本天倫談性命之情 遵母命游婚姻之學")]


def test_inverted_chapter_labels_under_juan() -> None:
    text = "形而上学\n\n卷一\n\n章一\n\n　　求知是人类的本性。\n\n章二\n\n　　我们说过。\n\n卷二\n\n章一\n\n　　真理。\n"
    a = parse_text(text, path="x.txt")
    assert [(e.level, e.number) for e in a.outline] == [(1, "卷一"), (2, "章一"), (2, "章二"), (1, "卷二"), (2, "章一")]


def test_run_in_heads_are_titles_not_clauses() -> None:
    text = (
        "孙子兵法白话文\n\n一、【始计第一】\n"
        "1.孙子说：战争是一个国家的头等大事，关系到军民的生死，国家的存亡，是不能不慎重周密地观察。\n"
        "2.因此，必须通过敌我双方五个方面的分析，七种情况的比较，得到详情，来预测战争胜负的可能性。\n"
    )
    a = parse_text(text, path="x.txt")
    assert _outline(a) == [(1, "一", "始计第一")]


def test_lone_numerals_are_sections_under_chapters() -> None:
    text = (
        "沉沦\n\n第1章\n\n　　一\n　　他近来觉得孤冷得可怜。\n\n　　二\n　　他的早熟的性情，竟把他挤到绝境。\n\n"
        "第2章\n\n　　三\n　　天气一天一天的清凉起来。\n\n　　五\n　　他一个人走了，走了很久很久。\n"
    )
    a = parse_text(text, path="x.txt")
    assert [(e.level, e.number) for e in a.outline] == [
        (1, "第1章"), (2, "一"), (2, "二"), (1, "第2章"), (2, "三"), (2, "五"),
    ]


def test_a_numeral_in_a_poem_is_no_section() -> None:
    text = "诗\n\n一\n\n春眠不觉晓，处处闻啼鸟。\n\n夜来风雨声，花落知多少。\n"
    a = parse_text(text, path="x.txt")
    assert a.outline == []  # one numeral is no sequence


def test_translated_book_credits_and_novel_sections() -> None:
    text = (
        "沉思录\n[古罗马] 马可·奥勒留 著\n何怀宏/译\n\n序章\n\n　　这是序章的内容，很长很长。\n\n"
        "第一部分 开端\n\n第一章\n\n　　他说了很多话。\n\n番外 一个故事\n\n　　番外的内容。\n\n译后记\n\n　　译者说了一些话。\n"
    )
    a = parse_text(text, path="x.txt")
    assert a.title == "沉思录"
    assert a.metadata["author"] == "马可·奥勒留" and a.metadata["translator"] == "何怀宏"
    assert [(e.level, e.title) for e in a.outline] == [
        (1, "序章"), (1, "开端"), (2, "第一章"), (1, "番外 一个故事"), (1, "译后记"),
    ]


@pytest.mark.parametrize(
    ("line", "credit"),
    [("鲁迅 著", ("author", "鲁迅")), ("傅惟慈 譯", ("translator", "傅惟慈")), ("明 鄧志謨著", ("author", "鄧志謨")),
     ("世界名著", None), ("他说着", None)],
)
def test_credit_lines(line: str, credit: tuple[str, str] | None) -> None:
    assert cnbook.credit_line(line) == credit


def test_items_under_chapter_sections_nest_below_them() -> None:
    text = (
        "论文题目\n\n第一章 绪论\n\n1.1 研究背景\n\n背景说了很多很多的话，需要写得足够长才像正文。\n\n"
        "1.1.1 问题\n\n1.层次化主题：消息通过层级化的主题字符串进行路由，这是很长的说明。\n\n"
        "2.分级服务：根据不同的服务质量等级传递消息，这也是很长的说明。\n\n"
        "1.1.2 对策\n\n对策的正文，需要写得足够长才像正文。\n\n"
        "1.2 研究意义\n\n意义也说了很多很多的话，需要写得足够长才像正文。\n\n第二章 方法\n\n2.1 设计\n\n设计的正文，很长很长很长。\n"
    )
    a = parse_text(text, path="x.txt")
    assert [(e.level, e.number) for e in a.outline] == [
        (1, "第一章"), (2, "1.1"), (3, "1.1.1"), (4, "1"), (4, "2"), (3, "1.1.2"), (2, "1.2"), (1, "第二章"), (2, "2.1"),
    ]


def test_table_of_contents_under_mulu_is_dropped() -> None:
    text = (
        "题目：某系统的设计\n\n目 录\n1 绪论\n1.1 背景\n1.2 意义\n2 设计\n2.1 架构\n2.2 模块\n3 总结\n\n"
        "1 绪论\n\n1.1 研究背景与意义\n\n绪论的正文写在这里，要写得足够长才像正文。\n\n1.2 意义\n\n意义的正文，也要足够长才像正文。\n\n"
        "2 设计\n\n2.1 架构\n\n架构的正文，也要足够长才像正文。\n\n2.2 模块\n\n模块的正文，也要足够长才像正文。\n\n"
        "3 总结\n\n总结的正文，也要足够长才像正文。\n"
    )
    a = parse_text(text, path="x.txt")
    assert a.title == "某系统的设计"
    assert [e.number for e in a.outline] == ["1", "1.1", "1.2", "2", "2.1", "2.2", "3"]
