"""Library: the articles under one folder. `catalog` (the `Library`: scan, order, summaries),
`manifest` (the folder's own `library.toml`), `index` (the SQLite + FTS5 cache), `indexer`
(bringing the index up to date in worker processes) and `search`.

May import: `article`, `errors`, `ingest`, `store` and the standard library. Never `reading`,
`ui` or `cli`, never Textual or Rich.
"""
