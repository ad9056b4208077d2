"""PROVISIONAL: replaced by the plain-text ingest work (issue 2)."""

from __future__ import annotations

from tuireader.model.article import Article, Block, title_from_path


def parse_text(text: str, *, path: str = "<text>", encoding: str = "utf-8") -> Article:
    paras = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    title = paras[0] if paras else title_from_path(path)
    blocks = [Block(kind="paragraph", text=p) for p in paras[1:]]
    return Article(title=title, blocks=blocks, path=path, format="text", encoding=encoding)
