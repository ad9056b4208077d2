"""`tuireader inspect --explain`: every input line and what it became (issue 14, item 9)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.ingest import load_article
from tuireader.ingest.explain import explain_blocks, explain_lines
from tuireader.ingest.text import parse_text

DATA = Path(__file__).resolve().parent / "data"
SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "zhumadian-think-tank-article.txt"

SCRAPE = """\
首页 | 新闻 | 登录 | 注册
分享到：微信 微博 QQ空间
城市阅读空间建设研究
时间：2021-03-18 09:30 来源：研究院
一、为什么需要阅读空间
城市的公共阅读空间是市民日常生活的一部分，它让阅读成为一种习惯，也让社区有了一个可以停留的地方。
（一）现状
目前各区的阅读空间分布并不均衡，中心城区密集而新区稀少，开放时间也多与上班时间重叠。
免责声明：本网转载的文章仅代表作者观点，不代表本网立场。
"""


def verdicts(text: str) -> dict[str, str]:
    reports = explain_lines(text, parse_text(text, path="x.txt"))
    return {r.text.strip(): r.verdict for r in reports}


def test_a_scrape_is_explained_line_by_line() -> None:
    got = verdicts(SCRAPE)
    assert got["首页 | 新闻 | 登录 | 注册"] == "dropped: navigation bar"
    assert got["分享到：微信 微博 QQ空间"] == "dropped: share widget"
    assert got["城市阅读空间建设研究"] == "title"
    assert got["时间：2021-03-18 09:30 来源：研究院"].startswith("metadata: ")
    assert got["一、为什么需要阅读空间"] == "heading, level 1, numbered '一' (cn)"
    assert got["（一）现状"] == "heading, level 2, numbered '一' (cn_paren)"
    assert got[SCRAPE.splitlines()[5]].startswith("paragraph ")
    assert got["免责声明：本网转载的文章仅代表作者观点，不代表本网立场。"] == "dropped: disclaimer"


def test_a_gutenberg_text_names_the_licence_and_joined_lines() -> None:
    path = DATA / "text" / "en-gutenberg-mini.txt"
    text = path.read_text(encoding="utf-8")
    reports = explain_lines(text, load_article(path))
    by_text = {r.text.strip(): r.verdict for r in reports}
    assert by_text["Title: A Small Voyage"] == "title"
    assert by_text["Author: Ann Example"] == "metadata: author"
    assert by_text["This eBook is for the use of anyone anywhere at no cost and with"].startswith(
        "dropped: Project Gutenberg licence"
    )
    assert by_text["CHAPTER I. The Harbour at Dawn, and What the Fishermen Said to Each"].startswith("heading, level")
    assert any("continued: joined to the line above" in r.verdict for r in reports)


def test_the_seed_article_is_explained_as_its_reader_sees_it() -> None:
    if not SEED.is_file():
        pytest.skip("../shared is absent")
    text = SEED.read_text(encoding="utf-8")
    reports = explain_lines(text, load_article(SEED))
    by_text = {" ".join(r.text.split()): r.verdict for r in reports}
    assert by_text["分 享 至 手 機"] == "dropped: share widget"
    assert by_text["大數據時代政府治理能力建設研究"] == "title"
    assert by_text["西平縣水利局黨組書記 局長 焦春平"] == "metadata: byline"
    assert "repaired" in by_text[")大數據開放共享有限"]
    assert by_text["7. 下一篇:提升我國黨政智庫知識服務能力"] == "link: next article"
    assert not [r for r in reports if r.verdict.startswith("dropped: after")
                and r.text.strip().startswith(("1.", "2.", "3."))
                and len(r.text) > 40], "a body paragraph reported as dropped"


def test_a_web_page_is_explained_block_by_block() -> None:
    article = load_article(DATA / "html" / "article.html")
    reports = explain_blocks(article)
    assert len(reports) == len(article.blocks)
    assert any(r.verdict.startswith("heading") for r in reports)


def test_inspect_explain_prints_a_header_and_one_row_per_line(tmp_path: Path) -> None:
    path = tmp_path / "scrape.txt"
    path.write_text(SCRAPE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "tuireader", "inspect", "--explain", str(path)],
                         capture_output=True)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode("utf-8").splitlines()
    assert lines[0] == "城市阅读空间建设研究"
    assert "text, utf-8" in lines[1]
    rows = lines[3:]
    assert len(rows) == len([x for x in SCRAPE.splitlines() if x.strip()])
    assert rows[0].split()[0] == "1" and "navigation bar" in rows[0]


_LINES = st.lists(
    st.one_of(
        st.sampled_from(["", "一、总则", "（二）范围", "CHAPTER IV.", "分享到：微信", "Title: X", "<br/>", "   ",
                         "*** START OF THE PROJECT GUTENBERG EBOOK X ***", "*** END OF THE PROJECT GUTENBERG EBOOK X ***"]),
        st.text(alphabet=st.sampled_from("abc 数据治理。，.\t"), max_size=120),
    ),
    max_size=40,
)


@settings(max_examples=120, deadline=None)
@given(lines=_LINES)
def test_every_nonblank_line_is_reported_once_in_order(lines: list[str]) -> None:
    text = "\n".join(lines)
    reports = explain_lines(text, parse_text(text, path="p.txt"))
    expected = [i + 1 for i, line in enumerate(text.split("\n")) if line.strip()]
    assert [r.number for r in reports] == expected
    assert all(r.verdict for r in reports)
