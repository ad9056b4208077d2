"""`tuireader bookmarks …` and `tuireader paths`: output contracts, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store_helpers import LOREM, write_article
from tuireader.cli import main
from tuireader.store.paths import bookmarks_path, cache_dir, config_path, state_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    write_article(root / "valley.txt", "Valley [bold] life", LOREM)
    write_article(root / "deep" / "town.txt", "Town", ["Only one paragraph about the town square."])
    return root


def test_add_list_json_contract(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, out, err = run(capsys, "bookmarks", "add", str(library / "valley.txt"), "--block", "1",
                         "--offset", "2", "--note", 'a "note"\nwith ]] lines')
    assert code == 0 and err == ""
    bid = out.strip()
    assert len(bid) == 8
    code, out, _ = run(capsys, "bookmarks", "list", "--json")
    assert code == 0
    [record] = json.loads(out)
    assert list(record) == ["id", "article", "block", "offset", "excerpt", "note", "created"]
    assert record["id"] == bid
    assert record["article"] == {"path": (library / "valley.txt").as_posix(), "title": "Valley [bold] life"}
    assert (record["block"], record["offset"]) == (1, 2)
    assert record["excerpt"] == LOREM[1][2:82]
    assert record["note"] == 'a "note"\nwith ]] lines'
    assert record["created"].endswith("Z")


def test_library_option_sets_the_root(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, _, _ = run(capsys, "bookmarks", "add", str(library / "deep" / "town.txt"), "--block", "0",
                     "--library", str(library))
    assert code == 0
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "json")
    [record] = json.loads(out)
    assert record["article"]["library"] == library.resolve().as_posix()
    assert record["article"]["rel"] == "deep/town.txt"
    code, out, _ = run(capsys, "bookmarks", "list", "--json", "--library", str(library / "deep"))
    assert json.loads(out) == []
    code, _, err = run(capsys, "bookmarks", "add", str(library / "valley.txt"), "--block", "0",
                       "--library", str(library / "deep"))
    assert code == 2 and "not inside the library" in err and err.count("\n") == 1


def test_text_list_is_terminal_safe(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    run(capsys, "bookmarks", "add", str(library / "valley.txt"), "--block", "0", "--note", "evil \x1b[2J\x07 note")
    code, out, _ = run(capsys, "bookmarks", "list")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "evil" in out and "Valley [bold] life" in out
    assert out.count("\n") == 1


def test_remove_and_errors(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    _, out, _ = run(capsys, "bookmarks", "add", str(library / "valley.txt"), "--block", "2")
    bid = out.strip()
    code, out, err = run(capsys, "bookmarks", "remove", bid)
    assert (code, out, err) == (0, "", "")
    code, _, err = run(capsys, "bookmarks", "remove", bid)
    assert code == 2 and bid in err and err.count("\n") == 1
    code, _, err = run(capsys, "bookmarks", "add", str(library / "valley.txt"), "--block", "99")
    assert code == 2 and "out of range" in err and err.count("\n") == 1
    code, _, err = run(capsys, "bookmarks", "add", str(library / "missing.txt"), "--block", "0")
    assert code == 1 and "missing.txt" in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as exc:
        main(["bookmarks", "add", str(library / "valley.txt")])  # --block is required
    assert exc.value.code == 2
    code, out, _ = run(capsys, "bookmarks", "list", "--json")
    assert json.loads(out) == []


def test_export_markdown_grouped_by_article(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    valley, town = str(library / "valley.txt"), str(library / "deep" / "town.txt")
    run(capsys, "bookmarks", "add", valley, "--block", "3", "--note", "later one")
    run(capsys, "bookmarks", "add", town, "--block", "0")
    run(capsys, "bookmarks", "add", valley, "--block", "1", "--note", "first note\nsecond line")
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "markdown")
    assert code == 0
    assert out.startswith("# Bookmarks\n")
    assert out.count("## Valley [bold] life") == 1 and out.count("## Town") == 1
    valley_part = out[out.index("## Valley"):]
    # newest-bookmarked article first; inside an article, reading order
    assert out.index("## Valley") < out.index("## Town")
    assert valley_part.index(LOREM[1][:30]) < valley_part.index(LOREM[3][:30])
    assert f"> {LOREM[1][:80].rsplit(' ', 1)[0]}…" in out
    assert "first note\nsecond line" in out and "later one" in out


def test_export_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bookmarks", "export")
    assert code == 0 and "No bookmarks yet" in out


def test_broken_file_notice_on_stderr(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    path = bookmarks_path()
    path.parent.mkdir(parents=True)
    path.write_text("[[bookmark]\n", encoding="utf-8")
    code, out, err = run(capsys, "bookmarks", "list", "--json")
    assert code == 0 and json.loads(out) == []
    assert err.count("\n") == 1 and "broken-" in err and str(path) in err


def test_paths_lists_every_file_and_creates_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "paths")
    assert code == 0
    for path in (config_path(), bookmarks_path(), state_path(), cache_dir()):
        assert str(path) in out
    assert "not created yet" in out and not config_path().parent.exists()
    code, out, _ = run(capsys, "locate", "--json")
    assert json.loads(out) == {"config": str(config_path()), "bookmarks": str(bookmarks_path()),
                               "state": str(state_path()), "cache": str(cache_dir())}


def test_real_cli_round_trip(library: Path) -> None:
    added = subprocess.run([sys.executable, "-m", "tuireader", "bookmarks", "add", str(library / "valley.txt"),
                            "--block", "1", "--note", "über ✓"], capture_output=True, text=True, encoding="utf-8")
    assert added.returncode == 0, added.stderr
    listed = subprocess.run([sys.executable, "-m", "tuireader", "bookmarks", "list", "--json"],
                            capture_output=True, text=True, encoding="utf-8")
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["note"] == "über ✓"
    probe = subprocess.run([sys.executable, "-c", "import sys; from tuireader.cli import main; "
                            "main(['bookmarks', 'list']); main(['paths']); print('textual' in sys.modules)"],
                           capture_output=True, text=True)
    assert probe.stdout.strip().endswith("False")
