"""Store: the per-user files. `config.toml` (read only), `state.toml` (positions, remembered
choices), `bookmarks.toml`, where they live (`paths`), and how they are written (`atomic`:
whole-file replacement and an inter-process lock; `tomlio`: reading and setting aside a file
a human broke).

May import: `tuireader.article` (bookmarks address an article's blocks), the standard library,
platformdirs and tomli-w. Never `ingest`, `library`, `reading`, `ui` or `cli`, never Textual.
"""
