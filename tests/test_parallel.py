"""``-j N`` gives exactly what a serial run gives: the same findings, in the same order,
byte for byte, whatever the output format, with unreadable files in the mix."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, run_gklint

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

COUNT = 40


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("province")
    corpus.write(root, COUNT, seed=424242, per_folder=15)
    # Files that cannot be read sit between the others: GK000 must keep its place.
    (root / "batch-000" / "00007-binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "batch-001" / "00020-empty.md").write_bytes(b"")
    (root / "batch-002" / "00031-broken.html").write_bytes(b"<html><body><table><tr><td>\xff\xfe\x00")
    return root


def formats() -> list[str]:
    from conftest import registry

    return [name for name in ("text", "json", "github", "sarif") if name in registry().reporters]


@pytest.mark.parametrize("fmt", formats())
def test_parallel_output_is_byte_identical(folder, fmt):
    serial = run_gklint("check", "--no-color", "--format", fmt, "-j", "1", str(folder), cwd=folder)
    parallel = run_gklint("check", "--no-color", "--format", fmt, "-j", "2", str(folder), cwd=folder)
    assert serial.returncode == parallel.returncode
    assert serial.stdout, serial.stderr.decode("utf-8", "replace")
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr


def test_parallel_statistics_and_diff_are_identical(folder):
    for extra in (["--statistics"], ["--diff"]):
        serial = run_gklint("check", "--no-color", *extra, "-j", "1", str(folder), cwd=folder)
        parallel = run_gklint("check", "--no-color", *extra, "-j", "2", str(folder), cwd=folder)
        assert (parallel.returncode, parallel.stdout) == (serial.returncode, serial.stdout), extra


def test_the_corpus_has_findings_of_many_kinds(folder):
    """The comparison means something only if there is plenty to compare."""
    result = run_gklint("check", "--no-color", "--statistics", "-j", "1", str(folder), cwd=folder)
    out = result.stdout.decode("utf-8")
    assert "GK000" in out
    assert sum(1 for line in out.splitlines() if "GK" in line) >= 5, out


def test_default_jobs_for_many_files_matches_serial(folder, tmp_path):
    """Without ``-j``, a run over many files uses every CPU; still the same output."""
    serial = run_gklint("check", "--no-color", "-j", "1", str(folder), cwd=folder)
    default = run_gklint("check", "--no-color", str(folder), cwd=folder)
    assert default.stdout == serial.stdout


def test_a_result_crosses_from_a_worker_whole(folder):
    """A worker sends each result pickled (findings, results and sources as their classes
    called with their fields' values): every field comes back, on every file of the corpus
    and on a result with every field set, and the source's lines are found as before."""
    import pickle

    from conftest import make_linter

    from gklint.check.finding import Edit, Finding, Fix, Related
    from gklint.check.result import LintResult
    from gklint.read.source import Location, SourceText, Span

    linter = make_linter()
    results = [linter.lint_path(str(path), path.name) for path in sorted(folder.rglob("*.*"))]
    assert sum(len(result.findings) for result in results) > 50
    assert any(finding.related for result in results for finding in result.findings)
    source = SourceText("第一行\r\n第二行\n第三行", "r.txt", "gb18030", True)
    related = Related(Span(6, 8), "cell", {"row": "总计"}, "另见", Location(2, 1, 2, 3), "表二")
    finding = Finding("GK101", "name", "error", "消息", Span(1, 2, "段落 3"), "r.txt", Location(1, 2, 1, 3),
                      Fix((Edit(1, 2, "一"),), "改"), "段落 3", "片段", {"stated": 37}, "mismatch", {"said": "37"},
                      [related])
    results.append(LintResult("r.txt", [finding], source, True, 2, {"GK406": [1]}, b"fixed", b"original", ["note"],
                              True, "diff", True, {"outline": 1}, ["fp"], "某局", 2021, "2021"))
    for result in results:
        back = pickle.loads(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
        assert type(back) is LintResult
        assert [getattr(back, name) for name in LintResult._fields] == [getattr(result, name) for name in LintResult._fields]
        for sent, received in zip(result.findings, back.findings):
            assert type(received) is Finding
            assert [getattr(received, name) for name in Finding._fields] == [getattr(sent, name) for name in Finding._fields]
            assert [type(related) for related in received.related] == [Related] * len(sent.related)
        if result.source is not None:
            assert type(back.source) is SourceText
            ends = range(len(result.source.text) + 1)
            assert [back.source.position(end) for end in ends] == [result.source.position(end) for end in ends]


@pytest.mark.parametrize("color, lang, statistics", [(True, "en", False), (False, "zh", True)])
def test_a_text_report_written_in_the_worker_reads_as_a_serial_one(folder, color, lang, statistics):
    """With -j N the text reporter's lines of a file are written in the worker
    (``TextReporter.prepare_for``): in colour, in English, with ``--statistics``, the report
    is the one a serial run writes, and the writer survives the pickling a spawned worker's
    start-up puts it through."""
    import io
    import pickle

    from conftest import make_linter

    from gklint.report.reporter import ReportOptions
    from gklint.report.reporters.text import TextReporter

    linter = make_linter()
    paths = sorted(folder.rglob("*.*"))
    options = ReportOptions(color=color, lang=lang, statistics=statistics)
    prepare = pickle.loads(pickle.dumps(TextReporter.prepare_for(options)))
    serial, parallel = io.StringIO(), io.StringIO()
    serial_reporter, parallel_reporter = TextReporter(serial, options), TextReporter(parallel, options)
    for path in paths:
        serial_reporter.file(linter.lint_path(str(path), path.name))
        result = linter.lint_path(str(path), path.name)
        if result.findings:
            prepare(result)
            assert result.findings == [] and result.source is None
        parallel_reporter.file(pickle.loads(pickle.dumps(result, pickle.HIGHEST_PROTOCOL)))
    serial_reporter.finish()
    parallel_reporter.finish()
    assert parallel.getvalue() == serial.getvalue()
    assert serial_reporter.total > 50


def test_a_subclass_of_the_text_reporter_gets_the_findings_from_a_worker():
    """Only the text reporter itself has a worker write its lines (``prepare_for``): a
    plugin's subclass, which may write a file's findings its own way, is sent the findings."""
    from gklint.report.reporter import ReportOptions
    from gklint.report.reporters.text import TextReporter, WrittenInWorker

    class Grouped(TextReporter):
        def file(self, result):
            self.stream.write(f"{result.path}: {len(result.findings)}\n")

    options = ReportOptions()
    assert isinstance(TextReporter.prepare_for(options), WrittenInWorker)
    assert Grouped.prepare_for(options) == Grouped.prepare
    assert TextReporter.prepare_for(ReportOptions(mode="diff")) == TextReporter.prepare
