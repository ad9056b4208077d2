"""The EPUB container, package, TOC and chapter readers on tiny books built in the tests."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from epub_helpers import (
    CONTAINER,
    book_files,
    chapter_xhtml,
    ncx_xml,
    opf_xml,
    write_book,
    zip_bytes,
)
from tuireader.article import Article
from tuireader.errors import IngestError
from tuireader.ingest.epub import load_book, load_book_head, parse_book
from tuireader.ingest.epub.archive import Archive, normalise, resolve
from tuireader.ingest.epub.package import iso_date

CHAPTERS = [
    ("Chapter One", ["It was a bright cold day in April.", "The clocks were striking thirteen."]),
    ("Chapter Two", ["Second chapter text.", "More of it."]),
    ("Chapter Three", ["Third and last."]),
]


def _book(files: dict[str, str | bytes]) -> bytes:
    return zip_bytes(files)


def _chapters(article: Article) -> list[tuple[str, int]]:
    return [(c.title, c.block) for c in article.chapters]


# -- a good book -------------------------------------------------------------------------------


def test_epub3_book_reads_in_spine_order_with_nav_outline_and_metadata(tmp_path: Path) -> None:
    path = write_book(tmp_path / "b.epub", CHAPTERS, creators=("Ada Author", "Bo Writer"))
    article = load_book(path)
    assert article.title == "A Test Book"
    assert article.metadata["author"] == "Ada Author, Bo Writer"
    assert article.metadata["authors"] == ["Ada Author", "Bo Writer"]
    assert article.metadata["language"] == "en"
    assert article.metadata["date"] == "2021-03-18"
    texts = [b.text for b in article.blocks]
    assert texts == ["Chapter One", "It was a bright cold day in April.", "The clocks were striking thirteen.",
                     "Chapter Two", "Second chapter text.", "More of it.", "Chapter Three", "Third and last."]
    assert [(e.level, e.title, e.block) for e in article.outline] == [
        (1, "Chapter One", 0), (1, "Chapter Two", 3), (1, "Chapter Three", 6)]
    assert _chapters(article) == [("Chapter One", 0), ("Chapter Two", 3), ("Chapter Three", 6)]
    assert not article.partial


def test_no_css_or_script_reaches_the_text(tmp_path: Path) -> None:
    article = load_book(write_book(tmp_path / "b.epub", CHAPTERS))
    text = article.plain_text()
    assert "alert" not in text and "color" not in text


def test_epub2_ncx_outline_is_nested(tmp_path: Path) -> None:
    toc = [(1, "Part One", "text/ch1.xhtml"), (2, "Chapter Two", "text/ch2.xhtml"),
           (1, "Part Two", "text/ch3.xhtml")]
    article = load_book(write_book(tmp_path / "b.epub", CHAPTERS, epub2=True, toc=toc))
    assert [(e.level, e.title, e.block) for e in article.outline] == [
        (1, "Part One", 0), (2, "Chapter Two", 3), (1, "Part Two", 6)]
    # one chapter per document, named by the deepest TOC entry at its start
    assert _chapters(article) == [("Part One", 0), ("Chapter Two", 3), ("Part Two", 6)]


def test_nav_fragments_point_inside_one_big_file(tmp_path: Path) -> None:
    body = "".join(f'<h2 id="s{n}">Section {n}</h2><p>Text of section {n}.</p>' for n in range(1, 5))
    files = book_files([("Whole", [])], toc=[(1, "Whole", "text/ch1.xhtml")] + [
        (2, f"Section {n}", f"text/ch1.xhtml#s{n}") for n in range(1, 5)])
    files["OEBPS/text/ch1.xhtml"] = chapter_xhtml("Whole", [], extra=body)
    article = parse_book(_book(files), "b.epub")
    entries = [(e.level, e.title, article.blocks[e.block].text) for e in article.outline]
    assert entries == [(1, "Whole", "Whole")] + [(2, f"Section {n}", f"Section {n}") for n in range(1, 5)]
    # n/p stop at the sections: the only level with more than one entry
    assert [t for t, _b in _chapters(article)] == [f"Section {n}" for n in range(1, 5)]


def test_fragment_on_an_empty_anchor_names_the_next_block(tmp_path: Path) -> None:
    extra = '<p>before</p><a id="here"/><p>target paragraph</p><div id="empty"></div><p>after</p>'
    files = book_files([("One", [])], toc=[(1, "One", "text/ch1.xhtml"), (2, "Here", "text/ch1.xhtml#here"),
                                           (2, "Empty", "text/ch1.xhtml#empty")])
    files["OEBPS/text/ch1.xhtml"] = chapter_xhtml("One", [], extra=extra)
    article = parse_book(_book(files), "b.epub")
    got = {e.title: article.blocks[e.block].text for e in article.outline}
    assert got == {"One": "One", "Here": "target paragraph", "Empty": "after"}
    assert "\ue001" not in article.plain_text()


def test_span_labels_group_their_children(tmp_path: Path) -> None:
    toc = [(1, "Stories", ""), (2, "Chapter One", "text/ch1.xhtml"), (2, "Chapter Two", "text/ch2.xhtml"),
           (1, "Chapter Three", "text/ch3.xhtml")]
    article = load_book(write_book(tmp_path / "b.epub", CHAPTERS, toc=toc))
    assert [(e.level, e.title, e.block) for e in article.outline] == [
        (1, "Stories", 0), (2, "Chapter One", 0), (2, "Chapter Two", 3), (1, "Chapter Three", 6)]


def test_without_a_toc_the_headings_make_the_outline(tmp_path: Path) -> None:
    files = book_files(CHAPTERS)
    del files["OEBPS/nav.xhtml"]
    files["OEBPS/content.opf"] = opf_xml(
        [(f"ch{n}", f"text/ch{n}.xhtml", "application/xhtml+xml", "") for n in (1, 2, 3)], ["ch1", "ch2", "ch3"])
    article = parse_book(_book(files), "b.epub")
    assert [(e.level, e.title) for e in article.outline] == [
        (1, "Chapter One"), (1, "Chapter Two"), (1, "Chapter Three")]
    assert [t for t, _b in _chapters(article)] == ["Chapter One", "Chapter Two", "Chapter Three"]


def test_images_show_their_alt_text_and_page_breaks_vanish(tmp_path: Path) -> None:
    extra = ('<figure><img src="../img/a.png" alt="A map of the island"/></figure>'
             '<p>Text<span epub:type="pagebreak" id="p12" title="12">12</span> goes on.</p>'
             '<p><img src="x.png" alt=""/>Decorative.</p>')
    files = book_files([("One", [])])
    files["OEBPS/text/ch1.xhtml"] = chapter_xhtml("One", [], extra=extra)
    texts = [b.text for b in parse_book(_book(files), "b.epub").blocks]
    assert texts == ["One", "[image: A map of the island]", "Text goes on.", "Decorative."]


def test_malformed_xhtml_is_read_leniently(tmp_path: Path) -> None:
    files = book_files([("One", [])])
    files["OEBPS/text/ch1.xhtml"] = "<html><body><h1>Broken &nbsp; book<p>first para<p>second <b>bold</i> para</body>"
    article = parse_book(_book(files), "b.epub")
    assert [b.text for b in article.blocks] == ["Broken book", "first para", "second bold para"]


def test_heading_levels_are_ranked_across_the_book(tmp_path: Path) -> None:
    files = book_files([("One", ["a"]), ("Two", ["b"])])
    files["OEBPS/text/ch1.xhtml"] = chapter_xhtml("One", ["a"], heading="h2")
    files["OEBPS/text/ch2.xhtml"] = chapter_xhtml("Two", ["b"], heading="h4")
    article = parse_book(_book(files), "b.epub")
    assert [(b.text, b.level) for b in article.blocks if b.kind == "heading"] == [("One", 1), ("Two", 2)]


def test_percent_encoded_and_case_mismatched_hrefs_are_found(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"META-INF/container.xml": CONTAINER.format(opf="OEBPS/content.opf")}
    files["OEBPS/Text/第一章.xhtml"] = chapter_xhtml("第一章", ["天地玄黄，宇宙洪荒。"], lang="zh")
    files["OEBPS/content.opf"] = opf_xml(
        [("c1", "text/%E7%AC%AC%E4%B8%80%E7%AB%A0.xhtml", "application/xhtml+xml", "")], ["c1"],
        title="千字文", creators=("周兴嗣",), language="zh-CN")
    article = parse_book(_book(files), "b.epub")
    assert article.title == "千字文"
    assert article.metadata["language"] == "zh-CN"
    assert [b.text for b in article.blocks] == ["第一章", "天地玄黄，宇宙洪荒。"]


def test_epub3_role_refinements_choose_the_authors() -> None:
    extra = ('<dc:creator id="ill">Ivy Illustrator</dc:creator>'
             '<meta refines="#ill" property="role" scheme="marc:relators">ill</meta>')
    files = book_files(CHAPTERS[:1], creators=("Ada Author",), extra_meta=extra)
    assert parse_book(_book(files), "b.epub").metadata["author"] == "Ada Author"


@pytest.mark.parametrize(("raw", "iso"), [
    ("2011-09-01", "2011-09-01"), ("2012-01-18T12:47:00Z", "2012-01-18 12:47"),
    ("2012-01-18T00:00:00Z", "2012-01-18"), ("1865", "1865"), ("1999-7", "1999-07"),
    ("unknown", None), ("0000-00-00", None), ("2020-13-01", "2020"),
])
def test_dates_become_iso(raw: str, iso: str | None) -> None:
    assert iso_date(raw) == iso


def test_undated_book_has_no_date_key(tmp_path: Path) -> None:
    article = load_book(write_book(tmp_path / "b.epub", CHAPTERS, date="", creators=()))
    assert "date" not in article.metadata and "author" not in article.metadata


def test_head_is_the_first_chapters_and_a_prefix_of_the_whole(tmp_path: Path) -> None:
    chapters = [(f"Chapter {n}", [f"Paragraph {n}.{k} " + "words " * 40 for k in range(60)]) for n in range(1, 11)]
    path = write_book(tmp_path / "big.epub", chapters)
    head = load_book_head(path, max_chars=20_000, min_bytes=0)
    whole = load_book(path)
    assert head is not None and head.partial
    assert 0 < len(head.blocks) < len(whole.blocks)
    assert [b.text for b in head.blocks] == [b.text for b in whole.blocks[: len(head.blocks)]]
    assert [(e.title, e.block) for e in head.outline] == [
        (e.title, e.block) for e in whole.outline if e.block < len(head.blocks)]
    assert load_book_head(path, max_chars=20_000) is None  # under HEAD_MIN_BYTES: no head
    assert load_book_head(path, max_chars=10_000_000, min_bytes=0) is None  # the head is all of it


# -- bad books: one line, never a traceback --------------------------------------------------


def _error(data: bytes) -> str:
    with pytest.raises(IngestError) as info:
        parse_book(data, "bad.epub")
    message = str(info.value)
    assert "\n" not in message and message.startswith("bad.epub: ")
    return message


def test_not_a_zip() -> None:
    assert "not an EPUB" in _error(b"%PDF-1.4 not a zip at all")
    assert "not an EPUB" in _error(b"")


def test_zip_without_container() -> None:
    assert "no META-INF/container.xml" in _error(zip_bytes({"OEBPS/content.opf": "<package/>"}))


def test_missing_opf() -> None:
    files = book_files(CHAPTERS)
    del files["OEBPS/content.opf"]
    assert "package document OEBPS/content.opf is missing" in _error(zip_bytes(files))


def test_container_without_rootfile() -> None:
    files = book_files(CHAPTERS)
    files["META-INF/container.xml"] = "<container><rootfiles/></container>"
    assert "names no package document" in _error(zip_bytes(files))


def test_spine_item_missing_from_archive() -> None:
    files = book_files(CHAPTERS)
    del files["OEBPS/text/ch2.xhtml"]
    assert "spine item OEBPS/text/ch2.xhtml is missing from the archive" in _error(zip_bytes(files))


def test_spine_idref_not_in_manifest() -> None:
    files = book_files(CHAPTERS)
    files["OEBPS/content.opf"] = str(files["OEBPS/content.opf"]).replace('idref="ch3"', 'idref="nope"')
    assert "'nope' is not in the manifest" in _error(zip_bytes(files))


def test_paths_escaping_the_archive_are_refused() -> None:
    files = book_files(CHAPTERS)
    files["OEBPS/content.opf"] = str(files["OEBPS/content.opf"]).replace('href="text/ch2.xhtml"', 'href="../../../etc/passwd"')
    assert "escapes the archive" in _error(zip_bytes(files))
    files = book_files(CHAPTERS)
    files["META-INF/container.xml"] = CONTAINER.format(opf="../content.opf")
    assert "escapes the archive" in _error(zip_bytes(files))


def test_drm_encrypted_content_is_named() -> None:
    files = book_files(CHAPTERS)
    files["META-INF/encryption.xml"] = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#">'
        '<EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        '<CipherData><CipherReference URI="OEBPS/text/ch1.xhtml"/></CipherData></EncryptedData></encryption>')
    assert _error(zip_bytes(files)).endswith("encrypted (DRM), cannot be read")


def test_font_obfuscation_is_not_drm() -> None:
    files = book_files(CHAPTERS)
    files["OEBPS/font.otf"] = b"\0" * 10
    files["META-INF/encryption.xml"] = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<EncryptedData xmlns="http://www.w3.org/2001/04/xmlenc#">'
        '<EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>'
        '<CipherData><CipherReference URI="OEBPS/font.otf"/></CipherData></EncryptedData></encryption>')
    assert parse_book(zip_bytes(files), "ok.epub").blocks


def test_zip_bomb_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    import tuireader.ingest.epub.archive as archive

    files = book_files(CHAPTERS)
    files["OEBPS/text/ch1.xhtml"] = chapter_xhtml("Bomb", ["a" * 3_000_000])
    data = zip_bytes(files)
    assert len(data) < 100_000  # compresses ~1000:1
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1_000_000)
    assert "too large" in _error(data)


def test_zip_bomb_with_a_forged_declared_size_is_caught_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    import tuireader.ingest.epub.archive as archive

    files = book_files(CHAPTERS)
    files["OEBPS/text/ch1.xhtml"] = chapter_xhtml("Bomb", ["a" * 3_000_000])
    data = bytearray(zip_bytes(files))
    # Forge the declared uncompressed size of ch1 (local header and central directory) to 100 bytes.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("OEBPS/text/ch1.xhtml")
    real = info.file_size.to_bytes(4, "little")
    forged = (100).to_bytes(4, "little")
    assert data.count(real) >= 2
    data = bytearray(bytes(data).replace(real, forged))
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1_000_000)
    message = _error(bytes(data))
    assert "damaged" in message or "too much" in message


def test_total_uncompressed_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    import tuireader.ingest.epub.archive as archive

    chapters = [(f"C{n}", ["x" * 400_000]) for n in range(5)]
    data = zip_bytes(book_files(chapters))
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 1_000_000)
    assert "ZIP bomb" in _error(data)


def test_directory_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        load_book(tmp_path / "nope.epub")
    (tmp_path / "d.epub").mkdir()
    with pytest.raises(IngestError, match="directory"):
        load_book(tmp_path / "d.epub")


def test_empty_spine() -> None:
    files = book_files(CHAPTERS)
    files["OEBPS/content.opf"] = opf_xml([], [])
    assert "no readable document" in _error(zip_bytes(files))


def test_nav_with_hostile_nesting_does_not_recurse(tmp_path: Path) -> None:
    files = book_files(CHAPTERS)
    deep = "<ol><li><a href='text/ch1.xhtml'>x</a>" * 3000 + "</li></ol>" * 3000
    files["OEBPS/nav.xhtml"] = ('<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
                                f'<body><nav epub:type="toc">{deep}</nav></body></html>')
    article = parse_book(zip_bytes(files), "deep.epub")
    assert len(article.blocks) == 8
    assert all(e.level <= 12 for e in article.outline)


def test_entity_expansion_is_not_performed() -> None:
    files = book_files(CHAPTERS)
    bomb = ('<?xml version="1.0"?><!DOCTYPE package [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
            '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>')
    files["OEBPS/content.opf"] = bomb + str(files["OEBPS/content.opf"]).split("?>", 1)[1].replace(
        "A Test Book", "&e;")
    article = parse_book(zip_bytes(files), "ent.epub")
    assert len(article.title) < 1000


# -- paths -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "clean"), [
    ("OEBPS/a.xhtml", "OEBPS/a.xhtml"), ("./OEBPS//a.xhtml", "OEBPS/a.xhtml"),
    ("OEBPS/x/../a.xhtml", "OEBPS/a.xhtml"), ("../a.xhtml", None), ("/etc/passwd", None),
    ("a/../../b", None), ("", None), ("OEBPS\\a.xhtml", "OEBPS/a.xhtml"), ("%E4%B8%80.xhtml", "一.xhtml"),
])
def test_normalise(name: str, clean: str | None) -> None:
    assert normalise(name) == clean


def test_resolve() -> None:
    assert resolve("OEBPS/content.opf", "text/a.xhtml#x") == "OEBPS/text/a.xhtml"
    assert resolve("OEBPS/text/a.xhtml", "../img/b.png") == "OEBPS/img/b.png"
    assert resolve("OEBPS/content.opf", "../../x") is None
    assert resolve("OEBPS/content.opf", "http://example.com/a") is None
    assert resolve("content.opf", "a.xhtml") == "a.xhtml"


def test_archive_refuses_a_huge_central_directory() -> None:
    # An end-of-central-directory record announcing 5 MiB of directory.
    eocd = b"PK\x05\x06" + b"\0" * 4 + (65535).to_bytes(2, "little") * 2 + (5 * 1024 * 1024).to_bytes(4, "little") + b"\0" * 6
    with pytest.raises(IngestError, match="too many files"):
        Archive(b"PK\x03\x04" + b"\0" * 100 + eocd, "x.epub")


class _RawName(zipfile.ZipInfo):
    """A member whose name is written as the given bytes, without the UTF-8 flag."""

    raw = b""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 - zipfile's name
        return self.raw, self.flag_bits & ~0x800


def _zip_with_raw_names(files: dict[str, tuple[bytes, str | bytes]]) -> bytes:
    """A ZIP whose member names are raw bytes in some code page, without the UTF-8 flag
    (what older Chinese tools write). `files`: key → (raw name, data)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for raw, data in files.values():
            info = _RawName(raw.decode("cp437"))
            info.raw = raw
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # the names really are not flagged UTF-8
        assert all(not i.flag_bits & 0x800 for i in z.infolist())
    return data


@pytest.mark.parametrize("codec", ["gb18030", "utf-8"])
def test_chinese_book_with_member_names_in_a_local_code_page(codec: str) -> None:
    # 《论语·学而》 (public domain), as an EPUB 2 with an NCX, names without the UTF-8 flag.
    ch1 = chapter_xhtml("学而第一", ["子曰：学而时习之，不亦说乎？有朋自远方来，不亦乐乎？人不知而不愠，不亦君子乎？",
                                   "有子曰：其为人也孝弟，而好犯上者，鲜矣。"], lang="zh")
    ch2 = chapter_xhtml("为政第二", ["子曰：为政以德，譬如北辰，居其所而众星共之。"], lang="zh")
    ncx = ('<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>'
           '<navPoint id="a"><navLabel><text>学而第一</text></navLabel><content src="文/学而.xhtml"/></navPoint>'
           '<navPoint id="b"><navLabel><text>为政第二</text></navLabel><content src="文/为政.xhtml"/></navPoint>'
           "</navMap></ncx>")
    opf = opf_xml([("c1", "文/学而.xhtml", "application/xhtml+xml", ""), ("c2", "文/为政.xhtml", "application/xhtml+xml", ""),
                   ("ncx", "toc.ncx", "application/x-dtbncx+xml", "")], ["c1", "c2"],
                  title="论语", creators=("孔子弟子",), language="zh", date="", version="2.0", ncx_id="ncx")
    data = _zip_with_raw_names({
        "container": (b"META-INF/container.xml", CONTAINER.format(opf="OEBPS/content.opf")),
        "opf": (b"OEBPS/content.opf", opf),
        "ncx": (b"OEBPS/toc.ncx", ncx),
        "c1": ("OEBPS/文/学而.xhtml".encode(codec), ch1),
        "c2": ("OEBPS/文/为政.xhtml".encode(codec), ch2),
    })
    article = parse_book(data, "lunyu.epub")
    assert article.title == "论语" and article.metadata["language"] == "zh"
    assert [(e.level, e.title) for e in article.outline] == [(1, "学而第一"), (1, "为政第二")]
    assert [c.title for c in article.chapters] == ["学而第一", "为政第二"]
    assert article.blocks[1].text.startswith("子曰：学而时习之")


def test_head_of_a_book_in_one_big_file_is_a_prefix_of_the_whole(tmp_path: Path) -> None:
    sections = "".join(
        f'<h2 id="s{n}">Section {n}</h2>' + "".join(f"<p>Paragraph {n}.{k} {'word ' * 30}</p>" for k in range(40))
        for n in range(1, 31))
    files = book_files([("Whole", [])], toc=[(1, f"Section {n}", f"text/ch1.xhtml#s{n}") for n in range(1, 31)])
    files["OEBPS/text/ch1.xhtml"] = chapter_xhtml("Whole", [], extra=sections)
    path = tmp_path / "one.epub"
    path.write_bytes(zip_bytes(files))
    head = load_book_head(path, max_chars=20_000, min_bytes=0)
    whole = load_book(path)
    assert head is not None and head.partial
    assert 10 < len(head.blocks) < len(whole.blocks) // 2
    assert [(b.kind, b.text) for b in head.blocks] == [(b.kind, b.text) for b in whole.blocks[: len(head.blocks)]]
    # outline entries beyond the part read are left out, never pointed at the file's start
    assert [(e.title, e.block) for e in head.outline] == [
        (e.title, e.block) for e in whole.outline if e.block < len(head.blocks)]
    assert len(head.outline) < len(whole.outline)


def test_member_names_with_escapes_never_reach_a_title() -> None:
    files: dict[str, str | bytes] = {"META-INF/container.xml": CONTAINER.format(opf="content.opf")}
    for n in (1, 2):
        files[f"\x1b[31mch{n}.xhtml"] = "<html><body><p>Text without a heading.</p></body></html>"
    files["content.opf"] = opf_xml(
        [(f"c{n}", f"%1B%5B31mch{n}.xhtml", "application/xhtml+xml", "") for n in (1, 2)], ["c1", "c2"], title="")
    article = parse_book(zip_bytes(files), "\x1b]0;evil\x07.epub")
    assert [c.title for c in article.chapters] == ["ch1", "ch2"]  # the escape sequence went whole
    assert "\x1b" not in article.title and "\x07" not in article.title


def test_a_damaged_nav_falls_back_to_the_ncx() -> None:
    files = book_files(CHAPTERS)
    files["OEBPS/toc.ncx"] = ncx_xml([(1, "From the NCX", "text/ch2.xhtml")])
    files["OEBPS/content.opf"] = str(files["OEBPS/content.opf"]).replace(
        "</manifest>", '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/></manifest>')
    data = bytearray(zip_bytes(files))
    # Corrupt the compressed bytes of nav.xhtml (after its local header) so inflating fails.
    at = bytes(data).index(b"OEBPS/nav.xhtml") + len(b"OEBPS/nav.xhtml")
    for i in range(at + 5, at + 40):
        data[i] ^= 0xFF
    article = parse_book(bytes(data), "b.epub")
    assert [e.title for e in article.outline] == ["From the NCX"]


def test_documents_a_toc_entry_does_not_start_belong_to_the_chapter_before() -> None:
    # Six documents (a converter split each chapter in two), the TOC names three.
    chapters = [(f"Part {n}", [f"Text {n}."]) for n in range(1, 7)]
    toc = [(1, "One", "text/ch1.xhtml"), (1, "Two", "text/ch3.xhtml"), (1, "Three", "text/ch5.xhtml")]
    article = parse_book(zip_bytes(book_files(chapters, toc=toc)), "split.epub")
    assert [(c.title, article.blocks[c.block].text) for c in article.chapters] == [
        ("One", "Part 1"), ("Two", "Part 3"), ("Three", "Part 5")]
