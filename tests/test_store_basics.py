"""Store basics: paths honour XDG, config warnings, state and bookmark round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuireader.article import Article, Block, OutlineEntry
from tuireader.store.bookmarks import BookmarkStore
from tuireader.store.config import Config, load_config
from tuireader.store.paths import (
    bookmarks_path,
    cache_dir,
    config_dir,
    config_path,
    state_dir,
    state_path,
)
from tuireader.store.state import StateStore, article_key


def make_article(texts: list[str], title: str = "An article") -> Article:
    blocks = [Block("heading", texts[0], level=1)] + [Block("paragraph", t) for t in texts[1:]]
    return Article(title=title, blocks=blocks, outline=[OutlineEntry(1, None, texts[0], 0)])


def test_paths_follow_xdg_and_create_nothing(isolated_dirs: Path) -> None:
    assert config_dir() == isolated_dirs / "config" / "tuireader"
    assert state_dir() == isolated_dirs / "state" / "tuireader"
    assert cache_dir() == isolated_dirs / "cache" / "tuireader"
    assert config_path().name == "config.toml"
    assert bookmarks_path().parent == config_dir()
    assert state_path().parent == state_dir()
    assert not config_dir().exists() and not state_dir().exists()


def test_config_defaults_when_missing() -> None:
    config, warnings = load_config()
    assert config == Config() and warnings == []


def test_config_reads_every_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('library = "~/articles"\nwidth = 72\ntheme = "nord"\norder = "date"\n'
                    'show_outline = false\n[keys]\nnext-article = "n,ctrl+n"\nquit = ["q", "ctrl+q"]\n',
                    encoding="utf-8")
    config, warnings = load_config(path)
    assert warnings == []
    assert config.library is not None and config.library.endswith("articles") and "~" not in config.library
    assert (config.width, config.theme, config.order, config.show_outline) == (72, "nord", "date", False)
    assert config.keys == {"next-article": "n,ctrl+n", "quit": "q,ctrl+q"}


def test_state_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    store = StateStore(path)
    assert store.load() == []
    key = article_key(tmp_path / "a.txt", "f" * 24)
    store.set_position(key, 12, 3, 0.5)
    store.set_pref("width", 66)
    assert store.save() is None
    again = StateStore(path)
    assert again.load() == []
    assert again.get_position(key) == (12, 3)
    assert again.get_progress(key) == 0.5
    assert again.get_pref("width", 80) == 66
    assert again.get_pref("theme") is None


def test_bookmark_add_and_reload(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    store = BookmarkStore(path)
    article = make_article(["Intro", "First paragraph here.", "Second one."])
    bm = store.add(tmp_path, "a.txt", article, 1, 6, note="hi")
    assert store.last_error is None
    assert bm.excerpt == "paragraph here." and bm.section == ["Intro"] and len(bm.id) == 8
    again = BookmarkStore(path)
    assert again.load() == []
    assert again.all() == [bm]
    assert again.for_article(tmp_path, "a.txt", article.fingerprint()) == [bm]


def test_bookmark_block_out_of_range(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.toml")
    with pytest.raises(ValueError, match="out of range"):
        store.add(tmp_path, "a.txt", make_article(["T", "p"]), 5)
