"""Realistic articles of each kind the ingest meets, written for these tests (no copied text).

Each `tests/data/text/unseen/NAME.txt` has `NAME.expected.json` beside it saying what a
careful reader takes from it: title, the metadata keys given (others may exist), the
outline as [level, number, title], the paragraph count (exact or [min, max]), strings that
must survive and strings that must not appear anywhere in the output. They guard the
*rules* of the text reader against over-fitting to the seed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tuireader.ingest.load import load_article

UNSEEN = Path(__file__).parent / "data" / "text" / "unseen"
CASES = sorted(p.name[: -len(".expected.json")] for p in UNSEEN.glob("*.expected.json"))


def _load(name: str) -> tuple[Any, dict[str, Any], str]:
    expected = json.loads((UNSEEN / f"{name}.expected.json").read_text(encoding="utf-8"))
    article = load_article(UNSEEN / f"{name}.txt")
    dumped = json.dumps(article.to_json(), ensure_ascii=False)
    return article, expected, dumped


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("name", CASES)
def test_title(name: str) -> None:
    article, expected, _ = _load(name)
    assert article.title == expected["title"]


@pytest.mark.parametrize("name", CASES)
def test_metadata(name: str) -> None:
    article, expected, _ = _load(name)
    for key, value in expected["metadata"].items():
        assert article.metadata.get(key) == value, key
    if "encoding" in expected:
        assert article.encoding == expected["encoding"]
    for side in ("prev", "next"):
        if side in expected:
            link = getattr(article, side)
            assert link is not None and link.title == expected[side]


@pytest.mark.parametrize("name", CASES)
def test_outline(name: str) -> None:
    article, expected, _ = _load(name)
    got = [[e.level, e.number, e.title] for e in article.outline]
    assert got == expected["outline"]


@pytest.mark.parametrize("name", CASES)
def test_paragraph_count(name: str) -> None:
    article, expected, _ = _load(name)
    want = expected["paragraphs"]
    lo, hi = (want, want) if isinstance(want, int) else want
    assert lo <= article.paragraph_count <= hi


@pytest.mark.parametrize("name", CASES)
def test_strings(name: str) -> None:
    article, expected, dumped = _load(name)
    body = article.plain_text()
    for s in expected.get("must_appear", []):
        assert s in body, s
    for s in expected.get("must_not_appear", []):
        assert s not in dumped, s
