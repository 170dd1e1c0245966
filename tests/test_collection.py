"""Facts of cross-file rules: the same facts, order and groups whether a run is small (held in
memory) or large (spilled to a temporary database); a full disk loses nothing; and the
parallel runner holds a bounded number of files at a time."""

from __future__ import annotations

import sqlite3
import sys
from concurrent.futures import Future

import pytest

import gklint.check.collection
import gklint.records
from conftest import ROOT, run_gklint
from gklint.cli import runner
from gklint.cli.main import main
from gklint.check.collection import FactStore, PackedFacts, pack

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

# Agencies in an order that differs from the order of reading; a name with a lone surrogate
# (a file decoded with errors) and one whose key is None (no agency found).
FILES = [
    ("b/2021.txt", {"GK406": ("白河市生态环境局", 2021), "GK999": "other rule"}),
    ("a/2020.txt", {"GK406": ("白河市生态环境局", 2020)}),
    ("c/2023.txt", {"GK406": ("青山县自然资源局", 2023)}),
    ("d/2022.txt", {"GK406": ("Abc\udcff局", 2022)}),
    ("e/2021.txt", {"GK406": (None, 2021)}),
    ("f/2022.txt", {"GK406": ("白河市生态环境局", 2022)}),
]


def fill(store: FactStore) -> FactStore:
    for path, facts in FILES:
        store.add(path, facts)
    return store


def agency(fact):
    return fact[0]


@pytest.mark.parametrize("spill_after", [0, 2, 10_000])
def test_facts_in_input_order_and_grouped_in_key_order(spill_after):
    with fill(FactStore(spill_after)) as store:
        assert store.spilled == (spill_after < len(FILES))
        assert store.codes() == ["GK406", "GK999"]
        facts = store.facts("GK406")
        assert len(facts) == 6 and len(store.facts("GK999")) == 1 and not store.facts("GK000")
        assert [path for path, _ in facts] == ["b/2021.txt", "a/2020.txt", "c/2023.txt", "d/2022.txt", "e/2021.txt", "f/2022.txt"]
        assert list(facts) == list(facts)  # iterable more than once
        assert list(store.facts("GK999")) == [("b/2021.txt", "other rule")]
        assert list(facts.grouped(agency)) == [
            ("Abc\udcff局", [("d/2022.txt", ("Abc\udcff局", 2022))]),
            ("白河市生态环境局", [("b/2021.txt", ("白河市生态环境局", 2021)), ("a/2020.txt", ("白河市生态环境局", 2020)),
                          ("f/2022.txt", ("白河市生态环境局", 2022))]),
            ("青山县自然资源局", [("c/2023.txt", ("青山县自然资源局", 2023))]),
        ]
        assert [key for key, _ in facts.grouped(agency)] == sorted(key for key, _ in facts.grouped(agency))


def agency_of_gk406(code, fact):
    return fact[0] if code == "GK406" else None


@pytest.mark.parametrize("spill_after", [0, 2, 10_000])
def test_facts_kept_with_their_keys_group_as_the_key_function_groups_them(spill_after):
    # A serial run's store is given the rules' keys (Linter.group_key); a worker packs them.
    with fill(FactStore(10_000)) as plain:
        expected = list(plain.facts("GK406").grouped(agency))
    with fill(FactStore(spill_after, group_key=agency_of_gk406)) as store:
        assert list(store.facts("GK406").grouped()) == expected
        assert list(store.facts("GK999").grouped()) == []  # (no key: in no group)
    with FactStore(spill_after) as store:
        for path, facts in FILES:
            store.add(path, pack(facts, agency_of_gk406))
        assert list(store.facts("GK406").grouped()) == expected
        assert list(store.facts("GK406")) == [(path, facts["GK406"]) for path, facts in FILES]
        assert list(store.facts("GK999")) == [("b/2021.txt", "other rule")]


@pytest.mark.parametrize("spill_after", [0, 2, 10_000])
def test_packed_facts_are_unpickled_once_and_only_when_their_rule_reads_them(monkeypatch, spill_after):
    loads = []
    real_loads = gklint.check.collection._loads()
    monkeypatch.setattr(gklint.check.collection, "_loads", lambda: lambda stored: loads.append(stored) or real_loads(stored))
    with FactStore(spill_after) as store:
        for path, facts in FILES:
            store.add(path, pack(facts, agency_of_gk406))
        assert store.spilled == (spill_after < len(FILES))
        assert not loads  # held, written to disk and read back as they came
        groups = list(store.facts("GK406").grouped())
    assert [path for _, group in groups for path, _ in group] == ["d/2022.txt", "b/2021.txt", "a/2020.txt", "f/2022.txt",
                                                                   "c/2023.txt"]
    assert len(loads) == 5  # each grouped fact once; not the one without a key, nor GK999's


def test_no_room_for_the_database_keeps_the_facts_in_memory(monkeypatch, capsys):
    def full_disk(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite3, "connect", full_disk)
    with fill(FactStore(1)) as store:
        assert not store.spilled
        assert [path for path, _ in store.facts("GK406")] == [path for path, _ in FILES]
    assert capsys.readouterr().err.count("无法写入临时数据库（database or disk is full）") == 1


@pytest.mark.parametrize("packed", [False, True])
def test_disk_full_during_the_run_moves_the_facts_back_to_memory(capsys, packed):
    class FillsUp:
        """A connection whose disk fills up after the first spill."""

        def __init__(self, database):
            self.database = database

        def execute(self, statement, *args):
            if statement.startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.database.execute(statement, *args)

        def executemany(self, statement, *args):  # how the facts added after spilling are written
            if statement.startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.database.executemany(statement, *args)

        def close(self):
            self.database.close()

    store = FactStore(2, group_key=agency_of_gk406)
    for path, facts in FILES[:3]:
        store.add(path, pack(facts, agency_of_gk406) if packed else facts)
    assert store.spilled
    store._database = FillsUp(store._database)
    for path, facts in FILES[3:]:
        store.add(path, pack(facts, agency_of_gk406) if packed else facts)
    # (The facts added after spilling are written in batches: at the latest when they are read.)
    assert [path for path, _ in store.facts("GK406")] == [path for path, _ in FILES]
    assert not store.spilled
    assert list(store.facts("GK999")) == [("b/2021.txt", "other rule")]
    with fill(FactStore(10_000)) as plain:
        assert list(store.facts("GK406").grouped()) == list(plain.facts("GK406").grouped(agency))
    assert "临时数据库写入失败（database or disk is full）" in capsys.readouterr().err


def test_a_batch_of_facts_that_fails_part_way_keeps_each_fact_once(capsys):
    # Facts added after spilling go to disk in batches; a fact that cannot be written (here:
    # it cannot be pickled) stops its batch after the facts before it were written.
    unpicklable = (lambda: None, 2022)
    store = FactStore(2)
    for path, facts in FILES[:3]:
        store.add(path, facts)
    store.add("g/2022.txt", {"GK406": unpicklable})
    for path, facts in FILES[3:]:
        store.add(path, facts)
    assert [path for path, _ in store.facts("GK406")] == [path for path, _ in FILES[:3]] + ["g/2022.txt"] + [
        path for path, _ in FILES[3:]]
    assert not store.spilled
    assert len(list(store.facts("GK406"))) == 7  # (none written twice)
    assert "临时数据库写入失败" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", "2"])  # (with -j 2 the workers send their facts packed)
def test_a_spilled_run_reports_exactly_what_a_small_run_reports(tmp_path, monkeypatch, capsysbinary, jobs):
    corpus.write(tmp_path, 40, seed=424242, per_folder=15)
    expected = run_gklint("check", "--no-color", "--format", "json", "-j", "1", str(tmp_path), cwd=tmp_path)
    assert b'"GK406"' in expected.stdout  # the corpus has agencies with consecutive years
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(gklint.check.collection, "SPILL_AFTER", 3)
    spills = []
    real_spill = FactStore._spill

    def remember(store):
        real_spill(store)
        spills.append(store.spilled)

    monkeypatch.setattr(FactStore, "_spill", remember)
    added = []
    real_add = FactStore.add
    monkeypatch.setattr(FactStore, "add", lambda store, path, facts: added.append(type(facts)) or real_add(store, path, facts))
    code = main(["check", "--no-color", "--format", "json", "-j", jobs, "--no-cache", str(tmp_path)])
    assert (code, capsysbinary.readouterr().out) == (expected.returncode, expected.stdout)
    assert spills == [True]
    assert set(added) == {PackedFacts if jobs == "2" else dict}
    # From the cache: the files' facts come from their entries; with the cross-file findings
    # kept for them removed, the facts go to the store (and spill) and the rules run again.
    kept = list((tmp_path / ".gklint_cache").glob("*/collection-*"))
    assert kept
    for path in kept:
        path.unlink()
    code = main(["check", "--no-color", "--format", "json", "-j", jobs, str(tmp_path)])
    assert (code, capsysbinary.readouterr().out) == (expected.returncode, expected.stdout)
    assert spills == [True, True]


class InlinePool:
    """Runs each chunk when submitted, and counts what it was given."""

    def __init__(self):
        self.submitted = 0

    def submit(self, function, chunk):
        self.submitted += len(chunk)
        future = Future()
        future.set_result([f"result {task}" for task in chunk])
        return future


def test_parallel_results_in_order_with_a_bounded_number_of_files_in_flight():
    taken = []

    def tasks():
        for number in range(1000):
            taken.append(number)
            yield number

    pool = InlinePool()
    results = runner.in_order(pool, tasks(), chunk_files=16, chunks_ahead=6)
    assert next(results) == "result 0"
    assert len(taken) == pool.submitted == 16 * 6  # not the 1,000 files that Executor.map would take
    rest = list(results)
    assert ["result 0", *rest] == [f"result {number}" for number in range(1000)]
    assert pool.submitted == 1000


class _Frozen(gklint.records.Frozen):
    agency: str
    year: int
    place: tuple = ()


@pytest.mark.parametrize("spill_after", [0, 2, 10_000])
def test_frozen_facts_come_back_equal_and_of_their_class(spill_after):
    """A ``Frozen`` fact is spilled as its fields' values with its class's number, and made
    again by calling its class, as unpickling it would: the same facts, groups and order as
    facts pickled whole (a tuple, here beside them under another code)."""
    files = [(f"{number}.txt", {"GK406": _Frozen(agency, year, (number, None, "表格1")), "GK410": (agency, year)})
             for number, (agency, year) in enumerate([("乙局", 2021), ("甲局", 2020), ("乙局", 2022), ("甲\udcff局", 2023)])]
    with FactStore(spill_after, group_key=lambda code, fact: fact.agency if code == "GK406" else fact[0]) as store:
        for path, facts in files:
            store.add(path, facts)
        assert store.spilled == (spill_after < 8)
        assert list(store.facts("GK406")) == [(path, facts["GK406"]) for path, facts in files]
        assert all(type(fact) is _Frozen for _, fact in store.facts("GK406"))
        assert [(key, [path for path, _ in group]) for key, group in store.facts("GK406").grouped()] == [
            ("乙局", ["0.txt", "2.txt"]), ("甲局", ["1.txt"]), ("甲\udcff局", ["3.txt"])]
        assert list(store.facts("GK406").grouped(lambda fact: str(fact.year))) == [
            (str(facts["GK406"].year), [(path, facts["GK406"])]) for path, facts in sorted(files, key=lambda f: f[1]["GK406"].year)]
        assert list(store.facts("GK410")) == [(path, facts["GK410"]) for path, facts in files]
