"""The result cache: what ``gklint check`` found in a file, kept for the next run over it.

Pre-commit, CI and an evaluator re-running a folder lint mostly unchanged files; as ruff
does, a run keeps each file's result and a later run with the same settings reuses it when
the file's bytes are the same. The cache is a stage of ``gklint check`` between discovery and
the engine: ``process`` (``gklint.cli.runner``) asks it first, and only a miss is linted.

What makes a result reusable (``run_key``): the gklint version (and the sizes and times of
its own source files, so that a development checkout never reuses what older code found),
the Python version, the effective configuration, every plugin with its version, and the
contents of every template file merged (``rules.toml`` among them). Each file's entry also
records its content hash and the path shown for it: a changed file, a file shown under
another name or any other setting is a miss.

Layout, under ``.gklint_cache/`` beside the project's config (the current folder when there
is none) or ``--cache-dir``::

    .gitignore  CACHEDIR.TAG          (the folder is never committed, never backed up)
    <run key>/<aa>/<entry>            (one entry per linted file and run key)

An entry is ``MAGIC``, the file's content digest, the digest of the payload, then the
payload: the result (findings, the per-file facts cross-file rules collect, notes, and the
source text when there are findings) pickled, and read back with an unpickler that makes
only gklint's own record types. An entry is written to a temporary file and renamed over
the old one, so a concurrent run or a ``-j`` worker reads a whole entry or none. An entry
that is truncated, corrupt or foreign fails its digest or its header, is treated as a miss,
and is replaced.

Bounded: one entry per file for each run key, and only the ``KEEP_RUN_KEYS`` most recently
used run keys (a changed setting starts a new one; the oldest beyond these are removed);
results larger than ``MAX_ENTRY_BYTES`` are not kept. ``gklint clean`` removes the folder.

``--fix`` and ``--diff`` never use it: a file that is written is always linted afresh.
"""

from __future__ import annotations

import errno
import io
import os
import pickle
import sys
from typing import TYPE_CHECKING, Any

try:  # the module itself: importing hashlib loads OpenSSL, a few milliseconds of start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

from gklint.cli.texts import say
from gklint.records import Frozen

if TYPE_CHECKING:
    from gklint.check.engine import Linter
    from gklint.check.result import LintResult

CACHE_FOLDER = ".gklint_cache"
MAGIC = b"gklint-cache 1\n"
DIGEST_SIZE = 16
KEEP_RUN_KEYS = 8
MAX_ENTRY_BYTES = 16 * 1024 * 1024
# Marks the folder as gklint's: ``gklint clean`` removes only a folder holding it.
TAG_NAME = "CACHEDIR.TAG"
TAG = (b"Signature: 8a477f597d28d172789f06886806bc55\n"
       b"# This file is a cache directory tag created by gklint.\n"
       b"# For information about cache directory tags, see https://bford.info/cachedir/\n")
# Errors that say the folder cannot take entries (the run then stops writing them, said once).
_UNWRITABLE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT})
# The result fields an entry keeps (the rest are per run: fixes, diffs, the file's bytes).
_KEPT = ("findings", "source", "unreadable", "facts", "notes", "skipped", "agency", "year", "format_id")


def _digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=DIGEST_SIZE).digest()


def default_folder(config_file: str | None) -> str:
    """``.gklint_cache`` beside the config file in use, else in the current folder."""
    return os.path.join(os.path.dirname(os.path.abspath(config_file)) if config_file else os.getcwd(), CACHE_FOLDER)


def run_key(linter: Linter) -> str:
    """What the results of a run depend on besides each file's bytes, as a hex digest."""
    import json

    import gklint

    config = linter.config
    settings = {field: getattr(config, field) for field in config._fields if field != "path"}
    plugins = []
    for name, provider in sorted(linter.registry.providers.items()):
        plugins.append([name, provider.name, provider.version, _code_stamp(linter.registry.manager.get_plugin(name))])
    templates = []
    for path in [*linter.registry.template_files, *config.extra_templates]:
        with open(path, "rb") as handle:
            templates.append([os.path.basename(path), _digest(handle.read()).hex()])
    package = os.path.dirname(gklint.__file__)
    material = {
        "gklint": gklint.__version__,
        "sources": _folder_stamp(package),
        "python": list(sys.version_info[:2]),
        "pickle": pickle.HIGHEST_PROTOCOL,
        "config": settings,
        "plugins": plugins,
        "templates": templates,
    }
    text = json.dumps(material, sort_keys=True, ensure_ascii=False, default=repr)
    return _digest(text.encode("utf-8")).hex()


def _code_stamp(plugin: Any) -> list[Any] | None:
    """Size and time of a plugin module's file: plugins handed over in code have no version."""
    path = getattr(plugin, "__file__", None)
    if not path:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


def _folder_stamp(folder: str) -> str:
    """A digest of the names, sizes and times of the Python files under ``folder``."""
    stamps = []
    for parent, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".toml")):
                status = os.stat(os.path.join(parent, name))
                stamps.append(f"{os.path.relpath(os.path.join(parent, name), folder)}:{status.st_size}:{status.st_mtime_ns}")
    return _digest("\n".join(stamps).encode("utf-8", "surrogatepass")).hex()


class CacheSettings(Frozen):
    """Where a run's entries live: enough for a worker process to use the same cache."""

    folder: str  # the run key's folder inside the cache folder
    lang: str


class ResultCache:
    """Entries of one run key: ``lint`` returns a file's result, from its entry when valid."""

    def __init__(self, settings: CacheSettings) -> None:
        self.settings = settings
        self.writable = True
        self.hits = 0

    @classmethod
    def open(cls, folder: str, linter: Linter) -> ResultCache | None:
        """The cache for ``linter``'s run key in ``folder``, created if need be; None, said once
        on stderr, when the folder cannot be written (the run goes on without a cache)."""
        try:
            key_folder = prepare(folder, run_key(linter))
        except OSError as error:
            _say_unusable(folder, error, linter.config.lang)
            return None
        return cls(CacheSettings(key_folder, linter.config.lang))

    def lint(self, linter: Linter, path: str, display: str) -> LintResult:
        """The result of the file ``path`` (shown as ``display``): its entry's when the file's
        bytes and name are those the entry was made from, else linted and kept."""
        from gklint.check.engine import MAX_FILE_BYTES

        try:
            if os.path.getsize(path) > MAX_FILE_BYTES:
                return linter.lint_path(path, display)
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return linter.lint_path(path, display)  # says why, as without a cache
        content = _digest(data)
        entry = self._entry_path(path)
        cached = self._read(entry, content, display)
        if cached is not None:
            self.hits += 1
            return cached
        result = linter.lint_bytes(data, display)
        if self.writable:
            self._write(entry, content, display, result)
        return result

    # ── entries ─────────────────────────────────────────────────────────────────────────
    def _entry_path(self, path: str) -> str:
        name = _digest(os.path.abspath(path).encode("utf-8", "surrogatepass")).hex()
        return os.path.join(self.settings.folder, name[:2], name)

    def _read(self, entry: str, content: bytes, display: str) -> LintResult | None:
        try:
            with open(entry, "rb") as handle:
                stored = handle.read()
        except OSError:
            return None
        header = len(MAGIC) + 2 * DIGEST_SIZE
        if len(stored) < header or not stored.startswith(MAGIC):
            return None
        if stored[len(MAGIC):len(MAGIC) + DIGEST_SIZE] != content:
            return None
        payload = stored[header:]
        if _digest(payload) != stored[len(MAGIC) + DIGEST_SIZE:header]:
            return None
        try:
            shown, fields = _RecordUnpickler(io.BytesIO(payload)).load()
        except Exception:  # a foreign or damaged payload is a miss, never a crash
            return None
        if shown != display or not isinstance(fields, dict):
            return None
        from gklint.check.result import LintResult

        try:
            return LintResult(display, **{name: fields[name] for name in _KEPT})
        except (KeyError, TypeError):
            return None

    def _write(self, entry: str, content: bytes, display: str, result: LintResult) -> None:
        fields = {name: getattr(result, name) for name in _KEPT}
        if not result.findings:
            fields["source"] = None  # reporters read the source only around findings
        try:
            payload = pickle.dumps((display, fields), pickle.HIGHEST_PROTOCOL)
        except Exception:  # a plugin's fact that cannot be pickled: the file is just not kept
            return
        if len(payload) > MAX_ENTRY_BYTES:
            return
        try:
            os.makedirs(os.path.dirname(entry), exist_ok=True)
            _write_atomically(entry, MAGIC + content + _digest(payload) + payload)
        except OSError as error:
            if error.errno not in _UNWRITABLE:
                return  # (a concurrent run removed an old run key's folder meanwhile: this entry is not kept)
            self.writable = False
            _say_unusable(os.path.dirname(self.settings.folder), error, self.settings.lang)


def _write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it: a reader sees the
    old entry or the new one, never a part."""
    temporary = os.path.join(os.path.dirname(path), f".tmp-{os.getpid()}-{os.urandom(6).hex()}")
    try:
        with open(temporary, "xb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


class _RecordUnpickler(pickle.Unpickler):
    """Unpickles only what an entry holds: gklint's record types and plain values (an entry
    planted in the folder cannot make any other object, let alone run code)."""

    def find_class(self, module: str, name: str):
        if module.partition(".")[0] == "gklint":
            from gklint.records import Record

            found = super().find_class(module, name)
            if isinstance(found, type) and issubclass(found, Record):
                return found
        elif module == "builtins" and name in ("set", "frozenset"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"not a gklint record: {module}.{name}")


# ── the folder ──────────────────────────────────────────────────────────────────────────
def prepare(folder: str, key: str) -> str:
    """Create the cache folder (with its ``.gitignore`` and tag) and the run key's folder;
    check that it can be written; remove the run keys used least recently beyond
    ``KEEP_RUN_KEYS``. Returns the run key's folder. Raises OSError when it cannot be written."""
    os.makedirs(folder, exist_ok=True)
    for name, content in ((".gitignore", b"# Created by gklint: the result cache is never committed.\n*\n"),
                          (TAG_NAME, TAG)):
        target = os.path.join(folder, name)
        if not os.path.exists(target):
            _write_atomically(target, content)
    key_folder = os.path.join(folder, key)
    created = not os.path.isdir(key_folder)
    os.makedirs(key_folder, exist_ok=True)
    # A folder whose entries cannot be written is found out now, not once per file.
    probe = os.path.join(key_folder, f".tmp-{os.getpid()}-{os.urandom(6).hex()}")
    with open(probe, "xb"):
        pass
    os.unlink(probe)
    os.utime(key_folder)  # (the time of last use orders the run keys)
    if created:
        _prune(folder, keep=key)
    return key_folder


def _prune(folder: str, keep: str) -> None:
    import shutil

    keys = []
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if len(name) == 2 * DIGEST_SIZE and os.path.isdir(path) and name != keep:
            try:
                keys.append((os.stat(path).st_mtime_ns, path))
            except OSError:
                continue
    keys.sort(reverse=True)
    for _, path in keys[KEEP_RUN_KEYS - 1:]:
        shutil.rmtree(path, ignore_errors=True)


def clean(folder: str) -> bool:
    """Remove the cache folder ``folder``; False when there is none. Only a folder gklint
    made (it holds ``CACHEDIR.TAG``) is removed: a mistyped --cache-dir deletes nothing."""
    import shutil

    if not os.path.isdir(folder):
        return False
    tag = os.path.join(folder, TAG_NAME)
    try:
        with open(tag, "rb") as handle:
            if handle.read(len(TAG)) != TAG:
                raise OSError
    except OSError:
        raise NotACacheError(folder) from None
    shutil.rmtree(folder)
    return True


class NotACacheError(Exception):
    """The folder named is not a gklint cache: ``gklint clean`` leaves it alone."""


def _say_unusable(folder: str, error: OSError, lang: str) -> None:
    from gklint.system_errors import describe

    print(say("warning", message=say("cache_unusable", folder=folder, reason=describe(error, lang))), file=sys.stderr)
