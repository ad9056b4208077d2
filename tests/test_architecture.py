"""Import hygiene and packaging: the boundaries the README promises, checked in a subprocess."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from importlib.metadata import version

import tuireader
import tuireader.model


def _modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_model_never_imports_textual_or_rich() -> None:
    names = [m.name for m in pkgutil.iter_modules(tuireader.model.__path__, "tuireader.model.")]
    assert names, "no model modules found"
    loaded = _modules_loaded_by("\n".join(f"import {n}" for n in names))
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert not {m for m in loaded if m == "rich" or m.startswith("rich.")}


def test_cli_module_does_not_import_textual() -> None:
    loaded = _modules_loaded_by("import tuireader.cli")
    assert "textual" not in loaded


def test_version_comes_from_metadata() -> None:
    assert tuireader.__version__ == version("tuireader")


def test_python_dash_m_version() -> None:
    out = subprocess.run([sys.executable, "-m", "tuireader", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.strip() == f"tuireader {tuireader.__version__}"


def test_unknown_option_is_a_one_line_error_with_status_2() -> None:
    out = subprocess.run([sys.executable, "-m", "tuireader", "--no-such-option"], capture_output=True, text=True)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
