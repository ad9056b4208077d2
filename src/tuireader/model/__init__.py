"""The headless model: bytes → articles, libraries, bookmarks, the index. Never imports Textual."""

from tuireader.model.article import Article, Block, Link, OutlineEntry
from tuireader.model.errors import IngestError
from tuireader.model.ingest import load_article, parse_bytes

__all__ = ["Article", "Block", "IngestError", "Link", "OutlineEntry", "load_article", "parse_bytes"]
