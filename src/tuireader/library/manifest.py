"""`library.toml`: the optional file in a library root that says what the folder cannot.

    order = ["intro.md", "part-2/ch-1.txt"]   # these first, in this order; the rest after
    exclude = ["drafts/*", "*.tmp.md"]        # globs on relative paths: never listed
    [titles]
    "notes/2019-x.txt" = "A better title"     # title overrides
    [encodings]
    "scraped/old-page.txt" = "big5"           # read this file as Big5, whatever it looks like

A hand-edited file may be wrong in any way: every problem becomes a one-line warning and
the rest of the file still applies.
"""

from __future__ import annotations

import codecs
import fnmatch
import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "library.toml"


@dataclass(slots=True)
class Manifest:
    order: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    #: Encoding overrides (relative path → Python codec name) for files the detector gets
    #: wrong: the user's last word, applied when the file is read.
    encodings: dict[str, str] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Hash of the file's bytes ("" without a file): the index remembers which manifest
    #: its stored order was computed from, so start-up can skip re-sorting.
    digest: str = ""

    def excluded(self, rel: str) -> bool:
        """True when `rel` (or one of its parent folders) matches an exclude glob."""
        if not self.exclude:
            return False
        parts = rel.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return any(fnmatch.fnmatchcase(p, glob.rstrip("/")) for glob in self.exclude for p in prefixes)

    def order_key(self) -> dict[str, int]:
        return {rel: i for i, rel in enumerate(self.order)}


def load_manifest(root: Path) -> Manifest:
    """Read `root/library.toml`; a missing file is an empty manifest, never an error."""
    path = root / MANIFEST_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Manifest()
    except OSError as exc:
        return Manifest(warnings=[f"{MANIFEST_NAME}: cannot be read ({exc.strerror or exc}); ignored"])
    digest = hashlib.blake2b(data, digest_size=8).hexdigest()
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return Manifest(warnings=[f"{MANIFEST_NAME}: not UTF-8 text; ignored"], digest=digest)
    except tomllib.TOMLDecodeError as exc:
        return Manifest(warnings=[f"{MANIFEST_NAME}: {str(exc).splitlines()[0]}; ignored"], digest=digest)
    man = parse_manifest(doc)
    man.digest = digest
    return man


def encoding_override(path: Path) -> str | None:
    """The encoding the nearest `library.toml` above `path` names for it, if any: what
    `tuireader inspect FILE` honours, so it shows what the library shows."""
    path = path.resolve()
    for folder in list(path.parents)[:32]:
        try:
            if not (folder / MANIFEST_NAME).is_file():
                continue
        except OSError:  # an unreadable folder on the way up: not ours to judge
            continue
        found = load_manifest(folder).encodings.get(path.relative_to(folder).as_posix())
        if found:
            return found
    return None


def parse_manifest(doc: dict[str, object]) -> Manifest:
    """Validate a parsed TOML document key by key (a bad key never spoils the others)."""
    man = Manifest()
    order = doc.get("order")
    if order is not None:
        if isinstance(order, list) and all(isinstance(x, str) for x in order):
            man.order = [_norm(x) for x in order]
        else:
            man.warnings.append(f"{MANIFEST_NAME}: 'order' must be a list of relative paths; ignored")
    exclude = doc.get("exclude")
    if exclude is not None:
        if isinstance(exclude, list) and all(isinstance(x, str) for x in exclude):
            man.exclude = [_norm(x) for x in exclude]
        else:
            man.warnings.append(f"{MANIFEST_NAME}: 'exclude' must be a list of glob patterns; ignored")
    titles = doc.get("titles")
    if titles is not None:
        if isinstance(titles, dict):
            for rel, title in titles.items():
                if isinstance(title, str) and title.strip():
                    man.titles[_norm(rel)] = " ".join(title.split())
                else:
                    man.warnings.append(f"{MANIFEST_NAME}: title for {rel!r} must be a non-empty string; ignored")
        else:
            man.warnings.append(f"{MANIFEST_NAME}: [titles] must be a table of path = title; ignored")
    encodings = doc.get("encodings")
    if encodings is not None:
        if isinstance(encodings, dict):
            for rel, label in encodings.items():
                codec = _codec(label)
                if codec:
                    man.encodings[_norm(rel)] = codec
                else:
                    man.warnings.append(f"{MANIFEST_NAME}: encoding for {rel!r}: {label!r} is not an encoding; ignored")
        else:
            man.warnings.append(f"{MANIFEST_NAME}: [encodings] must be a table of path = encoding; ignored")
    for key in doc:
        if key not in ("order", "exclude", "titles", "encodings"):
            man.warnings.append(f"{MANIFEST_NAME}: unknown key {key!r}; ignored")
    return man


def _codec(label: object) -> str | None:
    """The Python codec a user's label names ("big5", "GB2312", "utf8"), or None."""
    if not isinstance(label, str) or not label.strip():
        return None
    try:
        return codecs.lookup(label.strip()).name
    except LookupError:
        return None


def _norm(rel: str) -> str:
    """Relative paths as the library writes them: forward slashes, no leading './'."""
    rel = rel.replace("\\", "/").strip()
    while rel.startswith("./"):
        rel = rel[2:]
    return rel
