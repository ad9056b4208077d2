"""Time `parse_html` on a generated ~5 MB web page; report the median of N runs and peak memory.

Usage:  python benchmarks/bench_html.py [--mb 5] [--runs 5] [--lang zh|en]

The page imitates a real long article: a header with navigation, a sidebar, an article with
h2/h3 sections, paragraphs with inline links and emphasis, lists and quotes, a comments
section and a footer. Each run happens in a fresh child process so peak RSS is that of one
parse (reported on top of the interpreter with the libraries imported and warmed up on a small page).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_ZH = "数字政府建设推进治理能力现代化的重要举措近年来各地积极探索大数据应用成效明显群众办事更加方便"
_EN = "the committee reviewed report argued about budget transport housing schools energy policy reform".split()


def _sentence(rng: random.Random, lang: str) -> str:
    if lang == "zh":
        return "".join(rng.choice(_ZH) for _ in range(rng.randint(20, 45))) + "。"
    words = [rng.choice(_EN) for _ in range(rng.randint(10, 24))]
    return " ".join(words).capitalize() + "."


def make_page(target_bytes: int, lang: str = "zh", seed: int = 7) -> bytes:
    rng = random.Random(seed)
    head = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>大型文章基准测试_新闻网</title>"
        "<meta property='og:title' content='大型文章基准测试'><style>.a{color:red}</style>"
        "<script>var x = 1;</script></head><body>"
        "<header><nav><ul>" + "".join(f"<li><a href='/s{i}'>栏目{i}</a></li>" for i in range(30)) + "</ul></nav></header>"
        "<aside class='sidebar'><h3>热门</h3><ul>" + "".join(f"<li><a href='/h{i}'>热门文章{i}</a></li>" for i in range(20)) + "</ul></aside>"
        "<article><h1>大型文章基准测试</h1>"
    )
    tail = (
        "</article><section class='comments'>" + "".join(f"<div class='comment'><p>评论{i}：写得很好。</p></div>" for i in range(50))
        + "</section><footer><p>版权所有 © 2024</p></footer></body></html>"
    )
    parts = [head]
    size = len(head.encode()) + len(tail.encode())
    section = 0
    while size < target_bytes:
        section += 1
        chunk = [f"<h2>第{section}部分 {_sentence(rng, lang)[:12]}</h2>"]
        for sub in range(3):
            chunk.append(f"<h3>{section}.{sub + 1} {_sentence(rng, lang)[:10]}</h3>")
            for _ in range(6):
                sents = " ".join(_sentence(rng, lang) for _ in range(rng.randint(2, 5)))
                chunk.append(f"<p>{sents[:40]}<a href='/x{rng.randint(0, 999)}'>链接</a><strong>重点</strong>{sents[40:]}</p>")
            chunk.append("<ul>" + "".join(f"<li>{_sentence(rng, lang)}</li>" for _ in range(3)) + "</ul>")
            chunk.append(f"<blockquote><p>{_sentence(rng, lang)}</p></blockquote>")
        block = "".join(chunk)
        parts.append(block)
        size += len(block.encode())
    parts.append(tail)
    return "".join(parts).encode("utf-8")


_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
import lxml.html, trafilatura  # the libraries' own import cost is not the parse
from tuireader.ingest.html.reader import parse_html
# Warm-up on a small page: trafilatura loads its stoplists and caches on first use; that
# one-time cost belongs to the libraries, not to the size of the page being measured.
parse_html(open(sys.argv[3], "rb").read(), path="warm.html")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = open(sys.argv[1], "rb").read()
t0, c0 = time.perf_counter(), time.process_time()
art = parse_html(data, path=sys.argv[1])
dt, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"s": dt, "cpu": cpu, "peak_kb": peak, "base_kb": base, "blocks": len(art.blocks),
                  "outline": len(art.outline), "title": art.title}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = ap.parse_args(argv)
    data = make_page(int(args.mb * 1024 * 1024), args.lang)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "big.html"
        page.write_bytes(data)
        warm = Path(tmp) / "warm.html"
        warm.write_bytes(make_page(60_000, args.lang, seed=3))
        results = []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, str(page), str(REPO / "src"), str(warm)],
                capture_output=True, text=True, check=True,
            )
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    times = [r["s"] for r in results]
    extra_mb = statistics.median((r["peak_kb"] - r["base_kb"]) / 1024 for r in results)
    size_mb = len(data) / (1024 * 1024)
    r0 = results[0]
    print(f"html page: {size_mb:.2f} MB ({args.lang}), {r0['blocks']} blocks, {r0['outline']} outline entries")
    cpu = [r["cpu"] for r in results]
    print(f"parse_html: median {statistics.median(times):.3f} s wall over {args.runs} runs "
          f"(min {min(times):.3f}, max {max(times):.3f}); CPU median {statistics.median(cpu):.3f} s; "
          "target < 1.5 s")
    print(f"peak memory on top of interpreter+libraries: {extra_mb:.0f} MB "
          f"= {extra_mb / size_mb:.1f}x file size; target < 10x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
