"""Shared fixtures. Autouse isolation: no test ever reads or writes the developer's real
config, state or cache, because every platformdirs location is pointed into tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point XDG config/state/cache/data (and HOME) at a fresh temporary folder."""
    base = tmp_path_factory.mktemp("xdg")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DATA_HOME", "data"),
    ):
        (base / sub).mkdir()
        monkeypatch.setenv(var, str(base / sub))
    monkeypatch.setenv("HOME", str(base))
    monkeypatch.delenv("TUIREADER_LIBRARY", raising=False)
    yield base


@pytest.fixture
def shared_dir() -> Path:
    """`../shared` beside the project root; tests that need it skip cleanly when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def data_dir() -> Path:
    return DATA


def env_without_textual() -> dict[str, str]:
    """Environment for subprocess tests (inherits the isolated XDG dirs)."""
    return dict(os.environ)
