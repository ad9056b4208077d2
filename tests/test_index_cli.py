"""`tuireader index` and `tuireader search`: summaries, JSON, library defaults, no Textual."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tuireader.cli import main

ZH = "中文标题\n\n一、第一部分\n\n这是数据。\n\n二、第二部分\n\n大数据时代。\n"
EN = "# The Title\n\nIntro.\n\n## First Part\n\nBig Data is here.\n"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.txt").write_text(ZH, encoding="utf-8")
    (root / "b.md").write_text(EN, encoding="utf-8")
    (root / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    return root


def test_index_prints_a_summary_with_errors(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(lib)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"indexed {lib.resolve()}: 3 articles (3 new, 0 changed, 0 removed, 0 unchanged), 1 errors,")
    assert "MB/s" in out and "error: bad.txt:" in out
    assert main(["index", str(lib), "--quiet"]) == 0
    assert "(0 new, 0 changed, 0 removed, 3 unchanged)" in capsys.readouterr().out


def test_index_bad_path_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith("no such folder") and err.count("\n") == 1


def test_search_json_shape(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "数据", "--library", str(lib), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits == [
        {"path": str(lib.resolve() / "a.txt"), "title": "中文标题", "section": "第一部分", "block": 1, "snippet": "这是数据。"},
        {"path": str(lib.resolve() / "a.txt"), "title": "中文标题", "section": "第二部分", "block": 3, "snippet": "大数据时代。"},
    ]


def test_search_indexes_first_and_limits(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "data", "--library", str(lib), "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out == "b.md:2: The Title — First Part\n    Big Data is here.\n"


def test_search_no_hits_and_bad_limit(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "zzzz", "--library", str(lib)]) == 0
    assert "no matches" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["search", "x", "--limit", "0"])
    assert exc.value.code == 2


def test_library_defaults_to_config_then_cwd(lib: Path, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(lib)
    assert main(["search", "Big", "--json"]) == 0
    assert [h["block"] for h in json.loads(capsys.readouterr().out)] == [2]
    from tuireader.store.paths import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    other = lib.parent / "other"
    other.mkdir()
    (other / "o.txt").write_text("Other\n\nBig other.\n", encoding="utf-8")
    config_path().write_text(f'library = "{other}"\n', encoding="utf-8")
    assert main(["search", "Big", "--json"]) == 0
    assert [Path(h["path"]).name for h in json.loads(capsys.readouterr().out)] == ["o.txt"]


def test_commands_do_not_import_textual(lib: Path) -> None:
    code = (
        "import sys; from tuireader.cli import main; "
        f"rc = main(['index', {str(lib)!r}, '-q']) + main(['search', '数据', '--library', {str(lib)!r}]); "
        "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=dict(os.environ), timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "数据" in proc.stdout.decode("utf-8")


def test_ctrl_c_flag_cancels_the_refresh_and_keeps_what_was_parsed(lib: Path) -> None:
    from tuireader.cli.index_cmd import StopFlag, refresh_with_progress
    from tuireader.library.catalog import Library

    for i in range(5):
        (lib / f"n{i}.txt").write_text(f"N{i}\n\ntext\n", encoding="utf-8")
    library = Library.open_cached(lib)
    with StopFlag() as stop:
        stop._handle(2, None)  # what SIGINT does
        result = refresh_with_progress(library, show=False, stop=stop)
    assert result.cancelled and len(library.entries) < 8
    assert not Library.open_cached(lib).refresh().cancelled


def test_index_failure_is_one_line_exit_1(lib: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    from tuireader.library.catalog import Library

    def boom(self: Library, *args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Library, "refresh", boom)
    assert main(["index", str(lib)]) == 1
    assert main(["search", "x", "--library", str(lib)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "disk I/O error" in err and "Traceback" not in err
