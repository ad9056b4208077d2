"""Where the per-user files live: platformdirs locations for the app name "tuireader".

The getters only compute paths (they never create folders): reading must work on a
read-only home, and `tuireader paths` must not leave empty folders behind. Folders are
created by the writers, at the moment something is actually written. A fresh
`PlatformDirs` is built on every call so XDG_* changes (tests, users) are always honoured.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "tuireader"

CONFIG_FILE = "config.toml"
BOOKMARKS_FILE = "bookmarks.toml"
STATE_FILE = "state.toml"


def _dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """User config folder (Linux: $XDG_CONFIG_HOME/tuireader, default ~/.config/tuireader)."""
    return Path(_dirs().user_config_dir)


def state_dir() -> Path:
    """User state folder (Linux: $XDG_STATE_HOME/tuireader, default ~/.local/state/tuireader)."""
    return Path(_dirs().user_state_dir)


def cache_dir() -> Path:
    """User cache folder (Linux: $XDG_CACHE_HOME/tuireader, default ~/.cache/tuireader)."""
    return Path(_dirs().user_cache_dir)


def config_path() -> Path:
    """The user's settings, read-only for the app."""
    return config_dir() / CONFIG_FILE


def bookmarks_path() -> Path:
    """Bookmarks live with the config: they are the user's data, worth backing up."""
    return config_dir() / BOOKMARKS_FILE


def state_path() -> Path:
    """Reading positions and UI preferences: state, not configuration."""
    return state_dir() / STATE_FILE
