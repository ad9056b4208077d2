"""Library at scale: cold indexing, warm start, search latency, index size, peak memory.

Generates its own library (mixed Chinese and English, .txt and .md, 2–50 KB per article,
about 20 KB on average: 10,000 articles ≈ 200 MB) in a temporary folder, with the cache
pointed at another temporary folder, then measures:

  * cold index: `Library.open_cached` + `refresh()` on an empty cache (time, MB/s);
  * warm start: `open_cached` to a full entries list (in-process median, and a fresh
    interpreter), and a headless app start to the library list when `make_app` exists;
  * search: p50/p95 over 100 queries (Chinese 2- and 4-character words, English words,
    phrases), each run against the index as the search screen runs it;
  * index size on disk; peak RSS of this process plus its worker processes (sampled).

    python benchmarks/bench_library.py                 # 10,000 articles
    python benchmarks/bench_library.py --articles 1000 # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# Common words: 2- and 4-character Chinese, English; the generator also mixes in random
# characters from a wide pool so articles have a realistic number of distinct characters.
ZH2 = (
    "数据 发展 经济 社会 政策 研究 问题 建设 国家 政府 市场 企业 技术 管理 服务 系统 工作 教育 文化 历史 "
    "城市 农村 人口 资源 环境 能源 交通 科学 创新 改革 开放 合作 安全 风险 金融 投资 产业 结构 质量 效率 "
    "网络 信息 平台 制度 法律 组织 人才 资金 项目 规划 区域 中心 地方 基层 群众 生活 收入 就业 医疗 健康 "
    "我们 他们 这个 那些 因为 所以 但是 如果 已经 可以 需要 应该 进行 通过 实现 提高 加强 推动 促进 完善 "
    "智库 报告 方案 指标 模型 调查 样本 结果 分析 评估 影响 作用 目标 任务 措施 机制 能力 水平 条件 基础"
).split()
ZH4 = (
    "中华人民 高质量发展 数字经济 乡村振兴 社会治理 科技创新 城乡融合 公共服务 生态环境 产业升级 "
    "人工智能 基础设施 营商环境 区域协调 共同富裕 对外开放 全面深化 体制机制 数据要素 新型城镇"
).split()
EN = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an "
    "they you were her she there would their we him been has when who will more no if out so said what up its "
    "about into than them can only other new some could time these two may then do first any my now such like "
    "data index library search reader article policy research market system network model analysis report "
    "growth energy health education history science reform capital labour region county province village "
    "whale ocean captain harbour voyage winter summer morning evening window garden letter answer question"
).split()
SYLLABLES = "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo".split()


def pseudo_words(n: int, rng: random.Random) -> list[str]:
    """A long tail of English-like words, so articles have a realistic vocabulary
    (~1,000 distinct words per 20 KB, as real prose does)."""
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) + rng.choice(["", "s", "ed", "ing", "tion", "ly"]))
    return sorted(words)


PHRASES = ["big data", "the first", "public policy", "market reform", "data index", "the captain", "winter morning"]


def _zipf_weights(n: int) -> list[float]:
    """Cumulative Zipf weights (pass as `cum_weights`: `choices` then skips an O(n) sum)."""
    return list(itertools.accumulate(1.0 / (i + 1) for i in range(n)))


def make_paragraph_pools(rng: random.Random, n: int = 6000) -> tuple[list[str], list[str]]:
    """Pools of Chinese and English paragraphs; articles are drawn from them (fast)."""
    pool_chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3500)]
    char_w = _zipf_weights(len(pool_chars))
    zh_words = ZH2 + ZH4
    zh_w = _zipf_weights(len(zh_words))
    en_words = EN + pseudo_words(8000, random.Random(11))
    en_w = _zipf_weights(len(en_words))
    zh, en = [], []
    for _ in range(n):
        parts = []
        for _s in range(rng.randint(2, 6)):
            words = rng.choices(zh_words, cum_weights=zh_w, k=rng.randint(4, 12))
            rare = "".join(rng.choices(pool_chars, cum_weights=char_w, k=rng.randint(8, 30)))
            mid = rng.randint(0, len(words))
            parts.append("".join(words[:mid]) + rare + "".join(words[mid:]) + "。")
        zh.append("".join(parts))
        sents = []
        for _s in range(rng.randint(2, 6)):
            ws = rng.choices(en_words, cum_weights=en_w, k=rng.randint(8, 24))
            if rng.random() < 0.2:
                ws.insert(rng.randint(0, len(ws)), rng.choice(PHRASES))
            sents.append(" ".join(ws).capitalize() + ".")
        en.append(" ".join(sents))
    return zh, en


def generate_library(root: Path, articles: int, seed: int = 7) -> int:
    """Write `articles` files under `root` (sub-folders of 500); returns total bytes."""
    rng = random.Random(seed)
    zh_pool, en_pool = make_paragraph_pools(rng)
    total = 0
    for i in range(articles):
        lang_zh = i % 2 == 0
        md = i % 5 == 0
        target = int(rng.triangular(2_000, 50_000, 8_000))
        pool = zh_pool if lang_zh else en_pool
        title = (f"第{i}号报告：" + rng.choice(ZH4)) if lang_zh else f"Report {i}: " + " ".join(rng.choices(EN[60:], k=3)).title()
        lines = [("# " if md else "") + title, ""]
        size = len(title.encode()) * 2
        section = 0
        while size < target:
            if rng.random() < 0.12:
                section += 1
                head = (f"{'一二三四五六七八九十'[section % 10]}、" + rng.choice(ZH2) + rng.choice(ZH2)) if lang_zh else f"{section}. " + rng.choice(EN[60:]).title()
                lines += [("## " if md else "") + head, ""]
            para = rng.choice(pool)
            lines += [para, ""]
            size += len(para.encode()) + 1
        folder = root / f"part-{i // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = "\n".join(lines).encode("utf-8")
        (folder / f"article-{i:05d}.{'md' if md else 'txt'}").write_bytes(data)
        total += len(data)
    return total


class RssSampler:
    """Peak memory of this process plus all its descendants, and the CPU seconds they used
    (a figure the other load on a shared machine does not change much, unlike wall time).

    The peak is the sum of each process's own high-water mark (`VmHWM`), an upper bound on
    the peak of the sum that no sampling interval can miss. Sampling is every 0.2 s: at
    20 ms, reading /proc cost ~6% of a core, taken from the indexing it measures.
    """

    def __init__(self) -> None:
        self._cpu: dict[int, float] = {}
        self._hwm: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    @property
    def peak(self) -> int:
        return sum(self._hwm.values())

    @property
    def own_cpu_seconds(self) -> float:
        return self._cpu.get(os.getpid(), 0.0)

    def __enter__(self) -> RssSampler:
        try:  # reset this process's high-water mark: generating the library is not indexing
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
        except OSError:
            pass
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._note_hwm(os.getpid())

    def _note_hwm(self, pid: int) -> None:
        self._hwm[pid] = max(self._hwm.get(pid, 0), _hwm(pid))

    def _run(self) -> None:
        me = os.getpid()
        start = _cpu(me)
        while not self._stop.is_set():
            for pid in _descendants(me) | {me}:
                self._note_hwm(pid)
                used = _cpu(pid)
                if used:
                    self._cpu[pid] = used - (start if pid == me else 0.0)
            self._stop.wait(0.2)


def _hwm(pid: int) -> int:
    """Peak resident set size of `pid` so far, in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cpu(pid: int) -> float:
    """utime + stime of `pid` in seconds (0.0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(name))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def make_queries(rng: random.Random) -> list[str]:
    """100 queries: Chinese 2- and 4-character words, English words (common and from the
    long tail), quoted phrases, two-term queries."""
    tail = pseudo_words(8000, random.Random(11))
    queries = rng.sample(ZH2, 25) + rng.sample(ZH4, 15)
    queries += rng.sample(EN[60:], 15) + rng.sample(tail[:2000], 15)
    queries += ['"' + p + '"' for p in PHRASES] * 3
    queries += ["数据 发展", "market policy", "智库 report", "政策 研究", "energy reform", "whale 中心", "发展 data", "report 2"]
    queries += rng.sample(ZH2, 1)
    assert len(queries) == 100, len(queries)
    return queries


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def app_start_seconds(root: Path) -> float | None:
    """Headless app start until the library list is mounted (None without `make_app`)."""
    try:
        from tuireader.ui.app import make_app
    except ImportError:
        return None

    async def run() -> float:
        started = time.perf_counter()
        app = make_app(str(root), refresh=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            return time.perf_counter() - started

    return asyncio.run(run())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated library")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="tuireader-bench-"))
    os.environ["XDG_CACHE_HOME"] = str(base / "cache")
    os.environ["XDG_CONFIG_HOME"] = str(base / "config")
    os.environ["XDG_STATE_HOME"] = str(base / "state")
    root = base / "library"
    from tuireader.library.catalog import Library
    from tuireader.library.index import db_path
    from tuireader.library.search import search

    try:
        t0 = time.perf_counter()
        nbytes = generate_library(root, args.articles)
        print(f"generated {args.articles} articles, {nbytes / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")
        root = root.resolve()

        with RssSampler() as rss:
            t0 = time.perf_counter()
            lib = Library.open_cached(root)
            result = lib.refresh(workers=args.workers)
            cold = time.perf_counter() - t0
        print(f"cold index: {cold:.2f} s, {nbytes / 1e6 / cold:.1f} MB/s, {len(lib)} entries, {result.errors} errors, peak RSS (sum of parent's and workers' peaks) {rss.peak / 2**20:.0f} MiB")
        cpu = rss.cpu_seconds
        mine = rss.own_cpu_seconds
        print(f"  CPU used: {cpu:.1f} s ({cpu / (nbytes / 1e6) * 1000:.0f} ms per MB, of which this process {mine / (nbytes / 1e6) * 1000:.0f}); on {os.cpu_count()} otherwise idle cores that is {nbytes / 1e6 / (cpu / (os.cpu_count() or 1)):.1f} MB/s; load average now {os.getloadavg()[0]:.1f}")
        db = db_path(root)
        size = sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())
        print(f"index size on disk: {size / 1e6:.1f} MB ({size / nbytes:.2f}x the library)")

        warm = []
        for _ in range(5):
            t0 = time.perf_counter()
            n = len(Library.open_cached(root).entries)
            warm.append(time.perf_counter() - t0)
        print(f"warm start (open_cached → {n} entries, in process): median {statistics.median(warm) * 1000:.0f} ms")
        code = "import time;t=time.perf_counter();from tuireader.library.catalog import Library;import sys;n=len(Library.open_cached(sys.argv[1]).entries);print(time.perf_counter()-t)"
        fresh = [float(subprocess.run([sys.executable, "-c", code, str(root)], check=True, capture_output=True, text=True).stdout) for _ in range(3)]
        print(f"warm start (fresh interpreter, import + open_cached): median {statistics.median(fresh) * 1000:.0f} ms")

        t0 = time.perf_counter()
        again = Library.open_cached(root).refresh()
        print(f"no-change refresh (stat {len(lib)} files): {(time.perf_counter() - t0) * 1000:.0f} ms, parsed {again.parsed}")

        try:
            app_s = app_start_seconds(root)
        except Exception as exc:  # noqa: BLE001 - the app is someone else's work in progress
            app_s = None
            print(f"headless app start failed: {type(exc).__name__}: {exc}")
        if app_s is not None:
            print(f"headless app start to library list: {app_s:.2f} s")

        rng = random.Random(3)
        queries = make_queries(rng)
        search(root, "warm up")
        latencies: dict[str, list[float]] = {"zh2": [], "zh4": [], "en": [], "phrase": [], "multi": []}
        hits_total = 0
        for q in queries:
            kind = "phrase" if q.startswith('"') else "multi" if " " in q else "en" if q.isascii() else "zh2" if len(q) == 2 else "zh4"
            t0 = time.perf_counter()
            hits = search(root, q, limit=50)
            latencies[kind].append(time.perf_counter() - t0)
            hits_total += len(hits)
        every = [x for v in latencies.values() for x in v]
        print(f"search over {len(every)} queries: p50 {percentile(every, 50) * 1000:.1f} ms, p95 {percentile(every, 95) * 1000:.1f} ms, max {max(every) * 1000:.1f} ms, mean hits {hits_total / len(every):.0f}")
        for kind, vals in latencies.items():
            if vals:
                print(f"  {kind:6} n={len(vals):3}  p50 {percentile(vals, 50) * 1000:6.1f} ms  p95 {percentile(vals, 95) * 1000:6.1f} ms")
    finally:
        if args.keep:
            print(f"kept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
