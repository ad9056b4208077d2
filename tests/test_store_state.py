"""StateStore: positions keyed by content and path, merged saves, broken and unwritable files."""

from __future__ import annotations

import errno
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.store import atomic, state
from tuireader.store.state import StateStore, article_key, fast_parse_state

FP1, FP2 = "a" * 24, "b" * 24


def test_key_survives_move_and_edit(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.toml")
    store.load()
    store.set_position(article_key(tmp_path / "a.txt", FP1), 7, 2, 0.3)
    # moved: same content, other path
    moved = article_key(tmp_path / "sub" / "renamed.txt", FP1)
    assert store.get_position(moved) == (7, 2)
    # edited: same path, other content
    edited = article_key(tmp_path / "a.txt", FP2)
    assert store.get_position(edited) == (7, 2) and store.get_progress(edited) == 0.3
    assert store.get_position(article_key(tmp_path / "other.txt", FP2[:-1] + "c")) is None
    store.set_position(moved, 9, 0, 0.5)  # the new key replaces the old one
    assert store.save() is None
    data = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert list(data["positions"]) == [moved] and data["version"] == 1


def test_two_instances_merge(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    a, b = StateStore(path), StateStore(path)
    a.load()
    b.load()
    ka, kb = article_key(tmp_path / "a.txt", FP1), article_key(tmp_path / "b.txt", FP2)
    a.set_position(ka, 1, 0, 0.1)
    a.set_pref("width", 70)
    assert a.save() is None
    b.set_position(kb, 2, 0, 0.2)
    b.set_pref("theme", "nord")
    assert b.save() is None
    c = StateStore(path)
    assert c.load() == []
    assert c.get_position(ka) == (1, 0) and c.get_position(kb) == (2, 0)
    assert c.get_pref("width", 80) == 70 and c.get_pref("theme") == "nord"
    assert b.get_position(ka) == (1, 0)  # b sees a's position after its merge
    b.set_pref("theme", None)  # None removes a preference
    assert b.save() is None
    c.load()
    assert c.get_pref("theme") is None and c.get_pref("width", 80) == 70


def test_nothing_to_save_writes_nothing(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.toml")
    store.load()
    assert store.save() is None and not store.path.exists()


def test_broken_state_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text("[positions\nblock = ", encoding="utf-8")
    store = StateStore(path)
    [notice] = store.load()
    [broken] = tmp_path.glob("state.toml.broken-*")
    assert str(path) in notice and str(broken) in notice and "line 1" in notice
    store.set_position(article_key(tmp_path / "a.txt", FP1), 3, 0, 0.1)
    assert store.save() is None
    assert broken.read_text(encoding="utf-8") == "[positions\nblock = "


def test_hand_edits_are_tolerated_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    key = article_key(tmp_path / "a.txt", FP1)
    path.write_text(
        f'version = 1\nextra = "kept"\n[prefs]\nwidth = "wide"\ncolour = "x"\n'
        f'[positions."{key}"]\nblock = 4\noffset = -3\nprogress = 7.5\n'
        f'[positions.garbage]\nblock = "x"\n',
        encoding="utf-8",
    )
    store = StateStore(path)
    assert store.load() == []
    assert store.get_position(key) == (4, 0) and store.get_progress(key) == 1.0
    assert store.get_pref("width", 80) == 80  # wrong type: the default
    assert store.get_pref("colour") == "x"
    store.set_pref("width", 90)
    assert store.save() is None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["extra"] == "kept" and data["prefs"] == {"width": 90, "colour": "x"}
    assert "garbage" not in data["positions"]


@pytest.mark.parametrize("error", [PermissionError(errno.EACCES, "Permission denied"),
                                   OSError(errno.ENOSPC, "No space left on device")])
def test_failed_save_is_kept_and_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    store = StateStore(tmp_path / "state.toml")
    store.load()
    key = article_key(tmp_path / "a.txt", FP1)
    store.set_position(key, 5, 1, 0.4)

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(atomic.os, "replace", fail)
    notice = store.save()
    assert notice is not None and error.strerror in notice and "\n" not in notice
    assert store.last_error == notice and store.dirty and store.get_position(key) == (5, 1)
    monkeypatch.undo()
    assert store.save() is None and not store.dirty and store.last_error is None
    again = StateStore(store.path)
    again.load()
    assert again.get_position(key) == (5, 1)


def test_old_positions_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "MAX_POSITIONS", 3)
    store = StateStore(tmp_path / "state.toml")
    for n in range(5):
        monkeypatch.setattr(state, "now_iso", lambda n=n: f"2026-01-0{n + 1}T00:00:00Z")
        store.set_position(article_key(tmp_path / f"{n}.txt", f"{n:024x}"), n, 0, 0.0)
    assert store.save() is None
    data = tomllib.loads(store.path.read_text(encoding="utf-8"))
    assert sorted(p["block"] for p in data["positions"].values()) == [2, 3, 4]


@settings(max_examples=100, deadline=None)
@given(paths=st.lists(st.text(min_size=1), min_size=1, max_size=6),
       progress=st.floats(0, 1), prefs=st.dictionaries(st.text(), st.text() | st.integers() | st.booleans(), max_size=3))
def test_fast_state_reader_agrees_with_tomllib(paths: list[str], progress: float,
                                               prefs: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = StateStore(Path(tmp) / "state.toml")
        for n, name in enumerate(paths):
            store.set_position(article_key(Path(tmp) / name.replace("\x00", ""), f"{n:024x}"), n, n, progress)
        for name, value in prefs.items():
            store.set_pref(name, value)
        assert store.save() is None
        raw = store.path.read_bytes()
        assert fast_parse_state(raw) == tomllib.loads(raw.decode("utf-8"))
        again = StateStore(store.path)
        assert again.load() == []
        for n, name in enumerate(paths):
            key = article_key(Path(tmp) / name.replace("\x00", ""), f"{n:024x}")
            assert again.get_position(key) == store.get_position(key)


def test_fast_state_reader_declines_hand_edited_layouts() -> None:
    texts = [
        'version = 1\n[positions."a:/x"]\nblock = 1\n[other]\nz = 1\n',
        'version = 1\n[positions."a:/x"]\nblock = 1\n# note\n',
        'version = 1\n[positions."a:/x"]\nblock = 1\n\n[positions."a:/x"]\nblock = 2\n',
        'version = 1\n[positions]\n[positions."a:/x"]\nblock = 1\n',
        'version = 1\n[positions.bare]\nblock = 1\n',
    ]
    for text in texts:
        fast = fast_parse_state(text.encode())
        if fast is not None:
            assert fast == tomllib.loads(text)
    assert fast_parse_state(texts[0].encode()) is None and fast_parse_state(texts[2].encode()) is None
