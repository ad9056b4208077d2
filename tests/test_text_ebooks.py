"""Ebook-style plain text: Project Gutenberg headers and footers, book labels in several
languages, roman numerals, contents lists, and copies without a header."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.errors import IngestError
from tuireader.ingest import parse_bytes
from tuireader.ingest.text import parse_text
from tuireader.ingest.text.gutenberg import header_fields

PROSE = ("It was the best of times, it was the worst of times, it was the age of wisdom, it was the "
         "age of foolishness, it was the epoch of belief, it was the epoch of incredulity.")


def gutenberg(body: str, *, indent_end: bool = False) -> str:
    end = "            " if indent_end else ""
    return (
        "The Project Gutenberg eBook of A Book, by A. Writer\n\n"
        "Title: A Book\n\nAuthor: A. Writer\n\n"
        "Release date: May 1, 2001 [eBook #2641]\n                Most recently updated: October 22, 2023\n\n"
        "Language: English\n\n*** START OF THE PROJECT GUTENBERG EBOOK A BOOK ***\n\n"
        f"{body}\n\n{end}*** END OF THE PROJECT GUTENBERG EBOOK A BOOK ***\n\n"
        "THE FULL PROJECT GUTENBERG LICENSE\n\nPLEASE READ THIS BEFORE YOU DISTRIBUTE OR USE THIS WORK\n"
    )


def titles(text: str) -> list[tuple[int, str]]:
    art = parse_text(text, path="book.txt")
    return [(e.level, e.title) for e in art.outline]


def test_header_fields_date_iso_and_subtitle() -> None:
    lines = ["Title: Modern Icelandic Plays", "       Eyvind of the Hills; The Hraun Farm", "",
             "Author: Jóhann Sigurjónsson", "", "Release Date: June 25, 2007  [eBook #21937]"]
    f = header_fields(lines)
    assert f["title"] == "Modern Icelandic Plays"
    assert f["subtitle"] == "Eyvind of the Hills; The Hraun Farm"
    assert f["date"] == "2007-06-25"


def test_header_fields_title_wrapped_mid_phrase_is_joined() -> None:
    f = header_fields(["Title: The Letters of Norah on Her Tour Through the", "       West of Ireland"])
    assert f["title"] == "The Letters of Norah on Her Tour Through the West of Ireland"


def test_old_header_first_line_and_series_author() -> None:
    f = header_fields(["The Project Gutenberg Etext of The Devil's Dictionary by Bierce",
                       "#3 in our series by Ambrose Bierce  [From Wiretap]"])
    assert f["title"] == "The Devil's Dictionary"
    assert f["author"] == "Ambrose Bierce"


def test_release_month_only() -> None:
    assert header_fields(["Release Date: October, 2005 [EBook #9198]"])["date"] == "2005-10"


def test_indented_end_marker_cuts_the_licence() -> None:
    art = parse_text(gutenberg(f"CHAPTER I.\n\n{PROSE}", indent_end=True), path="x.txt")
    text = " ".join(b.text for b in art.blocks)
    assert "LICENSE" not in text and "END OF THE PROJECT" not in text
    assert art.metadata["date"] == "2001-05-01"
    assert art.title == "A Book"


def test_copy_without_header_keeps_title_page_and_loses_footer() -> None:
    text = (f"                DIE VERWANDLUNG\n\n                VON\n\n              FRANZ KAFKA\n\nI.\n\n{PROSE}\n\n"
            f"II.\n\n{PROSE}\n\n*** END OF THE PROJECT GUTENBERG EBOOK DIE VERWANDLUNG ***\n\n"
            "THE FULL PROJECT GUTENBERG LICENSE\n")
    art = parse_text(text, path="pg22367.txt")
    assert art.title == "DIE VERWANDLUNG"
    assert art.metadata["author"] == "FRANZ KAFKA"
    assert [e.number for e in art.outline] == ["I", "II"]
    assert "LICENSE" not in " ".join(b.text for b in art.blocks)


def test_a_division_under_the_title_is_no_author() -> None:
    art = parse_text(f"Big Book\n\nPART I\n\nCHAPTER 1\n\n{PROSE}\n\nCHAPTER 2\n\n{PROSE}\n", path="b.txt")
    assert "author" not in art.metadata
    assert [e.title for e in art.outline][:2] == ["PART I", "CHAPTER 1"]


def test_labels_in_other_languages_take_the_title_under_them() -> None:
    for label in ("Erstes Kapitel", "CHAPITRE PREMIER.", "CAPITOLO I.", "CAPÍTULO I", "Chapter 1"):
        second = {"Erstes Kapitel": "Zweites Kapitel.", "CHAPITRE PREMIER.": "CHAPITRE II.",
                  "CAPITOLO I.": "CAPITOLO II.", "CAPÍTULO I": "CAPÍTULO II", "Chapter 1": "Chapter 2"}[label]
        body = f"{label}\n\nThe Beginning.\n\n{PROSE}\n\n{second}\n\nThe Middle.\n\n{PROSE}"
        assert titles(gutenberg(body)) == [(1, "The Beginning"), (1, "The Middle")], label


def test_labels_whose_next_paragraph_is_prose_keep_no_title() -> None:
    body = f"Chapter 1\n\n{PROSE} {PROSE}\n\nChapter 2\n\nOn my return, I found this letter:—\n\n{PROSE} {PROSE}\n\n" \
           f"Chapter 3\n\n{PROSE} {PROSE}"
    assert [t for _lvl, t in titles(gutenberg(body))] == ["Chapter 1", "Chapter 2", "Chapter 3"]


def test_part_is_above_chapter() -> None:
    body = (f"PREMIÈRE PARTIE\n\nI\n\n{PROSE}\n\nII\n\n{PROSE}\n\nDEUXIÈME PARTIE\n\nI\n\n{PROSE}")
    levels = [lvl for lvl, _t in titles(gutenberg(body))]
    assert levels == [1, 2, 2, 1, 2]


def test_roman_numerals_alone_count_up() -> None:
    body = f"I\n\n{PROSE}\n\nII\n\n{PROSE}\n\nIII\n\n{PROSE}"
    assert [t for _lvl, t in titles(gutenberg(body))] == ["I", "II", "III"]


def test_dictionary_letters_are_sections_even_i_v_x() -> None:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = "\n\n".join(f"{c}\n\n{c}ENTRY, n.  {PROSE}" for c in letters)
    assert [t for _lvl, t in titles(gutenberg(body))] == list(letters)


def test_contents_and_illustrations_are_not_sections() -> None:
    body = ("CONTENTS\n\nCHAPTER I. The Beginning\nCHAPTER II. The Middle\n\n[Illustration]\n\n"
            f"CHAPTER I.\n\n[Illustration]\n\n{PROSE}\n\nCHAPTER II.\n\n[Illustration]\n\n{PROSE}")
    got = titles(gutenberg(body))
    assert [t for _lvl, t in got] == ["CHAPTER I", "CHAPTER II"]


def test_decomposed_accents_are_composed() -> None:
    text = "CAPI\u0301TULO 1: Que trata de la condicio\u0301n\n" + PROSE + "\n"
    art = parse_bytes(text.encode("utf-8"), "q.txt")
    seen = art.title + " ".join(b.text for b in art.blocks)
    assert "CAPÍTULO" in seen and "condición" in seen and "\u0301" not in seen


_line = st.one_of(
    st.sampled_from(["CHAPTER I.", "Chapter 2", "Erstes Kapitel", "II", "IV.", "A", "CONTENTS", "[Illustration]",
                     "*** START OF THE PROJECT GUTENBERG EBOOK X ***", "*** END OF THE PROJECT GUTENBERG EBOOK X ***",
                     "Title: X", "Release Date: May 1, 2001 [eBook #1]", "PREMIÈRE PARTIE", "by", "", PROSE]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_line, min_size=1, max_size=40))
def test_any_book_shaped_text_parses(lines: list[str]) -> None:
    """Outside bytes shaped like an ebook never crash the reader, and every outline entry
    points at a heading block."""
    try:
        art = parse_bytes(("\n".join(lines) + "\nx").encode("utf-8", "surrogatepass"), "book.txt")
    except IngestError:
        return  # refused in one line (binary-looking input), never a traceback
    for e in art.outline:
        assert 0 <= e.block < len(art.blocks)
        assert art.blocks[e.block].kind == "heading"


def test_speaker_names_are_not_sections() -> None:
    speech = "I have no doubt about that, dear Algy. The Divorce Court was specially invented for people."
    body = "FIRST ACT\n\n" + "\n\n".join(f"{who}.\n\n{speech}" for who in ["ROPER", "JEYES", "ROPER", "JEYES", "ROPER"] * 2)
    got = titles(gutenberg(body))
    assert ("ROPER" not in [t for _l, t in got]) and got[0][1] == "FIRST ACT"


def test_title_page_capitals_and_listed_divisions_are_not_sections() -> None:
    body = (f"LE COMTE DE MONTE-CRISTO\n\nMCMIX\n\nPREMIÈRE PARTIE\n\nDEUXIÈME PARTIE\n\n"
            f"PREMIÈRE PARTIE\n\nI\n\n{PROSE}\n\nII\n\n{PROSE}\n\nDEUXIÈME PARTIE\n\nIII\n\n{PROSE}")
    assert [t for _l, t in titles(gutenberg(body))] == ["PREMIÈRE PARTIE", "I", "II", "DEUXIÈME PARTIE", "III"]


def test_publishers_list_after_the_last_chapter_is_not_sections() -> None:
    body = (f"CHAPTER I.\n\n{PROSE}\n\nCHAPTER II.\n\n{PROSE}\n\nOTHER BOOKS\n\n1. Taïti. Paris, 1856.\n\n"
            "2. Le Capitaine Richard. Paris, 1858.\n\nNASHVILLE, TENN.\n")
    assert [t for _l, t in titles(gutenberg(body))] == ["CHAPTER I", "CHAPTER II"]
