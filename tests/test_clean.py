"""Line cleanup rules: each one pinned on the residue it exists for, and on prose it must keep."""

from __future__ import annotations

import pytest

from tuireader.ingest import clean


def test_strip_tags_removes_known_elements_only() -> None:
    assert clean.strip_tags('<video id="njjfz"></video>') == ""
    assert clean.strip_tags('<i id="x"><bdo id="x"></bdo></i>正文') == "正文"
    assert clean.strip_tags("a <b>bold</b> word") == "a bold word"
    # not an HTML element: prose comparison survives
    assert clean.strip_tags("if a <x and y> b") == "if a <x and y> b"
    assert clean.strip_tags("3 < 5 and 7 > 2") == "3 < 5 and 7 > 2"


def test_clean_line_turns_list_residue_of_tags_into_nothing() -> None:
    assert clean.clean_line('  1. <wbr id="njjfz"></wbr>') == ""
    assert clean.clean_line("  2. <i id=\"a\"><bdo id=\"a\"></bdo></i>") == ""
    assert clean.clean_line("1.網絡基礎設施建設滯後。") == "1.網絡基礎設施建設滯後。"


def test_entities_are_unescaped() -> None:
    assert clean.clean_line("A&amp;B&nbsp;C") == "A&B C"
    assert clean.clean_line("AT&T rocks") == "AT&T rocks"


@pytest.mark.parametrize(
    "line",
    [
        "亚洲综合在线精品,亚洲一区无码精品,中文字幕无码久久免费,亚洲欧美国产色婷婷",
        "在线精品免费,亚洲一区无码精品,中文字幕久久免费",
    ],
)
def test_spam_keyword_lines(line: str) -> None:
    assert clean.is_junk(line, in_head=True)
    assert clean.is_junk(line)  # spam vocabulary is enough anywhere


def test_keyword_list_without_spam_words_only_in_head() -> None:
    line = "数字治理,乡村振兴,基层建设,智慧农村"
    assert clean.is_junk(line, in_head=True)
    assert not clean.is_junk(line)


def test_sentence_with_commas_is_not_spam() -> None:
    line = "新時代,網絡信息技術迅猛發展,與政治、文化、經濟深度融合,使得人類社會快速進入了大數據時代。"
    assert not clean.is_junk(line, in_head=True)


@pytest.mark.parametrize(
    "line", ["分 享 至 手 機", "分享到：", "分享到微信朋友圈", "【打印本页】", "关闭窗口", "返回顶部", "字号：大 中 小"]
)
def test_share_widgets(line: str) -> None:
    assert clean.is_share_widget(line)
    assert clean.is_junk(line)


@pytest.mark.parametrize("line", ["駐馬店融媒宣傳下載", "扫码下载客户端", "江城融媒客户端下载"])
def test_promos(line: str) -> None:
    assert clean.is_junk(line)


def test_promo_rule_keeps_sentences() -> None:
    assert not clean.is_junk("用户可以在官网下载最新版本的客户端软件。")


def test_disclaimer_and_copyright() -> None:
    assert clean.is_junk("免責聲明:凡本網注明“來源:XXX”的作品,均轉載自其它媒體。")
    assert clean.is_junk("版权所有 © 2020 江城新闻网 豫ICP备12345678号", in_tail=True)
    assert clean.is_junk("豫公网安备 41170202000123号", in_head=True)
    # prose that merely talks about copyright stays in the body
    assert not clean.is_junk("版权所有人有权决定作品是否发表。")


def test_pinyin_annotations_stripped_when_the_pattern_repeats() -> None:
    text = "網絡信息技術迅猛發(fā)展,系統(tǒng)分析,(如《條例》)和(同時保留大廳)"
    out = clean.strip_pinyin(text)
    assert out == "網絡信息技術迅猛發展,系統分析,(如《條例》)和(同時保留大廳)"


def test_single_parenthesised_letter_is_not_pinyin() -> None:
    text = "方案(a)比方案(b)好"
    assert clean.strip_pinyin(text) == text


def test_one_annotation_is_not_a_pattern() -> None:
    text = "發(fā)展很快"
    assert clean.strip_pinyin(text) == text


def test_pinyin_after_mojibake_goes_once_the_pattern_is_established() -> None:
    text = "發(fā)展,統(tǒng)一,⑾到y(tǒng)整合"
    assert "(tǒng)" not in clean.strip_pinyin(text)


def test_toneless_syllable_after_character() -> None:
    text = "發(fā)展,統(tǒng)計,好的(de)做法, ratio (de) stays"
    out = clean.strip_pinyin(text)
    assert "好的做法" in out and "ratio (de) stays" in out


def test_strip_list_residue() -> None:
    assert clean.strip_list_residue("  6. 上一篇:壯大") == "上一篇:壯大"
    assert clean.strip_list_residue("1.網絡") == "1.網絡"


def test_collapse_ws() -> None:
    assert clean.collapse_ws("西平縣 局長 \u00a0 焦春平\u3000") == "西平縣 局長 焦春平"


@pytest.mark.parametrize(
    "title",
    ["关于规范APP下载管理的通知", "分享经济的发展与治理", "打印机产业调查报告", "著作权与版权所有人的关系研究",
     "Copyright law in the digital age"],
)
def test_titles_that_mention_widget_words_are_kept(title: str) -> None:
    assert not clean.is_junk(title, in_head=True)


# --- rules found on unseen article kinds -------------------------------------


@pytest.mark.parametrize("line", ["分享 收藏 点赞 在看", "转藏 全屏 打印 分享", "转藏 分享 献花(0)", "阅读原文",
                                  "Share on Facebook", "Share this article", "点击上方蓝字关注我们",
                                  "收录于合集 #书店日记 12个", "举报/认领", "发表评论："])
def test_page_widgets_are_junk(line: str) -> None:
    assert clean.is_junk(line)


@pytest.mark.parametrize("line", ["+1", "0 0", "赞同 1024 88 条评论", "1,024 人赞同了该回答"])
def test_widget_counters_are_junk_only_at_the_edges(line: str) -> None:
    assert clean.is_junk(line, in_tail=True)
    assert not clean.is_junk(line)


@pytest.mark.parametrize("line", ["2023", "0001000110101100010100010111010001011", "喜欢这本书的人很多"])
def test_numbers_and_prose_are_not_counters(line: str) -> None:
    assert not clean.is_junk(line, in_tail=True)


def test_address_line_with_commas_is_not_a_keyword_list() -> None:
    assert not clean.is_junk("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：", in_head=True)
    assert clean.is_junk("读书,读书方法,精读,泛读", in_head=True)


def test_single_disclaimer_sentence_in_parentheses() -> None:
    assert clean.is_disclaimer("（本文僅代表作者個人觀點，不代表本中心立場）")
    assert not clean.is_disclaimer("作者认为，读书的观点因人而异。")


def test_nav_bar_has_no_numbers() -> None:
    assert clean.is_nav_bar("首页 | 时政 | 国际 | 财经")
    assert not clean.is_nav_bar("2021-11-05 | 阅：1583 转：27 | 分享")


def test_labelled_fields_joined_by_bars_are_not_keyword_spam() -> None:
    line = "上传人：wangli2020 | 上传时间：2022-03-15 | 浏览：2356 | 下载：118 | 格式：DOC | 页数：6"
    assert not clean.is_spam_keywords(line, in_head=True)


def test_space_separated_site_menu_is_a_nav_bar() -> None:
    assert clean.is_nav_bar("首页 分类 上传 登录 注册")
    assert not clean.is_nav_bar("我们 首页 看到 的 风景 很 美 而且 这里 的 人 都 很 友好 真的")
