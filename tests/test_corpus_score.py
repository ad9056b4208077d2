"""The fidelity floor: the structure score of `tests/corpus` (real files, hand-checked
expectations) may not fall below what the ingest reached. Raise the floors when it improves.

`python benchmarks/score_corpus.py` prints the same figures file by file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
#: Mean over every file, and the lowest any single file may score.
FLOOR_MEAN = 0.97
FLOOR_FILE = 0.80


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score_corpus", ROOT / "benchmarks" / "score_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_scores_hold_their_floor() -> None:
    scorer = _scorer()
    rows = scorer.run([CORPUS])
    if not rows:
        pytest.skip("no corpus files")
    scores = [r[2] for r in rows]
    mean = sum(scores) / len(scores)
    worst = sorted(rows, key=lambda r: r[2])[:5]
    report = "; ".join(f"{rel} {s:.2f} {err or ','.join(missed)}" for rel, _k, s, missed, err in worst)
    assert mean >= FLOOR_MEAN, f"corpus mean {mean:.3f} < {FLOOR_MEAN}; worst: {report}"
    assert min(scores) >= FLOOR_FILE, f"a file under {FLOOR_FILE}: {report}"


def test_scorer_checks_can_fail() -> None:
    """The checks are real: a wrong title, a missing heading and a junk line all cost."""
    scorer = _scorer()
    exp = {"title": "A", "outline": [{"level": 1, "title": "One"}, {"level": 1, "title": "Two"}],
           "must_not_appear_anywhere": ["junk"], "metadata": {"date": "2021-03-18"}}
    good = {"title": "A", "outline": [{"level": 2, "title": "One"}, {"level": 2, "title": "Two"}],
            "metadata": {"date": "2021-03-18 09:30"}, "blocks": [{"kind": "paragraph", "text": "ok"}]}
    assert min(scorer.score(exp, good).values()) == 1.0
    bad = {"title": "B", "outline": [{"level": 1, "title": "One"}], "metadata": {"date": "2021/3/18"},
           "blocks": [{"kind": "paragraph", "text": "junk"}]}
    checks = scorer.score(exp, bad)
    assert checks["title"] == 0 and checks["absent:junk"] == 0 and checks["meta.date"] == 0
    assert 0 < checks["outline"] < 1
