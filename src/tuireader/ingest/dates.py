"""Dates as ISO 8601: the one place where a date found anywhere becomes sortable.

Why: the library sorts by `metadata["date"]` as a string, and dates come from text bylines,
Markdown front matter and HTML metadata in every form ("2021年3月18日 09:30", "2021/3/18",
"March 18, 2021", "18.03.2021", "二〇二一年三月十八日"). `iso_date` turns any of them into
"2021-03-18" (with " 09:30" or " 09:30:15" when a time is given); `normalise_metadata`
applies it to an article's metadata and keeps the text as written in "date_text".
"""

from __future__ import annotations

import re
from typing import Any

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_WORDS = {
    **_MONTHS, "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9, "十": 10}
_TIME = r"(?:[\sT]*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?"
#: 2021-03-18, 2021/3/18, 2021.3.18, 2021年3月18日 (time optional, "08:25" glued to 日 too).
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?" + _TIME)
#: 18.03.2021, 18/03/2021 (day first, as in Europe).
_DMY = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)" + _TIME)
#: March 18, 2021 / Mar. 18 2021.
_MDY = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME)
#: 18 March 2021.
_DMY_NAME = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})" + _TIME)
#: March 2024 (no day).
_MY_NAME = re.compile(r"([A-Za-z]{3,9})\.?,?\s+(\d{4})(?!\d)")
#: 2021年3月 (no day).
_YM = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
#: 二〇二一年三月十八日.
_CN_YMD = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")


def _cn_number(s: str) -> int:
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    n = 0
    for c in s:
        n = n * 10 + _CN_DIGITS.get(c, 0)
    return n


def _fmt(y: int, mo: int, d: int | None, hh: str | None = None, mm: str | None = None,
         ss: str | None = None) -> str | None:
    if not (1 <= mo <= 12) or (d is not None and not 1 <= d <= 31) or not 1000 <= y <= 2999:
        return None
    out = f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if d is not None else "")
    if d is not None and hh is not None and mm is not None and int(hh) < 24 and int(mm) < 60:
        out += f" {int(hh):02d}:{mm}"
        if ss is not None and int(ss) < 60:
            out += f":{ss}"
    return out


def iso_date(text: str) -> str | None:
    """`text`'s first date as "YYYY-MM-DD" (+ " HH:MM[:SS]"), or None. Never raises."""
    if not isinstance(text, str) or not text:
        return None
    s = text[:200]
    m = _YMD.search(s)
    if m:
        return _fmt(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5), m.group(6))
    m = _MDY.search(s)
    if m and m.group(1).lower() in _MONTH_WORDS:
        return _fmt(int(m.group(3)), _MONTH_WORDS[m.group(1).lower()], int(m.group(2)),
                    m.group(4), m.group(5), m.group(6))
    m = _DMY_NAME.search(s)
    if m and m.group(2).lower() in _MONTH_WORDS:
        return _fmt(int(m.group(3)), _MONTH_WORDS[m.group(2).lower()], int(m.group(1)),
                    m.group(4), m.group(5), m.group(6))
    m = _DMY.search(s)
    if m:
        return _fmt(int(m.group(3)), int(m.group(2)), int(m.group(1)), m.group(4), m.group(5), m.group(6))
    m = _CN_YMD.search(s)
    if m:
        day = _cn_number(m.group(3)) if m.group(3) else None
        return _fmt(_cn_number(m.group(1)), _cn_number(m.group(2)), day)
    m = _YM.search(s)
    if m:
        return _fmt(int(m.group(1)), int(m.group(2)), None)
    m = _MY_NAME.search(s)
    if m and m.group(1).lower() in _MONTH_WORDS:
        return _fmt(int(m.group(2)), _MONTH_WORDS[m.group(1).lower()], None)
    return None


def normalise_metadata(meta: dict[str, Any]) -> None:
    """`meta["date"]` in ISO form, the text as written kept in `meta["date_text"]`."""
    raw = meta.get("date")
    if not isinstance(raw, str) or not raw:
        return
    iso = iso_date(raw)
    if iso is None or iso == raw:
        return
    meta.setdefault("date_text", raw)
    meta["date"] = iso
