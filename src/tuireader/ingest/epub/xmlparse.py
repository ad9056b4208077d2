"""Parsing the XML and XHTML inside a book, safely and leniently.

Why separate parsers: the package files (container.xml, the OPF, the NCX) are XML and must
be read as such (namespaces, no HTML rules), but never with external entities, DTDs or the
network (`resolve_entities=False`, `no_network=True`): a hostile book must not read local
files or expand a "billion laughs". Chapter XHTML is tried as XML first (a self-closing
`<a id="x"/>` means what it says only in XML), and on any error parsed again by the HTML
parser, which, like a browser, makes a tree out of anything.
"""

from __future__ import annotations

import re
from typing import Any

_XML_DECL_ENC = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")
_META_CHARSET = re.compile(rb"<meta[^>]*charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _xml_parser() -> Any:
    import lxml.etree

    return lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                dtd_validation=False, huge_tree=True, remove_comments=True,
                                remove_pis=True)


def parse_xml(data: bytes, *, recover: bool = False) -> Any | None:
    """The root element of an XML document, or None when it does not parse."""
    import lxml.etree

    parser = _xml_parser() if not recover else lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=True,
        remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except (lxml.etree.XMLSyntaxError, ValueError):
        return None
    return root


def _encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:1024]
    m = _XML_DECL_ENC.match(head) or _META_CHARSET.search(data[:4096])
    if m:
        import codecs

        label = m.group(1).decode("ascii", "ignore").lower()
        try:
            codecs.lookup(label)
        except LookupError:
            return "utf-8"
        return label
    return "utf-8"


def parse_xhtml(data: bytes) -> Any | None:
    """The root of a chapter document: as XML when it is well formed, else as HTML (which
    never fails on markup, only on nothing at all). None when there is no element."""
    root = parse_xml(data)
    if root is not None:
        return root
    import lxml.etree
    import lxml.html

    encoding = _encoding(data)
    parser = lxml.html.HTMLParser(encoding=encoding, huge_tree=True, remove_comments=True,
                                  remove_pis=True, no_network=True)
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError, LookupError):
        pass
    try:  # a wrong declared encoding: bytes as UTF-8, errors replaced
        text = data.decode("utf-8", "replace")
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
        return lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(
            huge_tree=True, remove_comments=True, remove_pis=True, no_network=True))
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return None


def local(tag: Any) -> str:
    """An element's tag without namespace, lower case; "" for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def attr(el: Any, name: str) -> str | None:
    """Attribute `name` whatever its namespace prefix (`epub:type`, `opf:role`, `xml:lang`)."""
    value = el.get(name)
    if value is not None:
        return str(value)
    for key, val in el.attrib.items():
        if key.rsplit("}", 1)[-1] == name or key.rsplit(":", 1)[-1] == name:
            return str(val)
    return None


def text_of(el: Any) -> str:
    """All text under `el`, whitespace collapsed (labels, titles)."""
    if not isinstance(el.tag, str):  # an entity reference or a comment: no text of its own
        return ""
    return " ".join("".join(t for t in el.itertext() if isinstance(t, str)).split())
