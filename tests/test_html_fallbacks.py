"""HTML pages the main extractor gets wrong: a tiny extraction completed, the standfirst under
the headline restored, wiki [edit] links and TOC boxes gone, sentences set as headings and
icon glyphs, embedded tweets kept as quotes, bracketed and blog-name titles."""

from __future__ import annotations

from tuireader.article import Block
from tuireader.ingest.html.extract import complete_tiny
from tuireader.ingest.html.metadata import strip_site
from tuireader.ingest.html.reader import parse_html


def _page(body: str, head: str = "<title>T</title>") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def _sentences(n: int, seed: str) -> str:
    return " ".join(f"{seed} sentence {i} tells the reader something new about the long week it was." for i in range(n))


def _outline(article) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.title for e in article.outline]


def test_tiny_extraction_takes_the_containers_missing_prose() -> None:
    have = [Block("heading", "Headline", level=1), Block("paragraph", "A short teaser.")]
    preview = Block("paragraph", _sentences(2, "Preview"))
    out = complete_tiny(None, have, [preview])
    assert out == have + [preview]


def test_tiny_extraction_left_alone_when_nothing_better() -> None:
    import lxml.html

    tree = lxml.html.document_fromstring("<html><body><p>tiny</p></body></html>")
    have = [Block("paragraph", "Only a short line here.")]
    assert complete_tiny(tree, have, []) == have


def test_wiki_edit_links_and_toc_box_are_not_text() -> None:
    edit = '<span class="mw-editsection">[<a href="/w/index.php?title=X&amp;action=edit&amp;section=1">edit</a>]</span>'
    body = (
        "<div id='content'><h1>Mozilla</h1>"
        "<div id='toc' class='toc'><h2>Contents</h2><ul><li><a href='#History'>1 History</a></li></ul></div>"
        f"<h2><span class='mw-headline'>History</span>{edit}</h2><p>{_sentences(6, 'History')}</p>"
        f"<h2><span class='mw-headline'>Values</span>{edit}</h2><p>{_sentences(6, 'Values')}</p></div>"
    )
    article = parse_html(_page(body, "<title>Mozilla - Wikipedia</title>"), path="w.html")
    assert _outline(article) == ["History", "Values"]
    assert "[edit]" not in article.plain_text()


def test_sentence_heading_under_the_headline_is_a_paragraph() -> None:
    dek = ("Chargé de porter la réforme des retraites, il a su gagner la confiance du président, "
           "raconte un proche du dossier.")
    body = (f"<article><h1>Le grand titre du jour</h1><h2>{dek}</h2><p>{_sentences(8, 'Corps')}</p>"
            f"<h2>Une vraie section</h2><p>{_sentences(8, 'Suite')}</p></article>")
    article = parse_html(_page(body, "<title>Le grand titre du jour</title>"), path="a.html")
    assert dek not in _outline(article)
    assert "Une vraie section" in _outline(article)


def test_standfirst_in_the_article_header_is_restored() -> None:
    dek = "New York’s aging below-street infrastructure is tough to maintain, and winter makes it worse."
    body = (f"<article><header><h1>Manhole Fires and Burst Pipes</h1><p class='css-x'>{dek}</p>"
            f"<nav class='share'><a href='#'>Share</a></nav></header>"
            f"<section name='articleBody'><p>{_sentences(10, 'Body')}</p><p>{_sentences(10, 'More')}</p></section></article>")
    article = parse_html(_page(body, "<title>Manhole Fires and Burst Pipes - The New York Times</title>"), path="n.html")
    texts = [b.text for b in article.blocks]
    assert dek in texts
    assert texts.index(dek) < next(i for i, t in enumerate(texts) if t.startswith("Body"))


def test_icon_font_glyphs_are_dropped() -> None:
    body = f"<article><h1>Title here</h1><h2>\ue000Designed to be redesigned</h2><p>{_sentences(8, 'A')}</p></article>"
    article = parse_html(_page(body, "<title>Title here</title>"), path="i.html")
    assert "\ue000" not in article.plain_text()


def test_embedded_tweet_is_quoted_not_dropped() -> None:
    tweet = ("<blockquote class='twitter-tweet'><p lang='fr'>Paris 8 en grève reconductible, "
             "programme de la semaine ici</p>&mdash; Solidaires Étudiant-e-s Saint-Denis (@SolidairesEtuP8)</blockquote>")
    body = f"<article><h1>Un titre assez long</h1><p>{_sentences(8, 'Avant')}</p>{tweet}<p>{_sentences(8, 'Après')}</p></article>"
    article = parse_html(_page(body, "<title>Un titre assez long</title>"), path="t.html")
    assert "Solidaires Étudiant-e-s Saint-Denis" in article.plain_text()


def test_bracketed_site_after_the_headline_is_cut() -> None:
    assert strip_site("欲張りなイヌ　＜福娘童話集　きょうのイソップ童話＞") == "欲張りなイヌ"
    assert strip_site("Headline【Site Name】") == "Headline【Site Name】"  # no space: part of it


def test_blog_name_h1_yields_to_the_post_title() -> None:
    head = ("<title>Silicon Exposed: Open Verilog flow for GreenPak4 devices</title>"
            "<meta property='og:title' content='Open Verilog flow for GreenPak4 devices'>")
    body = f"<h1>Silicon Exposed</h1><div class='post'><p>{_sentences(10, 'Post')}</p></div>"
    article = parse_html(_page(body, head), path="b.html")
    assert article.title == "Open Verilog flow for GreenPak4 devices"


def test_headings_above_the_headline_are_not_sections() -> None:
    body = (f"<h2>Suche</h2><h2>Sie sind hier:</h2><h1>Radon im Boden: Neue Karte</h1>"
            f"<p>{_sentences(8, 'Radon')}</p><h2>Karte ist höher aufgelöst</h2><p>{_sentences(8, 'Karte')}</p>")
    article = parse_html(_page(body, "<title>Radon im Boden: Neue Karte</title>"), path="r.html")
    assert _outline(article) == ["Karte ist höher aufgelöst"]



def test_large_page_without_a_prose_container_is_not_empty(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """yahoo-2: a big page whose single pass finds no container took the full pipeline too late
    (never): the article came out empty."""
    import lxml.html

    from tuireader.ingest.html import extract

    page = f"<html><body><article><h1>Space ship breaks up</h1><p>{_sentences(12, 'Story')}</p></article></body></html>"
    tree = lxml.html.document_fromstring(page)
    monkeypatch.setattr(extract, "prose_container_blocks", lambda tree: [])
    blocks = extract.extract_blocks(tree, large=True)
    assert any("Story sentence 3" in b.text for b in blocks)


def test_the_pages_one_headline_beats_a_reworded_og_title() -> None:
    head = ("<title>Twitter Lite se estrena en México, Venezuela y otros nueve países - CNET</title>"
            "<meta property='og:title' content='Twitter Lite se estrena en México, Venezuela y otros nueve países'>")
    body = f"<article><h1>Twitter Lite se estrena en 11 países de América Latina</h1><p>{_sentences(8, 'Cuerpo')}</p></article>"
    article = parse_html(_page(body, head), path="c.html")
    assert article.title == "Twitter Lite se estrena en 11 países de América Latina"


def test_a_trailing_page_column_only_trafilatura_has_is_trimmed() -> None:
    from tuireader.ingest.html.merge import trim_tail

    body = [Block("paragraph", _sentences(3, "Body")), Block("heading", "A Change?", level=3),
            Block("paragraph", _sentences(3, "More"))]
    column = [Block("heading", "Today on WebMD", level=2), Block("paragraph", "Please wait..."),
              Block("heading", "Thanks!", level=3), Block("paragraph", "Now check your email.")]
    assert trim_tail(body + column, body) == body
    prose_tail = [Block("heading", "Epilogue", level=2), Block("paragraph", _sentences(3, "End"))]
    assert trim_tail(body + prose_tail, body) == body + prose_tail  # a section with prose stays
