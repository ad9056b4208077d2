"""tuireader: a terminal reader for long-form articles."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # Lazy: importlib.metadata costs 35-55 ms, and `inspect` or the first screen should not
    # pay it when nobody asks for the version.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("tuireader")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'tuireader' has no attribute {name!r}")
