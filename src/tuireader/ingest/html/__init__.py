"""The HTML reader: a saved web page → the article's blocks, title, metadata and links.

`reader.parse_html` is the entry; the other modules are its passes: `extract` (which parts of
the page are the article), `repair` (containers and headings the extractor lost), `merge`
(completing one extraction from another), `dom` (reading the DOM for running text), `blocks`
(content trees → `Block`s), `cleanup` (the lines a reader skips), `metadata` (title, date,
author, neighbour links). lxml and trafilatura are imported only when a page is parsed.
"""
