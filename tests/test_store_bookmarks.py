"""BookmarkStore: round trips, merging between instances, broken files, failed writes,
moved and changed articles."""

from __future__ import annotations

import errno
import os
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store_helpers import LOREM, make_article
from tuireader.article import Article, Block
from tuireader.store import atomic
from tuireader.store.bookmarks import BookmarkStore, locate

# -- round trips ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=st.text(), title=st.text(), para=st.text(min_size=1))
def test_any_unicode_round_trips(note: str, title: str, para: str) -> None:
    """Notes, titles and excerpts with any Unicode (quotes, newlines, `]]`, TOML specials,
    controls; surrogates excluded) come back exactly."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bookmarks.toml"
        store = BookmarkStore(path)
        article = Article(title=title, blocks=[Block("paragraph", para)])
        bm = store.add(Path(tmp), "a.txt", article, 0, 0, note=note)
        assert store.last_error is None
        again = BookmarkStore(path)
        assert again.load() == []
        [back] = again.all()
        assert back == bm
        assert (back.note, back.title, back.excerpt) == (note, title, para[:80])
        again.set_note(bm.id, note + note)
        third = BookmarkStore(path)
        third.load()
        assert third.all()[0].note == note + note


@pytest.mark.parametrize("note", ['"""', "'''", "]]\n[[bookmark]]\nid = 'x'", "a\\nb\\", "\x00\x1b[31m\x7f", "\r\n\t", "# not a comment"])
def test_toml_special_notes(tmp_path: Path, note: str) -> None:
    store = BookmarkStore(tmp_path / "b.toml")
    bm = store.add(tmp_path, "a.txt", make_article(LOREM), 1, note=note)
    again = BookmarkStore(store.path)
    assert again.load() == []
    assert [b.note for b in again.all()] == [note]
    assert again.all()[0].id == bm.id


def test_lone_surrogates_do_not_crash(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.toml")
    bm = store.add(tmp_path, "a.txt", make_article(LOREM), 1, note="n\ud83d")
    assert store.last_error is None and bm.note == "n\ufffd"
    store.set_note(bm.id, "\udfffx")
    assert store.last_error is None and store.all()[0].note == "\ufffdx"


def test_fields_section_excerpt_and_ordering(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.toml")
    article = make_article(LOREM, heading="Valley life")
    long = "x" * 200
    article.blocks.append(Block("paragraph", long))
    first = store.add(tmp_path, "a.txt", article, 2, 9999)
    assert first.offset == len(LOREM[1]) and first.excerpt == ""  # offset clamped to the block
    second = store.add(tmp_path, "a.txt", article, 6, 10)
    assert second.excerpt == "x" * 80 and second.section == ["Valley life"]
    assert [b.id for b in store.all()] == [second.id, first.id]  # newest first, same second
    assert [b.id for b in store.for_article(tmp_path, "a.txt", article.fingerprint())] == [first.id, second.id]
    assert len({store.add(tmp_path, "a.txt", article, 1).id for _ in range(50)}) == 50
    assert all(len(b.id) == 8 and int(b.id, 16) >= 0 for b in store.all())


# -- two instances at once ----------------------------------------------------------------------


def test_two_instances_merge_adds_and_deletes(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    article = make_article(LOREM)
    a, b = BookmarkStore(path), BookmarkStore(path)
    a.load()
    b.load()
    x = a.add(tmp_path, "a.txt", article, 1, note="from a")
    y = b.add(tmp_path, "a.txt", article, 2, note="from b")  # b never re-read: still merged
    assert {m.id for m in b.all()} == {x.id, y.id}
    assert a.remove(x.id) is not None
    z = b.add(tmp_path, "a.txt", article, 3)  # b still believes x exists
    disk = BookmarkStore(path)
    disk.load()
    assert {m.id for m in disk.all()} == {y.id, z.id}
    # a deletion by id survives a concurrent note edit by the other instance
    a.load()
    assert a.remove(y.id) is not None
    b.set_note(y.id, "edited after the delete")
    disk.load()
    assert {m.id for m in disk.all()} == {z.id}
    assert {m.id for m in b.all()} == {z.id}


def test_restore_brings_back_same_bookmark(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.toml")
    bm = store.add(tmp_path, "a.txt", make_article(LOREM), 1, note="keep me")
    removed = store.remove(bm.id)
    assert removed == bm and store.all() == []
    assert store.remove(bm.id) is None
    store.restore(bm)
    disk = BookmarkStore(store.path)
    disk.load()
    assert disk.all() == [bm]


# -- broken and hand-edited files ------------------------------------------------------------------


def test_corrupt_file_is_moved_aside_and_named(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    garbage = 'version = 1\n[[bookmark]\nid = "abc'
    path.write_text(garbage, encoding="utf-8")
    store = BookmarkStore(path)
    notices = store.load()
    assert len(notices) == 1 and "\n" not in notices[0]
    broken = list(tmp_path.glob("bookmarks.toml.broken-*"))
    assert len(broken) == 1
    assert str(path) in notices[0] and str(broken[0]) in notices[0] and "line 2" in notices[0]
    assert broken[0].read_text(encoding="utf-8") == garbage  # nothing lost
    assert store.all() == [] and not path.exists()
    store.add(tmp_path, "a.txt", make_article(LOREM), 1)
    assert len(tomllib.loads(path.read_text(encoding="utf-8"))["bookmark"]) == 1
    assert broken[0].read_text(encoding="utf-8") == garbage


def test_file_broken_while_running_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    store = BookmarkStore(path)
    first = store.add(tmp_path, "a.txt", make_article(LOREM), 1)
    path.write_bytes(b"\xff\xfe not toml")
    second = store.add(tmp_path, "a.txt", make_article(LOREM), 2)
    [notice] = store.take_notices()
    [broken] = tmp_path.glob("bookmarks.toml.broken-*")
    assert broken.read_bytes() == b"\xff\xfe not toml" and str(broken) in notice
    disk = BookmarkStore(path)
    assert disk.load() == []
    assert {b.id for b in disk.all()} == {first.id, second.id}  # carried over from memory


def test_wrong_layout_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text("version = 1\nbookmark = 3\n", encoding="utf-8")
    store = BookmarkStore(path)
    [notice] = store.load()
    assert "moved to" in notice and len(list(tmp_path.glob("bookmarks.toml.broken-*"))) == 1


def test_unknown_keys_and_bad_entries_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text(
        'version = 1\nfuture_setting = "keep"\n'
        '[[bookmark]]\nid = "aaaa0001"\npath = "a.txt"\nblock = 1\ncolour = "red"\n'
        '[[bookmark]]\nid = "aaaa0002"\npath = "a.txt"\nblock = "three"\n',
        encoding="utf-8",
    )
    store = BookmarkStore(path)
    notices = store.load()
    assert len(notices) == 1 and "#2" in notices[0] and "block" in notices[0]
    assert [b.id for b in store.all()] == ["aaaa0001"]
    store.add(tmp_path, "a.txt", make_article(LOREM), 1)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["future_setting"] == "keep"
    by_id = {b["id"]: b for b in data["bookmark"]}
    assert by_id["aaaa0001"]["colour"] == "red"
    assert by_id["aaaa0002"]["block"] == "three"
    assert len(by_id) == 3


def test_newer_version_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    text = 'version = 2\n[[bookmark]]\nid = "aaaa0001"\npath = "a.txt"\nblock = 1\n'
    path.write_text(text, encoding="utf-8")
    store = BookmarkStore(path)
    [notice] = store.load()
    assert "newer" in notice
    store.add(tmp_path, "a.txt", make_article(LOREM), 1)
    assert store.last_error is not None and "newer" in store.last_error
    assert path.read_text(encoding="utf-8") == text
    assert len(store.all()) == 2  # kept in memory


# -- failed writes --------------------------------------------------------------------------------


@pytest.mark.parametrize("error", [PermissionError(errno.EACCES, "Permission denied"),
                                   OSError(errno.ENOSPC, "No space left on device")])
def test_failed_write_keeps_bookmark_and_retries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  error: OSError) -> None:
    path = tmp_path / "bookmarks.toml"
    store = BookmarkStore(path)
    saved = store.add(tmp_path, "a.txt", make_article(LOREM), 1)
    before = path.read_bytes()

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(atomic.os, "replace", fail)
    pending = store.add(tmp_path, "a.txt", make_article(LOREM), 2, note="in memory")
    assert store.last_error is not None and error.strerror in store.last_error
    assert "\n" not in store.last_error and str(path) in store.last_error
    assert {b.id for b in store.all()} == {saved.id, pending.id}
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".bookmarks.toml.*.tmp"))  # temp file cleaned up
    monkeypatch.undo()
    third = store.add(tmp_path, "a.txt", make_article(LOREM), 3)
    assert store.last_error is None and store.pending == 0
    disk = BookmarkStore(path)
    disk.load()
    assert {b.id for b in disk.all()} == {saved.id, pending.id, third.id}


def test_lock_file_cannot_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BookmarkStore(tmp_path / "sub" / "bookmarks.toml")
    real_open = os.open

    def deny(path: str, *args: int, **kwargs: int) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EROFS, "Read-only file system")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "open", deny)
    bm = store.add(tmp_path, "a.txt", make_article(LOREM), 1)
    assert store.last_error is not None and "Read-only" in store.last_error
    assert store.all() == [bm]
    monkeypatch.undo()
    assert store.retry() is None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="chmod has no effect for root")
def test_read_only_directory(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    store = BookmarkStore(folder / "bookmarks.toml")
    store.load()
    folder.chmod(0o500)
    try:
        bm = store.add(tmp_path, "a.txt", make_article(LOREM), 1)
        assert store.last_error is not None and store.all() == [bm]
    finally:
        folder.chmod(0o700)
    assert store.retry() is None


# -- moved and changed articles --------------------------------------------------------------------


def test_moved_article_is_relinked_by_fingerprint(tmp_path: Path) -> None:
    from store_helpers import write_article
    from tuireader.ingest.load import load_article

    lib = tmp_path / "lib"
    write_article(lib / "a.txt", "Title", LOREM)
    article = load_article(lib / "a.txt")
    store = BookmarkStore(tmp_path / "b.toml")
    bm = store.add(lib, "a.txt", article, 2, 4, note="mill")
    (lib / "moved").mkdir()
    os.rename(lib / "a.txt", lib / "moved" / "renamed.txt")
    moved = load_article(lib / "moved" / "renamed.txt")
    assert moved.fingerprint() == bm.fingerprint
    found = store.for_article(lib, "moved/renamed.txt", moved.fingerprint())
    assert [b.id for b in found] == [bm.id] and found[0].path == "moved/renamed.txt"
    disk = BookmarkStore(store.path)
    disk.load()
    assert disk.all()[0].path == "moved/renamed.txt" and disk.all()[0].note == "mill"


def test_copy_of_article_is_not_relinked(tmp_path: Path) -> None:
    from store_helpers import write_article
    from tuireader.ingest.load import load_article

    lib = tmp_path / "lib"
    write_article(lib / "a.txt", "Title", LOREM)
    write_article(lib / "copy.txt", "Title", LOREM)
    store = BookmarkStore(tmp_path / "b.toml")
    bm = store.add(lib, "a.txt", load_article(lib / "a.txt"), 1)
    found = store.for_article(lib, "copy.txt", load_article(lib / "copy.txt").fingerprint())
    assert [b.id for b in found] == [bm.id] and found[0].path == "a.txt"


def test_changed_article_is_reanchored_exactly(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.toml")
    old = make_article(LOREM)
    bm = store.add(tmp_path, "a.txt", old, 3, 8)
    new = make_article(["A new opening paragraph.", "And another one."] + LOREM)
    by_path = store.for_article(tmp_path, "a.txt", new.fingerprint())
    assert [b.id for b in by_path] == [bm.id]
    fixed = store.reanchor(by_path[0], new)
    assert (fixed.block, fixed.offset, fixed.orphaned) == (5, 8, False)
    assert new.blocks[fixed.block].text[fixed.offset:].startswith(bm.excerpt)
    assert fixed.fingerprint == new.fingerprint()
    disk = BookmarkStore(store.path)
    disk.load()
    assert disk.all()[0].block == 5
    assert store.reanchor(fixed, new) is fixed  # unchanged article: nothing to do


def test_changed_passage_is_reanchored_fuzzily(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.toml")
    bm = store.add(tmp_path, "a.txt", make_article(LOREM), 2, 0)
    edited = LOREM[1].replace("old mill", "ancient mill").replace("wheel", "great wheel")
    new = make_article([LOREM[0], LOREM[3], edited, LOREM[2]])
    fixed = store.reanchor(bm, new)
    assert (fixed.block, fixed.orphaned) == (3, False)
    assert fixed.offset <= 2


def test_cjk_passage_is_reanchored_fuzzily(tmp_path: Path) -> None:
    paras = ["第一段講的是天氣和山谷裡的河流，沒有別的內容。", "第二段描述了河邊的老磨坊、水車和磨坊主人的一生故事。", "第三段。"]
    store = BookmarkStore(tmp_path / "b.toml")
    bm = store.add(tmp_path, "a.txt", make_article(paras), 2, 0)
    new = make_article(["新的開頭。", paras[0], "第二段描述了河邊的舊磨坊、水車和磨坊主人的一生。", paras[2]])
    fixed = store.reanchor(bm, new)
    assert (fixed.block, fixed.offset, fixed.orphaned) == (3, 0, False)


def test_removed_passage_is_orphaned_not_lost(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.toml")
    bm = store.add(tmp_path, "a.txt", make_article(LOREM), 2, 0, note="keep")
    new = make_article([LOREM[0], LOREM[2]])
    fixed = store.reanchor(bm, new)
    assert fixed.orphaned and fixed.note == "keep" and fixed.excerpt == bm.excerpt
    disk = BookmarkStore(store.path)
    disk.load()
    assert disk.all()[0].orphaned and disk.all()[0].id == bm.id
    # the passage comes back: no longer orphaned
    again = store.reanchor(store.all()[0], make_article(LOREM))
    assert not again.orphaned and again.block == 2


def test_locate_edge_cases() -> None:
    from tuireader.store.bookmarks import Bookmark

    article = make_article(LOREM)

    bm = Bookmark("abcd1234", "a.txt", "/lib", "fp", "T", 99, 0, [], "", "", "")
    assert locate(bm, article) == (len(article.blocks) - 1, 0)  # no excerpt: clamped
    assert locate(bm, Article(title="empty")) is None
    short = Bookmark("abcd1234", "a.txt", "/lib", "fp", "T", 1, 0, [], "zzz", "", "")
    assert locate(short, article) is None


# -- the fast reader must agree with tomllib ------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes=st.lists(st.text(), min_size=1, max_size=6))
def test_fast_parse_agrees_with_tomllib(notes: list[str]) -> None:
    from tuireader.store.bookmarks import fast_parse

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bookmarks.toml"
        store = BookmarkStore(path)
        for n, note in enumerate(notes):
            store.add(Path(tmp), "a.txt", make_article(LOREM), 1 + n % 5, note=note)
        raw = path.read_bytes()
        assert fast_parse(raw) == tomllib.loads(raw.decode("utf-8"))
        store.remove(store.all()[0].id)
        raw = path.read_bytes()
        expected = tomllib.loads(raw.decode("utf-8"))
        assert fast_parse(raw) == (expected if store.all() else None)


def test_hand_edited_layouts_fall_back_to_tomllib(tmp_path: Path) -> None:
    from tuireader.store.bookmarks import fast_parse

    tricky = [
        # a multi-line string that contains the separator line
        'version = 1\n\n[[bookmark]]\nid = "aaaa0001"\npath = "a.txt"\nblock = 1\n'
        'note = """line\n[[bookmark]]\nid = "fake"\n"""\n',
        # a sub-table of a bookmark
        'version = 1\n\n[[bookmark]]\nid = "aaaa0001"\npath = "a.txt"\nblock = 1\n'
        '[bookmark.meta]\nx = 1\n\n[[bookmark]]\nid = "aaaa0002"\npath = "b.txt"\nblock = 2\n',
        # another table after the bookmarks
        'version = 1\n\n[[bookmark]]\nid = "aaaa0001"\npath = "a.txt"\nblock = 1\n\n[later]\ny = 2\n',
    ]
    for n, text in enumerate(tricky):
        assert fast_parse(text.encode()) in (None, tomllib.loads(text))
        path = tmp_path / f"b{n}.toml"
        path.write_text(text, encoding="utf-8")
        store = BookmarkStore(path)
        assert store.load() == []
        before = {b.id: b for b in store.all()}
        store.add(tmp_path, "c.txt", make_article(LOREM), 1)
        after = tomllib.loads(path.read_text(encoding="utf-8"))
        again = BookmarkStore(path)
        assert again.load() == []
        assert {b.id: b for b in again.all() if b.id in before} == before
        for key in ("later",):
            if key in tomllib.loads(text):
                assert after[key] == tomllib.loads(text)[key]
    meta = tomllib.loads((tmp_path / "b1.toml").read_text(encoding="utf-8"))
    assert meta["bookmark"][0]["meta"] == {"x": 1}
    assert BookmarkStore(tmp_path / "b0.toml").load() == []


def test_for_article_reanchors_when_given_the_article(tmp_path: Path) -> None:
    store = BookmarkStore(tmp_path / "b.toml")
    a = store.add(tmp_path, "a.txt", make_article(LOREM), 2, 0)
    b = store.add(tmp_path, "a.txt", make_article(LOREM), 4, 5)
    gone = store.add(tmp_path, "a.txt", make_article(LOREM), 5, 0)
    new = make_article(["Inserted at the top."] + LOREM[:4])
    marks = store.for_article(tmp_path, "a.txt", new.fingerprint(), article=new)
    assert [(m.id, m.block, m.offset, m.orphaned) for m in marks] == [
        (a.id, 3, 0, False), (gone.id, 5, 0, True), (b.id, 5, 5, False)]
    disk = BookmarkStore(store.path)
    disk.load()
    assert {m.id: (m.block, m.orphaned) for m in disk.all()} == {a.id: (3, False), b.id: (5, False), gone.id: (5, True)}
    assert all(m.fingerprint == new.fingerprint() for m in disk.all())


@settings(max_examples=80, deadline=None)
@given(n=st.integers(3, 30), data=st.data())
def test_inserted_and_removed_blocks_never_lose_the_passage(n: int, data: st.DataObject) -> None:
    """Blocks inserted or removed elsewhere: the bookmark follows its passage exactly."""
    paras = [f"Paragraph number {i}: " + "lorem ipsum dolor sit amet " * (1 + i % 3) for i in range(n)]
    target = data.draw(st.integers(0, n - 1))
    offset = data.draw(st.integers(0, 15))
    with tempfile.TemporaryDirectory() as tmp:
        store = BookmarkStore(Path(tmp) / "b.toml")
        bm = store.add(Path(tmp), "a.txt", make_article(paras), target + 1, offset)
        inserted = data.draw(st.lists(st.integers(0, n), max_size=5))
        removed = set(data.draw(st.lists(st.integers(0, n - 1), max_size=3))) - {target}
        new = [p for i, p in enumerate(paras) if i not in removed]
        for at in inserted:
            new.insert(min(at, len(new)), f"An inserted paragraph {at} with other words.")
        fixed = store.reanchor(bm, make_article(new))
        assert not fixed.orphaned
        assert fixed.block == new.index(paras[target]) + 1 and fixed.offset == offset


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlinked_file_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "bookmarks.toml"
    real.parent.mkdir()
    real.write_text("version = 1\n", encoding="utf-8")
    link = tmp_path / "conf" / "bookmarks.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    store = BookmarkStore(link)
    store.load()
    store.add(tmp_path, "a.txt", make_article(LOREM), 1)
    assert link.is_symlink()
    assert len(tomllib.loads(real.read_text(encoding="utf-8"))["bookmark"]) == 1


_KEYS = st.sampled_from(["id", "path", "note", "block", "section", "x-y", "A_1", "orphaned"])
_VALUES = st.one_of(st.text(), st.integers(-(2**63), 2**63 - 1), st.booleans(), st.lists(st.text(), max_size=4),
                    st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=300, deadline=None)
@given(table=st.dictionaries(_KEYS, _VALUES, max_size=8))
def test_simple_table_reader_agrees_with_tomllib_on_written_tables(table: dict[str, object]) -> None:
    import tomli_w

    from tuireader.store.bookmarks import parse_simple_table

    text = tomli_w.dumps(table)
    assert parse_simple_table(text) == tomllib.loads(text) == table


_TOML_BITS = st.sampled_from(['a = "x"', "a = 1", "b = true", 'c = [', '    "y",', "]", "d = []", "", "# c",
                              'e = "\\/"', 'e = "\\U0001F600"', 'e = "\\ud800"', "f = 01", "g = 1.5",
                              'h = "tab\there"', "a = 2", '"q" = 1', "i = [\"z\"]", 'j = "\x7f"', "k = -0", "l = 1e5", "m = 1.", "n = .5",
                              "o = 1.5E-3", "p = -0.0", "q = 1_0", "r = inf", "s = 1e05"])


@settings(max_examples=400, deadline=None)
@given(lines=st.lists(_TOML_BITS | st.text(max_size=12), max_size=8))
def test_simple_table_reader_never_disagrees_with_tomllib(lines: list[str]) -> None:
    from tuireader.store.bookmarks import parse_simple_table

    text = "\n".join(lines) + "\n"
    fast = parse_simple_table(text)
    if fast is None:
        return  # the caller falls back to tomllib
    assert fast == tomllib.loads(text)  # raises if tomllib rejects what was accepted
