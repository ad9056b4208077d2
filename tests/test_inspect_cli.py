"""`tuireader inspect`: readable summary, exact JSON, one-line errors, no Textual import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tuireader.cli import main

TEXT = Path(__file__).resolve().parent / "data" / "text"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tuireader", "inspect", *args], capture_output=True,
                          env=env, timeout=60)


def test_json_is_exactly_to_json() -> None:
    from tuireader.ingest.load import load_article

    path = str(TEXT / "zh-scrape-quirks.txt")
    out = _run(path, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.decode("utf-8")) == load_article(path).to_json()
    assert out.stdout.count(b"\n") == 1  # one object, one line


def test_json_is_utf8_under_the_c_locale() -> None:
    env = dict(os.environ, LANG="C", LC_ALL="C", PYTHONIOENCODING="ascii")
    out = _run(str(TEXT / "zh-scrape-quirks.txt"), "--json", env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout.decode("utf-8"))
    assert data["title"] == "乡村数字治理的实践与思考"
    assert "乡村数字治理".encode() in out.stdout  # not \\u escapes


def test_summary_shows_title_metadata_outline_and_counts(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["inspect", str(TEXT / "zh-scrape-quirks.txt")]) == 0
    text = capsysbinary.readouterr().out.decode("utf-8")
    assert text.splitlines()[0] == "乡村数字治理的实践与思考"
    assert "encoding:   utf-8" in text and "format:     text" in text
    assert "paragraphs: 12" in text
    assert "views" in text and "3517" in text
    assert "prev: 发展壮大村级集体经济的几点建议" in text
    # the outline as an indented tree
    assert "\n  一 数字治理对乡村振兴的意义" in text
    assert "\n    一 有助于提升决策水平" in text
    assert "\n      1 网络覆盖不全面" in text


def test_summary_without_outline(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["inspect", str(TEXT / "zh-plain.txt")]) == 0
    assert "outline: (none)" in capsysbinary.readouterr().out.decode("utf-8")


@pytest.mark.parametrize("kind", ["missing", "directory", "binary"])
def test_bad_input_is_one_line_and_status_1(tmp_path: Path, kind: str) -> None:
    if kind == "missing":
        target = tmp_path / "nope.txt"
    elif kind == "directory":
        target = tmp_path
    else:
        target = tmp_path / "bin.txt"
        target.write_bytes(bytes(range(256)) * 4)
    out = _run(str(target))
    assert out.returncode == 1
    assert out.stdout == b""
    lines = out.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1 and str(target) in lines[0]
    assert b"Traceback" not in out.stderr


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read everything")
    target = tmp_path / "secret.txt"
    target.write_text("x")
    target.chmod(0)
    out = _run(str(target))
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1


def test_inspect_does_not_import_textual() -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['tuireader', 'inspect', sys.argv[1], '--json']\n"
        "from tuireader.cli import main\n"
        "import io, contextlib\n"
        "buf = io.StringIO()\n"
        "rc = main()\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'rich')))\n"
        "sys.stderr.write('LOADED=' + ','.join(bad) + '\\n')\n"
        "sys.exit(rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(TEXT / "zh-scrape-quirks.txt")], capture_output=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert b"LOADED=\n" in out.stderr


def test_inspect_seed_does_not_import_textual(shared_dir: Path) -> None:
    seed = shared_dir / "seed" / "zhumadian-think-tank-article.txt"
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "tuireader", "inspect", str(seed), "--json"],
                         capture_output=True, timeout=60)
    assert out.returncode == 0
    imported = [line.split("|")[-1].strip() for line in out.stderr.decode().splitlines() if "|" in line]
    assert imported and not any(m == "textual" or m.startswith("textual.") for m in imported)
