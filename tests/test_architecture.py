"""Import hygiene and packaging: the boundaries the README promises, checked in a subprocess."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import tuireader

ROOT = Path(__file__).resolve().parent.parent
#: The packages below the UI: they must work without a terminal.
MODEL_PACKAGES = ("ingest", "store", "script", "library", "reading")


def _modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_layers_hold() -> None:
    """The import-linter contracts in pyproject.toml (layers, no Textual below the UI)."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_model_side_never_loads_textual() -> None:
    """What import-linter checks statically, checked at run time: importing every module
    below the UI (the lazy readers included) loads no Textual."""
    import importlib

    names = ["tuireader.article", "tuireader.errors"]
    for package in MODEL_PACKAGES:
        mod = importlib.import_module(f"tuireader.{package}")
        names += [m.name for m in pkgutil.walk_packages(mod.__path__, f"tuireader.{package}.")]
    assert len(names) > 30, names
    loaded = _modules_loaded_by("\n".join(f"import {n}" for n in names))
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_cli_module_does_not_import_textual() -> None:
    loaded = _modules_loaded_by("import tuireader.cli")
    assert "textual" not in loaded


def test_version_comes_from_metadata() -> None:
    assert tuireader.__version__ == version("tuireader")


def test_python_dash_m_version() -> None:
    out = subprocess.run([sys.executable, "-m", "tuireader", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.strip() == f"tuireader {tuireader.__version__}"


def test_parsing_the_command_line_does_not_look_up_the_version() -> None:
    """importlib.metadata costs 35-55 ms: `tuireader FILE` must not pay it before its first screen."""
    loaded = _modules_loaded_by("from tuireader.cli import _main_parser\n_main_parser().parse_args(['a.txt'])")
    assert "importlib.metadata" not in loaded


def test_unknown_option_is_a_one_line_error_with_status_2() -> None:
    out = subprocess.run([sys.executable, "-m", "tuireader", "--no-such-option"], capture_output=True, text=True)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
