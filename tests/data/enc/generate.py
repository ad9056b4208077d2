"""Regenerate the encoding fixtures in this folder from the known texts below.

Run `python tests/data/enc/generate.py`. `tests/test_encoding.py` checks that the files on
disk are exactly what this script writes, so the fixtures and their expected text cannot
drift apart.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

ZH_SIMPLIFIED = (
    "第一章 总则\n"
    "一、为了保障公民的合法权益，根据宪法，制定本法。\n"
    "（一）国家尊重和保障人权。这是一个关于编码检测的测试文件，包含中文标点符号“”。\n"
)
ZH_TRADITIONAL = (
    "第一章 總則\n"
    "一、為了保障公民的合法權益，根據憲法，制定本法。\n"
    "（一）國家尊重和保障人權。這是一個關於編碼檢測的測試文件，包含中文標點符號「」。\n"
)
EN_MIXED = "Chapter 1. The Reader\nA plain English line, then Chinese: 中文内容。\n"
WESTERN = "Très élégant café — “naïve” façade, déjà vu; Grüße aus München.\n"
JAPANESE = "日本語のテキストです。これは符号化のテストです。\n"
KOREAN = (
    "한국어 텍스트입니다. 이것은 인코딩 테스트입니다. 대한민국 서울에서 사람들이 살고 있습니다.\n"
)

#: file name → (bytes, expected decoded text, expected encoding name)
FIXTURES: dict[str, tuple[bytes, str, str]] = {
    "utf8.txt": (ZH_SIMPLIFIED.encode("utf-8"), ZH_SIMPLIFIED, "utf-8"),
    "utf8-bom.txt": (b"\xef\xbb\xbf" + ZH_SIMPLIFIED.encode("utf-8"), ZH_SIMPLIFIED, "utf-8-sig"),
    "utf16le-bom.txt": (
        b"\xff\xfe" + ZH_SIMPLIFIED.encode("utf-16-le"),
        ZH_SIMPLIFIED,
        "utf-16-le",
    ),
    "utf16be-bom.txt": (
        b"\xfe\xff" + ZH_SIMPLIFIED.encode("utf-16-be"),
        ZH_SIMPLIFIED,
        "utf-16-be",
    ),
    "utf16le-nobom.txt": (EN_MIXED.encode("utf-16-le"), EN_MIXED, "utf-16-le"),
    "utf16be-nobom.txt": (EN_MIXED.encode("utf-16-be"), EN_MIXED, "utf-16-be"),
    "utf32le-bom.txt": (b"\xff\xfe\x00\x00" + EN_MIXED.encode("utf-32-le"), EN_MIXED, "utf-32-le"),
    "utf32be-bom.txt": (b"\x00\x00\xfe\xff" + EN_MIXED.encode("utf-32-be"), EN_MIXED, "utf-32-be"),
    "gb18030.txt": (ZH_SIMPLIFIED.encode("gb18030"), ZH_SIMPLIFIED, "gb18030"),
    "gbk-traditional.txt": (ZH_TRADITIONAL.encode("gbk"), ZH_TRADITIONAL, "gb18030"),
    "gbk-short.txt": ("联通\n".encode("gbk"), "联通\n", "gb18030"),
    "big5.txt": (ZH_TRADITIONAL.encode("big5"), ZH_TRADITIONAL, "big5"),
    "big5-short.txt": ("繁體中文\n".encode("big5"), "繁體中文\n", "big5"),
    "iso2022jp.txt": (JAPANESE.encode("iso2022_jp"), JAPANESE, "iso-2022-jp"),
    "shift_jis.txt": ((JAPANESE * 3).encode("shift_jis"), JAPANESE * 3, "shift_jis"),
    "euc-kr.txt": ((KOREAN * 2).encode("euc_kr"), KOREAN * 2, "euc-kr"),
    "cp1252.txt": ((WESTERN * 3).encode("cp1252"), WESTERN * 3, "cp1252"),
    "mixed-eol.txt": (b"one\r\ntwo\rthree\nfour\r\n", "one\ntwo\nthree\nfour\n", "utf-8"),
    "ansi.txt": (
        b"\x1b[1;31mError:\x1b[0m disk \x1b[4mfull\x1b[24m\r\n\x1b]0;title\x07done\x1b[K\n",
        "Error: disk full\ndone\n",
        "utf-8",
    ),
}

#: Files that must give a one-line IngestError: name → (bytes, words the reason contains).
BAD: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \r\n\t\n", "empty"),
    "binary.txt": (bytes(range(256)) * 4, "binary"),
    "png.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200), "binary"),
}


def write_all() -> None:
    for name, (data, _text, _enc) in FIXTURES.items():
        (HERE / name).write_bytes(data)
    for name, (data, _reason) in BAD.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    write_all()
