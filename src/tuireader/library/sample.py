"""The sample library bundled with the package: what `tuireader` opens before it is told
where the user's articles are, and what the screenshots and tests read."""

from __future__ import annotations

from pathlib import Path


def sample_library_path() -> Path:
    """The bundled sample library (package data), read in place."""
    from importlib.resources import files  # ~20 ms to import: only when it is needed

    return Path(str(files("tuireader.sample")))
