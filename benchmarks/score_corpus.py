#!/usr/bin/env python3
"""Structure score of the fidelity corpus: how close the ingest comes to a careful human reader.

Usage:
    python benchmarks/score_corpus.py [DIR ...] [--worst N] [--quiet]

Every file under DIR (default: tests/corpus) with a sibling `FILE.expected.json` is parsed
in this process (`load_article`, exactly what `tuireader inspect --json` prints) and scored
with the same checks as `../shared/tools/score_ingest.py`: the title, each expected metadata
key, the outline (LCS F1 over (relative level, title) pairs), prev/next links, strings that
must not appear anywhere, sentences that must be in a paragraph, and the paragraph count.

Why a copy of the checks rather than an import: the project's tests must run on a plain
clone, where `../shared` is absent. The checks are kept identical so the two figures agree.

Prints one line per file, the classes' means, the worst files, and a last line
"corpus score: X.XXX over N files (min Y.YY)". `tests/test_corpus_score.py` holds the floor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "tests" / "corpus"


def digits(s: Any) -> str:
    return re.sub(r"\D", "", str(s))


def norm(s: Any) -> str:
    return re.sub(r"\s+", " ", str(s)).strip()


def lcs(a: list[Any], b: list[Any]) -> int:
    m = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            m[i + 1][j + 1] = m[i][j] + 1 if x == y else max(m[i][j + 1], m[i + 1][j])
    return m[-1][-1]


_NUM = r"(?:[0-9]+|[ivxlcdm]+|[一二三四五六七八九十百千零〇两兩]+)"
_ONLY_NUMBER = re.compile(
    rf"^(?:(?:chapter|part|section|book|volume|vol\.?)\s*{_NUM}|第{_NUM}[章节節回卷部编編篇]|{_NUM})\s*[.:、．。]?$",
    re.I,
)


def title_key(title: Any) -> str:
    """Titles compare without white space; a heading that is only a number label compares empty."""
    t = norm(title)
    return "" if _ONLY_NUMBER.match(t) else re.sub(r"\s+", "", t)


def outline_pairs(entries: list[dict[str, Any]]) -> list[tuple[int, str]]:
    if not entries:
        return []
    base = min(int(e.get("level", 1)) for e in entries) - 1
    return [(int(e.get("level", 1)) - base, title_key(e.get("title", ""))) for e in entries]


def f1(expected: list[Any], got: list[Any]) -> float:
    if not expected and not got:
        return 1.0
    if not expected or not got:
        return 0.0
    common = lcs(expected, got)
    p, r = common / len(got), common / len(expected)
    return 0.0 if common == 0 else 2 * p * r / (p + r)


def score(exp: dict[str, Any], out: dict[str, Any]) -> dict[str, float]:
    """The checks of `score_ingest.py`, one float in [0, 1] each."""
    checks: dict[str, float] = {}
    checks["title"] = float(title_key(out.get("title", "")) == title_key(exp["title"]))
    checks["outline"] = f1(outline_pairs(exp.get("outline", [])), outline_pairs(out.get("outline", [])))
    meta = out.get("metadata") or {}
    for key, want in (exp.get("metadata") or {}).items():
        got = meta.get(key)
        if key in ("date",):
            checks["meta." + key] = float(got is not None and digits(got).startswith(digits(want)))
        elif isinstance(want, list):
            checks["meta." + key] = float(
                isinstance(got, list) and [norm(x) for x in got] == [norm(x) for x in want]
            )
        else:
            checks["meta." + key] = float(got is not None and norm(got) == norm(want))
    links = out.get("links") or {}
    for side in ("prev", "next"):
        want = exp.get(side + "_title")
        if want:
            got = (links.get(side) or {}).get("title")
            checks[side] = float(got is not None and norm(got) == norm(want))
    blob = json.dumps(out, ensure_ascii=False)
    texts = [b.get("text", "") for b in out.get("blocks", [])]
    joined = "".join(texts)
    for bad in exp.get("must_not_appear_anywhere", []):
        checks["absent:" + bad[:12]] = float(bad not in blob and bad not in joined)
    for good in exp.get("paragraph_contains", []):
        checks["present:" + good[:12]] = float(any(norm(good) in norm(t) for t in texts))
    if "body_paragraphs" in exp:
        n = sum(1 for b in out.get("blocks", []) if b.get("kind") == "paragraph")
        checks["paragraphs"] = float(abs(n - exp["body_paragraphs"]) <= 1)
    return checks


def corpus_files(dirs: list[Path]) -> list[tuple[Path, Path]]:
    """(data file, expectation) pairs under each folder, recursively, in a stable order."""
    pairs = []
    for d in dirs:
        for exp in sorted(d.rglob("*.expected.json")):
            data = exp.with_name(exp.name[: -len(".expected.json")])
            pairs.append((data, exp))
    return pairs


def parse(path: Path) -> dict[str, Any]:
    """What `tuireader inspect PATH --json` prints, without a process per file."""
    from tuireader.ingest import load_article

    return load_article(path).to_json()


def score_file(data: Path, exp_file: Path) -> tuple[float, list[str], str]:
    """(score, missed checks, error) for one file; a crash scores zero, as in score_ingest."""
    exp = json.loads(exp_file.read_text(encoding="utf-8"))
    if not data.is_file():
        return 0.0, ["no data file"], "missing"
    try:
        checks = score(exp, parse(data))
    except Exception as exc:  # noqa: BLE001 - a crash is a score of zero, with its reason
        return 0.0, [], f"{type(exc).__name__}: {str(exc)[:120]}"
    missed = [k for k, v in checks.items() if v < 1]
    return sum(checks.values()) / len(checks), missed, ""


def run(dirs: list[Path]) -> list[tuple[str, str, float, list[str], str]]:
    """(relative name, class, score, missed, error) for every corpus file."""
    rows = []
    for data, exp in corpus_files(dirs):
        base = next((d for d in dirs if d in data.parents), data.parent)
        rel = str(data.relative_to(base))
        klass = rel.split("/", 1)[0] if "/" in rel else base.name
        s, missed, err = score_file(data, exp)
        rows.append((rel, klass, s, missed, err))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, help="corpus folders (default: tests/corpus)")
    ap.add_argument("--worst", type=int, default=15, help="how many of the worst files to list")
    ap.add_argument("--quiet", action="store_true", help="no line per file")
    args = ap.parse_args(argv)
    dirs = [d.resolve() for d in (args.dirs or [DEFAULT_DIR])]
    t0 = time.perf_counter()
    rows = run(dirs)
    elapsed = time.perf_counter() - t0
    if not rows:
        print("corpus score: no files")
        return 1
    if not args.quiet:
        for rel, _k, s, missed, err in rows:
            tail = f"  FAILED ({err})" if err else (f"  missed: {', '.join(missed)}" if missed else "")
            print(f"{rel}: {s:.2f}{tail}")
    by_class: dict[str, list[float]] = defaultdict(list)
    for _rel, klass, s, _m, _e in rows:
        by_class[klass].append(s)
    print("\nclass                      files   mean    min")
    for klass, scores in sorted(by_class.items()):
        print(f"{klass:<26} {len(scores):5d}  {sum(scores) / len(scores):.3f}  {min(scores):.2f}")
    worst = sorted(rows, key=lambda r: r[2])[: args.worst]
    print("\nworst:")
    for rel, _k, s, missed, err in worst:
        print(f"  {s:.2f}  {rel}  {err or ', '.join(missed)}")
    scores = [r[2] for r in rows]
    print(f"\nparsed in {elapsed:.1f} s")
    print(f"corpus score: {sum(scores) / len(scores):.3f} over {len(scores)} files (min {min(scores):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
