"""Title, metadata and neighbour links of a web page.

The title is the article's headline, not the page's `<title>`: `<title>` usually carries the
site ("… - Site", "…_科技_腾讯网"), and `og:title` sometimes too. We collect the candidates
(og:title, twitter:title, the h1s, `<title>`) and prefer one that the others confirm; site
suffixes are cut at the usual separators, but never so far that only the site name is left.

Dates, authors, site names and descriptions come from trafilatura's metadata module (meta
tags, JSON-LD, bylines, htmldate), cleaned of labels such as "责任编辑：".
"""

from __future__ import annotations

import re
from typing import Any

from tuireader.article import Link, title_from_path
from tuireader.ingest.html.blocks import collapse

#: Separators between a headline and the site name in `<title>`, strongest first.
_SEPARATORS = (" | ", " || ", " - ", " – ", " — ", " :: ", " · ", " » ", "｜", "|", "_", " -", "- ", "—", "–")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_AUTHOR_LABEL = re.compile(
    r"^\s*(?:责任编辑|責任編輯|编辑|編輯|作者|记者|記者|文|来源|來源|撰文|by|von|por|par|di|door)\s*[:：]?\s*",
    re.IGNORECASE,
)
_GENERIC_AUTHORS = {"作者", "编辑", "責任編輯", "责任编辑", "admin", "administrator", "editor", "staff"}
_CJK_PREV = ("上一篇", "上一章", "上一頁", "上一页", "上一節", "上一节", "上篇", "上一回")
_CJK_NEXT = ("下一篇", "下一章", "下一頁", "下一页", "下一節", "下一节", "下篇", "下一回")
#: "Next", "« Previous post:", "Next chapter →": the word must be a label, not "Nextcloud".
_LATIN_LABEL = re.compile(
    r"^[«‹<←\s]*(previous|prev|older|next|newer)"
    r"(?:\s+(?:post|article|story|chapter|page|entry|part))?\s*(?:[:：>»›→|—-]+|$)\s*",
    re.IGNORECASE,
)


def visible_len(text: str) -> int:
    """Length weighting CJK characters double: a CJK character carries about a word's half."""
    return len(text) + len(_CJK.findall(text))


def _meta(tree: Any, *names: str) -> str:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for el in tree.xpath(f'//meta[@{attr}="{name}"]'):
                content = collapse(el.get("content") or "")
                if content:
                    return content
    return ""


def _h1_texts(tree: Any) -> list[str]:
    out = []
    for el in tree.iter("h1"):
        text = collapse(el.text_content())
        if text and len(text) < 300:
            out.append(text)
    return out


#: "标题-新华网", "标题_腾讯网": an unspaced dash/underscore between CJK text and a short tail.
_CJK_TAIL = re.compile(r"^(?P<head>.*[^\x00-\x7f])\s*[-_|｜—–]\s*(?P<tail>[^-_|｜—–]{1,16})$")


#: "欲張りなイヌ　＜福娘童話集　きょうのイソップ童話＞": a site name in brackets after the headline.
_BRACKET_TAIL = re.compile(r"^(?P<head>.+?)[\s\u3000]+[＜<〔【«]\s*(?P<tail>[^＜<〔【«＞>〕】»]{2,40})\s*[＞>〕】»]$")


def split_site(title: str) -> list[str]:
    """Split a `<title>` at the first separator kind it contains: headline and site parts."""
    for sep in _SEPARATORS:
        if sep in title:
            parts = [p.strip() for p in title.split(sep)]
            parts = [p for p in parts if p]
            if len(parts) > 1:
                return parts
    m = _BRACKET_TAIL.match(title)
    if m and visible_len(m.group("head")) >= 2:
        return [m.group("head").strip(), m.group("tail").strip()]
    m = _CJK_TAIL.match(title)
    if m and _CJK.search(m.group("tail")):
        return [m.group("head").strip(), m.group("tail").strip()]
    return [title]


def strip_site(title: str, site: str = "") -> str:
    """"Headline - Site" → "Headline"; never returns the site name alone or a tiny fragment."""
    title = collapse(title)
    bracketed = _BRACKET_TAIL.match(title)
    if bracketed and visible_len(bracketed.group("head")) >= 2 and not any(sep in title for sep in _SEPARATORS[:6]):
        return bracketed.group("head").strip()  # the bracketed part is the site, by form
    parts = split_site(title)
    if len(parts) == 1:
        return title
    # The headline is the first part unless a later one is clearly longer (site first).
    first = parts[0]
    longest = max(parts, key=visible_len)
    if site and first.lower() == site.lower():
        first = parts[1]
    best = first if visible_len(first) >= 0.5 * visible_len(longest) else longest
    if visible_len(best) < 6 and visible_len(title) > visible_len(best):
        return title
    return best


def choose_title(tree: Any, site: str = "", lead_heading: str = "", lead_level: int = 0) -> str:
    """The article headline.

    In order: an h1 that `<title>` or og:title confirms (and that is the headline part, not
    the site's logo h1); og:title without its site suffix; an h1 that opens the extracted
    article (`lead_heading` at `lead_level` 1); `<title>` without its site suffix; any h1.
    An opening heading that the page title names as one of its parts wins over all of them.
    """
    title_el = tree.find(".//title")
    page_title = collapse(title_el.text_content()) if title_el is not None else ""
    og = _meta(tree, "og:title", "twitter:title", "headline")
    h1s = _h1_texts(tree)
    site_l = site.lower()

    def ok(cand: str) -> bool:
        return bool(cand) and cand.lower() != site_l and visible_len(cand) >= 4

    # The article's own opening h1, when the page title names it ("Installation - The Rust
    # Programming Language"): the title part that is the article, whichever side it is on.
    if ok(lead_heading):
        lead_l = lead_heading.lower()
        for full in (og, page_title):
            if full and any(part.lower() == lead_l for part in split_site(full)):
                return lead_heading
    heads = [strip_site(t, site) for t in (og, page_title) if t]
    og_head = strip_site(og, site).lower() if og else ""
    for h1 in h1s:
        low = h1.lower()
        if og_head and low not in og_head and page_title.lower().startswith(low) and \
                page_title.lower().endswith(og_head) and len(og_head) > len(low):
            continue  # "Blog Name: Post title" with og:title = the post: the h1 is the blog
        for head in heads:
            hl = head.lower()
            if ok(h1) and (hl in low or (low in hl and _headline_part(h1, head))):
                return h1
    if og_head and len(h1s) == 1 and ok(h1s[0]) and _reworded(h1s[0].lower(), og_head):
        # The page's one headline, reworded for sharing ("… en 11 países de América Latina" on
        # the page, "… en México, Venezuela y otros nueve países" in og:title): the reader saw
        # the h1.
        return h1s[0]
    if ok(lead_heading) and lead_level == 1 and og and len(split_site(og)) >= 3:
        # "Product — Headline — Tagline": which part is the headline is a guess; the h1 the
        # article opens with is not.
        return lead_heading
    if ok(og):
        stripped = strip_site(og, site)
        if ok(stripped):
            return stripped
    if ok(lead_heading) and lead_level == 1:
        return lead_heading
    if page_title:
        stripped = strip_site(page_title, site)
        if ok(stripped):
            return stripped
    for h1 in h1s:
        if ok(h1):
            return h1
    return page_title if ok(page_title) else ""  # "" → the caller falls back to the file name


def _reworded(h1: str, og: str) -> bool:
    """The same headline edited: the first four words agree, the rest differs."""
    a, b = h1.split(), og.split()
    return len(a) >= 6 and len(b) >= 6 and a[:4] == b[:4]


def _headline_part(h1: str, head: str) -> bool:
    """An h1 inside a longer title is its headline when it is most of it, opens it, or follows
    a kicker ("Siemens und Adani: Kaeser verarscht Neubauer"); not a blog name after "@"."""
    hl, low = head.lower(), h1.lower()
    if visible_len(h1) >= 0.5 * visible_len(head) or hl.startswith(low):
        return True
    before = hl[: hl.rfind(low)].rstrip()
    return before.endswith((":", "：", "|", "—", "–"))


def clean_author(author: str | None) -> str:
    """"责任编辑：孔德明" → "孔德明"; generic labels ("作者", "admin") → ""."""
    if not author:
        return ""
    names: list[str] = []
    for part in author.split(";"):
        name = collapse(_AUTHOR_LABEL.sub("", collapse(part)))
        name = name.strip(" ,:：|·-")
        if len(name) < 2 or (len(name) < 3 and name.isascii()):  # "I" from "Mac & i"
            continue
        if name.lower() not in _GENERIC_AUTHORS and name not in names and len(name) < 80:
            if not any(name.lower() == n.lower() for n in names):
                names.append(name)
    return "; ".join(names)


def page_metadata(tree: Any) -> tuple[dict[str, Any], str]:
    """(metadata, site name). Metadata keys: date, author, source, editors, reviewers, views,
    description, url; empty values left out.

    trafilatura reads meta tags, JSON-LD and bylines. Chinese pages state their fields as
    labelled text ("来源：网易科学人", "责任编辑：孔德明"): those are read with the same field
    parser the text reader uses, and the page's own "来源" is the source.
    """
    from trafilatura.metadata import extract_metadata

    out: dict[str, Any] = {}
    site = ""
    try:
        meta = extract_metadata(tree, extensive=False)
    except Exception:  # noqa: BLE001 - metadata is a bonus; never lose the article over it
        meta = None
    if meta is not None:
        if meta.date:
            out["date"] = collapse(meta.date)
        author = clean_author(meta.author)
        if author:
            out["author"] = author
        if meta.sitename:
            site = collapse(meta.sitename)
            out["source"] = site
        if meta.description:
            out["description"] = collapse(meta.description)[:500]
        if meta.url:
            out["url"] = collapse(meta.url)
    published = published_time(tree)
    if published and (not out.get("date") or published.startswith(str(out["date"]))):
        out["date"] = published
    elif out.get("date") and len(str(out["date"])) == 10:
        out["date"] = shown_time(tree, str(out["date"])) or out["date"]
    for key, value in labelled_fields(tree).items():
        if key == "source" or key not in out:
            out[key] = value
    date = out.get("date")
    if isinstance(date, str):
        # ISO 8601 as the library sorts it ("2015-07-24 05:36"), by the title-block rules;
        # a form they cannot read stays as written.
        from tuireader.ingest.titleblock import iso_date

        iso = iso_date(date)
        if iso and iso != date:
            out["date_text"], out["date"] = date, iso
    return out, site


_TIME_META = (
    "article:published_time", "og:published_time", "datePublished", "pubdate", "publishdate",
    "PublishDate", "publish-date", "dc.date.issued", "DC.date.issued", "sailthru.date",
)
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)")


def published_time(tree: Any) -> str:
    """"2024-03-05 08:30:00" from a machine-readable publication time, when it has a time."""
    value = _meta(tree, *_TIME_META)
    if not value:
        for el in tree.iter("time"):
            value = el.get("datetime") or ""
            if value:
                break
    m = _ISO_TIME.match(value.strip())
    return f"{m.group(1)} {m.group(2)}" if m else ""


def shown_time(tree: Any, day: str) -> str:
    """"2020-02-19 20:29:58" when the page shows the publication day with its time."""
    pattern = re.compile(re.escape(day) + r"\s+(\d{1,2}:\d{2}(?::\d{2})?)")
    body = tree.find(".//body")
    if body is None:
        return ""
    for count, el in enumerate(body.iter()):
        if count > 5000:
            break
        for text in (el.text, el.tail):
            if text and day[:4] in text:
                m = pattern.search(text)
                if m:
                    return f"{day} {m.group(1)}"
    return ""


_FIELD_KEYS = ("source", "author", "editors", "reviewers", "final_review", "views")
_FIELD_HINT = re.compile(r"[:：︱|]")


def labelled_fields(tree: Any) -> dict[str, Any]:
    """Fields a page writes as labelled text: "来源：<a>网易科学人</a>", "作者：张三"."""
    try:
        from tuireader.ingest.metadata import parse_fields
    except ImportError:  # the text reader's field parser is not there: nothing to add
        return {}
    body = tree.find(".//body")
    if body is None:
        return {}
    found: dict[str, Any] = {}
    for el in body.iter():
        text = el.text
        if not text or not isinstance(el.tag, str) or el.tag in ("script", "style", "a"):
            continue
        head = text.strip()[:10]
        if not head or not _FIELD_HINT.search(head) or not _CJK.match(head):
            continue
        line = " ".join(t.strip() for t in el.itertext() if t.strip())
        if len(line) > 120:
            line = head
        fields = parse_fields(line.replace("︱", "："))
        if not fields:
            continue
        for key, value in fields.items():
            if key in _FIELD_KEYS and key not in found and value:
                found[key] = value
    return found


#: First characters a neighbour label can start with: a cheap filter before the patterns.
_LABEL_START = set("上下PpNnOo«‹<← ")


def _label(text: str) -> tuple[str, str] | None:
    """("prev" | "next", rest of the text) when `text` starts with a neighbour label."""
    if not text or text[0] not in _LABEL_START:
        return None
    for words, key in ((_CJK_PREV, "prev"), (_CJK_NEXT, "next")):
        for w in words:
            if text.startswith(w):
                return key, text[len(w):].strip(" :：>»›<«‹→←-—|")
    m = _LATIN_LABEL.match(text)
    if m:
        word = m.group(1).lower()
        key = "next" if word in ("next", "newer") else "prev"
        return key, text[m.end():].strip(" :：>»›<«‹→←-—|")
    return None


def neighbour_links(tree: Any) -> tuple[Link | None, Link | None]:
    """`<link rel=prev/next>`, `<a rel=prev/next>`, and anchors labelled 上一篇/下一篇/Previous/Next.

    A labelled anchor wins over a bare `<link rel>` because it carries the neighbour's title.
    """
    found: dict[str, Link] = {}
    for el in tree.xpath("//link[@rel][@href] | //a[@rel][@href]"):
        rels = (el.get("rel") or "").lower().split()
        for rel, key in (("prev", "prev"), ("previous", "prev"), ("next", "next")):
            if rel in rels and key not in found:
                text = collapse(el.text_content()) if el.tag == "a" else ""
                labelled = _label(text) if text else None
                if labelled and labelled[1]:
                    text = labelled[1]
                title = text or collapse(el.get("title") or "")
                found[key] = Link(title, path=el.get("href"))
    labelled_links = _labelled_anchors(tree)
    for key in ("prev", "next"):
        link = labelled_links.get(key)
        if link is None:
            continue
        if key not in found or not found[key].title or _label(found[key].title):
            found[key] = link
    for link in found.values():
        if not link.title:  # a bare <link rel=next>: the file name is the best title we have
            link.title = title_from_path((link.path or "").split("?")[0].rstrip("/") or "page")
    return found.get("prev"), found.get("next")


def _labelled_anchors(tree: Any) -> dict[str, Link]:
    """Anchors whose own text, or the text just before them ("上一篇：<a>…</a>"), is a
    prev/next label."""
    out: dict[str, Link] = {}
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#")):
            continue
        text = collapse(a.text_content())
        if not text or len(text) > 200:
            continue
        hit = _label(text)
        if hit is None:
            prev = a.getprevious()
            parent = a.getparent()
            before = (prev.tail if prev is not None else parent.text if parent is not None else None) or ""
            before = before[-40:].strip()
            if not before:
                continue
            hit = _label(before)
            if hit is None or hit[1]:
                continue
            hit = (hit[0], text)
        key, title = hit
        if key not in out:
            out[key] = Link(title or text, path=href)
    return out
