"""Search across a library: `search(root, query)` → hits with title, section and snippet.

How a query runs (see `index.py` for the layout):
  1. The query splits into terms: "quoted phrases" and whitespace-separated words; every
     term must occur in the same block (AND).
  2. FTS5 narrows the articles to those holding every CJK character and every word (as a
     prefix) of every term: cheap, and never loses a hit that starts at a word boundary
     (Chinese has no word boundaries: any substring is found).
  3. SQLite checks each candidate article's text for each term as an exact substring, so
     a two-character Chinese word, a phrase or "big data" mean what they say: `LIKE` for
     ASCII terms (folds ASCII case without copying the text), `instr` for caseless
     scripts (CJK), a Python `casefold` function for other cased scripts. A term with
     Chinese characters that have other forms is a regex of their variant classes
     (数据 → [数數][据據], `script.fold.pattern_source`): 数据 finds 數據 and 数據, and the
     matches are in the text's own offsets, so snippets highlight the right characters.
  4. The blocks of an article that passed are checked in Python: a hit is a block that
     holds every term.
  5. Articles whose title matches come first; then hits in library order (block order
     inside an article), walked through the `ord` index so the cursor stops at `limit`.
When this SQLite has no FTS5, step 2 is skipped: slower, same results.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tuireader.library.index import IndexDB, query_tokens, split_body
from tuireader.script.fold import has_variants, pattern_source

#: Characters of context before the first match and total snippet length.
SNIPPET_BEFORE = 30
SNIPPET_WIDTH = 140

_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)')


@dataclass(slots=True)
class SearchHit:
    """One match: where it is (path, block) and what to show (title, section, snippet + spans).

    `spans` are (start, end) ranges inside `snippet` to highlight; `block` indexes
    `Article.blocks` (0 for a match in the title only)."""

    path: str
    rel: str
    title: str
    section: str
    block: int
    snippet: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The `tuireader search --json` shape."""
        return {"path": self.path, "title": self.title, "section": self.section, "block": self.block, "snippet": self.snippet}


def parse_query(query: str) -> list[str]:
    """Terms of a query: quoted phrases kept whole (inner spaces collapsed), other words split."""
    terms: list[str] = []
    for m in _QUOTED.finditer(query):
        raw = next(g for g in m.groups() if g is not None)
        term = " ".join(raw.split())
        if term and term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    return terms


def search(library_root: Path, query: str, limit: int = 50, *, per_article: int | None = None) -> list[SearchHit]:
    """Hits for `query` in the indexed library at `library_root`, in library order.

    Reads the index only (run `Library.refresh` first for an up-to-date answer). An empty
    query or a missing index gives no hits; a damaged index gives no hits rather than an
    exception (the library's refresh reports and rebuilds it)."""
    terms = parse_query(query)
    if not terms or limit <= 0:
        return []
    root = Path(library_root).resolve()
    db = IndexDB.open(root)
    try:
        return _search(db, root, terms, limit, per_article)
    except sqlite3.Error:
        return []
    finally:
        db.close()


def _search(db: IndexDB, root: Path, terms: list[str], limit: int, per_article: int | None) -> list[SearchHit]:
    conn = db.conn
    conn.create_function("tr_casefold_has", 2, _casefold_has, deterministic=True)
    conn.create_function("tr_variants_has", 2, _variants_has, deterministic=True)
    where: list[str] = ["a.error IS NULL"]
    params: list[object] = []
    fts_expr = _fts_expression(terms) if db.has_fts else ""
    if fts_expr:
        # "+a.id": keep the planner walking articles in library order (index articles_ord)
        # and testing membership, so the cursor stops after `limit` hits without a sort.
        where.append("+a.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.append(fts_expr)
    body_checks, body_params = _term_checks("t.body", terms)
    title_checks, title_params = _term_checks("a.title", terms)
    in_block = block_matcher(terms)
    hits: list[SearchHit] = []

    def block_hits(extra: list[str], extra_params: list[object], *, candidates: bool = True) -> None:
        conds, args = (where, params) if candidates else (where[:1], [])
        # CROSS JOIN keeps `articles` the outer loop, walked in library order.
        sql = (
            "SELECT a.id, a.rel, a.title, t.body FROM articles a CROSS JOIN texts t ON t.id = a.id"
            f" WHERE {' AND '.join(conds + extra + body_checks)} ORDER BY a.ord, a.id"
        )
        cur = conn.execute(sql, (*args, *extra_params, *body_params))
        for aid, rel, title, body in cur:
            outline: list[tuple[int, str, int]] | None = None
            found = 0
            for block, text in enumerate(split_body(body)):
                if not in_block(text):
                    continue
                if outline is None:
                    outline = db.outline(aid)
                snippet, spans = make_snippet(text, terms)
                hits.append(SearchHit(str(root / rel), rel, title, section_of(outline, block), block, snippet, spans))
                found += 1
                if len(hits) >= limit or (per_article is not None and found >= per_article):
                    break
            if len(hits) >= limit:
                break
        cur.close()

    # Articles whose title matches come first (a query naming an article finds it at the
    # top): their passages, or the title itself when only the title matches.
    title_sql = f"SELECT a.id, a.rel, a.title FROM articles a WHERE {' AND '.join(where + title_checks)} ORDER BY a.ord, a.id LIMIT ?"
    title_rows = conn.execute(title_sql, (*params, *title_params, limit)).fetchall()
    for aid, rel, title in title_rows:
        if len(hits) >= limit:
            break
        before = len(hits)
        block_hits(["a.id = ?"], [aid], candidates=False)  # already a candidate: skip the FTS list
        if len(hits) == before:
            snippet, spans = make_snippet(title, terms)
            hits.append(SearchHit(str(root / rel), rel, title, "", 0, snippet, spans))
    # Then every other article, in library order.
    if len(hits) < limit:
        ids = [row[0] for row in title_rows]
        extra = [f"+a.id NOT IN ({','.join('?' * len(ids))})"] if ids else []
        block_hits(extra, list(ids))
    return hits[:limit]


def _fts_expression(terms: list[str]) -> str:
    """AND of every token of every term; "" when no term has a token (punctuation only)."""
    parts: list[str] = []
    for term in terms:
        for token, prefix in query_tokens(term):
            quoted = '"' + token.replace('"', '""') + '"'
            parts.append(quoted + ("*" if prefix else ""))
    return " AND ".join(parts)


def _term_checks(column: str, terms: list[str]) -> tuple[list[str], list[object]]:
    """SQL conditions that `column` contains each term (case-insensitive where case exists)."""
    checks: list[str] = []
    params: list[object] = []
    for term in terms:
        if has_variants(term):
            # The term as typed first (instr, in C); the Python pattern only for the rest.
            checks.append(f"(instr({column}, ?) > 0 OR tr_variants_has({column}, ?))")
            params.extend((term, term))
        elif term.isascii():
            # LIKE folds ASCII case without copying the text: 4x faster than instr(lower()).
            checks.append(f"{column} LIKE ? ESCAPE '\\'")
            params.append("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        elif term.lower() == term.upper():
            checks.append(f"instr({column}, ?) > 0")
            params.append(term)
        else:
            checks.append(f"tr_casefold_has({column}, ?)")
            params.append(term.casefold())
    return checks, params


def block_matcher(terms: list[str]) -> Callable[[str], bool]:
    """A test that one block holds every term, with the case rules of `_term_checks`
    (terms with Chinese variants as a pattern, of cased scripts casefolded, others exactly)."""
    patterns = [_either(t) for t in terms if has_variants(t)]
    plain = [t for t in terms if not has_variants(t)]
    exact = [t for t in plain if t.lower() == t.upper()]
    folded = [t.casefold() for t in plain if t.lower() != t.upper()]

    def matches(text: str) -> bool:
        if not all(t in text for t in exact):
            return False
        if not all(search(text) for search in patterns):
            return False
        if not folded:
            return True
        low = text.casefold()
        return all(t in low for t in folded)

    return matches


def _casefold_has(text: str | None, term: str) -> bool:
    return text is not None and term in text.casefold()


@lru_cache(maxsize=64)
def _variants_pattern(term: str) -> re.Pattern[str]:
    """`term` in any Chinese script, case-insensitive (see `script.fold.pattern_source`)."""
    return re.compile(pattern_source(term), re.IGNORECASE)


def _either(term: str) -> Callable[[str], object]:
    """A block test for a term with Chinese variants: as typed (cheap), else any form."""
    search = _variants_pattern(term).search
    return lambda text: term in text or search(text)


def _variants_has(text: str | None, term: str) -> bool:
    return text is not None and _variants_pattern(term).search(text) is not None


def section_of(outline: list[tuple[int, str, int]], block: int) -> str:
    """Title of the nearest outline entry at or before `block` ("" before the first heading)."""
    found = ""
    for _level, title, start in outline:
        if start > block:
            break
        found = title
    return found


def make_snippet(text: str, terms: list[str], width: int = SNIPPET_WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt of `text` around the first match, with the match ranges in it."""
    flat = text.replace("\n", " ").replace("\t", " ")
    pattern = re.compile("|".join(pattern_source(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    matches = [(m.start(), m.end()) for m in pattern.finditer(flat) if m.end() > m.start()]
    start = 0
    if matches and len(flat) > width:
        start = max(0, min(matches[0][0] - SNIPPET_BEFORE, len(flat) - width))
    end = min(len(flat), start + width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    snippet = prefix + flat[start:end] + suffix
    shift = len(prefix) - start
    spans = [(max(s, start) + shift, min(e, end) + shift) for s, e in matches if e > start and s < end]
    return snippet, spans
