"""Merging two extractions of the same page: trafilatura's, completed from a second one.

trafilatura (reader comments off) is the most precise extractor we measured; a container
extractor (readability's algorithm, or the article's sibling body containers) is more
complete on some pages. The second result's blocks are matched against trafilatura's text
in document order, and only what trafilatura lost is added back, where it belongs: a lead
paragraph or caption before its first block, a passage between two blocks both kept, or a
clearly lost second half after its last block. Short labels, link lists and site chrome do
not read as prose and are never added.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from tuireader.article import Block

#: The container result must contain this share of trafilatura's text to be the same article.
SAME_TEXT_SHARE = 0.8
#: A lead paragraph (before trafilatura's first block) is restored from this many characters.
LEAD_MIN_CHARS = 40
#: A run of blocks after the start is restored only when its prose paragraphs (each at least
#: BODY_MIN_CHARS long) add up to LOST_SHARE of trafilatura's text: a lost section, not chrome.
BODY_MIN_CHARS = 80
LOST_SHARE = 0.15
#: A code listing between two kept passages is restored from this many characters.
CODE_MIN_CHARS = 20


def compact(text: str) -> str:
    """Text without any whitespace: how two extractions of the same words are compared."""
    return "".join(text.split())


def text_size(blocks: list[Block]) -> int:
    return sum(len(compact(b.text)) for b in blocks)


_SENTENCE_END = tuple(".!?。！？…\"”»)）」』")


#: Calls to action a page puts around its articles ("Sign up for our newsletter…"): sentences,
#: but never the article's own text when they are short.
_CALL_TO_ACTION = re.compile(
    r"newsletter|subscri|sign up|sign-up|log in|cookie|javascript|advertis|download (?:our|the) app|"
    r"follow us|all rights reserved|订阅|訂閱|关注我们|關注我們|下载客户端|下載客戶端|扫码|掃碼|"
    r"版权所有|版權所有|免责声明|免責聲明",
    re.IGNORECASE,
)


def is_prose(block: Block, min_len: int, *, lists: bool = False) -> bool:
    """A paragraph that reads as text, not a label: long enough, and ending like a sentence
    unless it is long (a caption followed by its credit line). List items count when `lists`.
    Short calls to action ("Subscribe to our newsletter.") are not prose."""
    if block.kind not in ("paragraph", "quote") and not (lists and block.kind == "list_item"):
        return False
    if len(block.text) < 250 and _CALL_TO_ACTION.search(block.text):
        return False
    text = block.text.rstrip()
    size = len(compact(text))
    return size >= min_len and (text.endswith(_SENTENCE_END) or size >= 2.5 * min_len)


def merge(primary: list[Block], fallback: list[Block], *, lead: bool = True) -> list[Block]:
    """trafilatura's blocks, completed with what the container result has and it lost.

    The fallback's blocks are matched against the primary text in document order. Runs of
    unmatched fallback blocks are added back where they belong:
    - before the first match: lead paragraphs and captions (a standfirst trafilatura skipped),
      when they read as prose;
    - between or after matches: only when the run is substantial prose (a lost half of the
      article), never a trail of short list items or notes (site chrome at the end).
    Nothing is merged when the two results do not describe the same text.
    """
    if not primary:
        return fallback
    if not fallback:
        return primary
    concat_parts = [compact(b.text) for b in primary]
    starts: list[int] = []
    pos = 0
    for part in concat_parts:
        starts.append(pos)
        pos += len(part)
    concat = "".join(concat_parts)
    total = len(concat)
    # Locate each fallback block in the primary text, moving forward only.
    located: list[int | None] = []
    cursor = 0
    covered = 0
    for block in fallback:
        t = compact(block.text)
        if not t:
            located.append(None)
            continue
        window = max(20000, 4 * len(t))
        hit = concat.find(t, cursor, cursor + window + len(t))
        if hit < 0 and len(t) >= 20:
            hit = concat.find(t, 0, cursor)  # a block the primary put earlier
            if hit >= 0:
                covered += len(t)
                located.append(bisect_right(starts, hit) - 1)
                continue
        if hit < 0:
            located.append(None)
            continue
        covered += len(t)
        cursor = hit + len(t)
        located.append(bisect_right(starts, hit) - 1)
    if total == 0 or covered < SAME_TEXT_SHARE * total:
        return primary
    inserts: dict[int, list[Block]] = {}  # primary index to insert before → blocks
    i = 0
    n = len(fallback)
    first_match = next((k for k, loc in enumerate(located) if loc is not None), n)
    while i < n:
        if located[i] is not None:
            i += 1
            continue
        j = i
        while j < n and located[j] is None:
            j += 1
        run = fallback[i:j]
        keep: list[Block] = []
        if i < first_match:
            keep = [b for b in run if is_prose(b, LEAD_MIN_CHARS)] if lead else []
            at = 0
        else:
            interior = j < n and any(loc is not None for loc in located[j:])
            # Between two passages both extractors kept, a described list (a manual's menu
            # reference) or a code listing is article text as much as a paragraph is.
            prose_at = [k for k, b in enumerate(run) if is_prose(b, BODY_MIN_CHARS, lists=interior)
                        or (interior and b.kind == "code" and len(compact(b.text)) >= CODE_MIN_CHARS)]
            prose_size = sum(len(compact(run[k].text)) for k in prose_at)
            if interior:  # both extractors agree on the text around it: a dropped passage
                substantial = bool(prose_at)
            else:  # after trafilatura's end: only a clearly lost second half
                substantial = prose_size >= LOST_SHARE * total and len(prose_at) >= 2
            # The lost text from its first to its last prose block, with the headings that
            # open it: headings and lists inside are the article's; labels at its edges are not.
            if substantial:
                start = prose_at[0]
                while start > 0 and run[start - 1].kind == "heading":
                    start -= 1
                keep = run[start : prose_at[-1] + 1]
            prev = next(located[k] for k in range(i - 1, -1, -1) if located[k] is not None)
            at = (prev or 0) + 1
        if keep:
            inserts.setdefault(at, []).extend(keep)
        i = j
    if not inserts:
        return primary
    out: list[Block] = []
    for k, block in enumerate(primary):
        out.extend(inserts.get(k, []))
        out.append(block)
    out.extend(inserts.get(len(primary), []))
    return out


def prose_share(blocks: list[Block]) -> float:
    """How much of a container's text is running prose (not headlines, labels, links)."""
    total = text_size(blocks)
    if not total:
        return 0.0
    return sum(len(compact(b.text)) for b in blocks if is_prose(b, BODY_MIN_CHARS)) / total


#: A tail line this short (CJK characters count double) is a box's label, not the article's prose.
TAIL_LINE_CHARS = 100


def _weighted(text: str) -> int:
    return sum(2 if "\u3000" <= ch <= "\u9fff" else 1 for ch in compact(text))


def trim_tail(primary: list[Block], container: list[Block]) -> list[Block]:
    """trafilatura's blocks without a trailing run the container result does not have and
    that is no prose: headings with short lines under them ("Today on WebMD / Please wait…
    / Thanks!"), a page column trafilatura ran into after the article. Both extractors must
    agree on the rest (the container holds SAME_TEXT_SHARE of it); a tail with a sentence of
    prose, or without a heading, stays."""
    if not primary or not container:
        return primary
    have = "".join(compact(b.text) for b in container)
    last = -1
    for i in range(len(primary) - 1, -1, -1):  # from the end: the tail is short
        t = compact(primary[i].text)
        if t and t in have:
            last = i
            break
    tail = primary[last + 1 :]
    if last < 0 or not tail or not any(b.kind == "heading" for b in tail):
        return primary
    if any(b.kind != "heading" and (_weighted(b.text) >= TAIL_LINE_CHARS or b.kind in ("code", "quote"))
           for b in tail):
        return primary
    kept = primary[: last + 1]
    # Agreement measured on at most 40 blocks spread over the body (a long page must not pay
    # a substring search per block).
    step = max(1, len(kept) // 40)
    sample = [compact(b.text) for b in kept[::step]]
    covered = sum(len(t) for t in sample if t in have)
    if covered < SAME_TEXT_SHARE * sum(len(t) for t in sample):
        return primary
    return kept
