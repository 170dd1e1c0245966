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

An entry is ``MAGIC``, the file's content digest, the payload's checksum, then the
payload: the result (findings, the per-file facts cross-file rules collect, notes, and the
source text when there are findings) pickled, and read back with an unpickler that makes
only gklint's own record types. A source text that is the file's own bytes in UTF-8 (most
text, Markdown and HTML reports) is not kept: a hit decodes the bytes it has just read and
hashed (``_source_from_file``). An entry is written to a temporary file and renamed over
the old one, so a concurrent run or a ``-j`` worker reads a whole entry or none. An entry
that is truncated, corrupt or foreign fails its checksum or its header, is treated as a miss,
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
import sys
from codecs import BOM_UTF8
from zlib import crc32

try:  # the module itself: importing hashlib loads OpenSSL, a few milliseconds of start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b
try:  # the C pickler itself: pickle.py, its pure-Python twin, costs a millisecond of start-up
    from _pickle import Unpickler, UnpicklingError, dumps
except ImportError:  # pragma: no cover - other Pythons
    from pickle import Unpickler, UnpicklingError, dumps

from gklint.cli.texts import say
from gklint.filesystem import read_at_most
from gklint.records import Frozen

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, Callable

    from gklint.check.collection import FactStore
    from gklint.check.engine import Linter
    from gklint.check.finding import Finding
    from gklint.check.result import LintResult
    from gklint.config import Config
    from gklint.read.source import SourceText
    from gklint.registry import Registry

CACHE_FOLDER = ".gklint_cache"
# The entries' format: 5 since the payload's checksum is a CRC-32 (4: findings, results and
# source texts pickle as their classes called with their fields' values, ``Finding.__reduce__``);
# an entry written by an older gklint is a miss, replaced, whatever its payload would unpickle to.
MAGIC = b"gklint-cache 5\n"
DIGEST_SIZE = 16
CHECKSUM_SIZE = 4
PICKLE_PROTOCOL = 5  # (pickle.HIGHEST_PROTOCOL since Python 3.8)
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
# The payload's field that says the source text is the file's bytes in UTF-8, after this
# many bytes of byte-order mark (``_source_from_file``).
_SOURCE_SKIP = "source_skip"


def _digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=DIGEST_SIZE).digest()


def _checksum(payload: bytes) -> bytes:
    """What tells a whole entry's payload from a damaged one: its CRC-32. Not a digest: the
    payload is not what the entry is looked up by (the file's content digest is), it is only
    checked against damage, which a CRC finds, at a sixth of BLAKE2b's instructions (hashing
    payloads was a tenth of a warm re-run's, benchmarks/run.py). A planted payload that passes
    it still unpickles only gklint's records (``_RecordUnpickler``)."""
    return crc32(payload).to_bytes(CHECKSUM_SIZE, "big")


def default_folder(config_file: str | None) -> str:
    """``.gklint_cache`` beside the config file in use, else in the current folder."""
    return os.path.join(os.path.dirname(os.path.abspath(config_file)) if config_file else os.getcwd(), CACHE_FOLDER)


def run_key(config: Config, registry: Registry) -> str:
    """What the results of a run depend on besides each file's bytes, as a hex digest."""
    import json

    import gklint

    settings = {field: getattr(config, field) for field in config._fields if field != "path"}
    plugins = []
    for name, provider in sorted(registry.providers.items()):
        plugins.append([name, provider.name, provider.version, _code_stamp(registry.manager.get_plugin(name))])
    templates = []
    for path in template_paths(config, registry):
        with open(path, "rb") as handle:
            templates.append([os.path.basename(path), _digest(handle.read()).hex()])
    package = os.path.dirname(gklint.__file__)
    material = {
        "gklint": gklint.__version__,
        "sources": _folder_stamp(package),
        "python": list(sys.version_info[:2]),
        "pickle": PICKLE_PROTOCOL,
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
    """A digest of the names, sizes and times of the Python and TOML files under ``folder``
    (``__pycache__`` left out). Asked on every run (``RunMemo``): one ``scandir`` per folder,
    no path arithmetic per file, one sort at the end."""
    stamps: list[str] = []
    _stamp_folder(folder, "", stamps)
    return _digest("\n".join(sorted(stamps)).encode("utf-8", "surrogatepass")).hex()


def _stamp_folder(folder: str, relative: str, stamps: list[str]) -> None:
    with os.scandir(folder) as found:
        for entry in found:
            name = entry.name
            if entry.is_dir():
                if name != "__pycache__":
                    _stamp_folder(entry.path, f"{relative}{name}/", stamps)
            elif name.endswith((".py", ".toml")):
                status = entry.stat()
                stamps.append(f"{relative}{name}:{status.st_size}:{status.st_mtime_ns}")


def template_paths(config: Config, registry: Registry) -> list[str]:
    """Every template file a run merges: ``rules.toml``, the plugins' files, the user's."""
    from gklint.formats.template import default_rules_file

    return [default_rules_file(), *registry.template_files, *config.extra_templates]


# ── what a run learnt from the plugins, for the next run ───────────────────────────────
MEMO_FORMAT = 1
KEEP_MEMOS = 16  # memos in a cache folder (one per set of settings, output format and Python)
# A file changed this recently may change again within its time stamp's granularity: a
# memo that depends on it is not written.
RACY_SECONDS = 2.0


class RunMemo(Frozen):
    """What a ``check`` run learnt from the plugins (the run key, the file endings the loaders
    read, the reporter of its ``--format``, the plugins' start-up messages), kept in the
    cache folder so that the next run with the same settings need not load any plugin,
    rule or template to answer from the cache.

    It names the files it was learnt from — every template file, every installed plugin's
    module, each folder on ``sys.path`` (a plugin installed, upgraded or removed adds or
    removes a ``.dist-info`` folder there) — with their sizes and times, and gklint's own
    sources by ``_folder_stamp``; it is used only while all of these are unchanged, and
    only for the same settings, Python, ``sys.path`` and ``--format`` (``memo_name``).
    """

    key: str  # the run key (``run_key``)
    suffixes: tuple[str, ...]
    reporter: str | None  # "module:Class" of the --format's reporter
    stderr: tuple[str, ...]  # what building the registry printed
    sources: str  # ``_folder_stamp`` of gklint's package
    stamps: tuple[tuple[str, int, int], ...]  # (path, size, mtime_ns); -1, -1: absent

    @classmethod
    def learn(cls, config: Config, registry: Registry, key: str, output_format: str) -> RunMemo | None:
        """The memo of a run with ``registry``; None when a plugin's reporter cannot be named
        by its import path or a file it depends on changed too recently to be trusted."""
        import gklint
        from gklint.registry import resolve

        reporter = None
        if output_format in registry.reporters:
            found = registry.reporters[output_format][0]
            target = getattr(found, "target", None)  # (a lazily registered reporter)
            if target is None:
                cls_ = resolve(found)
                target = f"{cls_.__module__}:{cls_.__qualname__}"
                if "<" in target:
                    return None
            reporter = target
        paths = [*template_paths(config, registry), *sys.path]
        for name in registry.providers:
            module_file = getattr(registry.manager.get_plugin(name), "__file__", None)
            if module_file:
                paths.append(module_file)
        stamps = tuple(_stamp(path) for path in dict.fromkeys(os.path.abspath(path or ".") for path in paths))
        import time

        if any(time.time() - mtime / 1e9 < RACY_SECONDS for _, _, mtime in stamps):
            return None
        return cls(key, tuple(registry.suffixes), reporter, tuple(registry.stderr_lines(config.lang)),
                   _folder_stamp(os.path.dirname(gklint.__file__)), stamps)

    def valid(self) -> bool:
        """Whether every file the memo was learnt from is as it was."""
        import gklint

        if any(_stamp(path) != (path, size, mtime) for path, size, mtime in self.stamps):
            return False
        return _folder_stamp(os.path.dirname(gklint.__file__)) == self.sources


def _stamp(path: str) -> tuple[str, int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, status.st_size, status.st_mtime_ns)


def memo_name(config: Config, output_format: str) -> str:
    """The memo's file name for a run with ``config`` and ``--format output_format``: what
    a memo is valid for besides the files it names."""
    import gklint

    settings = [(field, getattr(config, field)) for field in config._fields if field != "path"]
    material = repr((MEMO_FORMAT, gklint.__version__, sys.version, sys.executable, sys.path, settings, output_format))
    return f"run-{_digest(material.encode('utf-8', 'surrogatepass')).hex()}"


def read_memo(folder: str, config: Config, output_format: str) -> RunMemo | None:
    """The memo in the cache folder ``folder`` for these settings, if it is still valid."""
    import marshal

    try:
        with open(os.path.join(folder, memo_name(config, output_format)), "rb") as handle:
            stored = marshal.loads(handle.read())
        memo = RunMemo(*stored)
    except Exception:  # none, or damaged, or of another layout: learnt afresh
        return None
    return memo if memo.valid() else None


def write_memo(folder: str, config: Config, output_format: str, memo: RunMemo) -> None:
    """Keep ``memo`` in the cache folder ``folder`` (quietly nothing when it cannot be
    written: the run has said so already)."""
    import marshal

    try:
        data = marshal.dumps(tuple(getattr(memo, field) for field in memo._fields))
        _write_atomically(os.path.join(folder, memo_name(config, output_format)), data)
        memos = [name for name in os.listdir(folder) if name.startswith("run-")]
        if len(memos) > KEEP_MEMOS:
            by_age = sorted(memos, key=lambda name: os.stat(os.path.join(folder, name)).st_mtime_ns)
            for name in by_age[:len(memos) - KEEP_MEMOS]:
                os.unlink(os.path.join(folder, name))
    except (OSError, ValueError):
        pass


# ── the cross-file findings ─────────────────────────────────────────────────────────────
class PickledFacts(bytes):
    """A file's facts (rule code → fact, see ``gklint.check.collection``) as its cache entry
    keeps them, pickled. A result that went through the cache carries them so: they name the
    run's cross-file findings (``CachedFacts``) and are unpickled — which imports the modules
    of the rules that collected them — only when those findings must be worked out.

    ``origin``: the content digest of the file they were collected from (the entry's key): the
    same bytes under the same run key give the same facts, as they give the same entry."""

    origin = b""  # (set on each instance that went through the cache)

    def load(self, record_classes: dict[tuple[str, str], type] | None = None) -> dict[str, Any]:
        """The facts; ``record_classes``: see ``_RecordUnpickler``."""
        return _RecordUnpickler(io.BytesIO(self), {} if record_classes is None else record_classes).load()


class CachedFacts:
    """The facts a run's files give, on their way to the cross-file rules' ``FactStore``.

    The run's cross-file findings are kept in the cache under a digest of where the facts
    came from, in order: each file's path and content digest (``PickledFacts.origin``; the
    facts themselves are not hashed again: the same bytes give the same facts, as the same
    entry). A re-run of unchanged files needs no rule to know them. Facts from the cache are
    held as they are, still pickled — the first ``HOLD`` files' in memory, the others' in a
    temporary file, so that memory stays flat however many files a run has. A file whose
    facts did not go through the cache (unreadable, too large) leaves the run without a key.
    ``release`` hands the held ones to the store when the findings must be worked out; a
    re-run whose findings are kept never unpickles them (on 10,000 files that was a fifth of
    a warm re-run: benchmarks/run.py), nor makes the store.
    """

    HOLD = 4096

    def __init__(self, key: str, lang: str, group_key: Callable[[str, Any], str | None] | None = None) -> None:
        self._digest = blake2b(key.encode(), digest_size=DIGEST_SIZE)
        self._lang = lang
        self._group_key = group_key  # (the store's: see FactStore)
        self._store: FactStore | None = None
        self._held: list[tuple[str, PickledFacts]] | None = []
        self._spilled: Any = None  # the temporary file of the facts beyond HOLD, as (path, facts) records
        self._spilled_size = 0  # the bytes written to it whole
        self._record_classes: dict[tuple[str, str], type] = {}  # (see _RecordUnpickler)
        self.exact = True

    def add(self, path: str, facts: Any) -> None:
        if not isinstance(facts, PickledFacts) or not facts.origin:
            self.exact = False
            self.release()
            self.store.add(path, facts.load(self._record_classes) if isinstance(facts, PickledFacts) else facts)
            return
        encoded = path.encode("utf-8", "surrogatepass")
        self._digest.update(len(encoded).to_bytes(8, "little") + encoded + facts.origin)
        if self._held is None:
            self.store.add(path, facts.load(self._record_classes))
        elif self._spilled is not None:
            self._spill(path, facts, len(encoded).to_bytes(8, "little") + encoded + len(facts).to_bytes(8, "little") + facts)
        else:
            self._held.append((path, facts))
            if len(self._held) == self.HOLD:
                self._open_spill_file()

    @property
    def any(self) -> bool:
        """Whether any file gave facts."""
        return bool(self._held) or self._spilled_size > 0 or (self._store is not None and bool(self._store.codes()))

    @property
    def store(self) -> FactStore:
        """The store the facts are handed to (``release``), made when first needed."""
        if self._store is None:
            from gklint.check.collection import FactStore

            self._store = FactStore(lang=self._lang, group_key=self._group_key)
        return self._store

    def release(self) -> None:
        """Hand the held facts to the store, in order; later ones go there directly."""
        if self._held:
            for path, facts in self._held:
                self.store.add(path, facts.load(self._record_classes))
        self._held = None
        if self._spilled is not None:
            spilled, self._spilled = self._spilled, None
            with spilled:
                spilled.seek(0)
                for path, facts in _spilled_facts(io.BufferedReader(spilled), self._spilled_size):
                    self.store.add(path, facts.load(self._record_classes))

    def close(self) -> None:
        """Drop what is held and the store (the run's cross-file findings are known)."""
        if self._spilled is not None:
            self._spilled.close()
            self._spilled = None
        if self._store is not None:
            self._store.close()
        self._held = None

    def __enter__(self) -> CachedFacts:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def key(self) -> str | None:
        return self._digest.hexdigest() if self.exact else None

    def _open_spill_file(self) -> None:
        import tempfile  # not at start-up: only runs over thousands of files get here

        try:
            # Unbuffered: each file's facts are written whole or the write fails (no room),
            # never left half in a buffer.
            self._spilled = tempfile.TemporaryFile(buffering=0)
        except OSError:
            self.release()  # no temporary file: the facts go to the store as they come

    def _spill(self, path: str, facts: PickledFacts, record: bytes) -> None:
        try:
            if self._spilled.write(record) != len(record):
                raise OSError(errno.ENOSPC, "short write")
            self._spilled_size += len(record)
        except OSError:  # the disk filled up: what was written whole, then this file, go to the store
            self.release()
            self.store.add(path, facts.load(self._record_classes))


def _spilled_facts(stream: io.BufferedReader, size: int) -> Iterator[tuple[str, PickledFacts]]:
    """(path, facts) of each file in ``CachedFacts``'s temporary file, in order."""
    read = 0
    while read < size:
        path = stream.read(int.from_bytes(stream.read(8), "little"))
        facts = PickledFacts(stream.read(int.from_bytes(stream.read(8), "little")))
        read += 16 + len(path) + len(facts)
        yield path.decode("utf-8", "surrogatepass"), facts


class CacheSettings(Frozen):
    """Where a run's entries live, and what its reporter reads of a result: enough for a
    worker process to use the same cache."""

    folder: str  # the run key's folder inside the cache folder
    lang: str
    # The run's reporter's ``Reporter.cut_snippets``: put on a result's findings before it is
    # kept, so that the entry holds what the text report shows of the source around them.
    cut_snippets: Callable[[LintResult], None] | None = None
    # Whether the run's process reads a hit's source beyond its findings' snippets
    # (``Reporter.reads_source``; --baseline does): if not, a hit whose findings carry their
    # snippets is not given its source, and the file's bytes are not decoded.
    reads_source: bool = True


class ResultCache:
    """Entries of one run key: ``lint`` returns a file's result, from its entry when valid."""

    def __init__(self, settings: CacheSettings) -> None:
        self.settings = settings
        self.writable = True
        self.hits = 0
        self._record_classes: dict[tuple[str, str], type] = {}  # (see _RecordUnpickler)
        # Entries are named by the files' absolute paths: the folder the run is in, once.
        self._folder = os.getcwd()

    @classmethod
    def open(cls, folder: str, key: str, lang: str, cut_snippets: Callable[[LintResult], None] | None = None,
             reads_source: bool = True) -> ResultCache | None:
        """The cache of the run key ``key`` in ``folder``, created if need be; None, said once
        on stderr in ``lang``, when the folder cannot be written (the run goes on without a
        cache). ``cut_snippets`` and ``reads_source``: the run's reporter's (``CacheSettings``)."""
        try:
            key_folder = prepare(folder, key)
        except OSError as error:
            _say_unusable(folder, error, lang)
            return None
        return cls(CacheSettings(key_folder, lang, cut_snippets, reads_source))

    def lint(self, engine: Callable[[], Linter], path: str, display: str) -> LintResult:
        """The result of the file ``path`` (shown as ``display``): its entry's when the file's
        bytes and name are those the entry was made from, else linted by ``engine()`` (the
        run's ``Linter``, built when first asked for) and kept."""
        from gklint.limits import MAX_FILE_BYTES

        try:
            data, _ = read_at_most(path, MAX_FILE_BYTES)  # (as the engine reads it: read_path)
        except OSError:
            data = None
        if data is None:  # too large, or unreadable: the engine says why, as without a cache
            return engine().lint_path(path, display)
        content = _digest(data)
        entry = self._entry_path(path)
        cached = self._read(entry, content, display, data)
        if cached is not None:
            self.hits += 1
            return cached
        result = engine().lint_bytes(data, display)
        if self.settings.cut_snippets is not None and result.findings:
            self.settings.cut_snippets(result)
        if result.facts:
            try:  # (as a hit gives them: see PickledFacts)
                result.facts = PickledFacts(dumps(result.facts, PICKLE_PROTOCOL))
            except Exception:  # a plugin's fact that cannot be pickled: the file is not kept
                return result
            result.facts.origin = content
        if self.writable:
            self._write(entry, content, display, result, data)
        return result

    # ── the cross-file findings ─────────────────────────────────────────────────────────
    def collection_findings(self, facts_key: str | None) -> list[Finding] | None:
        """The cross-file findings kept for ``facts_key`` (``facts_key``: the files' facts, in
        order, see ``CachedFacts``); None when there are none kept."""
        if facts_key is None:
            return None
        found = self._read(self._collection_path(facts_key), _digest(facts_key.encode()), "")
        return found.findings if found is not None else None

    def keep_collection_findings(self, facts_key: str | None, findings: list[Finding]) -> None:
        """Keep the cross-file findings of a run whose facts gave ``facts_key``."""
        if facts_key is None or not self.writable:
            return
        from gklint.check.result import LintResult

        self._write(self._collection_path(facts_key), _digest(facts_key.encode()), "", LintResult("", findings))

    def _collection_path(self, facts_key: str) -> str:
        return os.path.join(self.settings.folder, f"collection-{_digest(facts_key.encode()).hex()}")

    # ── entries ─────────────────────────────────────────────────────────────────────────
    def _entry_path(self, path: str) -> str:
        absolute = os.path.normpath(os.path.join(self._folder, path))  # (os.path.abspath, without a getcwd per file)
        name = _digest(absolute.encode("utf-8", "surrogatepass")).hex()
        return os.path.join(self.settings.folder, name[:2], name)

    def _read(self, entry: str, content: bytes, display: str, data: bytes | None = None) -> LintResult | None:
        """The result kept in ``entry`` if it was made from a file whose bytes have the digest
        ``content`` (``data``: those bytes, the source of an entry that leaves it out),
        shown as ``display``; None for a miss."""
        try:
            with open(entry, "rb") as handle:
                stored = handle.read()
        except OSError:
            return None
        header = len(MAGIC) + DIGEST_SIZE + CHECKSUM_SIZE
        if len(stored) < header or not stored.startswith(MAGIC):
            return None
        if stored[len(MAGIC):len(MAGIC) + DIGEST_SIZE] != content:
            return None
        payload = stored[header:]
        if _checksum(payload) != stored[len(MAGIC) + DIGEST_SIZE:header]:
            return None
        try:
            shown, fields = _RecordUnpickler(io.BytesIO(payload), self._record_classes).load()
        except Exception:  # a foreign or damaged payload is a miss, never a crash
            return None
        if shown != display or not isinstance(fields, dict):
            return None
        from gklint.check.result import LintResult

        try:
            result = LintResult(display, **{name: fields[name] for name in _KEPT})
        except (KeyError, TypeError):
            return None
        skip = fields.get(_SOURCE_SKIP)
        if skip is not None and (self.settings.reads_source or not _snippets_cut(result.findings)):
            result.source = _source_from_file(data, skip, display) if data is not None else None
            if result.source is None:
                return None
        if isinstance(result.facts, bytes):
            result.facts = PickledFacts(result.facts)
            result.facts.origin = content
        return result

    def _write(self, entry: str, content: bytes, display: str, result: LintResult, data: bytes | None = None) -> None:
        fields = {name: getattr(result, name) for name in _KEPT}
        if isinstance(result.facts, PickledFacts):
            fields["facts"] = bytes(result.facts)
        if not result.findings:
            fields["source"] = None  # reporters read the source only around findings
        elif data is not None and result.source is not None:
            skip = _file_source_skip(result.source, data, display)
            if skip is not None:  # the file's bytes, which a hit has read, give the source again
                fields["source"] = None
                fields[_SOURCE_SKIP] = skip
        try:
            payload = dumps((display, fields), PICKLE_PROTOCOL)
        except Exception:  # a plugin's fact that cannot be pickled: the file is just not kept
            return
        if len(payload) > MAX_ENTRY_BYTES:
            return
        try:
            os.makedirs(os.path.dirname(entry), exist_ok=True)
            _write_atomically(entry, MAGIC + content + _checksum(payload) + payload)
        except OSError as error:
            if error.errno not in _UNWRITABLE:
                return  # (a concurrent run removed an old run key's folder meanwhile: this entry is not kept)
            self.writable = False
            _say_unusable(os.path.dirname(self.settings.folder), error, self.settings.lang)


def _snippets_cut(findings: list[Finding]) -> bool:
    """Whether each located finding carries its snippet (a hit then needs no source)."""
    for finding in findings:
        if finding.snippet is None and finding.location is not None:
            return False
    return True


def _file_source_skip(source: SourceText, data: bytes, display: str) -> int | None:
    """The bytes of byte-order mark before the text when ``source`` is the file's bytes
    ``data`` in UTF-8, as a hit rebuilds it (``_source_from_file``); None otherwise (another
    encoding, a Word or PDF report's text, another path): the entry then keeps the text.

    A text, Markdown or HTML report's source is its own bytes decoded, which a hit has read
    and hashed already: left out, the entry is a third of its size, and reading and hashing
    it was a fifth of a warm re-run's instructions (benchmarks/run.py, callgrind). Only
    UTF-8 is rebuilt: GB18030 decodes several times slower than the text unpickles.
    Checked by doing what a hit does, so that a hit's source is this one by construction."""
    if source.encoding != "utf-8" or source.path != display:
        return None
    skip = len(BOM_UTF8) if source.bom else 0
    if source.bom and not data.startswith(BOM_UTF8):
        return None
    rebuilt = _source_from_file(data, skip, display)
    return skip if rebuilt is not None and rebuilt.text == source.text else None


def _source_from_file(data: bytes, skip: int, display: str) -> SourceText | None:
    """The source text of a file whose bytes are ``data`` (see ``_file_source_skip``); None
    when they do not decode (a damaged entry)."""
    from gklint.read.source import SourceText

    if skip not in (0, len(BOM_UTF8)):
        return None
    try:
        return SourceText(data[skip:].decode("utf-8"), display, "utf-8", skip > 0)
    except UnicodeDecodeError:
        return None


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


class _RecordUnpickler(Unpickler):
    """Unpickles only what an entry holds: gklint's record types and plain values (an entry
    planted in the folder cannot make any other object, let alone run code).

    ``classes``: the classes allowed so far, by module and name, kept by the caller across
    entries (a run's entries name the same few record types: each is checked once)."""

    def __init__(self, stream: io.BytesIO, classes: dict[tuple[str, str], type]) -> None:
        super().__init__(stream)
        self._classes = classes

    def find_class(self, module: str, name: str):
        found = self._classes.get((module, name))
        if found is None:
            found = self._classes[module, name] = self._allowed_class(module, name)
        return found

    def _allowed_class(self, module: str, name: str) -> type:
        if module.partition(".")[0] == "gklint":
            from gklint.records import Record

            found = super().find_class(module, name)
            if isinstance(found, type) and issubclass(found, Record):
                return found
        elif module == "builtins" and name in ("set", "frozenset"):
            return super().find_class(module, name)
        raise UnpicklingError(f"not a gklint record: {module}.{name}")


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
