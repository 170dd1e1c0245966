"""Running ``gklint check`` over many files: serial or in worker processes, with fixes.

Results stream to the reporter in input order, one file at a time, so memory stays flat
however many files a run has. Workers return the same results a serial run computes.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterator, TextIO

from gklint.config import Config
from gklint.engine import Linter, LintResult
from gklint.finding import severity_rank
from gklint.fix import MAX_PASSES, FixError, plan, unified_diff, write_atomic
from gklint.loading import LoadError
from gklint.reporting import ReportOptions

PARALLEL_THRESHOLD = 32


@dataclass(frozen=True)
class Task:
    path: str
    display: str
    mode: str  # "check", "fix" or "diff"
    data: bytes | None = None  # stdin


def display_path(path: str) -> str:
    if path == "-":
        return path
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def run_check(linter: Linter, options, stream: TextIO, color: bool) -> int:
    from gklint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, discover

    mode = "fix" if options.fix else "diff" if options.diff else "check"
    tasks = list(_tasks(options, linter, mode, discover))
    if mode == "fix" and any(task.data is not None for task in tasks):
        return _fix_stdin(linter, tasks[0])
    reporter_class, _ = linter.registry.reporters[options.format]
    report_options = ReportOptions(
        color=color,
        lang=linter.config.lang,
        statistics=options.statistics,
        rules={code: entry.rule_class for code, entry in linter.registry.rules.items()},
        rule_plugins={code: entry.plugin for code, entry in linter.registry.rules.items()},
    )
    reporter = reporter_class(stream, report_options)
    jobs = options.jobs or (os.cpu_count() or 1 if len(tasks) >= PARALLEL_THRESHOLD else 1)
    fail_rank = severity_rank(linter.config.fail_on)
    failed = unreadable = fixed = 0
    any_fix = False
    collected: list[tuple[str, dict]] = []
    for result in _results(linter, tasks, jobs):
        if result.unreadable:
            unreadable += 1
        fixed += result.fixed
        if mode == "diff" and result.notes and result.notes[0].startswith("diff:"):
            any_fix = True
            stream.write(result.notes[0][len("diff:"):])
        for note in result.notes[1 if mode == "diff" and result.notes and result.notes[0].startswith("diff:") else 0:]:
            print(f"gklint: {result.path}: {note}", file=sys.stderr)
        failed += sum(1 for finding in result.findings if severity_rank(finding.severity) >= fail_rank)
        if result.facts:
            collected.append((result.path, result.facts))
        result.facts = {}
        if mode != "diff":
            reporter.file(result)
    for path, findings in _collection_findings(linter, collected):
        failed += sum(1 for finding in findings if severity_rank(finding.severity) >= fail_rank)
        if mode != "diff":
            reporter.file(LintResult(path, findings))
    report_options.fixed = fixed
    if mode != "diff":
        reporter.finish()
    stream.flush()
    if unreadable:
        return EXIT_ERROR
    if mode == "diff":
        return EXIT_FINDINGS if any_fix else EXIT_OK
    if failed and not options.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _tasks(options, linter: Linter, mode: str, discover) -> Iterator[Task]:
    for path in discover(options.paths, linter.registry.suffixes):
        if path == "-":
            name = options.stdin_filename or "-"
            yield Task(path, name, mode, sys.stdin.buffer.read())
        else:
            yield Task(path, display_path(path), mode)


def _collection_findings(linter: Linter, collected: list[tuple[str, dict]]):
    findings = linter.check_collection(collected)
    by_path: dict[str, list] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    for path, path_findings in by_path.items():
        path_findings.sort(key=lambda finding: finding.sort_key())
        yield path, path_findings


# ── serial and parallel execution ───────────────────────────────────────────────────────
def _results(linter: Linter, tasks: list[Task], jobs: int) -> Iterator[LintResult]:
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield process(linter, task)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(linter.config,)) as pool:
        chunk = max(1, min(64, len(tasks) // (jobs * 8)))
        yield from pool.map(_process_in_worker, tasks, chunksize=chunk)


_WORKER_LINTER: Linter | None = None


def _init_worker(config: Config) -> None:
    global _WORKER_LINTER
    _WORKER_LINTER = Linter(config)


def _process_in_worker(task: Task) -> LintResult:
    assert _WORKER_LINTER is not None
    return process(_WORKER_LINTER, task)


def process(linter: Linter, task: Task) -> LintResult:
    """Lint one file; with ``fix``, fix it and report what remains; with ``diff``, a diff."""
    if task.data is not None:
        result = linter.lint_bytes(task.data, task.display)
    else:
        result = linter.lint_path(task.path, task.display)
    if task.mode == "check" or result.unreadable or not any(finding.fixable for finding in result.findings):
        result.original_bytes = None
        return result
    original = result.original_bytes
    assert original is not None
    fixed_bytes, applied, skipped, error = fix_bytes(linter, original, task.display)
    notes = []
    if error:
        notes.append(error)
    if skipped:
        notes.append(f"{skipped} 处修复与其他修复重叠，已跳过（再次运行 --fix 可处理）")
    if task.mode == "diff":
        if fixed_bytes != original:
            before = result.source.text if result.source else ""
            after_result = linter.lint_bytes(fixed_bytes, task.display)
            after = after_result.source.text if after_result.source else ""
            result.notes = [f"diff:{unified_diff(task.display, before, after)}", *notes]
        else:
            result.notes = notes
        result.original_bytes = None
        return result
    if fixed_bytes == original:
        result.notes = notes
        result.original_bytes = None
        return result
    try:
        write_atomic(task.path, fixed_bytes, original)
    except FixError as failure:
        result.notes = [f"未能写入修复：{failure}", *notes]
        result.original_bytes = None
        return result
    fixed = linter.lint_bytes(fixed_bytes, task.display)
    fixed.fixed = applied
    fixed.notes = notes
    fixed.original_bytes = None
    return fixed


def fix_bytes(linter: Linter, data: bytes, path: str) -> tuple[bytes, int, int, str | None]:
    """(new bytes, fixes applied, fixes skipped for overlap, error) after up to MAX_PASSES."""
    current = data
    applied = 0
    skipped = 0
    for _ in range(MAX_PASSES):
        try:
            raw, loader = linter.load(path, current)
        except LoadError as error:
            return current, applied, skipped, error.message
        document = linter.build(raw)
        findings, _ = linter.check(document)
        fix_plan = plan(findings)
        skipped = len(fix_plan.skipped)
        if not fix_plan.edits:
            break
        try:
            new_bytes = loader.write(raw, [edit.as_tuple() for edit in fix_plan.edits])
        except (ValueError, UnicodeEncodeError, NotImplementedError) as error:
            return current, applied, skipped, f"无法应用修复：{error}"
        if new_bytes == current:
            break
        applied += len(fix_plan.applied)
        current = new_bytes
        if not fix_plan.skipped:
            break
    return current, applied, skipped, None


def _fix_stdin(linter: Linter, task: Task) -> int:
    """``--fix`` on stdin writes the fixed report to stdout, for editors."""
    assert task.data is not None
    fixed_bytes, _, _, error = fix_bytes(linter, task.data, task.display)
    if error:
        print(f"gklint: {task.display}: {error}", file=sys.stderr)
    sys.stdout.buffer.write(fixed_bytes)
    sys.stdout.flush()
    remaining = linter.lint_bytes(fixed_bytes, task.display)
    fail_rank = severity_rank(linter.config.fail_on)
    if remaining.unreadable:
        return 2
    return 1 if any(severity_rank(f.severity) >= fail_rank for f in remaining.findings) else 0
