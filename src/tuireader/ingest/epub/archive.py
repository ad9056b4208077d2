"""The EPUB container as a ZIP archive, opened defensively.

Why a wrapper around `zipfile` instead of using it directly: an .epub comes from anywhere,
and a ZIP can lie. Everything read goes through `Archive.read`, which
- refuses a member whose *declared* size is over `MAX_MEMBER_BYTES`, and counts the bytes
  it really inflates (declared sizes can be forged), so a ZIP bomb costs at most the cap;
- keeps a running total over the whole book (`MAX_TOTAL_BYTES`);
- looks members up by a normalised path (percent-decoded, `./` and `a/../` resolved) and
  refuses any reference that climbs out of the archive (`../../etc/passwd`);
- turns every `zipfile`/`zlib`/OS failure into a one-line `IngestError`.
Nothing is ever extracted to disk, so a hostile member *name* cannot write anywhere.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from urllib.parse import unquote

from tuireader.errors import IngestError

#: One member (a chapter, the OPF) may inflate to at most this many bytes.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
#: All members read from one book, together.
MAX_TOTAL_BYTES = 256 * 1024 * 1024
#: A central directory larger than this is not a book (some 50,000 entries): refused
#: before `zipfile` builds one object per entry.
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
_CHUNK = 256 * 1024
_EOCD = b"PK\x05\x06"


class Archive:
    """Read-only access to the members of one EPUB file, with the caps above."""

    def __init__(self, source: str | bytes, path: str) -> None:
        """`source`: a file path, or the archive's bytes. `path` names the book in errors."""
        self.path = path
        self.total = 0
        try:
            if isinstance(source, bytes):
                _check_directory(source[-(65536 + 22):], path)
                self._zip = zipfile.ZipFile(io.BytesIO(source))
            else:
                with open(source, "rb") as fh:
                    fh.seek(0, 2)
                    size = fh.tell()
                    fh.seek(max(0, size - (65536 + 22)))
                    _check_directory(fh.read(), path)
                self._zip = zipfile.ZipFile(source)
        except IngestError:
            raise
        except FileNotFoundError:
            raise IngestError(path, "no such file") from None
        except PermissionError:
            raise IngestError(path, "permission denied") from None
        except IsADirectoryError:
            raise IngestError(path, "is a directory, not an article file") from None
        except OSError as exc:
            raise IngestError(path, exc.strerror or "cannot be read") from None
        except Exception:  # noqa: BLE001 - zipfile's parser raises many kinds on forged headers
            raise IngestError(path, "not an EPUB (not a ZIP archive, or a damaged one)") from None
        self._names: dict[str, zipfile.ZipInfo] = {}
        self._folded: dict[str, str] = {}
        for info in self._zip.infolist():
            if not info.filename or info.filename.endswith("/"):
                continue
            for name in _member_names(info):
                key = normalise(name)
                if key is None:
                    continue  # a member named to escape: never reachable by reference
                self._names.setdefault(key, info)
                self._folded.setdefault(key.casefold(), key)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def names(self) -> list[str]:
        """Normalised names of every file member."""
        return list(self._names)

    def find(self, name: str) -> str | None:
        """The normalised member name for `name` (exact, else case-insensitively), or None.
        Case-insensitive because books made on Windows or macOS often disagree in case
        between the OPF and the archive, and every reading system forgives it."""
        key = normalise(name)
        if key is None:
            return None
        if key in self._names:
            return key
        return self._folded.get(key.casefold())

    def has(self, name: str) -> bool:
        return self.find(name) is not None

    def size(self, name: str) -> int:
        """The declared uncompressed size of a member (0 when absent)."""
        found = self.find(name)
        return self._names[found].file_size if found is not None else 0

    def read_prefix(self, name: str, size: int, *, what: str = "") -> bytes:
        """At most the first `size` bytes of member `name` (inflating only those)."""
        return self.read(name, what=what, limit=size)

    def read(self, name: str, *, what: str = "", limit: int | None = None) -> bytes:
        """The bytes of member `name`, inflated under the caps; `IngestError` if absent,
        too big, damaged or encrypted by ZIP itself."""
        found = self.find(name)
        label = what or name
        if found is None:
            raise IngestError(self.path, f"{label} is missing from the archive")
        info = self._names[found]
        if info.flag_bits & 0x1:
            raise IngestError(self.path, "encrypted (DRM), cannot be read")
        if limit is None and info.file_size > MAX_MEMBER_BYTES:
            raise IngestError(self.path, f"{label} is too large ({info.file_size // (1024 * 1024)} MiB uncompressed)")
        if limit is None and self.total + info.file_size > MAX_TOTAL_BYTES:
            raise IngestError(self.path, "too much to uncompress (a ZIP bomb?)")
        parts: list[bytes] = []
        got = 0
        try:
            with self._zip.open(info) as fh:
                while limit is None or got < limit:
                    chunk = fh.read(_CHUNK if limit is None else min(_CHUNK, limit - got))
                    if not chunk:
                        break
                    got += len(chunk)
                    if got > MAX_MEMBER_BYTES or self.total + got > MAX_TOTAL_BYTES:
                        raise IngestError(self.path, "too much to uncompress (a ZIP bomb?)")
                    parts.append(chunk)
        except IngestError:
            raise
        except RuntimeError:  # zipfile: "File ... is encrypted, password required"
            raise IngestError(self.path, "encrypted (DRM), cannot be read") from None
        except Exception:  # noqa: BLE001 - zlib, struct, forged headers: all "damaged"
            raise IngestError(self.path, f"{label} is damaged in the archive") from None
        self.total += got
        return b"".join(parts)


def _member_names(info: zipfile.ZipInfo) -> list[str]:
    """The names a member may be referred to by. A ZIP without the UTF-8 flag stores names
    in some local code page, which `zipfile` reads as CP437; tools write UTF-8 there without
    the flag, and older Chinese tools GBK: both readings are kept, so the OPF's href finds
    the file either way."""
    names = [info.filename]
    if info.flag_bits & 0x800 or info.filename.isascii():
        return names
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return names
    for codec in ("utf-8", "gb18030", "big5", "shift_jis"):
        try:
            names.append(raw.decode(codec))
            break
        except UnicodeDecodeError:
            continue
    return names


def _check_directory(tail: bytes, path: str) -> None:
    """Refuse a ZIP whose end record announces a central directory too large for a book."""
    at = tail.rfind(_EOCD)
    if at == -1 or len(tail) - at < 22:
        return  # let zipfile say what is wrong
    entries, cd_size = struct.unpack_from("<HI", tail, at + 10)
    if cd_size != 0xFFFFFFFF and cd_size > MAX_DIRECTORY_BYTES:
        raise IngestError(path, f"not a book: the archive lists too many files ({entries}+)")


def normalise(name: str) -> str | None:
    """`name` as a clean relative POSIX path, or None when it is empty or climbs out of the
    archive. Percent-escapes are decoded (hrefs are URLs; member names are not, but a
    literal `%` in a member name is rare enough to accept the ambiguity)."""
    if "%" in name:
        name = unquote(name)
    name = name.replace("\\", "/")
    if name.startswith("/") or "\x00" in name:
        return None
    clean = posixpath.normpath(name)
    if clean in (".", "") or clean == ".." or clean.startswith("../"):
        return None
    return clean


def resolve(base: str, href: str) -> str | None:
    """The archive path that `href` (relative to the member `base`) names, without its
    fragment or query; None when it is external (has a scheme), empty or escapes."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    for sep in ("#", "?"):
        href = href.split(sep, 1)[0]
    if ":" in href.split("/", 1)[0]:
        return None  # http:, mailto:, data: ... not in the archive
    if href.startswith("/"):
        return normalise(href.lstrip("/"))
    folder = posixpath.dirname(base)
    return normalise(posixpath.join(folder, unquote(href)) if folder else unquote(href))


def escapes(base: str, href: str) -> bool:
    """True when `href` is a relative reference that climbs out of the archive."""
    href = href.strip().split("#", 1)[0].split("?", 1)[0]
    if not href or ":" in href.split("/", 1)[0]:
        return False
    if href.startswith("/"):
        return False
    folder = posixpath.dirname(base)
    joined = posixpath.normpath(posixpath.join(folder, unquote(href)) if folder else unquote(href))
    return joined == ".." or joined.startswith("../")
