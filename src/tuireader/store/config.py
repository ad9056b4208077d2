"""`config.toml`: the user's settings. Read with tomllib, never written by the app.

Why so forgiving: the file is hand-edited. A typo must cost the user one setting (with a
notice saying what was wrong and what was probably meant), never the start of the app.
Every problem becomes a one-line warning; the value falls back to its default.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from tuireader.store.paths import config_path
from tuireader.store.tomlio import describe_error

#: Allowed values of `order` (the library list's sort).
ORDERS = ("library", "date", "title")
#: Allowed values of `script` (how Chinese text is shown; the same names as
#: `tuireader.script.convert.SCRIPTS`, which store may not import: they are peers).
SCRIPTS = ("original", "simplified", "traditional", "taiwan", "hongkong")
#: The reading measure is clamped to this range (cells).
MIN_WIDTH, MAX_WIDTH = 20, 400


@dataclass
class Config:
    """Settings with their defaults. `keys` maps a binding id ("next-article") to a
    comma-separated key list ("n,ctrl+n")."""

    library: str | None = None
    width: int = 80
    theme: str | None = None
    order: str = "library"
    show_outline: bool = True
    script: str = "original"
    keys: dict[str, str] = field(default_factory=dict)


KNOWN_KEYS = tuple(f.name for f in fields(Config))

#: An example with every key, used by README and by `tuireader paths` users as a template.
EXAMPLE = """\
# ~/.config/tuireader/config.toml (see `tuireader paths`)
library = "~/articles"        # opened by `tuireader` with no PATH
width = 80                    # reading measure in cells (20-400); + and - change it
theme = "textual-dark"        # any Textual theme name
order = "library"             # library list order: "library", "date" or "title"
show_outline = true           # outline sidebar visible when an article opens
script = "original"           # Chinese shown as "original", "simplified", "traditional",
                              # "taiwan" or "hongkong"; ctrl+t switches (remembered)

[keys]                        # binding id = comma-separated keys
next-article = "n,ctrl+n"
"""


def _did_you_mean(name: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _type_name(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "an array", dict: "a table"}.get(type(value), type(value).__name__)


def _check(name: str, value: Any, where: str, warnings: list[str]) -> Any:
    """The validated value for key `name`, or `_INVALID` after appending a warning."""
    if name == "library":
        if isinstance(value, str) and value.strip():
            return os.path.expanduser(value.strip())
        warnings.append(f"{where}: 'library' must be a folder path string, not {_type_name(value)}; ignored")
    elif name == "width":
        if isinstance(value, int) and not isinstance(value, bool):
            if MIN_WIDTH <= value <= MAX_WIDTH:
                return value
            warnings.append(f"{where}: 'width' = {value} is outside {MIN_WIDTH}-{MAX_WIDTH}; using the default 80")
        else:
            warnings.append(f"{where}: 'width' must be an integer, not {_type_name(value)}; using the default 80")
    elif name == "theme":
        if isinstance(value, str) and value.strip():
            return value.strip()
        warnings.append(f"{where}: 'theme' must be a theme name string, not {_type_name(value)}; ignored")
    elif name == "order":
        if isinstance(value, str) and value in ORDERS:
            return value
        if isinstance(value, str):
            warnings.append(f"{where}: 'order' = {value!r} is not one of {', '.join(ORDERS)}{_did_you_mean(value, ORDERS)}; using 'library'")
        else:
            warnings.append(f"{where}: 'order' must be a string, not {_type_name(value)}; using 'library'")
    elif name == "script":
        if isinstance(value, str) and value in SCRIPTS:
            return value
        if isinstance(value, str):
            warnings.append(f"{where}: 'script' = {value!r} is not one of {', '.join(SCRIPTS)}{_did_you_mean(value, SCRIPTS)}; using 'original'")
        else:
            warnings.append(f"{where}: 'script' must be a string, not {_type_name(value)}; using 'original'")
    elif name == "show_outline":
        if isinstance(value, bool):
            return value
        warnings.append(f"{where}: 'show_outline' must be true or false, not {_type_name(value)}; using true")
    elif name == "keys":
        if isinstance(value, dict):
            return _check_keys(value, where, warnings)
        warnings.append(f"{where}: [keys] must be a table of binding id = \"keys\"; ignored")
    return _INVALID


def _check_keys(table: dict[str, Any], where: str, warnings: list[str]) -> dict[str, str]:
    """Binding ids to key lists; arrays of strings are accepted and joined with commas."""
    out: dict[str, str] = {}
    for binding_id, keys in table.items():
        if isinstance(keys, str) and keys.strip():
            out[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
        elif isinstance(keys, list) and keys and all(isinstance(k, str) and k.strip() for k in keys):
            out[binding_id] = ",".join(k.strip() for k in keys)
        else:
            warnings.append(f"{where}: keys.{binding_id} must be a string like \"n,ctrl+n\"; ignored")
    return out


_INVALID = object()


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """Read `config.toml` (default location from `paths.config_path()`).

    Returns the settings and one-line warnings to show as notices. A missing file is
    normal (defaults, no warning); a file that does not parse gives one warning naming
    the file and the line, and all defaults.
    """
    target = config_path() if path is None else path
    config = Config()
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return config, []
    except IsADirectoryError:
        return config, [f"{target}: is a folder, not a file; using default settings"]
    except OSError as exc:
        return config, [f"{target}: cannot be read ({exc.strerror or exc}); using default settings"]
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return config, [f"{target}: not valid TOML, {describe_error(exc)}; using default settings"]
    warnings: list[str] = []
    for name, value in data.items():
        if name not in KNOWN_KEYS:
            warnings.append(f"{target}: unknown setting {name!r}{_did_you_mean(name, KNOWN_KEYS)}; ignored")
            continue
        checked = _check(name, value, str(target), warnings)
        if checked is not _INVALID:
            setattr(config, name, checked)
    return config, warnings
