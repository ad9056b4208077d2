"""Ingest benchmark: parse a generated 5 MB Chinese plain-text article and a 5 MB web page.

Usage:  python benchmarks/bench_ingest.py [--mb 5] [--runs 5] [--keep DIR] [--markdown]

Targets (issue 2): 5 MB text parsed in < 0.5 s, 5 MB HTML in < 1.5 s, peak memory
< 10 x the file size on top of the interpreter.

Each run is a fresh child process (fresh state: no warm caches, the reader modules
imported lazily by `load_article` as in real use). A child reports:

- cold: `load_article(path)` the first time, lazy imports of the reader included
  (wall clock; "cpu s" is the same parse's process CPU time, which a busy machine
  inflates less);
- warm: a second `load_article(path)` in the same process (the parse alone);
- rss: growth of the peak resident set (ru_maxrss) over the interpreter with
  `tuireader.ingest.load` imported, across the cold parse (libraries it imports included);
- traced: tracemalloc's peak of Python allocations during a third parse.

The table shows the median of the runs for times and the largest value for memory.
Inputs are generated here (no ../shared needed): the text imitates a long Chinese policy
article (一、/（一）/1. numbering, run-in heads, paragraphs of 100-400 characters, some
hard-wrapped); the page has an article with h1/h2/h3 and paragraphs inside navigation,
a sidebar, comments and a footer.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = {"text": 0.5, "html": 1.5}
MEMORY_FACTOR = 10

_ZH_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
    "行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些"
    "然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月"
)
_ZH_WORDS = (
    "经济 社会 发展 历史 文化 研究 问题 政策 城市 农村 教育 技术 市场 制度 人民 传统 现代 改革 科学 环境 资源 管理 "
    "国家 地方 组织 理论 实践 思想 生活 时代 数据 治理 能力 建设 服务 公共 决策 信息 网络 平台 机制 体系"
).split()
_CN_NUM = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1..99 in Chinese numerals (一, 十一, 二十三)."""
    if n < 10:
        return _CN_NUM[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_NUM[tens]) + "十" + (_CN_NUM[ones] if ones else "")


def _sentence(rng: random.Random) -> str:
    clauses = []
    for _ in range(rng.randint(2, 4)):
        n = rng.randint(4, 10)
        clauses.append(
            "".join(
                rng.choice(_ZH_WORDS) if rng.random() < 0.4 else rng.choice(_ZH_CHARS)
                for _ in range(n)
            )
        )
    return "，".join(clauses) + rng.choice("。。。！？")


def _paragraph(rng: random.Random) -> str:
    target = rng.randint(100, 400)
    text = ""
    while len(text) < target:
        text += _sentence(rng)
    return text[:target].rstrip("，") + "。"


def _title(rng: random.Random) -> str:
    return "".join(rng.choice(_ZH_WORDS) for _ in range(rng.randint(2, 4)))


def make_text(target_bytes: int, seed: int = 7) -> bytes:
    """A long Chinese article as plain text, about `target_bytes` of UTF-8."""
    rng = random.Random(seed)
    lines = [
        "大数据时代政府治理能力建设研究",
        "",
        "时间：2020-06-05 10:46:15 来源：研究中心 浏览次数：14260",
        "",
        "作者：研究中心课题组",
        "",
    ]
    size = sum(len(x.encode()) + 1 for x in lines)
    part = 0
    while size < target_bytes:
        part += 1
        chunk = [f"{cn_numeral(part % 99 or 99)}、{_title(rng)}", ""]
        for sec in range(1, rng.randint(3, 5)):
            chunk += [f"（{cn_numeral(sec)}）{_title(rng)}", ""]
            for item in range(1, rng.randint(3, 6)):
                para = _paragraph(rng)
                if item <= 3 and rng.random() < 0.5:
                    para = f"{item}.{_title(rng)}。{para}"  # a run-in head
                if rng.random() < 0.3:  # hard-wrapped, as scraped text often is
                    chunk += [para[i : i + 36] for i in range(0, len(para), 36)]
                else:
                    chunk.append(para)
                chunk.append("")
        block = "\n".join(chunk) + "\n"
        lines.append(block)
        size += len(block.encode()) + 1
    return "\n".join(lines).encode("utf-8")


def make_html(target_bytes: int, seed: int = 11) -> bytes:
    """A long article page, about `target_bytes`, with realistic boilerplate around it."""
    rng = random.Random(seed)
    nav = "".join(
        f"<li><a href='/c{i}'>栏目{cn_numeral(i % 99 or 1)}</a></li>" for i in range(1, 40)
    )
    side = "".join(
        f"<li><a href='/hot/{i}.html'>{_title(rng)}{_title(rng)}</a></li>" for i in range(30)
    )
    head = (
        "<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
        "<title>大数据时代政府治理能力建设研究_智库成果_新闻网</title>"
        "<meta name='author' content='研究中心课题组'>"
        "<meta property='article:published_time' content='2020-06-05T10:46:15+08:00'>"
        "<style>body{font:14px sans-serif}.nav li{display:inline}</style>"
        "<script>window.dataLayer=[];function track(){return 1;}</script></head><body>"
        f"<header><div class='logo'>新闻网</div><nav class='nav'><ul>{nav}</ul></nav></header>"
        "<div class='breadcrumb'><a href='/'>首页</a> &gt; <a href='/zk'>智库成果</a> &gt; 正文</div>"
        f"<div class='main'><aside class='sidebar'><h3>热门文章</h3><ul>{side}</ul></aside>"
        "<article class='content'><h1>大数据时代政府治理能力建设研究</h1>"
        "<p class='info'>时间：2020-06-05 10:46:15 来源：研究中心</p>"
    )
    comments = "".join(
        f"<div class='comment'><span class='user'>网友{i}</span><p>{_sentence(rng)}</p></div>"
        for i in range(40)
    )
    tail = (
        "<div class='share'>分享到：微信 微博</div>"
        "<div class='pager'><a rel='prev' href='/zk/1.html'>上一篇：壮大农村集体经济研究</a>"
        "<a rel='next' href='/zk/3.html'>下一篇：提升智库知识服务能力</a></div>"
        f"</article></div><section class='comments'><h3>网友评论</h3>{comments}</section>"
        "<footer><p>版权所有 © 2020 新闻网 京ICP备00000000号</p><ul>"
        + "".join(f"<li><a href='/about/{i}'>关于我们{i}</a></li>" for i in range(15))
        + "</ul></footer><script>track();</script></body></html>\n"
    )
    parts = [head]
    size = len(head.encode()) + len(tail.encode())
    part = 0
    while size < target_bytes:
        part += 1
        chunk = [f"<h2>{cn_numeral(part % 99 or 99)}、{html.escape(_title(rng))}</h2>"]
        for sec in range(1, rng.randint(3, 5)):
            chunk.append(f"<h3>（{cn_numeral(sec)}）{html.escape(_title(rng))}</h3>")
            for _ in range(rng.randint(3, 6)):
                para = _paragraph(rng)
                cut = rng.randint(10, 60)
                chunk.append(
                    f"<p>{para[:cut]}<a href='/k/{rng.randint(1, 999)}'>{_title(rng)}</a>"
                    f"<strong>{para[cut : cut + 8]}</strong>{para[cut + 8 :]}</p>"
                )
        text = "\n".join(chunk) + "\n"
        parts.append(text)
        size += len(text.encode())
    parts.append(tail)
    return "".join(parts).encode("utf-8")


def make_markdown(target_bytes: int, seed: int = 5) -> bytes:
    """The same kind of article as Markdown (#/##/### headings, lists, a code block)."""
    rng = random.Random(seed)
    out = [
        "---",
        "title: 大数据时代政府治理能力建设研究",
        "date: 2020-06-05",
        "---",
        "",
        "# 大数据时代政府治理能力建设研究",
        "",
    ]
    size = sum(len(x.encode()) + 1 for x in out)
    part = 0
    while size < target_bytes:
        part += 1
        chunk = [f"## {cn_numeral(part % 99 or 99)}、{_title(rng)}", ""]
        for sec in range(1, rng.randint(3, 5)):
            chunk += [f"### （{cn_numeral(sec)}）{_title(rng)}", ""]
            for _ in range(rng.randint(3, 6)):
                para = _paragraph(rng)
                chunk += [
                    f"{para[:20]}**{para[20:28]}**{para[28:]} [链接](https://example.com/{sec})",
                    "",
                ]
            chunk += [f"- {_title(rng)}" for _ in range(3)] + [""]
        text = "\n".join(chunk) + "\n"
        out.append(text)
        size += len(text.encode()) + 1
    return "\n".join(out).encode("utf-8")


_CHILD = r"""
import json, resource, sys, time, tracemalloc
sys.path.insert(0, {src!r})
from tuireader.ingest.load import load_article
path = sys.argv[1]
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
c = time.process_time(); t = time.perf_counter(); article = load_article(path)
cold = time.perf_counter() - t; cpu = time.process_time() - c
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
del article
t = time.perf_counter(); article = load_article(path); warm = time.perf_counter() - t
blocks, outline = len(article.blocks), len(article.outline)
del article
tracemalloc.start(); load_article(path); traced = tracemalloc.get_traced_memory()[1]; tracemalloc.stop()
print(json.dumps({{"cold": cold, "cpu": cpu, "warm": warm, "rss": (rss1 - rss0) * 1024, "traced": traced,
                  "blocks": blocks, "outline": outline}}))
"""


def run_child(path: Path) -> dict[str, float]:
    code = _CHILD.format(src=str(REPO / "src"))
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=5.0, help="size of each generated file (MB)")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per file")
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    parser.add_argument(
        "--markdown", action="store_true", help="also time a Markdown article (no target)"
    )
    args = parser.parse_args()

    target = int(args.mb * 1_000_000)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tuireader-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    text = make_text(target)
    cases: list[tuple[str, str, Path, bytes]] = [
        ("text", "zh text, UTF-8", folder / "bench-zh.txt", text),
        (
            "text",
            "zh text, GB18030",
            folder / "bench-zh-gb18030.txt",
            make_text(target * 3 // 2).decode().encode("gb18030"),
        ),
        ("html", "zh web page", folder / "bench-zh.html", make_html(target)),
    ]
    if args.markdown:
        cases.append(("markdown", "zh Markdown", folder / "bench-zh.md", make_markdown(target)))

    header = (
        f"{'input':<18} {'MB':>5} {'cold s':>7} {'cpu s':>6} {'warm s':>7} {'MB/s':>6} {'target':>7} "
        f"{'rss MB':>7} {'traced MB':>9} {'x size':>6} {'blocks':>7} {'outline':>7}  result"
    )
    print(
        f"tuireader ingest benchmark: median of {args.runs} fresh processes; Python {sys.version.split()[0]}"
    )
    print(header)
    print("-" * len(header))
    failed = False
    for kind, label, path, data in cases:
        path.write_bytes(data)
        runs = [run_child(path) for _ in range(args.runs)]
        mb = len(data) / 1_000_000
        cold = statistics.median(r["cold"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        warm = statistics.median(r["warm"] for r in runs)
        rss = max(r["rss"] for r in runs) / 1_000_000
        traced = max(r["traced"] for r in runs) / 1_000_000
        factor = max(rss, traced) / mb
        limit = TARGET_SECONDS.get(kind)
        ok = (limit is None or cold < limit) and factor < MEMORY_FACTOR
        failed |= limit is not None and not ok
        verdict = "ok" if ok else "MISSED"
        if limit is None:
            verdict = "(no target)" if factor < MEMORY_FACTOR else "memory MISSED"
        print(
            f"{label:<18} {mb:>5.2f} {cold:>7.3f} {cpu:>6.3f} {warm:>7.3f} {mb / cold:>6.1f} "
            f"{(f'<{limit}' if limit else '-'):>7} {rss:>7.1f} {traced:>9.1f} {factor:>6.1f} "
            f"{runs[0]['blocks']:>7} {runs[0]['outline']:>7}  {verdict}"
        )
    print(
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs: wall-clock times grow on a "
        "busy machine; cpu s (the cold parse's CPU time) much less"
    )
    print(
        f"memory target: peak < {MEMORY_FACTOR} x file size on top of the interpreter (x size = max(rss, traced) / MB)"
    )
    if args.keep is None:
        for _kind, _label, path, _data in cases:
            path.unlink(missing_ok=True)
        folder.rmdir()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
