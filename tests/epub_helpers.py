"""Tiny EPUBs built in memory with `zipfile`, for the container, TOC and reader tests.

`make_epub` writes a valid EPUB 3 (nav) or EPUB 2 (NCX) from a list of chapters; every
part can be overridden or left out, which is how the malformed books are made.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from html import escape
from pathlib import Path

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def chapter_xhtml(title: str, paragraphs: Iterable[str], *, heading: str = "h1",
                  extra: str = "", lang: str = "en") -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}">'
        f"<head><title>{escape(title)}</title><style>p {{ color: red }}</style>"
        "<script>alert('x')</script></head>"
        f'<body><section epub:type="chapter"><{heading} id="top">{escape(title)}</{heading}>{body}{extra}</section></body></html>'
    )


def nav_xhtml(entries: list[tuple[int, str, str]]) -> str:
    """entries: (level, label, href). Builds nested <ol>s."""
    out = ['<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
           'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>nav</title></head><body>'
           '<nav epub:type="toc"><ol>']
    depth = 1
    first = True
    for level, label, href in entries:
        if level > depth:
            out.append("<ol>" * (level - depth))
        elif not first:
            out.append("</li>")
            while depth > level:
                out.append("</ol></li>")
                depth -= 1
        depth = level
        first = False
        link = f'<a href="{escape(href)}">{escape(label)}</a>' if href else f"<span>{escape(label)}</span>"
        out.append(f"<li>{link}")
    if not first:
        out.append("</li>")
    while depth > 1:
        out.append("</ol></li>")
        depth -= 1
    out.append("</ol></nav></body></html>")
    return "".join(out)


def ncx_xml(entries: list[tuple[int, str, str]]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
           'version="2005-1"><head/><docTitle><text>x</text></docTitle><navMap>']
    depth = 0
    for n, (level, label, href) in enumerate(entries):
        while depth >= level:
            out.append("</navPoint>")
            depth -= 1
        out.append(f'<navPoint id="np{n}" playOrder="{n + 1}"><navLabel><text>{escape(label)}</text>'
                   f'</navLabel><content src="{escape(href)}"/>')
        depth = level
    out.append("</navPoint>" * depth)
    out.append("</navMap></ncx>")
    return "".join(out)


def opf_xml(items: list[tuple[str, str, str, str]], spine: list[str], *, title: str = "A Test Book",
            creators: Iterable[str] = ("Ada Author",), language: str = "en", date: str = "2021-03-18",
            version: str = "3.0", ncx_id: str | None = None, extra_meta: str = "") -> str:
    """items: (id, href, media-type, properties)."""
    meta = [f"<dc:title>{escape(title)}</dc:title>"] if title else []
    meta += [f"<dc:creator>{escape(c)}</dc:creator>" for c in creators]
    if language:
        meta.append(f"<dc:language>{escape(language)}</dc:language>")
    if date:
        meta.append(f"<dc:date>{escape(date)}</dc:date>")
    manifest = "".join(
        f'<item id="{escape(i)}" href="{escape(h)}" media-type="{escape(m)}"'
        + (f' properties="{escape(p)}"' if p else "") + "/>"
        for i, h, m, p in items
    )
    toc = f' toc="{ncx_id}"' if ncx_id else ""
    refs = "".join(f'<itemref idref="{escape(s)}"/>' for s in spine)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="{version}" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">'
        f'<dc:identifier id="id">urn:test</dc:identifier>{"".join(meta)}{extra_meta}</metadata>'
        f"<manifest>{manifest}</manifest><spine{toc}>{refs}</spine></package>"
    )


def zip_bytes(files: dict[str, str | bytes], *, mimetype: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if mimetype:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def book_files(chapters: list[tuple[str, list[str]]], *, epub2: bool = False,
               toc: list[tuple[int, str, str]] | None = None, **opf_kw: object) -> dict[str, str | bytes]:
    """The files of a valid book: one XHTML per chapter under OEBPS/text/, a nav (EPUB 3)
    or an NCX (EPUB 2) listing `toc` (default: one entry per chapter)."""
    files: dict[str, str | bytes] = {"META-INF/container.xml": CONTAINER.format(opf="OEBPS/content.opf")}
    items: list[tuple[str, str, str, str]] = []
    spine = []
    for n, (title, paras) in enumerate(chapters, 1):
        href = f"text/ch{n}.xhtml"
        files[f"OEBPS/{href}"] = chapter_xhtml(title, paras)
        items.append((f"ch{n}", href, "application/xhtml+xml", ""))
        spine.append(f"ch{n}")
    entries = toc if toc is not None else [(1, t, f"text/ch{n}.xhtml") for n, (t, _p) in enumerate(chapters, 1)]
    if epub2:
        files["OEBPS/toc.ncx"] = ncx_xml(entries)
        items.append(("ncx", "toc.ncx", "application/x-dtbncx+xml", ""))
        files["OEBPS/content.opf"] = opf_xml(items, spine, version="2.0", ncx_id="ncx", **opf_kw)  # type: ignore[arg-type]
    else:
        files["OEBPS/nav.xhtml"] = nav_xhtml(entries)
        items.append(("nav", "nav.xhtml", "application/xhtml+xml", "nav"))
        files["OEBPS/content.opf"] = opf_xml(items, spine, **opf_kw)  # type: ignore[arg-type]
    return files


def write_book(path: Path, chapters: list[tuple[str, list[str]]], **kw: object) -> Path:
    path.write_bytes(zip_bytes(book_files(chapters, **kw)))  # type: ignore[arg-type]
    return path
