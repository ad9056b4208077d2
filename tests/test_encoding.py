"""Encoding detection and decoding: every encoding the reader promises, the declared-charset
check, binary/empty refusal, and the real awkward files of ../shared/corpus/nasty."""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from tuireader.errors import IngestError
from tuireader.ingest.encoding import decode_bytes, sniff_declared_charset

ENC_DIR = Path(__file__).resolve().parent / "data" / "enc"


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("enc_fixtures", ENC_DIR / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _load_generator()


def test_fixture_files_match_their_generator() -> None:
    for name, (data, *_rest) in {**GEN.FIXTURES, **GEN.BAD}.items():
        assert (ENC_DIR / name).read_bytes() == data, f"{name}: run tests/data/enc/generate.py"


@pytest.mark.parametrize("name", sorted(GEN.FIXTURES))
def test_fixture_decodes_to_its_text(name: str) -> None:
    _data, text, encoding = GEN.FIXTURES[name]
    got, got_encoding = decode_bytes((ENC_DIR / name).read_bytes(), path=name)
    assert got == text
    assert got_encoding == encoding


@pytest.mark.parametrize("name", sorted(GEN.BAD))
def test_bad_fixture_gives_one_line_error(name: str) -> None:
    _data, reason = GEN.BAD[name]
    with pytest.raises(IngestError) as info:
        decode_bytes((ENC_DIR / name).read_bytes(), path=name)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    assert reason in message


def test_pure_ascii_is_reported_as_utf8() -> None:
    assert decode_bytes(b"plain ascii\n") == ("plain ascii\n", "utf-8")


def test_truncated_utf8_keeps_the_text_and_marks_the_cut() -> None:
    data = "中文内容，最后一个字被截断".encode()[:-1]
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert text.startswith("中文内容，最后一个字被")
    assert text.endswith("\ufffd")


def test_utf8_with_a_stray_latin1_byte_stays_utf8() -> None:
    data = (
        ("这是一个很长的中文段落。" * 20).encode() + b" caf\xe9 " + ("后面还有中文。" * 20).encode()
    )
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8"
    assert "后面还有中文" in text


def test_long_gb18030_and_big5_text() -> None:
    simp, trad = GEN.ZH_SIMPLIFIED * 200, GEN.ZH_TRADITIONAL * 200
    assert decode_bytes(simp.encode("gb18030")) == (simp, "gb18030")
    assert decode_bytes(trad.encode("big5")) == (trad, "big5")


def test_big5_hkscs_characters_are_not_replaced() -> None:
    text = GEN.ZH_TRADITIONAL * 3 + "佢哋講嘢㗎。\n"
    data = text.encode("big5hkscs")
    assert decode_bytes(data) == (text, "big5")
    assert decode_bytes(data, declared="big5") == (text, "big5")


def test_chinese_after_a_long_ascii_head_is_found() -> None:
    data = (
        b"<html><head><title>x</title></head><body>"
        + b" " * 5000
        + GEN.ZH_TRADITIONAL.encode("big5")
    )
    assert decode_bytes(data)[1] == "big5"


def test_controls_and_c1_are_removed_tabs_kept() -> None:
    text, _ = decode_bytes("a\tb\x01c\x7fd\x85e\u202ef\x1b[31mg\x9bh".encode())
    assert text == "a\tbcdefgh"


def test_double_encoded_utf8_loses_no_text() -> None:
    """Mojibake of "”" (E2 80 9D read as Latin-1, saved as UTF-8) carries U+009D, the 8-bit
    OSC introducer: it must be dropped alone, not swallow the rest of the article."""
    text = "He said \u00e2\u0080\u009dhello\u00e2\u0080\u009d and went on.\nNext paragraph.\n"
    decoded, _ = decode_bytes(text.encode())
    assert decoded == "He said \u00e2hello\u00e2 and went on.\nNext paragraph.\n"


def test_unterminated_osc_stops_at_the_line_end() -> None:
    decoded, _ = decode_bytes(b"title\x1b]0;window title never ended\nThe article body.\n")
    assert decoded == "title\nThe article body.\n"


# ----------------------------------------------------------------- declared charsets


def test_declared_gb2312_but_really_utf8_decodes_as_utf8() -> None:
    data = GEN.ZH_SIMPLIFIED.encode("utf-8")
    assert decode_bytes(data, declared="gb2312") == (GEN.ZH_SIMPLIFIED, "utf-8")


def test_declared_latin1_but_utf8_with_a_broken_byte_is_utf8() -> None:
    text = "Café crème — “naïve” " * 20
    data = text.encode() + b"\xff" + text.encode()
    decoded, encoding = decode_bytes(data, declared="iso-8859-1")
    assert encoding == "utf-8"
    assert decoded.startswith(text) and decoded.endswith(text)


def test_declared_gb2312_is_decoded_with_the_gb18030_superset() -> None:
    text = GEN.ZH_SIMPLIFIED + "镕"  # 镕 is GBK, not GB2312: pages that say gb2312 use it
    assert decode_bytes(text.encode("gb18030"), declared="gb2312") == (text, "gb18030")


def test_declared_utf8_but_really_gbk_is_detected() -> None:
    data = GEN.ZH_SIMPLIFIED.encode("gbk")
    assert decode_bytes(data, declared="utf-8") == (GEN.ZH_SIMPLIFIED, "gb18030")


def test_declared_big5_but_really_gbk_is_overruled_by_the_scorer() -> None:
    data = (GEN.ZH_SIMPLIFIED * 3).encode("gbk")
    assert decode_bytes(data, declared="big5")[1] == "gb18030"


def test_declared_latin1_on_a_chinese_page_is_overruled() -> None:
    data = (GEN.ZH_SIMPLIFIED * 3).encode("gbk")
    assert decode_bytes(data, declared="iso-8859-1")[1] == "gb18030"


def test_declared_latin1_is_read_as_cp1252() -> None:
    data = GEN.WESTERN.encode("cp1252")
    assert decode_bytes(data, declared="iso-8859-1") == (GEN.WESTERN, "cp1252")


def test_declared_shift_jis_is_used() -> None:
    data = GEN.JAPANESE.encode("shift_jis")
    assert decode_bytes(data, declared="Shift_JIS") == (GEN.JAPANESE, "shift_jis")


def test_unknown_declared_label_is_ignored() -> None:
    data = GEN.ZH_SIMPLIFIED.encode("gbk")
    assert decode_bytes(data, declared="x-no-such-charset")[1] == "gb18030"


@pytest.mark.parametrize(
    ("head", "label"),
    [
        (b'<html><head><meta charset="gb2312"><title>', "gb2312"),
        (b"<meta charset=GBK>", "gbk"),
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=big5'>", "big5"),
        (
            b'<meta content="text/html; charset=windows-1252" http-equiv="Content-Type">',
            "windows-1252",
        ),
        (b'<?xml version="1.0" encoding="BIG5" standalone="yes"?>\n<feed>', "big5"),
        (b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>', "utf-8"),
        (b"<html><head><title>no declaration</title>", None),
        (b'<meta charset="klingon-8">', None),
        (b"", None),
    ],
)
def test_sniff_declared_charset(head: bytes, label: str | None) -> None:
    assert sniff_declared_charset(head) == label


# ----------------------------------------------------------------- the real corpus

#: ../shared/corpus/nasty file → (encoding, a snippet of its text), or (None, error words).
NASTY: dict[str, tuple[str | None, str]] = {
    "enc.mcp-documents-reader.sample_gbk.txt": ("gb18030", "这是 GBK 编码的测试文件。"),
    "enc.binaryornot.big5.txt": ("big5", "ＢＩＧ５編碼繁體中文測試"),
    "enc.binaryornot.big5_B.txt": ("big5", "OpenVPN HOWTO 中文版"),
    "enc.binaryornot.test-gb2.txt": ("gb18030", "联通通联通通连连"),
    "enc.binaryornot.bom_utf-8.txt": ("utf-8-sig", "ＵＴＦ８格式的中文"),
    "enc.binaryornot.bom_utf-16.txt": ("utf-16-be", "ＵＴＦ８格式的中文"),
    "enc.binaryornot.bom_utf-16le.txt": ("utf-16-le", "ＵＴＦ８格式的中文"),
    "enc.binaryornot.bom_utf-32.txt": ("utf-32-be", "ＵＴＦ８格式的中文"),
    "enc.binaryornot.test-utf16be.txt": ("utf-16-be", "What's wrong with you. Ö"),
    "enc.chardet.nobom-utf16le.txt": ("utf-16-le", "DateTime,Bid,Ask\n07/19/2015"),
    "enc.chardet.iso-2022-jp._ude_1.txt": ("iso-2022-jp", "コンソール アプリケーション"),
    "enc.chardet.big5.sanwenji.blogspot.com.xml": ("big5", "<?xml"),
    "eol.trafilatura.demokratiewebstatt.at.luft.html": ("utf-8", "<html>"),
    "ansi.terminal-to-html.curl.sh.raw.txt": ("utf-8", "$ curl -o /tmp/file.txt"),
    "ansi.terminal-to-html.docker-pull.sh.raw.txt": ("utf-8", "+ docker push"),
    "ansi.terminal-to-html.pikachu.sh.raw.txt": ("utf-8", ""),
    "binary.raw-loader.binary.txt": (None, "binary"),
    "binary.mcp-documents-reader.binary.txt": (None, "binary"),
    "empty.mcp-documents-reader.empty.txt": (None, "empty"),
}

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_corpus_file(shared_dir: Path, name: str) -> None:
    path = shared_dir / "corpus" / "nasty" / name
    data = path.read_bytes()
    encoding, snippet = NASTY[name]
    if encoding is None:
        with pytest.raises(IngestError) as info:
            decode_bytes(data, path=name)
        assert "\n" not in str(info.value) and snippet in str(info.value)
        return
    declared = sniff_declared_charset(data[:4096])
    text, got = decode_bytes(data, path=name, declared=declared)
    assert got == encoding
    assert snippet in text
    assert not _CONTROL.search(text)
    assert "\r" not in text


@pytest.mark.corpus
def test_iso2022jp_sample_is_real_japanese(shared_dir: Path) -> None:
    data = (shared_dir / "corpus" / "nasty" / "enc.chardet.iso-2022-jp._ude_1.txt").read_bytes()
    text, _ = decode_bytes(data)
    kana = sum(1 for ch in text if "\u3040" <= ch <= "\u30ff")
    assert kana > 100


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["docker-pull", "pikachu"])
def test_ansi_capture_keeps_every_visible_line(shared_dir: Path, name: str) -> None:
    """Upstream's rendered HTML is the gold for what a terminal shows: all of it survives."""
    nasty = shared_dir / "corpus" / "nasty"
    text, _ = decode_bytes((nasty / f"ansi.terminal-to-html.{name}.sh.raw.txt").read_bytes())
    rendered = (nasty / f"ansi.terminal-to-html.{name}.sh.rendered.html").read_text("utf-8")
    visible = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    lines = [line.strip() for line in visible.split("\n") if line.strip()]
    assert lines
    assert [line for line in lines if line not in text] == []
    assert "\x1b" not in text and "[0m" not in text


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("rel", "encoding"),
    [
        ("zh-novels/zh-novel-sanguoyanyi.gb18030.txt", "gb18030"),
        ("zh-articles/zh-classic-shiji.gb18030.txt", "gb18030"),
        ("zh-articles/zh-notes-maogai-question-bank.txt", "utf-8-sig"),
        ("zh-articles/zh-law-constitution.txt", "utf-8"),
        ("en-books/en-moby-dick.pg2701.txt", "utf-8"),
        ("en-books/en-alice-in-wonderland.txt", "utf-8-sig"),
    ],
)
def test_long_corpus_texts(shared_dir: Path, rel: str, encoding: str) -> None:
    text, got = decode_bytes((shared_dir / "corpus" / rel).read_bytes())
    assert got == encoding
    assert "\ufffd" not in text and "\r" not in text


@pytest.mark.corpus
def test_every_nasty_file_is_covered_and_clean(shared_dir: Path) -> None:
    """Every file of corpus/nasty decodes to control-free text or gives a one-line error;
    and every one has a known expectation above (or is an upstream rendering)."""
    for path in sorted((shared_dir / "corpus" / "nasty").iterdir()):
        assert path.name in NASTY or path.name.endswith(".rendered.html"), path.name
        data = path.read_bytes()
        try:
            text, _ = decode_bytes(data, path=path.name, declared=sniff_declared_charset(data))
        except IngestError as err:
            assert "\n" not in str(err)
            continue
        assert not _CONTROL.search(text) and "\r" not in text
