"""What cross-file rules collect about each report, kept until every file has been read.

A rule that compares reports with each other (GK406 compares an agency's consecutive years)
collects a small fact per report and judges them all at the end of the run. A run over a
province's reports must still not hold one object per file: past ``SPILL_AFTER`` facts
they move to a private temporary SQLite database on disk (``sqlite3`` is in the standard
library, writes through a bounded page cache and sorts beyond memory), so memory stays flat
however many files a run has. Small runs, pre-commit's among them, never touch the disk.

Each fact is kept with its group key (``Rule.group_key``: GK406 and GK410 group by agency),
worked out where the fact is made, so that the end of the run reads groups by the stored key
instead of unpickling every fact to ask for it. A worker process sends its facts already
pickled, with their keys (``PackedFacts``): the parent holds them, writes them to disk and
groups them as they came, and each is unpickled once, at the end, by the rule that reads it.
"""

from __future__ import annotations

import sys

from gklint.records import Frozen

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator

    Entry = tuple[str, Any]  # (display path, fact)
    GroupKey = Callable[[str, Any], "str | None"]  # (rule code, fact) -> the fact's group key

SPILL_AFTER = 512  # facts held in memory before the store moves them to disk
# Facts added after spilling wait in a short list and go to disk in one ``executemany``: one
# statement per fact cost more than pickling it. The list is bounded, so memory stays flat.
INSERT_BATCH = 256

# code, sequence, path, group key, pickled fact, its record class's number (``FactStore.record_classes``)
_INSERT_FACT = "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?)"


class PackedFacts(tuple):
    """A file's facts as a worker process sends them to the run's ``FactStore``: ``(rule code,
    group key, pickled fact)`` per rule that collected one (``pack``). The parent never
    unpickles them on the way: the store keeps the bytes, and the rule that reads a fact
    unpickles it once, at the end of the run."""

    __slots__ = ()


def pack(facts: dict[str, Any], group_key: GroupKey) -> PackedFacts:
    """``facts`` (rule code → fact) pickled, each with its key (``group_key(code, fact)``)."""
    return PackedFacts((code, group_key(code, fact), _dump(fact)) for code, fact in facts.items())


class FactStore:
    """Facts per rule code and file, in the order the files were read, each with its group
    key. ``lang``: the language of the note printed when the temporary database fails;
    ``group_key(code, fact)``: the key of a fact added unpacked (``Linter.group_key``; None:
    no fact added unpacked has a key, and ``grouped`` needs a key function).

    A fact is held as its rule made it, or pickled as a worker sent it (``PackedFacts``),
    whichever it came as: one entry is ``(code, path, key, fact, pickled)``.
    """

    def __init__(self, spill_after: int | None = None, lang: str = "zh", group_key: GroupKey | None = None) -> None:
        self.spill_after = SPILL_AFTER if spill_after is None else spill_after
        self.lang = lang
        self.group_key = group_key
        self._held: list[tuple[str, str, str | None, Any, bool]] = []  # before spilling
        self._counts: dict[str, int] = {}
        self._database = None  # sqlite3 connection once spilled
        # (code, sequence, path, key, fact, pickled): spilled, not yet written
        self._pending: list[tuple[str, int, str, str | None, Any, bool]] = []
        self._sequence = 0
        # The classes of the ``Frozen`` facts spilled so far, by number: such a fact is written
        # as its fields' values, with its class's number beside them, and made again by calling
        # its class, as unpickling it would. Pickling names the class in every fact (pickle
        # imports its module to check the name, and unpickling imports it again): 24,000 of the
        # 45,000 instructions of pickling a text report's two facts, callgrind.
        self.record_classes: list[type] = []
        self._record_numbers: dict[type, int] = {}

    def add(self, path: str, facts: dict[str, Any] | PackedFacts) -> None:
        """The facts one file gave: by rule code, or as a worker packed them."""
        # (code, key, fact) per fact: as a worker packs them (pickled), made so for the others.
        pickled = type(facts) is PackedFacts
        if pickled:
            entries = facts
        else:
            group_key = self.group_key
            entries = [(code, None if group_key is None else group_key(code, fact), fact) for code, fact in facts.items()]
        counts = self._counts
        for code, key, fact in entries:
            counts[code] = counts.get(code, 0) + 1
            self._sequence += 1
            if self._database is not None:
                self._pending.append((code, self._sequence, path, key, fact, pickled))
                if len(self._pending) >= INSERT_BATCH:
                    self._write_pending()
                continue
            self._held.append((code, path, key, fact, pickled))
            if len(self._held) > self.spill_after:
                self._spill()

    def codes(self) -> list[str]:
        return list(self._counts)

    def facts(self, code: str) -> CollectedFacts:
        return CollectedFacts(self, code, self._counts.get(code, 0))

    @property
    def spilled(self) -> bool:
        return self._database is not None

    def close(self) -> None:
        self._pending = []
        if self._database is not None:
            self._database.close()  # SQLite deletes a temporary database when it closes
            self._database = None
        self._held = []

    def __enter__(self) -> FactStore:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # ── on disk ─────────────────────────────────────────────────────────────────────────
    def _spill(self) -> None:
        database = None
        try:
            import sqlite3  # not at start-up: only runs over hundreds of files get here

            # "": a private temporary database, in a file only once its cache is full.
            database = sqlite3.connect("")
            database.execute("PRAGMA journal_mode = OFF")
            database.execute("PRAGMA synchronous = OFF")
            # A small page cache (256 KiB, not the default 2 MB): the rest of the facts go
            # to the file, read back once, in order, at the end of the run.
            database.execute("PRAGMA cache_size = -256")
            # The sequence is the row's id (unique across codes: one count for every fact), so
            # that a fact is one entry of one b-tree, appended at its end; with a primary key
            # of (code, sequence) each went into the table and into the key's index as well.
            database.execute(
                "CREATE TABLE facts (code TEXT, sequence INTEGER PRIMARY KEY, path BLOB, key BLOB, fact BLOB,"
                " record INTEGER)"
            )
            first = self._sequence - len(self._held)
            database.executemany(
                _INSERT_FACT,
                (self._row(code, first + number, path, key, fact, pickled)
                 for number, (code, path, key, fact, pickled) in enumerate(self._held, 1)),
            )
        except Exception as error:  # no sqlite3, sqlite3.Error, OSError, a fact that cannot be pickled
            # No room on disk: the facts stay in memory; the run and its findings are unchanged.
            if database is not None:
                database.close()
            if self.lang == "en":
                print(f"gklint: cannot write the temporary database ({error}); the cross-file facts stay in memory",
                      file=sys.stderr)
            else:
                print(f"gklint: 无法写入临时数据库（{error}），跨文件检查的数据保留在内存中", file=sys.stderr)
            self.spill_after = sys.maxsize
            return
        self._database = database
        self._held = []

    def _write_pending(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        try:
            self._database.executemany(_INSERT_FACT, (self._row(*entry) for entry in pending))
        except Exception as error:
            # The disk filled up during the run: back to memory, with what is on disk so far.
            if self.lang == "en":
                print(f"gklint: writing the temporary database failed ({error}); the cross-file facts move to memory",
                      file=sys.stderr)
            else:
                print(f"gklint: 临时数据库写入失败（{error}），跨文件检查的数据改为保留在内存中", file=sys.stderr)
            rows = self._database.execute(
                "SELECT code, sequence, path, key, fact, record FROM facts ORDER BY sequence").fetchall()
            loads = _loads()
            self._held = [(stored_code, _text(stored_path), _key_text(key), stored, True) if record is None
                          else (stored_code, _text(stored_path), _key_text(key), self._fact(loads, stored, record), False)
                          for stored_code, _, stored_path, key, stored, record in rows]
            # A batch can fail part-way: the facts it wrote before failing are on disk already.
            written = rows[-1][1] if rows else 0
            self._held.extend((code, path, key, fact, pickled)
                              for code, sequence, path, key, fact, pickled in pending if sequence > written)
            self._database.close()
            self._database = None
            self.spill_after = sys.maxsize

    def _rows(self, code: str) -> Iterator[Entry]:
        self._write_pending()
        if self._database is None:
            # (Held facts are few; pickle is imported only if one came pickled: a run over
            # one file never imports it.)
            for held_code, path, _, fact, pickled in self._held:
                if held_code == code:
                    yield path, _loads()(fact) if pickled else fact
            return
        loads = _loads()
        rows = self._database.execute("SELECT path, fact, record FROM facts WHERE code = ? ORDER BY sequence", (code,))
        for path, fact, record in rows:
            yield _text(path), self._fact(loads, fact, record)

    def _groups(self, code: str) -> Iterator[tuple[str, list[Entry]]]:
        """The groups of ``code``'s facts by their stored keys."""
        self._write_pending()
        if self._database is None:
            groups: dict[str, list[Entry]] = {}
            for held_code, path, key, fact, pickled in self._held:
                if held_code == code and key is not None:
                    groups.setdefault(key, []).append((path, _loads()(fact) if pickled else fact))
            yield from sorted(groups.items())  # (keys are distinct: only they are compared)
            return
        # BLOB order is byte order of UTF-8, which is code-point order: the order of Python's
        # sort of the same strings, so a spilled run reports in the same order as a small one.
        rows = self._database.execute(
            "SELECT key, path, fact, record FROM facts WHERE code = ? AND key IS NOT NULL ORDER BY key, sequence",
            (code,),
        )
        yield from self._grouped_rows(rows)

    def _groups_by(self, code: str, key: Callable[[Any], str | None]) -> Iterator[tuple[str, list[Entry]]]:
        """The groups of ``code``'s facts by ``key(fact)``, worked out now (a rule that
        declares no ``group_key``)."""
        self._write_pending()
        if self._database is None:
            groups: dict[str, list[Entry]] = {}
            for path, fact in self._rows(code):
                group_key = key(fact)
                if group_key is not None:
                    groups.setdefault(group_key, []).append((path, fact))
            yield from sorted(groups.items())
            return
        database = self._database
        database.execute("CREATE TEMP TABLE IF NOT EXISTS grouping (key BLOB, sequence INTEGER)")
        database.execute("DELETE FROM grouping")
        rows = database.execute("SELECT sequence, fact, record FROM facts WHERE code = ? ORDER BY sequence", (code,))
        # Rows are read in batches: the same connection inserts into another table meanwhile.
        loads = _loads()
        while batch := rows.fetchmany(1024):
            keys = ((key(self._fact(loads, fact, record)), sequence) for sequence, fact, record in batch)
            database.executemany(
                "INSERT INTO grouping VALUES (?, ?)",
                ((_text_key(group_key), sequence) for group_key, sequence in keys if group_key is not None),
            )
        joined = database.execute(
            "SELECT grouping.key, facts.path, facts.fact, facts.record FROM grouping"
            " JOIN facts ON facts.code = ? AND facts.sequence = grouping.sequence"
            " ORDER BY grouping.key, grouping.sequence",
            (code,),
        )
        yield from self._grouped_rows(joined)

    def _grouped_rows(self, rows: Iterator[tuple[bytes, bytes, bytes, int | None]]) -> Iterator[tuple[str, list[Entry]]]:
        """``(key, [(path, fact), ...])`` from stored ``(key, path, fact, record)`` rows sorted
        by key."""
        loads = _loads()
        current: bytes | None = None
        group: list[Entry] = []
        for group_key, path, fact, record in rows:
            if group_key != current:
                if group:
                    yield _text(current), group
                current, group = group_key, []
            group.append((_text(path), self._fact(loads, fact, record)))
        if group:
            yield _text(current), group

    def _row(self, code: str, sequence: int, path: str, key: str | None, fact: Any, pickled: bool) -> tuple:
        """The database row of a fact: pickled now unless it came pickled, a ``Frozen`` fact
        as its fields' values with its class's number (``record_classes``).

        Its blobs are bytearrays: ``sqlite3`` binds an int, a float, a str or a bytearray as it
        is, and looks for an adapter for any other value, bytes among them (two attribute lookups
        that fail, some 3,000 instructions a value: spilling the 1,353 facts of 800 mixed reports
        took 48 M instructions with bytes, 39 M with bytearrays, callgrind)."""
        record = None
        if pickled:
            stored = fact
        elif type(fact).__reduce__ is _FROZEN_REDUCE:  # (pickle would call the class with these)
            record = self._record_numbers.get(type(fact))
            if record is None:
                record = self._record_numbers[type(fact)] = len(self.record_classes)
                self.record_classes.append(type(fact))
            stored = _dump(fact._values(fact))
        else:
            stored = _dump(fact)
        return (code, sequence, _text_key(path), None if key is None else _text_key(key), bytearray(stored), record)

    def _fact(self, loads: Callable[[bytes], Any], stored: bytes, record: int | None) -> Any:
        """The fact a row stores (``_row``): unpickled, or, with a class number ``record``, the
        ``Frozen`` fact of that class whose values are pickled in ``stored``."""
        if record is None:
            return loads(stored)
        return self.record_classes[record](*loads(stored))


_FROZEN_REDUCE = Frozen.__reduce__


class CollectedFacts:
    """One rule's facts, ``(path, fact)`` per file that gave one, in the order files were read.

    It can be iterated more than once; ``grouped`` brings together the facts that share a
    key (GK406: the agency) without holding the others in memory. Each fact is unpickled
    when read (a fact a worker sent is held pickled until then).
    """

    def __init__(self, store: FactStore, code: str, count: int) -> None:
        self._store = store
        self.code = code
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Entry]:
        return self._store._rows(self.code)

    def grouped(self, key: Callable[[Any], str | None] | None = None) -> Iterator[tuple[str, list[Entry]]]:
        """``(key, [(path, fact), ...])`` for each key, in key order, the facts of a group in
        the order files were read. Facts whose key is None are left out. The keys are those
        the rule's ``Rule.group_key`` gave as the facts were made; ``key``: a function of the
        fact that gives them instead, worked out now (each fact unpickled for it)."""
        if key is None:
            return self._store._groups(self.code)
        return self._store._groups_by(self.code, key)


def _dump(fact: Any) -> bytes:
    import pickle  # not at start-up: only a spilled store pickles

    return pickle.dumps(fact, pickle.HIGHEST_PROTOCOL)


def _loads() -> Callable[[bytes], Any]:
    """``pickle.loads``, imported when facts are read (not at start-up), once per read: an
    ``import`` statement per fact cost some 1,500 instructions, 2.6 % of the end of a run over
    5,000 mixed reports (callgrind)."""
    from pickle import loads

    return loads


def _key_text(stored: bytes | None) -> str | None:
    return None if stored is None else _text(stored)


def _text_key(text: str) -> bytearray:
    # surrogatepass: a path or agency name read with undecodable bytes must still be stored.
    # (A bytearray, bound without an adapter's lookup: see ``_row``.)
    return bytearray(text, "utf-8", "surrogatepass")


def _text(stored: bytes) -> str:
    return stored.decode("utf-8", "surrogatepass")
