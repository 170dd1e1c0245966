"""A small on-disk cache of parsed TOML files (``rules.toml``, config files), for start-up.

Parsing ``rules.toml`` (and importing ``tomllib`` to do it) costs more than the rest of
reading the templates; ``gklint check`` on one small file pays it on every run. The parsed
document is stored with ``marshal`` (built in, fast) in the user's cache folder, keyed by the
file's path, size, modification time and inode, and used only while all of these match.
Anything unusual — no cache folder, an unwritable or corrupt entry, a value marshal cannot
store (TOML dates) — silently falls back to parsing the file. ``GKLINT_NO_CACHE=1`` turns the
cache off; ``GKLINT_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import marshal
import os
import sys
import time

# Bump when what is stored changes; entries of other versions are ignored.
FORMAT = 1
MAX_ENTRIES = 64  # past this, writing an entry removes the oldest half
# A file changed this recently may change again within its mtime's granularity: not cached.
RACY_SECONDS = 2.0


def cache_dir() -> str | None:
    if os.environ.get("GKLINT_NO_CACHE"):
        return None
    explicit = os.environ.get("GKLINT_CACHE_DIR")
    if explicit:
        return explicit
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return os.path.join(base, "gklint", "Cache") if base else None
    if sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "gklint") if base and os.path.isabs(base) else None


def _entry_name(path: str) -> str:
    import zlib

    stem = "".join(char if char.isalnum() else "_" for char in os.path.basename(path))[:40]
    return f"toml-{stem}-{zlib.crc32(path.encode('utf-8', 'surrogatepass')):08x}.marshal"


def read_toml(path: str) -> dict:
    """``tomllib.load`` of ``path``, from the cache when the file has not changed.

    Raises what ``open`` and ``tomllib`` raise (``OSError``, ``tomllib.TOMLDecodeError``).
    """
    path = os.path.abspath(path)
    folder = cache_dir()
    stamp = None
    entry = None
    if folder is not None:
        try:
            info = os.stat(path)
            stamp = (FORMAT, sys.version_info[:2], path, info.st_size, info.st_mtime_ns, info.st_ino)
            entry = os.path.join(folder, _entry_name(path))
            # Read whole, then decoded from memory: marshal.load on an open file reads it a
            # few bytes at a time (1.05 against 0.2 ms for rules.toml, at every start-up).
            with open(entry, "rb") as handle:
                cached_stamp, document = marshal.loads(handle.read())
            if cached_stamp == stamp and isinstance(document, dict):
                return document
        except Exception:  # no entry, an unreadable or corrupt one: parse the file
            pass
    document = _parse(path)
    if stamp is not None and entry is not None and time.time() - stamp[4] / 1e9 > RACY_SECONDS:
        _write(folder, entry, stamp, document)
    return document


def _tomllib():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def is_toml_error(error: BaseException) -> bool:
    """Whether ``error`` is a ``tomllib.TOMLDecodeError`` (without importing tomllib up front)."""
    return isinstance(error, _tomllib().TOMLDecodeError)


def _parse(path: str) -> dict:
    with open(path, "rb") as handle:
        return _tomllib().load(handle)


def _write(folder: str, entry: str, stamp: tuple, document: dict) -> None:
    try:
        data = marshal.dumps((stamp, document))
    except ValueError:  # a value marshal cannot store (a TOML date): not cached
        return
    temporary = f"{entry}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, exist_ok=True)
        _prune(folder)
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, entry)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _prune(folder: str) -> None:
    names = [name for name in os.listdir(folder) if name.startswith("toml-")]
    if len(names) < MAX_ENTRIES:
        return
    paths = [os.path.join(folder, name) for name in names]

    def modified(path: str) -> float:
        try:
            return os.stat(path).st_mtime
        except OSError:
            return 0.0

    for path in sorted(paths, key=modified)[: len(paths) // 2]:
        try:
            os.unlink(path)
        except OSError:
            pass
