"""META-INF/container.xml → the OPF package document → metadata, manifest and spine.

Why tolerant here and strict elsewhere: metadata is read from whatever the OPF holds (EPUB 2
`opf:role`, EPUB 3 `refines`, missing or odd dates), because a book with poor metadata is
still a book. What makes a book unreadable is strict: no container, no OPF, a spine that
names nothing, content listed as encrypted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tuireader.errors import IngestError
from tuireader.ingest.epub.archive import Archive, escapes, resolve
from tuireader.ingest.epub.xmlparse import attr, local, parse_xml, text_of
from tuireader.ingest.sanitize import clean_inline

CONTAINER = "META-INF/container.xml"
ENCRYPTION = "META-INF/encryption.xml"
#: Font obfuscation (IDPF, Adobe) hides fonts, not text: such books are readable.
_FONT_OBFUSCATION = ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
_XHTML_TYPES = ("application/xhtml+xml", "text/html", "application/html", "text/x-oeb1-document",
                "application/x-dtbook+xml", "text/xml", "application/xml")


@dataclass(slots=True)
class Item:
    """A manifest entry: `path` is its normalised name in the archive."""

    id: str
    path: str
    media_type: str
    properties: frozenset[str] = frozenset()


@dataclass(slots=True)
class Package:
    """What the OPF says about the book."""

    opf: str
    version: str
    metadata: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    manifest: dict[str, Item] = field(default_factory=dict)
    #: Spine documents in reading order: (item, linear).
    spine: list[tuple[Item, bool]] = field(default_factory=list)
    nav: Item | None = None
    ncx: Item | None = None


def read_package(archive: Archive) -> Package:
    """Locate and read the OPF; `IngestError` for a missing container, OPF or spine, for
    spine items that are not in the archive, and for encrypted content."""
    path = archive.path
    if not archive.has(CONTAINER):
        raise IngestError(path, "not an EPUB: no META-INF/container.xml")
    container = parse_xml(archive.read(CONTAINER, what="META-INF/container.xml"), recover=True)
    if container is None:
        raise IngestError(path, "META-INF/container.xml is not XML")
    opf_path = _rootfile(container)
    if opf_path is None:
        raise IngestError(path, "META-INF/container.xml names no package document (OPF)")
    if escapes("", opf_path):
        raise IngestError(path, f"package document path escapes the archive: {clean_inline(opf_path)[:80]}")
    found = archive.find(opf_path)
    if found is None:
        raise IngestError(path, f"package document {clean_inline(opf_path)[:80]} is missing from the archive")
    root = parse_xml(archive.read(found, what="the package document"), recover=True)
    if root is None or local(root.tag) != "package":
        raise IngestError(path, "the package document (OPF) is not readable XML")
    pkg = Package(opf=found, version=root.get("version") or "")
    _read_manifest(root, pkg, archive)
    _read_spine(root, pkg, archive)
    _read_metadata(root, pkg)
    encrypted = encrypted_paths(archive)
    for item, _linear in pkg.spine:
        if item.path in encrypted:
            raise IngestError(path, "encrypted (DRM), cannot be read")
    return pkg


def _rootfile(container: Any) -> str | None:
    fallback = None
    for el in container.iter():
        if local(el.tag) != "rootfile":
            continue
        full = el.get("full-path")
        if not full:
            continue
        media = (el.get("media-type") or "").lower()
        if media in ("application/oebps-package+xml", ""):
            return str(full)
        fallback = fallback or str(full)
    return fallback


def _read_manifest(root: Any, pkg: Package, archive: Archive) -> None:
    for el in root.iter():
        if local(el.tag) != "item":
            continue
        item_id, href = el.get("id"), el.get("href")
        if not item_id or not href:
            continue
        target = resolve(pkg.opf, href)
        if target is None:
            if escapes(pkg.opf, href):
                target = "../" + href  # kept so a spine reference to it can be refused by name
            else:
                continue
        props = frozenset((el.get("properties") or "").split())
        item = Item(str(item_id), archive.find(target) or target, (el.get("media-type") or "").lower(), props)
        pkg.manifest.setdefault(item.id, item)
        if "nav" in props and pkg.nav is None:
            pkg.nav = item
        if item.media_type == "application/x-dtbncx+xml" and pkg.ncx is None:
            pkg.ncx = item


def _read_spine(root: Any, pkg: Package, archive: Archive) -> None:
    path = archive.path
    spine = next((el for el in root.iter() if local(el.tag) == "spine"), None)
    if spine is None:
        raise IngestError(path, "the package document has no spine (no reading order)")
    toc_id = spine.get("toc")
    if toc_id and toc_id in pkg.manifest and pkg.ncx is None:
        pkg.ncx = pkg.manifest[toc_id]
    for el in spine:
        if local(el.tag) != "itemref":
            continue
        idref = el.get("idref") or ""
        item = pkg.manifest.get(idref)
        if item is None:
            raise IngestError(path, f"spine item {clean_inline(idref)[:60]!r} is not in the manifest")
        if item.path.startswith("../"):
            raise IngestError(path, f"spine item {clean_inline(item.path)[:80]} escapes the archive")
        if item.media_type and item.media_type not in _XHTML_TYPES and not item.media_type.endswith("+xml"):
            continue  # an image or audio in the spine: nothing to read as text
        if not archive.has(item.path):
            raise IngestError(path, f"spine item {clean_inline(item.path)[:80]} is missing from the archive")
        pkg.spine.append((item, (el.get("linear") or "yes").strip().lower() != "no"))
    if not pkg.spine:
        raise IngestError(path, "the spine lists no readable document")
    if pkg.ncx is None:  # EPUB 2 books that forgot both the media type and spine@toc
        pkg.ncx = next((i for i in pkg.manifest.values() if i.path.lower().endswith(".ncx")), None)


# -- metadata ---------------------------------------------------------------------------------

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ](\d{1,2}):(\d{2}))?")


def iso_date(text: str) -> str | None:
    """An OPF date as ISO 8601: "2011-09-01", "2012-01-18 12:47" (time when given and not
    midnight), "1865"; None when it is not a date (EPUB 2 allows free text)."""
    m = _DATE.match(text)
    if not m:
        return None
    year, month, day, hour, minute = m.groups()
    if year == "0000":
        return None
    out = year
    if month:
        if not 1 <= int(month) <= 12:
            return year
        out += f"-{int(month):02d}"
        if day and 1 <= int(day) <= 31:
            out += f"-{int(day):02d}"
            if hour and minute and (int(hour), int(minute)) != (0, 0) and int(hour) < 24:
                out += f" {int(hour):02d}:{minute}"
    return out


def _read_metadata(root: Any, pkg: Package) -> None:
    meta_el = next((el for el in root.iter() if local(el.tag) == "metadata"), None)
    if meta_el is None:
        return
    # EPUB 3 refinements: <meta refines="#id" property="role">aut</meta>
    refines: dict[str, dict[str, str]] = {}
    for el in meta_el.iter():
        if local(el.tag) == "meta" and el.get("refines") and el.get("property"):
            target = str(el.get("refines")).lstrip("#")
            refines.setdefault(target, {}).setdefault(str(el.get("property")), text_of(el))
    titles: list[tuple[int, str]] = []
    authors: list[str] = []
    others: list[str] = []
    dates: list[tuple[int, str]] = []
    language = publisher = None
    for el in meta_el.iter():
        tag = local(el.tag)
        if tag not in ("title", "creator", "language", "date", "publisher"):
            continue
        value = clean_inline(text_of(el))
        if not value:
            continue
        ref = refines.get(el.get("id") or "", {})
        if tag == "title":
            rank = 0 if ref.get("title-type", "main") == "main" else 1
            titles.append((rank, value))
        elif tag == "creator":
            role = (attr(el, "role") or ref.get("role") or "aut").lower()
            (authors if role == "aut" else others).append(value)
        elif tag == "language" and language is None:
            language = value
        elif tag == "date":
            event = (attr(el, "event") or "").lower()
            rank = 0 if event in ("publication", "original-publication", "") else 1
            iso = iso_date(value)
            if iso:
                dates.append((rank, iso))
        elif tag == "publisher" and publisher is None:
            publisher = value
    if titles:
        pkg.title = min(titles, key=lambda t: t[0])[1]
    authors = authors or others
    meta = pkg.metadata
    if authors:
        meta["author"] = ", ".join(dict.fromkeys(authors))
        if len(authors) > 1:
            meta["authors"] = list(dict.fromkeys(authors))
    if language:
        meta["language"] = language
    if dates:
        meta["date"] = min(dates, key=lambda d: d[0])[1]
    if publisher:
        meta["publisher"] = publisher


def encrypted_paths(archive: Archive) -> set[str]:
    """Archive paths META-INF/encryption.xml lists as encrypted with something other than
    font obfuscation (that is DRM, or at least nothing a reader without the key can read)."""
    if not archive.has(ENCRYPTION):
        return set()
    root = parse_xml(archive.read(ENCRYPTION, what="META-INF/encryption.xml"), recover=True)
    if root is None:
        return set()
    out: set[str] = set()
    for data in root.iter():
        if local(data.tag) != "encrypteddata":
            continue
        method = next((el.get("Algorithm") or "" for el in data.iter() if local(el.tag) == "encryptionmethod"), "")
        if method in _FONT_OBFUSCATION:
            continue
        for ref in data.iter():
            if local(ref.tag) == "cipherreference" and ref.get("URI"):
                target = resolve("", str(ref.get("URI")))
                if target:
                    out.add(archive.find(target) or target)
    return out
