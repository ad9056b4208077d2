"""library.toml: explicit order, title overrides, excluded globs; bad files only warn."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tuireader.library.catalog import Library
from tuireader.library.manifest import load_manifest, parse_manifest


def make(root: Path, names: list[str]) -> Path:
    for name in names:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"Title of {p.stem}\n\nBody of {name}.\n", encoding="utf-8")
    return root


def test_missing_manifest_is_empty(tmp_path: Path) -> None:
    man = load_manifest(tmp_path)
    assert (man.order, man.titles, man.exclude, man.warnings) == ([], {}, [], [])


def test_order_titles_exclude_apply_to_both_openers(tmp_path: Path) -> None:
    root = make(tmp_path, ["a.txt", "b.txt", "c.txt", "drafts/d.txt", "e.tmp.md"])
    (root / "library.toml").write_text(
        'order = ["c.txt", "./a.txt", "missing.txt"]\nexclude = ["drafts/", "*.tmp.md"]\n[titles]\n"b.txt" = "Bee  title"\n',
        encoding="utf-8",
    )
    full = Library.open(root)
    cached = Library.open_cached(root)
    cached.refresh()
    for lib in (full, cached):
        assert [e.rel for e in lib.entries] == ["c.txt", "a.txt", "b.txt"]
        assert lib.entries[2].title == "Bee title"
        assert lib.notices == []


def test_bad_toml_is_one_warning(tmp_path: Path) -> None:
    (tmp_path / "library.toml").write_text("order = [\n", encoding="utf-8")
    man = load_manifest(tmp_path)
    assert len(man.warnings) == 1 and man.warnings[0].startswith("library.toml:")
    assert "\n" not in man.warnings[0]


def test_bad_keys_warn_and_the_rest_applies(tmp_path: Path) -> None:
    man = parse_manifest({"order": "a.txt", "exclude": ["x/*"], "titles": {"a.txt": 3, "b.txt": "B"}, "colour": 1})
    assert man.order == [] and man.exclude == ["x/*"] and man.titles == {"b.txt": "B"}
    assert len(man.warnings) == 3


def test_not_utf8_manifest(tmp_path: Path) -> None:
    (tmp_path / "library.toml").write_bytes(b"order = ['\xff']")
    assert load_manifest(tmp_path).warnings == ["library.toml: not UTF-8 text; ignored"]


def test_manifest_warnings_reach_the_library(tmp_path: Path) -> None:
    root = make(tmp_path, ["a.txt"])
    (root / "library.toml").write_text("exclude = 3\n", encoding="utf-8")
    assert Library.open_cached(root).notices == ["library.toml: 'exclude' must be a list of glob patterns; ignored"]


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text(max_size=8), st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3)), max_size=5))
def test_any_document_gives_a_manifest(doc: dict[str, object]) -> None:
    man = parse_manifest({k: v for k, v in doc.items() if v is not None})
    assert all(isinstance(x, str) for x in man.order + man.exclude)
    assert all("\n" not in w for w in man.warnings)


def test_open_cached_follows_a_manifest_edited_after_the_last_refresh(tmp_path: Path) -> None:
    root = make(tmp_path, ["a.txt", "b.txt", "c.txt"])
    Library.open_cached(root).refresh()
    assert [e.rel for e in Library.open_cached(root).entries] == ["a.txt", "b.txt", "c.txt"]
    (root / "library.toml").write_text('order = ["c.txt", "b.txt"]\n', encoding="utf-8")
    assert [e.rel for e in Library.open_cached(root).entries] == ["c.txt", "b.txt", "a.txt"]
    assert [e.rel for e in Library.open_cached(root, order="title").entries] == ["a.txt", "b.txt", "c.txt"]
