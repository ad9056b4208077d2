"""Ebook structure: what a reader sees in a Project Gutenberg text (or any copy of one).

Why a pass of its own: books label their divisions in ways article text never does, and
in every language they are printed in: "CHAPITRE PREMIER.", "Erstes Kapitel", "CAPITOLO
I.", "Livre premier--La guerre entre quatre murs", "PREMIÈRE PARTIE", "Book the
First--Recalled to Life", a roman numeral alone on a line, the letters of a dictionary.
A label's title is often the line under it ("CHAPTER I" / "Down the Rabbit-Hole"), or a
one-sentence summary wrapped over two or three lines; and the in-text table of contents
repeats every label before the book starts. The rules:

- `book_head`: a copy without the Gutenberg header opens with its title, a "by"/"von"
  line and the author (or the author right under the title): those are title and author.
- `ebook_headings` (after `_classify`): labels in English, French, German, Italian,
  Spanish become keyword headings ranked part > chapter > scene, so `assign_levels` puts
  PART/BOOK/VOLUME above CHAPTER; roman numerals alone on a line are chapters when they
  count up; single capital letters in alphabetical order are a dictionary's sections.
  A label takes the paragraph under it as its title when the book does so for most of its
  labels (a per-book decision: Frankenstein's chapters start with prose, Pinocchio's with a
  summary), or when that paragraph is in capitals.
- the table of contents (a CONTENTS / TABLE DES MATIÈRES / INHALT / INDICE heading and the
  lines under it, up to the first prose) and lists of illustrations are not sections;
  "[Illustration]" lines are never titles.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tuireader.ingest import outline
from tuireader.ingest.text.lines import _Head, _Line, _Raw

_ROMAN = r"[IVXLCDM]{1,7}"
_ORD_EN = (r"First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth|Last")
_ORD_FR = (r"premi[eè]re?|deuxi[eè]me|second[e]?|troisi[eè]me|quatri[eè]me|cinqui[eè]me|sixi[eè]me|"
           r"septi[eè]me|huiti[eè]me|neuvi[eè]me|dixi[eè]me|onzi[eè]me|douzi[eè]me|derni[eè]re?")
_ORD_DE = (r"Erste[rs]?|Zweite[rs]?|Dritte[rs]?|Vierte[rs]?|F[üu]nfte[rs]?|Sechste[rs]?|Siebente[rs]?|Siebte[rs]?|"
           r"Achte[rs]?|Neunte[rs]?|Zehnte[rs]?|Elfte[rs]?|Zw[öo]lfte[rs]?|Letzte[rs]?")
_ORD_IT_ES = (r"primo|prima|secondo|seconda|terzo|terza|quarto|quarta|quinto|quinta|sesto|sesta|"
              r"primero|primera|segundo|segunda|tercero|tercera|cuarto|cuarta|sexto|sexta|último|última")
_NUM = rf"(?:\d{{1,3}}|{_ROMAN}|(?i:{_ORD_FR}|{_ORD_IT_ES}|{_ORD_EN}|{_ORD_DE}|premier|un|one|two|three|four|five|" \
       rf"six|seven|eight|nine|ten|eleven|twelve))"

#: "Label Number[.] [- :] [title]" in five languages; the unit decides the rank.
_LABEL_SRC = (
    rf"^(?P<unit>(?i:chapitre|chapter|kapitel|capitolo|cap[ií]tulo|cap\.|chap\.|livre|book|buch|libro|tome|"
    rf"volume|band|tomo|partie|part|teil|parte|epoch|[ée]poque|acte|act|akt|atto|acto|sc[èe]ne|scene|szene|"
    rf"scena|escena|letter|lettre|brief|canto|chant|gesang))"
    rf"\s+(?P<num>{_NUM}|the\s+(?i:{_ORD_EN}))\b\.?(?:\s*[-–—:.]+\s*|\s+|$)(?P<title>.*)$"
)
#: "Erstes Kapitel", "PREMIÈRE PARTIE", "Livre premier", "THE FIRST ACT".
_ORD_FIRST_SRC = (
    rf"^(?:(?i:the)\s+)?(?P<num>(?i:{_ORD_DE}|{_ORD_FR}|{_ORD_IT_ES}|{_ORD_EN}))\s+(?P<unit>(?i:kapitel|buch|teil|band|"
    rf"akt|partie|livre|parte|libro|tomo|acte|chapitre|act|part|book|chapter|scene|volume))\b\.?"
    rf"(?:\s*[-–—:.]+\s*|$)(?P<title>.*)$"
)
#: "SCENE" alone under "FIRST ACT" is the stage description's head, not the act's title.
_BARE_UNIT = re.compile(r"^(?:scene|sc[èe]ne|szene|scena|escena|chorus|personnages|persons)\.?$", re.IGNORECASE)
_ALONE_ROMAN = re.compile(rf"^(?P<num>{_ROMAN})\.?$")
_ALONE_LETTER = re.compile(r"^[A-Z]$")
_UNIT_RANK = {
    "part": "en:part", "partie": "en:part", "teil": "en:part", "parte": "en:part", "book": "en:book",
    "buch": "en:book", "libro": "en:book", "livre": "en:book", "volume": "en:volume", "tome": "en:volume",
    "band": "en:volume", "tomo": "en:volume", "epoch": "en:part", "époque": "en:part", "epoque": "en:part",
    "act": "en:act", "acte": "en:act", "akt": "en:act", "atto": "en:act", "acto": "en:act",
    "scene": "en:scene", "scène": "en:scene", "szene": "en:scene", "scena": "en:scene", "escena": "en:scene",
    "canto": "en:canto", "chant": "en:canto", "gesang": "en:canto",
}
_TOC_NAMES = re.compile(
    r"^(?:(?:table of )?contents|table des mati[èe]res|table|inhalt|inhaltsverzeichnis|[íi]ndice|index|sommaire|"
    r"list of (?:illustrations|plates)|illustrations|liste des (?:gravures|illustrations))\.?$",
    re.IGNORECASE,
)
_ILLUSTRATION = re.compile(r"^\[(?:Illustration|Ilustraci[óo]n|Illustrazione|Abbildung|Music|Musique)\b", re.I)
_BY = re.compile(r"^(?:by|von|par|de|di|por|door|af|av|da)$", re.IGNORECASE)
_PARTICLES = frozenset("de da di del della von van der den du la le y e and".split())
_TRANSLATED = re.compile(r"^(?:Translated|Traduit|Übersetzt|Tradotto|Traducido)\b.*?\b(?:by|par|von|da|por)\s+(.+)$",
                         re.IGNORECASE)


def book_head(lines: list[_Line | None], head: _Head) -> bool:
    """Title and author at the top of a copy without a header ("DIE VERWANDLUNG / VON /
    FRANZ KAFKA", "DON QUIJOTE DE LA MANCHA / Miguel de Cervantes Saavedra"). Only when
    a chapter label or numeral follows within a few lines, so an article is never read so."""
    if head.title is not None:
        return False
    idx = [i for i, ln in enumerate(lines[:40]) if ln is not None][:8]
    if len(idx) < 3:
        return False
    texts = [lines[i].text for i in idx]  # type: ignore[union-attr]
    title = texts[0]
    if not (2 <= len(title) <= 80) or title.endswith((".", ",", ";", ":")) or _label(title) is not None:
        return False
    k = 1
    if _BY.match(texts[k]):
        k += 1
    if k >= len(texts) or not _name_like(texts[k]):
        return False
    author, after = texts[k], k + 1
    translator = None
    if after < len(texts):
        m = _TRANSLATED.match(texts[after])
        if m and _name_like(m.group(1).strip()):
            translator, after = m.group(1).strip(), after + 1
    if after >= len(texts) or (_label(texts[after]) is None and not _ALONE_ROMAN.match(texts[after])
                               and _TOC_NAMES.match(texts[after]) is None):
        return False
    head.title = title
    head.meta.setdefault("author", author)
    if translator:
        head.meta.setdefault("translator", translator)
    for i in idx[:after]:
        lines[i] = None
    return True


def _name_like(s: str) -> bool:
    words = s.split()
    if not (2 <= len(words) <= 6) or len(s) > 60 or any(c in s for c in ",;:!?\"“”()[]") or s.endswith("."):
        return False
    if _label(s) is not None or any(w.strip(".").isdigit() or re.fullmatch(_ROMAN, w.strip(".")) for w in words):
        return False  # "PART I" is a division, not a name
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) and words[0][:1].isupper()


#: Every word that can be a label's unit: a line without one in its first three words is
#: no label, decided without the (large, lazily compiled) patterns.
_UNITS = frozenset(
    "chapitre chapter kapitel capitolo capítulo capitulo cap chap livre book buch libro tome volume band tomo "
    "partie part teil parte epoch époque epoque acte act akt atto acto scène scene szene scena escena letter "
    "lettre brief canto chant gesang".split()
)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(_LABEL_SRC), re.compile(_ORD_FIRST_SRC)


def _label(s: str) -> tuple[str, str, str] | None:
    """(style, number as written, title on the same line) for a book label, or None."""
    if len(s) > 160:
        return None
    if not any(w.lower().rstrip(".,:") in _UNITS for w in s.split(None, 3)[:3]):
        return None
    label, ord_first = _patterns()
    m = label.match(s) or ord_first.match(s)
    if m is None:
        return None
    unit = m.group("unit").lower().rstrip(".")
    style = _UNIT_RANK.get(unit, "en:chapter")
    title = m.group("title").strip()
    if title and (title[0].islower() or title[0] in "([" or len(title) > 120):
        return None  # "Chapter one of the report said …": a sentence, not a label
    number = s[: m.start("title")].strip(" .:-–—") if title else s.strip(" .:-–—")
    return style, number, title.rstrip(".").strip()


def is_ebook(raws: list[_Raw], head: _Head, book: bool) -> bool:
    """A Gutenberg header or a book's title page was read, or the text has three book labels."""
    if book or "language" in head.meta or "date_text" in head.meta:
        return True
    n = 0
    for r in raws:
        if r.nlines <= 2 and len(r.text) <= 100 and r.text[:1].isalpha() \
                and (_label(r.text) is not None or _ALONE_ROMAN.match(r.text)):
            n += 1
            if n >= 3:
                return True
    return False


def ebook_headings(raws: list[_Raw]) -> None:
    """Re-mark labels, numerals, dictionary letters and contents (see the module docstring)."""
    live = [r for r in raws if not r.drop]
    marks: list[tuple[int, str, str, str]] = []  # (index in live, style, number, title)
    letters: list[int] = []
    romans: list[int] = []
    for k, r in enumerate(live):
        s = r.text
        if r.nlines > 2 or not s or len(s) > 160 or not s[0].isalpha():
            continue
        found = _label(s)
        if found is not None:
            marks.append((k, *found))
        else:
            if r.nlines == 1 and _ALONE_LETTER.match(s):
                letters.append(k)
            if r.nlines == 1 and _ALONE_ROMAN.match(s):
                romans.append(k)
    # A dictionary: capital letters in alphabetical order, most of them no roman digit
    # (then its I, V, X are letters too).
    seq = [live[k].text for k in letters]
    if len(set(seq)) >= 8 and sum(1 for c in set(seq) if c not in "IVXLCDM") >= 5 \
            and sum(1 for a, b in zip(seq, seq[1:], strict=False) if b > a) >= 0.8 * (len(seq) - 1):
        for k in letters:
            marks.append((k, "en:section", live[k].text, ""))
        romans = [k for k in romans if k not in set(letters)]
    # Roman numerals alone count up: each has a neighbour one below or one above it (a
    # new part or story restarts at I; a later volume starts at LXXXV).
    values = [outline.roman_to_int(live[k].text.rstrip(".")) or 0 for k in romans]
    counted = [k for i, k in enumerate(romans) if values[i] and (
        (i > 0 and values[i - 1] == values[i] - 1) or (i + 1 < len(values) and values[i + 1] == values[i] + 1)
        or (values[i] == 1 and i > 0))]  # a lone I restarting the count in a last part
    if len(counted) >= 2:
        for k in counted:
            marks.append((k, "roman", live[k].text.rstrip("."), ""))
    marks.sort()
    _borrow_titles(live, marks)
    for k, style, number, title in marks:
        r = live[k]
        if r.drop:
            continue
        r.kind = "heading"
        r.numbered = outline.Numbered(style, number, title or r.text.rstrip("."), "")
    _contents(live)
    _title_page(live, marks[0][0] if marks else len(live))
    _stray_labels(live)
    _repeated_caps(live)
    _work_titles(live)
    _back_matter(live)
    for r in live:
        if r.kind == "heading" and r.numbered is not None and r.numbered.family in ("named", "caps"):
            r.numbered.title = r.numbered.title.rstrip(".").rstrip() or r.numbered.title


def _family(r: _Raw) -> str | None:
    return r.numbered.family if r.numbered is not None else None


def _title_page(live: list[_Raw], first: int) -> None:
    """Before the first chapter, a capitals line with no text of its own under it (the
    title page's "LE COMTE DE MONTE-CRISTO", "MCMIX", a signature "E.M.L.") is not a
    section; "PREFACE" followed by its text is."""
    heads = [k for k in range(first) if live[k].kind == "heading" and not live[k].drop
             and _family(live[k]) == "caps"]
    for k in heads:
        j = k + 1
        prose = False
        while j < first and not (live[j].kind == "heading" and not live[j].drop):
            r = live[j]
            if not r.drop and (len(r.text) > 200 or r.nlines >= 3):
                prose = True
                break
            j += 1
        if not prose:
            live[k].kind, live[k].numbered = "paragraph", None


def _title_para(r: _Raw, after: _Raw | None) -> bool:
    """Whether a paragraph can be the title under a label: short, not an illustration or a
    label itself, and followed by more text."""
    s = r.text
    if r.kind == "heading" and r.numbered is not None and r.numbered.family == "keyword":
        return False
    return (r.nlines <= 3 and 0 < len(s) <= 250 and not _ILLUSTRATION.match(s) and _label(s) is None
            and not _ALONE_ROMAN.match(s) and after is not None and not _BARE_UNIT.match(s))


def _caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _borrow_titles(live: list[_Raw], marks: list[tuple[int, str, str, str]]) -> None:
    """Give each untitled label the paragraph under it as its title, where the book does that."""
    untitled = [n for n, (k, _s, _num, title) in enumerate(marks) if not title and k + 1 < len(live)]
    if not untitled:
        return
    fit = []
    for n in untitled:
        k = marks[n][0]
        nxt = live[k + 1]
        after = live[k + 2] if k + 2 < len(live) else None
        fit.append(_title_para(nxt, after) and (after is None or len(nxt.text) < max(80, len(after.text))))
    usual = sum(fit) >= 0.6 * len(untitled)
    seen: dict[str, int] = {}
    for r in live:
        if r.nlines == 1 and len(r.text) <= 40:
            seen[r.text] = seen.get(r.text, 0) + 1
    for n, ok in zip(untitled, fit, strict=True):
        k, style, number, _title = marks[n]
        nxt = live[k + 1]
        if ok and seen.get(nxt.text, 0) < 3 and (usual or (_caps(nxt.text) and len(nxt.text) <= 120)):
            marks[n] = (k, style, number, " ".join(nxt.text.split()).rstrip("."))
            live[k].text = f"{live[k].text} {nxt.text}"
            nxt.drop = True


def _contents(live: list[_Raw]) -> None:
    """A CONTENTS heading and the short lines under it, up to the first prose or the
    restart of its first entry (the body's own first heading): not sections."""
    n = len(live)
    for k, r in enumerate(live):
        if r.drop or r.nlines > 1 or len(r.text) > 40 or not _TOC_NAMES.match(r.text):
            continue
        if r.kind == "heading":
            r.kind, r.numbered = "paragraph", None
        first = ""
        j = k + 1
        while j < n:
            e = live[j]
            if e.drop:
                j += 1
                continue
            key = _key(e.text)
            if not first:
                first = key
            elif key == first or not _toc_line(e) or _before_prose(live, j):
                break
            if e.kind == "heading":
                e.kind, e.numbered = "list_item", None
            j += 1


def _key(s: str) -> str:
    """What a contents entry and its heading share: the label's number, or the words."""
    found = _label(s)
    if found is not None:
        return re.sub(r"\W", "", found[1].split()[-1].lower())
    m = _ALONE_ROMAN.match(s) or re.match(rf"^({_ROMAN})\.\s", s)
    if m:
        return m.group(1).lower()
    return re.sub(r"[\W\d]+", "", s.lower())[:40]


def _before_prose(live: list[_Raw], j: int) -> bool:
    """The line right above real text: where the body starts, not a contents entry."""
    for r in live[j + 1: j + 3]:
        if r.drop:
            continue
        return len(r.text) > 200 or (r.nlines >= 3 and r.text.endswith((".", "!", "?", "»", "”", '"')))
    return False


def _toc_line(r: _Raw) -> bool:
    """A line of a table of contents: short lines (entries, page numbers), not prose."""
    s = r.text
    if r.kind == "heading":
        return True
    return len(s) <= 90 * r.nlines and not (s.endswith((".", "!", "?", "»", "”", '"')) and len(s) > 120)


def _rank(r: _Raw) -> int | None:
    """part 1 … scene 4 for a label heading (see `outline.KEYWORD_RANK`), 3 for a numeral."""
    if r.kind != "heading" or r.drop or r.numbered is None:
        return None
    if r.numbered.style == "roman":
        return 3
    if r.numbered.family != "keyword":
        return None
    return outline.KEYWORD_RANK.get(r.numbered.style, 3)


#: Sections that open a book or play but hold none of its divisions.
_FRONT_WORDS = re.compile(r"\b(?:PROLOGU?E?|PROLOG|INDUCTION|EPILOGUE|INTRODUCTION|PREFACE|PR[ÉE]FACE|CHORUS|"
                          r"DEDICATION|CONTENTS|ARGUMENT)\b", re.IGNORECASE)
#: "It began." — a short sentence is text; a title page's lines and contents entries are not.
_SENTENCE_END = re.compile(r"\w+\s+.*[a-zà-ÿ][.!?…][\"”’»)]?$")
_SENTENCE = re.compile(r"[.!?;,:]\s")
_FIRSTS = frozenset("i 1 one first premier première premiere erste erstes erster primo prima primero primera".split())


def _is_prose(r: _Raw) -> bool:
    """Running text (a speech in a play counts), not a contents entry or a title line."""
    return not r.drop and r.kind != "heading" and len(r.text) > 120 and _SENTENCE.search(r.text) is not None


def _has_text(live: list[_Raw], a: int, b: int) -> bool:
    """Whether anything between two labels reads as the division's text: some prose, or
    lines of verse or dialogue adding up to a few hundred characters."""
    total = 0
    for r in live[a:b]:
        if r.drop or r.kind == "heading":
            continue
        if _is_prose(r) or _SENTENCE_END.search(r.text):
            return True
        total += len(r.text)
        if total >= 400:
            return True
    return False


def _is_first(r: _Raw) -> bool:
    num = r.numbered.number if r.numbered is not None else None
    return bool(num) and num.split()[-1].lower().strip(".") in _FIRSTS  # type: ignore[union-attr]


def _stray_labels(live: list[_Raw]) -> None:
    """A label with no text under it before the next label of its rank or above is a title
    page's or a contents list's ("VOLUME VI" on a series page, "DEUXIÈME PARTIE" and its
    numerals listed at the top), not a division."""
    labels = [(k, _rank(r)) for k, r in enumerate(live) if _rank(r) is not None]
    stray = []
    for n, (a, ra) in enumerate(labels):
        assert ra is not None
        b = next((k for k, rk in labels[n + 1:] if rk is not None and rk <= ra), None)
        if b is not None and not _has_text(live, a + 1, b):
            stray.append(a)
    for a in stray:
        live[a].kind, live[a].numbered = "paragraph", None


def _repeated_caps(live: list[_Raw]) -> None:
    """Capitals that come back three times or more are speakers ("ROPER"), refrains
    ("CHORUS."), running heads: never sections."""
    counts: dict[str, int] = {}
    for r in live:
        if r.kind == "heading" and _family(r) in ("caps", "named"):
            counts[r.text] = counts.get(r.text, 0) + 1
    for r in live:
        if r.kind == "heading" and _family(r) in ("caps", "named") and counts.get(r.text, 0) >= 3:
            r.kind, r.numbered = "paragraph", None


def _work_titles(live: list[_Raw]) -> None:
    """A capitals title whose first division follows with no text between (only a cast
    list, a subtitle, a date) heads a work: "EYVIND OF THE HILLS" above its ACT I, "THE
    SCARLET LETTER." above its I. It becomes the top level (`en:work`)."""
    n = len(live)
    for k, r in enumerate(live):
        if r.kind != "heading" or r.drop or _family(r) != "caps" or _FRONT_WORDS.search(r.text):
            continue
        for j in range(k + 1, min(n, k + 60)):
            e = live[j]
            if _is_prose(e) and len(e.text) > 300:
                break
            if e.kind == "heading" and not e.drop:
                if _rank(e) is not None and _is_first(e) and r.numbered is not None:
                    r.numbered = outline.Numbered("en:work", None, r.numbered.title, "")
                break


def _back_matter(live: list[_Raw]) -> None:
    """After the last division, headings with no text under them are a publisher's list
    or advertisements ("Impressions de voyage", "NASHVILLE, TENN."), not sections."""
    last = max((k for k, r in enumerate(live) if _rank(r) is not None), default=None)
    if last is None:
        return
    for r in live[last + 1:]:
        if r.numbered is not None and r.numbered.family == "enum":  # "136. A. Les Mohicans de Paris…"
            r.kind, r.numbered = "paragraph", None
    heads = [k for k in range(last + 1, len(live))
             if live[k].kind == "heading" and not live[k].drop and _rank(live[k]) is None]
    for n, k in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(live)
        if not _has_text(live, k + 1, end):
            live[k].kind, live[k].numbered = "paragraph", None
