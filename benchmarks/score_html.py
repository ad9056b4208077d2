"""Score the HTML reader's main-content extraction against gold answers.

Usage:  python benchmarks/score_html.py [--root ../shared/corpus] [--extractor ours|trafilatura]
                                         [--page SUBSTRING] [--json]

Suites (under --root):
- readability/*.source.html — gold: the visible text of `*.expected.html` (Mozilla Readability's
  output). Metric: precision / recall / F1 over character-bigram multisets after removing all
  whitespace (treats CJK and Latin text alike), computed on the title-less body text: every
  block's text. Titles are checked against `*.expected-metadata.json`: exact (whitespace
  collapsed) and relaxed (ours sits inside the gold title, or contains the gold title minus its
  site suffix).
- aeb/*.html — the article-extraction benchmark (scrapinghub): gold is `ground-truth.json`'s
  `articleBody` per page (keyed by file stem). Metric: the same bigram P/R/F1 as readability.
- extraction/*.html — gold: `trafilatura.gold-selected.json`, per page 3 `with` snippets that
  must appear and 3 `without` snippets that must not. Snippet F1 as in trafilatura's own
  benchmark (with found = TP, with missing = FN, without found = FP), whitespace-normalised
  matching.

`--extractor trafilatura` scores `trafilatura.extract(bytes, include_comments=False)` (plain
text) for comparison. Prints per-page rows, per-suite means and the worst page.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

Extractor = Callable[[bytes, str], tuple[str, str]]


def bigrams(text: str) -> Counter[str]:
    s = "".join(text.split())
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def prf(ours: str, gold: str) -> tuple[float, float, float]:
    a, g = bigrams(ours), bigrams(gold)
    na, ng = sum(a.values()), sum(g.values())
    if not na or not ng:
        return (0.0, 0.0, 0.0) if (na or ng) else (1.0, 1.0, 1.0)
    common = sum((a & g).values())
    p, r = common / na, common / ng
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def visible_text(html_bytes: bytes) -> str:
    import lxml.html

    # Decoded first: lxml reads undeclared bytes as Latin-1, which would garble CJK gold.
    tree = lxml.html.document_fromstring(html_bytes.decode("utf-8-sig", "replace"))
    for el in tree.xpath("//script|//style|//noscript|//template"):
        el.drop_tree()
    return tree.text_content()


def norm(text: str) -> str:
    return " ".join(text.split())


def snippet_score(text: str, with_: list[str], without: list[str]) -> dict[str, float]:
    body = norm(text)
    tp = sum(1 for s in with_ if norm(s) in body)
    fn = len(with_) - tp
    fp = sum(1 for s in without if norm(s) in body)
    tn = len(without) - fp
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "f1": f1,
        "with": tp / len(with_) if with_ else 1.0,
        "without": tn / len(without) if without else 1.0,
    }


def title_checks(ours: str, gold: str) -> tuple[bool, bool]:
    from tuireader.ingest.html.metadata import split_site

    o, g = norm(ours), norm(gold)
    exact = o == g
    parts = split_site(g)
    relaxed = exact or (bool(o) and o in g) or (bool(parts[0]) and parts[0] in o)
    return exact, relaxed


def ours(data: bytes, path: str) -> tuple[str, str]:
    from tuireader.ingest.html.reader import parse_html

    art = parse_html(data, path=path)
    return art.title, "\n".join(b.text for b in art.blocks)


def trafilatura_alone(data: bytes, path: str) -> tuple[str, str]:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    text = trafilatura.extract(data, include_comments=False) or ""
    meta = extract_metadata(data)
    return (meta.title or "") if meta else "", text


def run(root: Path, extract: Extractor, page_filter: str) -> dict[str, list[dict[str, object]]]:
    suites: dict[str, list[dict[str, object]]] = {"readability": [], "aeb": [], "trafilatura": []}
    for src in sorted((root / "readability").glob("*.source.html")):
        name = src.name.removesuffix(".source.html")
        if page_filter not in name:
            continue
        gold = visible_text((root / "readability" / f"{name}.expected.html").read_bytes())
        meta_path = root / "readability" / f"{name}.expected-metadata.json"
        gold_title = json.loads(meta_path.read_text("utf-8")).get("title") or "" if meta_path.exists() else ""
        t0 = time.perf_counter()
        title, text = extract(src.read_bytes(), str(src))
        ms = (time.perf_counter() - t0) * 1000
        p, r, f = prf(text, gold)
        exact, relaxed = title_checks(title, gold_title)
        suites["readability"].append(
            {"page": name, "p": p, "r": r, "f1": f, "ms": ms, "title": title,
             "gold_title": gold_title, "title_exact": exact, "title_relaxed": relaxed}
        )
    aeb_gold = root / "aeb" / "ground-truth.json"
    if aeb_gold.exists():
        for key, entry in sorted(json.loads(aeb_gold.read_text("utf-8")).items()):
            page = root / "aeb" / f"{key}.html"
            if page_filter not in key or not page.exists():
                continue
            t0 = time.perf_counter()
            title, text = extract(page.read_bytes(), str(page))
            ms = (time.perf_counter() - t0) * 1000
            p, r, f = prf(text, entry.get("articleBody") or "")
            suites["aeb"].append(
                {"page": key[:12] + " " + str(entry.get("url", ""))[:60], "p": p, "r": r, "f1": f, "ms": ms,
                 "title": title, "gold_title": "", "title_exact": False, "title_relaxed": False}
            )
    gold_path = root / "extraction" / "trafilatura.gold-selected.json"
    if gold_path.exists():
        gold_all = json.loads(gold_path.read_text("utf-8"))
        for fname, entry in sorted(gold_all.items()):
            if page_filter not in fname:
                continue
            page = root / "extraction" / fname
            if not page.exists():
                continue
            t0 = time.perf_counter()
            title, text = extract(page.read_bytes(), str(page))
            ms = (time.perf_counter() - t0) * 1000
            s = snippet_score(text, entry.get("with", []), entry.get("without", []))
            exact, relaxed = title_checks(title, entry.get("title") or "")
            leaked = [w for w in entry.get("without", []) if norm(w) in norm(text)]
            missed = [w for w in entry.get("with", []) if norm(w) not in norm(text)]
            suites["trafilatura"].append(
                {"page": fname.removeprefix("trafilatura.").removesuffix(".html"), **s, "ms": ms,
                 "title": title, "gold_title": entry.get("title") or "", "title_exact": exact,
                 "title_relaxed": relaxed, "leaked": leaked, "missed": missed}
            )
    return suites


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def report(suites: dict[str, list[dict[str, object]]]) -> None:
    worst: tuple[float, str] = (2.0, "")
    for suite, rows in suites.items():
        if not rows:
            continue
        print(f"\n== {suite} ({len(rows)} pages)")
        if suite in ("readability", "aeb"):
            print(f"{'page':28} {'P':>5} {'R':>5} {'F1':>5} {'ms':>6}  title ok  title")
            for row in rows:
                print(f"{row['page']:28} {row['p']:5.3f} {row['r']:5.3f} {row['f1']:5.3f} {row['ms']:6.0f}  "
                      f"{'E' if row['title_exact'] else '-'}{'R' if row['title_relaxed'] else '-'}  {row['title']}")
        else:
            print(f"{'page':42} {'F1':>5} {'with':>5} {'w/o':>5} {'ms':>6}  title ok  title / missed / leaked")
            for row in rows:
                print(f"{row['page'][:42]:42} {row['f1']:5.3f} {row['with']:5.3f} {row['without']:5.3f} "
                      f"{row['ms']:6.0f}  {'E' if row['title_exact'] else '-'}{'R' if row['title_relaxed'] else '-'}"
                      f"  {row['title']}  missed={row['missed']} leaked={row['leaked']}")
        f1s = [float(r["f1"]) for r in rows]  # type: ignore[arg-type]
        extra = ""
        if suite == "trafilatura":
            extra = (f" with={mean([float(r['with']) for r in rows]):.3f}"  # type: ignore[arg-type]
                     f" without={mean([float(r['without']) for r in rows]):.3f}")  # type: ignore[arg-type]
        titles_e = mean([1.0 if r["title_exact"] else 0.0 for r in rows])
        titles_r = mean([1.0 if r["title_relaxed"] else 0.0 for r in rows])
        print(f"html score {suite}: F1={mean(f1s):.3f}{extra} title exact={titles_e:.2f} "
              f"relaxed={titles_r:.2f} over {len(rows)} pages; "
              f"time {sum(float(r['ms']) for r in rows) / 1000:.2f} s")  # type: ignore[arg-type]
        for r in rows:
            if float(r["f1"]) < worst[0]:  # type: ignore[arg-type]
                worst = (float(r["f1"]), f"{suite}/{r['page']}")  # type: ignore[arg-type]
    if worst[1]:
        print(f"\nworst page: {worst[1]} F1={worst[0]:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--extractor", choices=("ours", "trafilatura"), default="ours")
    ap.add_argument("--page", default="", help="only pages whose name contains this")
    ap.add_argument("--json", action="store_true", help="print the raw rows as JSON")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"no corpus at {args.root}", file=sys.stderr)
        return 2
    extract = ours if args.extractor == "ours" else trafilatura_alone
    suites = run(args.root, extract, args.page)
    if args.json:
        print(json.dumps(suites, ensure_ascii=False, indent=1))
    else:
        report(suites)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
