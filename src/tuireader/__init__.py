"""tuireader: a terminal reader for long-form articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tuireader")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
