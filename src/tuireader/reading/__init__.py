"""Reading: what the reader needs beyond the article itself. `layout` (an article at a column
width → display lines, lazily), `find` (matches in one article), `prefetch` (the article named
on the command line, parsed in a child process while the UI imports) and `preload` (the
neighbours parsed before `n`/`p`).

May import: `article`, `errors`, `ingest`, `store`, the standard library and Rich's cell
widths. Never `library`, `ui` or `cli`, never Textual.
"""
