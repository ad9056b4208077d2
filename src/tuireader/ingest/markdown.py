"""Markdown text → `Article`, from markdown-it-py's token stream (never regexes on the source).

Why the token stream: it already knows what is a heading, a fenced code block, a list or a
table, so a `# comment` inside a code block can never become a heading and setext
headings (`Title` over `====`) work like ATX ones. What it does not decide, decided here:

- YAML front matter (`---` … `---`) becomes metadata. Only the simple subset people write
  (`key: value`, lists, `[a, b]`, block scalars) is parsed, by hand: a YAML dependency
  would be heavier than the feature, and bad front matter must never stop the article.
- A single leading H1 is the article's title, not a section (so is a document's very first
  line when it is its only heading at the top level used, "ripgrep (rg)" over `---` above
  `###` sections); the remaining heading levels are shifted so the top level used is 1.
- A README's opening run (logo, raw `<h1>`/`<h2>`, badge rows) names the project when no
  front matter or leading H1 does (`readme`); badges are never text, emoji shortcodes
  (`:rocket:`) never part of a heading or title (body text keeps them as written).
- Inline markup becomes plain text: emphasis markers go, links keep their text, images
  their alt text (not badges'; a heading's footnote marker link `[*][1]` goes too). Raw HTML never shows as text: tags are dropped, text inside inline tags
  is kept, `<script>`/`<style>` and comments vanish with their content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tuireader.article import Article, Block, BlockKind, OutlineEntry, title_from_path
from tuireader.ingest.outline import split_number
from tuireader.ingest.readme import choose_title, is_badge, strip_shortcodes, title_candidates
from tuireader.ingest.sanitize import clean_inline, strip_controls

#: Table cells are joined with a box-drawing bar, one block per row.
CELL_SEPARATOR = " │ "

_FRONT_MATTER_OPEN = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n")
_MAX_FRONT_MATTER_LINES = 300
_KEY_VALUE = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_\- .]*?)\s*[:=](?:\s+(.*)|\s*)$")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg"})
_BREAK_TAGS = frozenset(
    "p div br li tr h1 h2 h3 h4 h5 h6 ul ol table blockquote pre section article header "
    "footer details summary dt dd figure figcaption hr center".split()
)
_TASK_BOX = re.compile(r"^\[([ xX])\] ")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def parse_markdown(text: str, *, path: str = "<markdown>", encoding: str = "utf-8") -> Article:
    """Parse Markdown (already decoded and sanitised) into an `Article`."""
    metadata, body = _title_block(text)
    blocks, opening = _parse_blocks(body)

    title = metadata.pop("title", None)
    title = title if isinstance(title, str) and title else None
    authors = metadata.get("authors")
    if "author" not in metadata and authors:
        # The library shows `author`; many front matters say `authors: [a, b]`.
        metadata["author"] = authors if isinstance(authors, str) else ", ".join(map(str, authors))
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    h1s = [i for i in headings if blocks[i].level == 1]
    if title is None and not h1s and headings and headings[0] == 0 and not opening:
        top = min(blocks[i].level for i in headings)
        tops = [i for i in headings if blocks[i].level == top]
        if len(tops) == 1:  # the document opens with its only top-level heading
            h1s = tops
    if len(h1s) == 1 and headings[0] == h1s[0] and _h1_is_title(title, blocks[h1s[0]].text):
        # A single leading H1 is the title line, not a section.
        h1_text = blocks[h1s[0]].text
        del blocks[h1s[0]]
        title = title or h1_text
    if title is None:
        title = choose_title(opening)
        if title:
            _drop_title_line(blocks, title)
    if title is None and h1s:
        title = blocks[h1s[0]].text
    outline = _outline(blocks)
    return Article(
        title=title or title_from_path(path),
        blocks=blocks,
        outline=outline,
        metadata=metadata,
        path=path,
        format="markdown",
        encoding=encoding,
    )


def _drop_title_line(blocks: list[Block], title: str) -> None:
    """The opening run's `<h1>` became a paragraph line too: it is the title, not text."""
    key = "".join(title.split())
    for i, block in enumerate(blocks[:40]):
        if block.kind == "heading":
            return
        if block.kind == "paragraph" and "".join(block.text.split()) == key:
            del blocks[i]
            return


def _h1_is_title(block_title: str | None, h1: str) -> bool:
    """A single leading H1 is the document's title line unless a title block already
    named the document otherwise: then the H1 is its first section (pandoc's MANUAL, a
    Jekyll post with `title:` and `# Introduction`)."""
    return block_title is None or block_title.casefold() == h1.casefold()


def _title_block(text: str) -> tuple[dict[str, Any], str]:
    """(metadata, body): YAML front matter or pandoc's `% title` / `% author` / `% date`
    lines, with one author as a string and the date as ISO 8601 (see `titleblock`)."""
    from tuireader.ingest import titleblock

    if text[:1] == "%" or text[:2] == "\ufeff%":
        return titleblock.split_pandoc_block(text)
    metadata, body = split_front_matter(text)
    return titleblock.tidy(metadata), body


def _parse_blocks(body: str) -> tuple[list[Block], list[tuple[str, str]]]:
    """Blocks of the whole body, and the title candidates of its opening run (`readme`).

    A long document is parsed in chunks: markdown-it keeps every token of a document alive
    at once (about 12x the text size for 5 MB); a chunk's tokens are dropped as soon as its
    blocks are built. Cuts are proposed by `split_chunks` and confirmed by markdown-it
    itself (see `_confirmed_chunks`), so chunking never changes the result. When the
    document may define link references, a block-only pass collects them first, so
    `[text][ref]` resolves across chunks exactly as in a whole parse.
    """
    # markdown-it's first step rewrites every line end and NUL (a regex substitution over the
    # whole text, ~5% of a parse); a text with no "\r" and no NUL, which is every decoded
    # one, comes out of it unchanged, so it is skipped.
    normalize = "\r" in body or "\0" in body
    md = _parser(normalize=normalize)
    builder = _Builder()
    env: dict[str, Any] = {}
    pieces = split_chunks(body, _CHUNK_CHARS) if len(body) > 2 * _CHUNK_CHARS else [body]
    parsed: Iterator[tuple[str, list[Token]]]
    try:
        if len(pieces) > 1 and _REFERENCE_DEFINITION.search(body):
            block_md = _parser(inline=False, normalize=normalize)
            pieces = [text for text, _ in _confirmed_chunks(block_md, pieces, env)]
            parsed = ((text, md.parse(text, env)) for text in pieces)
        else:
            parsed = _confirmed_chunks(md, pieces, env)
        for _text, tokens in parsed:
            builder.reset_context()
            builder.build(tokens)
    except Exception:  # noqa: BLE001 - a parser bug must not become a traceback
        builder = _Builder()
        builder.build(md.parse(_escape_everything(body)))
    return builder.blocks, builder.candidates


def _confirmed_chunks(
    md: MarkdownIt, pieces: list[str], env: dict[str, Any]
) -> Iterator[tuple[str, list[Token]]]:
    """(text, tokens) per chunk. Each piece is parsed together with the first line of the
    next one; the cut stands only if markdown-it reads that line as a top-level heading
    (every container closed before it), otherwise the next piece is merged in. The
    heading's own tokens are then dropped: they belong to the next chunk."""
    current = pieces[0]
    for following in pieces[1:]:
        head = following.split("\n", 1)[0]
        tokens = md.parse(f"{current}\n{head}", env)
        opening = tokens[-3] if len(tokens) >= 3 else None
        if (
            opening is not None
            and opening.type == "heading_open"
            and opening.level == 0
            and opening.map is not None
            and opening.map[0] == current.count("\n") + 1
            and tokens[-1].type == "heading_close"
        ):
            yield current, tokens[:-3]
            current = following
        else:
            current = f"{current}\n{following}"
    yield current, md.parse(current, env)


#: Chunk size for long documents (characters); documents up to twice this are parsed whole.
_CHUNK_CHARS = 256_000
_ATX_LINE = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})")
_RAW_HTML_OPEN = re.compile(r" {0,3}<(script|pre|style|textarea)(?:[\s>]|$)", re.I)
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S[^\n]*$", re.M)


def split_chunks(body: str, size: int) -> list[str]:
    """Cut `body` into pieces of at least `size` characters, only right before a line that
    starts an ATX heading at column 0 after a blank line, outside fenced code and the raw
    HTML blocks that survive blank lines (<script>, <pre>, <style>, <textarea>, comments,
    <?…?>, CDATA). Such a line starts a new top-level block whatever came before, so each
    piece parses exactly as it would in place."""
    lines = body.split("\n")
    chunks: list[str] = []
    start = count = 0
    fence = ""
    html_end = ""
    previous_blank = True
    for i, line in enumerate(lines):
        if fence:
            stripped = line.strip()
            if (
                len(line) - len(line.lstrip(" ")) <= 3
                and len(stripped) >= len(fence)
                and set(stripped) == {fence[0]}
            ):
                fence = ""
        elif html_end:
            if html_end in line.lower():
                html_end = ""
        else:
            if count >= size and previous_blank and _ATX_LINE.match(line):
                chunks.append("\n".join(lines[start:i]))
                start, count = i, 0
            fence, html_end = _opens_raw_block(line)
        previous_blank = not line.strip()
        count += len(line) + 1
    chunks.append("\n".join(lines[start:]))
    return chunks


def _opens_raw_block(line: str) -> tuple[str, str]:
    """(fence, HTML end marker) opened by this line, if any: blocks that blank lines and
    headings do not end."""
    opening = _FENCE_OPEN.match(line)
    if opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end() :]):
        return opening.group(1), ""
    raw = _RAW_HTML_OPEN.match(line)
    lowered = line.lower()
    if raw and f"</{raw.group(1).lower()}>" not in lowered[raw.end() :]:
        return "", f"</{raw.group(1).lower()}>"
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) <= 3:
        for opener, closer in (("<!--", "-->"), ("<?", "?>"), ("<![cdata[", "]]>")):
            if (
                stripped.lower().startswith(opener)
                and closer not in stripped[len(opener) :].lower()
            ):
                return "", closer
    return "", ""


@lru_cache(maxsize=4)
def _parser(inline: bool = True, normalize: bool = True) -> MarkdownIt:
    """One configured parser (or a block-only one, for collecting reference definitions;
    or one without the newline/NUL normalisation, for text that has neither "\r" nor NUL).
    Link URLs are never shown, so they are not normalised (that punycode/percent-encoding
    step was a fifth of the parse time on a link-heavy README)."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    if not inline:
        md.disable("inline")
    if not normalize:
        md.disable("normalize")
    md.normalizeLink = _same  # type: ignore[method-assign]
    md.normalizeLinkText = _same  # type: ignore[method-assign, assignment]
    md.validateLink = _always  # type: ignore[method-assign]
    return md


def _same(url: str) -> str:
    return url


def _always(url: str) -> bool:
    return True


# --------------------------------------------------------------------------- front matter


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(metadata, the Markdown after the front matter). No closing fence: no front matter."""
    opening = _FRONT_MATTER_OPEN.match(text)
    if opening is None:
        return {}, text
    fence = "+++" if text.startswith("+++") else "---"
    closers = (fence,) if fence == "+++" else ("---", "...")
    lines = text[opening.end() :].split("\n")
    for i, line in enumerate(lines[:_MAX_FRONT_MATTER_LINES]):
        if line.rstrip() in closers:
            meta = parse_front_matter(lines[:i])
            if not meta and any(line.strip() for line in lines[:i]):
                # Not key/value data at all: a thematic break and an ordinary setext
                # heading, most likely; leave the text alone.
                return {}, text
            return meta, "\n".join(lines[i + 1 :])
    return {}, text


def parse_front_matter(lines: list[str]) -> dict[str, Any]:
    """The simple YAML (or TOML `key = value`) subset: scalars, `- item` lists, `[a, b]`
    flow lists, one level of nested mapping, `|`/`>` block scalars. Keys are lower-cased;
    values are clean one-line strings (lists of them); anything else is skipped."""
    meta: dict[str, Any] = {}
    key: str | None = None
    block_scalar = False
    for raw in lines:
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" \t"))
        line = raw.strip()
        if indent == 0 and not line.startswith("- "):
            block_scalar = False
            match = _KEY_VALUE.match(line)
            if match is None:
                key = None
                continue
            key = clean_inline(match.group(1)).lower()
            value = (match.group(2) or "").strip()
            if value in ("|", ">", "|-", ">-", "|+", ">+"):
                block_scalar = True
                meta[key] = ""
            elif value:
                meta[key] = _value(value)
            else:
                meta[key] = None
            continue
        if key is None:
            continue
        current = meta.get(key)
        if block_scalar:
            meta[key] = f"{current} {clean_inline(line)}".strip()
        elif line.startswith("- ") or line == "-":
            items = current if isinstance(current, list) else []
            item = _scalar(line[1:].strip())
            if item:
                items.append(item)
            meta[key] = items
        else:
            match = _KEY_VALUE.match(line)
            if match is not None and (current is None or isinstance(current, dict)):
                sub = current if isinstance(current, dict) else {}
                value = _value((match.group(2) or "").strip())
                if value:
                    sub[clean_inline(match.group(1)).lower()] = value
                meta[key] = sub
    return {k: v for k, v in meta.items() if k and v not in (None, "", [], {})}


def _value(text: str) -> str | list[str]:
    if text.startswith("[") and text.endswith("]"):
        return [item for item in (_scalar(p) for p in _split_flow(text[1:-1])) if item]
    return _scalar(text)


def _split_flow(text: str) -> list[str]:
    """Split `a, "b, c", d` on commas outside quotes."""
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    for ch in text:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            current.append(ch)
        elif ch == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
    else:
        text = re.sub(r"\s+#.*$", "", text)  # a trailing YAML comment
    return clean_inline(text)


# --------------------------------------------------------------------------- blocks


class _Builder:
    """Walks the flat token stream, keeping list/quote/table context on small stacks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lists: list[bool] = []  # True for an ordered list
        self.items: list[str | None] = []  # pending "3." marker of each open list item
        self.quote_depth = 0
        self.row: list[str] | None = None
        #: Still in the opening run (raw HTML, image-only lines) before any section or text.
        self.opening = True
        self.before_sections = True
        self.candidates: list[tuple[str, str]] = []

    def reset_context(self) -> None:
        """Between chunks: each chunk starts at top level (see `split_chunks`)."""
        self.lists.clear()
        self.items.clear()
        self.quote_depth = 0
        self.row = None

    def build(self, tokens: list[Token]) -> list[Block]:
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                inline = tokens[i + 1] if i + 1 < len(tokens) else None
                text, _lead = render_inline(inline.children or [] if inline else [], heading=True)
                text = _one_line(text)
                self.opening = self.before_sections = False
                if text and self.quote_depth:
                    # "> ## Note": a quoted heading belongs to the quote, it is not a
                    # section. (Headings in list items stay headings: READMEs write
                    # "- ### Arrays" for real topics.)
                    self._add_text(text, 0)
                elif text:
                    self.blocks.append(Block("heading", text, level=int(token.tag[1:] or 1)))
                i += 3
                continue
            if kind == "inline":
                self._inline(token)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.lists.append(kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                if self.lists:
                    self.lists.pop()
            elif kind == "list_item_open":
                ordered = bool(self.lists and self.lists[-1])
                self.items.append(f"{token.info}{token.markup}" if ordered and token.info else None)
            elif kind == "list_item_close":
                if self.items:
                    self.items.pop()
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth = max(0, self.quote_depth - 1)
            elif kind in ("fence", "code_block"):
                self.opening = False
                code = strip_controls(token.content.rstrip("\n"))
                if code.strip():
                    self.blocks.append(Block("code", code))
            elif kind == "hr":
                self.blocks.append(Block("rule", ""))
            elif kind == "html_block":
                images = not self.opening
                if self.opening:
                    self.candidates.extend(title_candidates(token.content))
                elif self.before_sections and "<h1" in token.content.lower():
                    # A raw <h1> under a sponsor box is still the page's title.
                    found = [c for c in title_candidates(token.content) if c[0] == "h1"]
                    self.candidates.extend(found)
                    images = not found
                for line in html_to_text(token.content, images=images):
                    self._add_text(line, 0)
            elif kind == "tr_open":
                self.row = []
            elif kind == "tr_close":
                cells = self.row or []
                self.row = None
                if any(cells):
                    self.blocks.append(Block("paragraph", CELL_SEPARATOR.join(cells).strip()))
            i += 1
        return self.blocks

    def _inline(self, token: Token) -> None:
        children = token.children or []
        if self.opening and self.row is None:
            logos = _only_images(children)
            if logos is not None:  # a logo or badge row above the text: names, not lines
                self.candidates.extend(("logo", alt) for alt in logos)
                return
            self.opening = False
        text, lead = render_inline(children)
        if self.row is not None:
            self.row.append(_one_line(text))
            return
        self._add_text(text, lead)

    def _add_text(self, text: str, lead: int) -> None:
        if "\n" in text:  # hard line breaks kept, each line's spaces collapsed
            text = "\n".join(_one_line(line) for line in text.split("\n")).strip("\n")
            if "\n\n" in text:
                text = _BLANK_LINES.sub("\n", text)
        else:  # the common case: one line, no regex
            text = _one_line(text)
        if not text.strip():
            return
        kind: BlockKind = "paragraph"
        level = 0
        if self.items:
            kind, level = "list_item", len(self.lists) or 1
            text = _TASK_BOX.sub(lambda m: "☑ " if m.group(1) in "xX" else "☐ ", text, count=1)
            marker = self.items[-1]
            if marker:
                text = f"{marker} {text}"
                lead = lead + len(marker) + 1 if lead else 0
                self.items[-1] = None  # only the item's first paragraph carries it
        elif self.quote_depth:
            kind = "quote"
        self.blocks.append(Block(kind, text, level=level, lead=lead if kind == "paragraph" else 0))


_BLANK_LINES = re.compile(r"\n{2,}")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _outline(blocks: list[Block]) -> list[OutlineEntry]:
    """Outline entries for heading blocks, levels shifted so the top level used is 1."""
    headings = [(i, b) for i, b in enumerate(blocks) if b.kind == "heading"]
    if not headings:
        return []
    top = min(b.level for _, b in headings)
    outline: list[OutlineEntry] = []
    for i, block in headings:
        block.level = block.level - top + 1
        number, title = split_number(block.text)
        block.number = number
        outline.append(
            OutlineEntry(level=block.level, number=number, title=title or block.text, block=i)
        )
    return outline


# --------------------------------------------------------------------------- inline


def _only_images(children: list[Token]) -> list[str] | None:
    """The non-badge image alts of a line made only of images (and links around them), or
    None when the line has words of its own."""
    alts: list[str] = []
    for child in children:
        kind = child.type
        if kind == "image":
            if not is_badge(_src(child)):
                shown = render_inline(child.children or [])[0] or child.content
                if shown.strip():
                    alts.append(shown.strip())
        elif kind == "html_inline":
            match = _TAG.match(child.content)
            if match is None or match.group(2).lower() not in ("img", "a", "br", "picture", "source", "p"):
                return None
            if match.group(2).lower() == "img" and not is_badge(_attr(child.content, _SRC)):
                alt = _attr(child.content, _ALT)
                if alt and alt.strip():
                    alts.append(alt.strip())
        elif kind in ("text", "softbreak", "hardbreak") and not child.content.strip(" •|·"):
            continue
        elif kind not in ("link_open", "link_close", "softbreak", "hardbreak"):
            return None
    return alts


def _src(image: Token) -> str | None:
    src = image.attrs.get("src") if image.attrs else None
    return src if isinstance(src, str) else None


def _attr(tag: str, pattern: re.Pattern[str]) -> str | None:
    found = pattern.search(tag)
    return next((g for g in found.groups() if g is not None), None) if found else None


#: A heading's link whose whole text is a footnote marker: "Faster"[*][note], "Title"[1].
_FOOTNOTE_MARK = re.compile(r"^(?:[*†‡§]{1,3}|\[?\d{1,3}\]?)$")


def render_inline(children: list[Token], *, heading: bool = False) -> tuple[str, int]:
    """Inline tokens → (plain text, length of a leading bold run-in head or 0).

    Soft breaks become a space, or nothing between two CJK characters (hard-wrapped
    Chinese is joined without spaces); hard breaks and `<br>` become "\\n". Badges are
    dropped; in a `heading`, so are emoji shortcodes and a footnote marker link.
    """
    parts: list[str] = []
    skip = 0
    bold_start: int | None = None
    lead = 0
    link_start: int | None = None
    for child in children:
        kind = child.type
        if kind == "html_inline":
            skip = _inline_html(child.content, parts, skip)
            continue
        if skip:
            continue
        if kind == "text":
            parts.append(strip_shortcodes(child.content) if heading else child.content)
        elif kind == "code_inline":
            parts.append(child.content)
        elif kind == "link_open" and heading:
            link_start = len(parts)
        elif kind == "link_close" and heading and link_start is not None:
            if _FOOTNOTE_MARK.match("".join(parts[link_start:]).strip()):
                del parts[link_start:]
            link_start = None
        elif kind == "softbreak":
            parts.append("\x00")  # decided below, once both neighbours are known
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            if not is_badge(_src(child)):
                parts.append(render_inline(child.children or [])[0] or child.content)
        elif kind == "strong_open" and not "".join(parts).strip():
            bold_start = len(parts)
        elif kind == "strong_close" and bold_start is not None and not lead:
            lead = len(_one_line("".join(parts[bold_start:]).replace("\x00", " ")))
            bold_start = None
    text = _join_softbreaks("".join(parts))
    text = strip_controls(text)
    rest = text.strip()
    if lead and (lead >= len(_one_line(rest)) or not rest):
        lead = 0  # a paragraph that is all bold is not a run-in head
    return text, lead


def _join_softbreaks(text: str) -> str:
    if "\x00" not in text:
        return text
    pieces = text.split("\x00")
    out = [pieces[0]]
    for piece in pieces[1:]:
        before, after = out[-1].rstrip()[-1:], piece.lstrip()[:1]
        joiner = "" if before and after and _CJK.match(before) and _CJK.match(after) else " "
        out[-1] = out[-1].rstrip() if not joiner else out[-1]
        out.append(joiner + (piece.lstrip() if not joiner else piece))
    return "".join(out)


def _inline_html(tag: str, parts: list[str], skip: int) -> int:
    """Apply one inline HTML token: drop it, keep an <img>'s alt, break on <br>, and count
    nesting of <script>/<style> whose text must be skipped. Returns the new skip depth."""
    match = _TAG.match(tag)
    if match is None:
        return skip  # a comment, a processing instruction, a declaration
    closing, name = match.group(1) == "/", match.group(2).lower()
    if name in _SKIP_TAGS:
        if closing:
            return max(0, skip - 1)
        return skip if tag.rstrip().endswith("/>") else skip + 1
    if skip:
        return skip
    if name == "br":
        parts.append("\n")
    elif name == "img" and not is_badge(_attr(tag, _SRC)):
        alt = _attr(tag, _ALT)
        if alt:
            parts.append(alt)
    return skip


class _HTMLText(HTMLParser):
    """Visible text of an HTML fragment: block tags break lines; script/style dropped."""

    def __init__(self, images: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.images = images

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BREAK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(_CELL_MARK)
        elif tag == "img" and not self.skip and self.images:
            values = dict(attrs)
            alt = values.get("alt")
            if alt and not is_badge(values.get("src")):
                self.parts.append(f" {alt} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BREAK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str, *, images: bool = True) -> list[str]:
    """The visible lines of a raw HTML block, one per block-level element (image alts
    included when `images`, badges never)."""
    parser = _HTMLText(images)
    try:
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # noqa: BLE001 - html.parser is lenient, but never trust outside input
        text = re.sub(r"<[^>]*>", " ", fragment)
    lines = []
    for raw in text.split("\n"):
        cells = [_one_line(strip_controls(cell)) for cell in raw.split(_CELL_MARK)]
        line = CELL_SEPARATOR.join(cell for cell in cells if cell)
        if line:
            lines.append(line)
    return lines


#: Marks a table cell start while collecting HTML text (a control character can never
#: come from the data: those are removed per cell afterwards).
_CELL_MARK = "\x01"


def _escape_everything(text: str) -> str:
    """Last resort when the parser fails: the text as literal paragraphs."""
    return "\n\n".join("\\" + p.strip() if p.strip() else "" for p in text.split("\n\n"))
