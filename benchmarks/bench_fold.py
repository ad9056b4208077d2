"""What folding scripts costs the indexer: `analyse_text` (the per-article work of the index
workers) over generated articles, with and without folding the CJK tokens, CPU time,
alternating, median of --runs.

Usage:  python benchmarks/bench_fold.py [--articles 300] [--runs 7]

The articles are bench_library.py's (mixed Chinese and English, ~20 KB each).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_library import generate_library  # noqa: E402

from tuireader.library import index  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-fold-"))
    generate_library(root, args.articles)
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    folding = index.fold_chars

    def run(fold: bool) -> float:
        index.fold_chars = folding if fold else (lambda chars: chars)  # type: ignore[assignment]
        start = time.process_time()
        for text in texts:
            index.analyse_text(text)
        return (time.process_time() - start) / mb * 1000

    plain: list[float] = []
    folded: list[float] = []
    for _ in range(args.runs):
        plain.append(run(False))
        folded.append(run(True))
    index.fold_chars = folding
    a, b = statistics.median(plain), statistics.median(folded)
    print(f"analyse_text over {mb:.1f} MB ({len(texts)} articles), CPU ms per MB, median of {args.runs}: "
          f"without folding {a:.1f}, with {b:.1f} (+{b - a:.1f})")


if __name__ == "__main__":
    main()
