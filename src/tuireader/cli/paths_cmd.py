"""`tuireader paths` (alias `locate`): where the config, bookmarks, state and caches live.

Why a command: users must find the files to back them up, hand-edit config.toml or
repair a bookmarks file that was set aside; the locations differ per platform and move
with XDG_* variables. Nothing is created by asking.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tuireader.store.paths import bookmarks_path, cache_dir, config_path, state_path


def locations() -> dict[str, Path]:
    """Name → path, in the order they are printed."""
    return {
        "config": config_path(),
        "bookmarks": bookmarks_path(),
        "state": state_path(),
        "cache": cache_dir(),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of lines")


def run(args: argparse.Namespace) -> int:
    places = locations()
    if args.json:
        print(json.dumps({name: str(path) for name, path in places.items()}, ensure_ascii=False, indent=2))
        return 0
    width = max(len(name) for name in places)
    for name, path in places.items():
        status = "" if path.exists() else "  (not created yet)"
        print(f"{name.ljust(width)}  {path}{status}")
    return 0
