"""config.toml: every mistake is one line of warning and a default, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tuireader.store.config import EXAMPLE, Config, load_config


def load(tmp_path: Path, text: str | bytes) -> tuple[Config, list[str]]:
    path = tmp_path / "config.toml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return load_config(path)


def test_example_has_every_key_and_no_warnings(tmp_path: Path) -> None:
    config, warnings = load(tmp_path, EXAMPLE)
    assert warnings == []
    assert config.width == 80 and config.order == "library" and config.keys == {"next-article": "n,ctrl+n"}
    for name in Config.__dataclass_fields__:
        assert f"\n{name} = " in EXAMPLE or f"[{name}]" in EXAMPLE


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    config, [warning] = load(tmp_path, "widht = 70\n")
    assert "'widht'" in warning and "did you mean 'width'" in warning and str(tmp_path) in warning
    assert config == Config()
    _, [warning] = load(tmp_path, "zzz = 1\n")
    assert "unknown setting 'zzz'" in warning and "did you mean" not in warning


def test_wrong_types_fall_back_to_defaults(tmp_path: Path) -> None:
    config, warnings = load(
        tmp_path,
        'library = 3\nwidth = "80"\ntheme = ""\norder = "dates"\nshow_outline = "yes"\nkeys = 1\n',
    )
    assert config == Config()
    assert len(warnings) == 6 and all("\n" not in w for w in warnings)
    assert any("did you mean 'date'" in w for w in warnings)
    config, [warning] = load(tmp_path, "width = 5000\n")
    assert config.width == 80 and "outside" in warning
    config, [warning] = load(tmp_path, "width = true\n")
    assert config.width == 80 and "integer" in warning


def test_bad_key_bindings_are_dropped_one_by_one(tmp_path: Path) -> None:
    config, [warning] = load(tmp_path, '[keys]\nquit = "q"\nhelp = 3\nfind = [" / ", "ctrl+f"]\n')
    assert config.keys == {"quit": "q", "find": "/,ctrl+f"}
    assert "keys.help" in warning


def test_unparseable_file_names_file_and_line(tmp_path: Path) -> None:
    config, [warning] = load(tmp_path, 'width = 70\ntheme = "nord\n')
    assert config == Config()
    assert str(tmp_path / "config.toml") in warning and "line 2" in warning and "default settings" in warning
    config, [warning] = load(tmp_path, b"width = 70\n\xff\xfe")
    assert config == Config() and "UTF-8" in warning


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert load_config(tmp_path / "nope.toml") == (Config(), [])
    (tmp_path / "dir.toml").mkdir()
    config, [warning] = load_config(tmp_path / "dir.toml")
    assert config == Config() and "folder" in warning


def test_default_location_is_never_created() -> None:
    from tuireader.store.paths import config_path

    assert load_config() == (Config(), [])
    assert not config_path().exists() and not config_path().parent.exists()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda s: s.encode("utf-8")))
def test_any_bytes_give_a_config_and_one_line_warnings(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config, warnings = load(Path(tmp), data)
    assert isinstance(config, Config)
    assert all(isinstance(w, str) and "\n" not in w for w in warnings)
    assert isinstance(config.width, int) and 20 <= config.width <= 400
