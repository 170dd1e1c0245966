"""Running ``gklint check`` over many files: serial or in worker processes, with fixes.

Results stream to the reporter in input order, one file at a time, so memory stays flat
however many files a run has. Workers return the same results a serial run computes.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from itertools import chain, islice
from operator import attrgetter

from gklint.cli.discovery import DEFAULT_EXCLUDE, Excludes, discover
from gklint.cli.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from gklint.cli.plan import RunPlan
from gklint.cli.texts import plural, say
from gklint.check.result import LintResult
from gklint.check.finding import severity_rank
from gklint.report.reporter import ReportOptions
from gklint.records import Frozen, Record

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, TextIO

    from gklint.check.engine import Linter
    from gklint.config import Config

PARALLEL_THRESHOLD = 32


class Task(Frozen):
    path: str
    display: str
    mode: str  # "check", "fix" or "diff"
    data: bytes | None = None  # stdin
    outline: bool = False  # the reporter shows the report itself (``Reporter.wants_outline``)
    annotate: bool = False  # --annotate: write the Word file's annotated copy
    annotate_dir: str | None = None  # --annotate-dir: where (None: beside the file)
    track_changes: bool = False  # --track-changes: Word fixes as tracked revisions


def display_path(path: str) -> str:
    if path == "-":
        return path
    relative = _relative(path)
    return path if relative is None else relative


def _relative(path: str) -> str | None:
    """``path`` relative to the current folder; None when it is outside."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return None
    return None if relative.startswith("..") else relative


def run_check(linter: Linter | RunPlan, options, stream: TextIO, color: bool) -> int:
    """``gklint check`` over ``options.paths`` with ``linter`` (or a ``RunPlan``, whose engine
    is built only for the files the result cache cannot answer); the exit code."""
    plan = linter if isinstance(linter, RunPlan) else RunPlan.of_linter(linter)
    mode = "fix" if options.fix else "diff" if options.diff else "check"
    paths = options.paths or (["-"] if options.stdin_filename else [])
    if paths.count("-") > 1:
        raise UsageError(say("stdin_once"))
    # Files are discovered as the run goes: only the first few are looked at ahead, to
    # decide whether worker processes pay off and how many files to send them at a time.
    tasks = _tasks(paths, options, plan, mode, discover, _wants_outline(plan, options))
    ahead = list(islice(tasks, PARALLEL_THRESHOLD))
    if mode == "fix" and "-" in paths:
        if len(ahead) > 1:
            raise UsageError(say("fix_stdin_alone"))
        return _fix_stdin(plan, ahead[0], options, stream, color)
    if not ahead:
        # The report is still written (an empty JSON list, a valid SARIF log) for the tools
        # that read it. A folder with nothing to lint fails the run: a CI job pointed at the
        # wrong folder must not pass. Files named but all excluded (--force-exclude, as the
        # pre-commit hooks run) pass: there was nothing to lint among them.
        _run(plan, iter(()), Parallel(1), options, stream, color, mode)
        suffixes = " ".join(f"*{suffix}" for suffix in plan.suffixes)
        print(say("warning", message=say("no_files", suffixes=suffixes)), file=sys.stderr)
        return EXIT_ERROR if any(os.path.isdir(path) for path in paths) else EXIT_OK
    jobs = options.jobs or (os.cpu_count() or 1 if len(ahead) >= PARALLEL_THRESHOLD else 1)
    cache = _cache(plan, options, mode)
    if len(ahead) <= 1:
        return _run(plan, iter(ahead), Parallel(1, cache), options, stream, color, mode)
    parallel = Parallel(jobs, cache)
    if jobs > 1:
        parallel.prepare = _prepare(plan, options, color, mode)
        # At least eight chunks per worker: none is left with a long tail of slow (HTML)
        # files while the others idle at the end of a small run.
        ahead += islice(tasks, jobs * 8 * CHUNK_FILES - len(ahead))
        parallel.chunk_files = max(1, min(CHUNK_FILES, len(ahead) // (jobs * 8)))
    frozen, thresholds = gc.get_freeze_count(), gc.get_threshold()
    _settle_collector()
    try:
        return _run(plan, chain(ahead, tasks), parallel, options, stream, color, mode)
    finally:
        if not frozen:  # (for callers in the same process, the tests among them)
            gc.unfreeze()
        gc.set_threshold(*thresholds)


def _run(plan: RunPlan, tasks: Iterator[Task], parallel: Parallel, options, stream: TextIO, color: bool, mode: str) -> int:
    from gklint.cli.progress import progress_for

    progress = progress_for(options, "check", plan.config.lang)
    tasks, stream = progress.follow(tasks), progress.guard(stream)
    reporter = _reporter(plan, options, stream, color, mode)
    fail_rank = severity_rank(plan.config.fail_on)
    failed = unreadable = fixed = fixed_files = diffs = skipped = files = 0
    baseline = getattr(options, "baseline_decisions", None)  # --baseline (gklint.report.baseline)
    with _facts(parallel.cache, plan) as facts, progress:
        for result in _results(plan, tasks, parallel):
            files += 1
            if baseline is not None:
                baseline.apply(result)
            if result.skipped:
                skipped += 1
                print(say("note", path=result.path, note=say("skipped")), file=sys.stderr)
            if result.unreadable:
                unreadable += 1
                if mode == "diff":  # no report in diff mode: say which files gave no diff
                    message = result.findings[0].message if result.findings else ""
                    print(say("note", path=result.path, note=say("diff_unreadable", message=message)), file=sys.stderr)
            fixed += result.fixed
            fixed_files += result.fixed > 0
            if result.diff:
                diffs += 1
                stream.write(result.diff)
            for note in result.notes:
                print(say("note", path=result.path, note=note), file=sys.stderr)
            if result.written is None:
                failed += _failing(map(_SEVERITY, result.findings), fail_rank)
            else:  # (its findings written in the worker: counted by their severities)
                failed += _failing([severity for _, _, severity, _ in result.written[1]], fail_rank)
            if result.facts:
                facts.add(result.path, result.facts)
            result.facts = {}
            if mode != "diff":
                reporter.options.fixed = fixed
                reporter.file(result)
            progress.advance()
        for path, findings in _collection_findings(plan, facts, parallel.cache):
            supplement = LintResult(path, findings, supplement=True)
            if baseline is not None:
                baseline.apply(supplement)
            failed += _failing(map(_SEVERITY, supplement.findings), fail_rank)
            if mode != "diff":
                reporter.file(supplement)
    reporter.options.fixed = fixed
    if mode != "diff":
        reporter.finish()
    stream.flush()
    if mode == "fix" and options.format != "text":
        summary = say("fixed_summary", fixed=fixed, fixes=plural(fixed, "fix", "fixes"), files=fixed_files,
                      file_word=plural(fixed_files, "file"))
        print(f"gklint: {summary}", file=sys.stderr)
    if mode == "diff":
        summary = say("diff_some", count=diffs, file_word=plural(diffs, "file")) if diffs else say("diff_none")
        print(f"gklint: {summary}", file=sys.stderr)
    if baseline is not None:
        _say_baseline(baseline)
    if skipped and skipped == files:
        print(say("warning", message=say("no_reports", count=skipped, file_word=plural(skipped, "file"))), file=sys.stderr)
    if unreadable:
        return EXIT_ERROR
    if mode == "diff":
        return EXIT_FINDINGS if diffs else EXIT_OK
    if failed and not options.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


_SEVERITY = attrgetter("severity")


def _failing(severities: Iterable[str], fail_rank: int) -> int:
    """How many of the findings of ``severities`` fail the run: those of ``fail_rank``
    (``severity_rank``) or graver. (Iterated in C, one call of ``severity_rank`` per finding:
    the parent counts every finding of the run as it comes.)"""
    return sum(map(fail_rank.__le__, map(severity_rank, severities)))


def _say_baseline(baseline) -> None:
    """How many findings the baseline left out, and its entries that match nothing now."""
    print(say("baseline_left_out", path=baseline.path, count=baseline.left_out,
              finding_word=plural(baseline.left_out, "finding")), file=sys.stderr)
    for entry in baseline.stale():
        print(say("baseline_stale", where=f"{entry.path}: " if entry.path else "", code=entry.code,
                  fingerprint=entry.fingerprint, message=entry.message), file=sys.stderr)


def cache_folder(options) -> str:
    """The result cache folder of a run: ``--cache-dir``, else beside the config file."""
    from gklint.cli.cache import default_folder

    return getattr(options, "cache_dir", None) or default_folder(getattr(options, "config_file", None))


def uses_cache(options, mode: str = "check") -> bool:
    """Whether a run keeps a result cache: ``check`` runs without ``--no-cache`` (with
    ``--fix`` or ``--diff`` a file that is written is always linted afresh)."""
    return mode == "check" and not getattr(options, "no_cache", False)


def _cache(plan: RunPlan, options, mode: str):
    """The result cache of a ``check`` run (``gklint.cli.cache``); None when the run keeps
    none (``uses_cache``) or the cache folder cannot be written (said once)."""
    if not uses_cache(options, mode):
        return None
    from gklint.cli.cache import ResultCache, run_key

    folder = cache_folder(options)
    if plan.run_key is None:
        plan.run_key = run_key(plan.config, plan.registry)
        if getattr(options, "learn_memo", False):
            _learn_memo(plan, folder, options.format)
    # What the run's reporter reads of a result: a hit whose findings carry their snippets
    # then needs no source.
    reporter_class = _trimming_reporter(plan, options)
    return ResultCache.open(folder, plan.run_key, plan.config.lang, getattr(reporter_class, "cut_snippets", None),
                            getattr(reporter_class, "reads_source", True))


def _learn_memo(plan: RunPlan, folder: str, output_format: str) -> None:
    """Keep what this run learnt from the plugins for the next run (``RunMemo``)."""
    from gklint.cli.cache import RunMemo, write_memo

    memo = RunMemo.learn(plan.config, plan.registry, plan.run_key, output_format)
    if memo is not None and os.path.isdir(folder):
        write_memo(folder, plan.config, output_format, memo)


def _facts(cache, plan: RunPlan):
    """Where the run's facts go: a ``FactStore``, or with a cache ``CachedFacts`` (which
    makes the store only if the cross-file findings must be worked out)."""
    lang = plan.config.lang

    def group_key(code: str, fact: Any) -> str | None:
        # (Asked only of a fact this process's engine made, or one about to be judged by it:
        # the engine is built by then, never for a run the cache answers whole.)
        return plan.linter.group_key(code, fact)

    if cache is None:
        from gklint.check.collection import FactStore

        return FactStore(lang=lang, group_key=group_key)
    from gklint.cli.cache import CachedFacts

    return CachedFacts(os.path.basename(cache.settings.folder), lang, group_key)


def _reporter(plan: RunPlan, options, stream: TextIO, color: bool, mode: str):
    return plan.reporter_class(options.format)(stream, _report_options(plan, options, color, mode))


def _report_options(plan: RunPlan, options, color: bool, mode: str) -> ReportOptions:
    return ReportOptions(
        color=color,
        lang=plan.config.lang,
        statistics=options.statistics,
        rules=plan.rules(),
        rule_plugins=plan.rule_plugins(),
        mode=mode,
        loader_for=plan.loader_for,
    )


def _trimming_reporter(plan: RunPlan, options) -> type | None:
    """The run's reporter class, whose hooks say what of a result it reads (``prepare``,
    ``cut_snippets``, ``reads_source``: ``Reporter``); None when the run's process reads the
    source itself (``--baseline`` works out each finding's fingerprint from it) or the format
    is unknown (the run stops on it later)."""
    if getattr(options, "baseline_decisions", None) is not None or not plan.has_reporter(options.format):
        return None
    return plan.reporter_class(options.format)


def _prepare(plan: RunPlan, options, color: bool, mode: str) -> Callable[[LintResult], None] | None:
    """What a worker does to each result before sending it: the run's reporter's ``prepare``
    (``Reporter.prepare_for`` the run's report options), if it trims results
    (``_trimming_reporter``)."""
    reporter_class = _trimming_reporter(plan, options)
    prepare_for = getattr(reporter_class, "prepare_for", None)
    if prepare_for is None:
        return getattr(reporter_class, "prepare", None)
    return prepare_for(_report_options(plan, options, color, mode))


def _wants_outline(plan: RunPlan, options) -> bool:
    """Whether the run's reporter shows the reports themselves (then each worker attaches a
    report's outline to its result)."""
    if not plan.has_reporter(options.format):
        return False
    return bool(getattr(plan.reporter_class(options.format), "wants_outline", False))


def _tasks(paths: list[str], options, plan: RunPlan, mode: str, discover, outline: bool = False) -> Iterator[Task]:
    # Files come folder by folder: each folder's place relative to the current one is worked
    # out once, not for every file.
    folder = relative_folder = None
    word = {"annotate": bool(getattr(options, "annotate", False)), "annotate_dir": getattr(options, "annotate_dir", None),
            "track_changes": bool(getattr(options, "track_changes", False))}
    for path in discover(paths, plan.suffixes, _excludes(plan.config, options)):
        if path == "-":
            name = options.stdin_filename or "-"
            yield Task(path, name, mode, sys.stdin.buffer.read(), outline, **word)
            continue
        parent, name = os.path.split(path)
        if not parent or not name:
            yield Task(path, display_path(path), mode, outline=outline, **word)
            continue
        if parent != folder:
            folder, relative_folder = parent, _relative(parent)
        if relative_folder is None:
            shown = path  # outside the current folder: as given
        elif relative_folder == ".":
            shown = name
        else:
            shown = os.path.join(relative_folder, name)
        yield Task(path, shown, mode, outline=outline, **word)


def _excludes(config: Config, options) -> Excludes:
    patterns = [*(DEFAULT_EXCLUDE if config.exclude is None else config.exclude), *config.extend_exclude]
    if getattr(options, "annotate", False):
        patterns.append("*.gklint.docx")  # a second --annotate run does not annotate the first one's copies
    output = getattr(options, "output", None)
    # The -o file is never an input: a second run must not lint the first run's report.
    never = (os.path.realpath(output),) if output else ()
    return Excludes(patterns, force=getattr(options, "force_exclude", False), paths=never)


def _collection_findings(plan: RunPlan, facts, cache=None):
    """The cross-file findings by path: with a cache, those kept for the same facts (a
    ``CachedFacts``), else worked out by the rules from the store (and kept)."""
    if cache is None:
        findings = plan.linter.check_collection(facts) if facts.codes() else []
    elif not facts.any:
        return  # (no rule collected anything: none has anything to say)
    else:
        findings = cache.collection_findings(facts.key())
        if findings is None:
            facts.release()
            findings = plan.linter.check_collection(facts.store)
            cache.keep_collection_findings(facts.key(), findings)
        facts.close()
    by_path: dict[str, list] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    for path, path_findings in by_path.items():
        path_findings.sort(key=lambda finding: finding.sort_key())
        yield path, path_findings


# ── serial and parallel execution ───────────────────────────────────────────────────────
def _settle_collector() -> None:
    """Before a run over many files: hide what start-up built (modules, templates, label
    matchers) from the cycle collector, and run it less often.

    A report's tree, and what the checks work out over it, hold no reference cycles
    (tests/test_engine.py checks it): reference counting frees them as soon as the next
    report's result replaces it. With the default thresholds the collector still ran
    several times per report, each time walking the long-lived objects too, for about a
    tenth of a run's time (benchmarks/run.py, text reports, one process).
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


# Files per chunk sent to a worker, at most: enough that sending costs the parent process
# little (it shares the CPUs with the workers), few enough that a chunk takes well under a
# second. Smaller in small runs (see run_check).
CHUNK_FILES = 32
# Chunks in flight per worker: workers never wait for the parent, and the parent never
# holds more than these results (and tasks) at a time.
CHUNKS_PER_WORKER = 3


class Parallel(Record):
    """How a run is spread over worker processes."""

    jobs: int
    chunk_files: int
    cache: Any = None  # the result cache (gklint.cli.cache.ResultCache), if the run keeps one
    # What a worker does to each result before sending it (``Reporter.prepare``), if anything.
    prepare: Callable[[LintResult], None] | None = None

    def __init__(self, jobs: int, cache: Any = None) -> None:
        self.jobs = jobs
        self.chunk_files = CHUNK_FILES
        self.cache = cache
        self.prepare = None

    @property
    def chunks_ahead(self) -> int:
        return self.jobs * CHUNKS_PER_WORKER


def _results(plan: RunPlan, tasks: Iterator[Task], parallel: Parallel) -> Iterator[LintResult]:
    if parallel.jobs <= 1:
        for task in tasks:
            yield process(plan, task, parallel.cache)
        return
    from concurrent.futures import ProcessPoolExecutor  # not at start-up: multiprocessing is heavy

    global _WORKER_PLAN
    if parallel.cache is None and not plan.built:
        # Every file is linted: the workers inherit the engine built once here.
        plan.linter
        gc.freeze()  # (its objects too: a worker's collector never touches, so never copies, them)
    cache_settings = parallel.cache.settings if parallel.cache is not None else None
    inherited, _WORKER_PLAN = _WORKER_PLAN, plan
    try:
        with ProcessPoolExecutor(max_workers=parallel.jobs, mp_context=_worker_context(), initializer=_init_worker,
                                 initargs=(plan.config, cache_settings, parallel.prepare)) as pool:
            # Each task goes as the tuple of its fields' values, which pickles in C alone: a
            # ``Task`` pickled through its ``__reduce__`` cost the run's process (the executor's
            # thread that sends the chunks) 10,000 instructions a file, the tuple 4,400.
            sent = map(Task._values, tasks)  # type: ignore[attr-defined]
            yield from in_order(pool, sent, parallel.chunk_files, parallel.chunks_ahead)
    finally:
        _WORKER_PLAN = inherited


def _worker_context():
    """Workers are forked where the system can: a forked worker starts with the parent's
    modules imported and its engine built (shared, copy-on-write), where a spawned one would
    import gklint and build the engine again (Python 3.14 no longer forks by default)."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def in_order(pool, tasks: Iterator[Any], chunk_files: int, chunks_ahead: int) -> Iterator[LintResult]:
    """Results of ``tasks`` from ``pool``'s workers, in input order.

    Unlike ``Executor.map``, which takes every task up front, chunks are submitted only as
    results are taken, at most ``chunks_ahead`` at a time: a run over many thousands of files
    holds a bounded number of tasks and results.
    """
    pending: deque = deque()
    while True:
        chunk = list(islice(tasks, chunk_files))
        if chunk:
            pending.append(pool.submit(_process_chunk, chunk))
        if not pending:
            return
        if len(pending) >= chunks_ahead or not chunk:
            yield from pending.popleft().result()


# The worker's plan: in the parent, the run's, which forked workers inherit (with its engine
# if it was built); a worker started otherwise makes its own, and builds the engine on the
# first file it lints.
_WORKER_PLAN: RunPlan | None = None
_WORKER_CACHE = None  # the worker's ResultCache, on the parent's cache folder
_WORKER_PREPARE = None  # the run's ``Parallel.prepare``


def _init_worker(config: Config, cache_settings=None, prepare=None) -> None:
    global _WORKER_PLAN, _WORKER_CACHE, _WORKER_PREPARE
    _WORKER_PREPARE = prepare
    if _WORKER_PLAN is None or _WORKER_PLAN.config != config:
        _WORKER_PLAN = RunPlan(config)
    if cache_settings is not None:
        from gklint.cli.cache import ResultCache

        _WORKER_CACHE = ResultCache(cache_settings)
    _settle_collector()


def _process_chunk(tasks: list[tuple[Any, ...]]) -> list[LintResult]:
    """The results of a chunk of tasks, each sent as its fields' values (``_results``)."""
    assert _WORKER_PLAN is not None
    results = [process(_WORKER_PLAN, Task(*fields), _WORKER_CACHE) for fields in tasks]
    for result in results:
        if not result.findings:
            # Reporters read the source only around findings: not worth sending it over.
            result.source = None
        elif _WORKER_PREPARE is not None:
            _WORKER_PREPARE(result)  # (the text reporter's excerpts cut here, the source left out)
        if result.facts and type(result.facts) is dict:
            # Pickled here, with their group keys, once: the parent keeps them as they come
            # and only the rule that reads a fact unpickles it, at the end of the run
            # (gklint.check.collection). (Facts from the cache come pickled already.)
            from gklint.check.collection import pack

            result.facts = pack(result.facts, _WORKER_PLAN.linter.group_key)
    return results


def process(linter: Linter | RunPlan, task: Task, cache=None) -> LintResult:
    """Lint one file; with ``fix``, fix it and report what remains; with ``diff``, a diff.
    ``cache``: the run's result cache (``check`` runs only), asked before the engine (with a
    ``RunPlan``, built only if the cache cannot answer)."""
    # A cached result has no outline for the review page, and --annotate writes a copy from a
    # fresh lint: those tasks always go through the engine.
    if cache is not None and task.mode == "check" and task.data is None and not task.outline and not task.annotate:
        engine = (lambda: linter.linter) if isinstance(linter, RunPlan) else (lambda: linter)
        result = cache.lint(engine, task.path, task.display)
        result.original_bytes = None
        return result
    if isinstance(linter, RunPlan):
        linter = linter.linter
    if task.data is not None:
        result = linter.lint_bytes(task.data, task.display, task.outline)
    else:
        result = linter.lint_path(task.path, task.display, task.outline)
    annotated = None
    if task.annotate and not result.unreadable and not result.skipped and task.data is None:
        from gklint.cli.annotating import annotate_file  # not at start-up: only --annotate needs it

        annotated = annotate_file(linter, result, task.path, task.annotate_dir, task.track_changes)
    if task.mode == "check" or result.unreadable or not any(finding.fixable for finding in result.findings):
        result.original_bytes = None
    else:
        from gklint.fix.apply import fix_file  # not at start-up: only --fix and --diff need it

        result = fix_file(linter, result, task.path if task.data is None else None, diff_only=task.mode == "diff",
                          track_changes=task.track_changes)
    if annotated:
        result.notes.append(annotated)
    return result


def _fix_stdin(plan: RunPlan, task: Task, options, stream: TextIO, color: bool) -> int:
    """``--fix`` on stdin writes the fixed report to stdout (for editors), and the findings
    that remain, in the chosen format, to stderr (or to the ``-o`` file)."""
    assert task.data is not None
    linter = plan.linter
    result = process(linter, Task(task.path, task.display, "fix", task.data))
    fixed_bytes = result.fixed_bytes if result.fixed_bytes is not None else task.data
    for note in result.notes:
        print(say("note", path=task.display, note=note), file=sys.stderr)
    if result.skipped:
        print(say("note", path=task.display, note=say("skipped")), file=sys.stderr)
    sys.stdout.flush()
    sys.stdout.buffer.write(fixed_bytes)
    sys.stdout.buffer.flush()
    if not options.output:
        stream = sys.stderr
        color = color and not options.no_color and sys.stderr.isatty()
    reporter = _reporter(plan, options, stream, color, "fix")
    reporter.options.fixed = result.fixed
    reporter.file(result)
    reporter.finish()
    stream.flush()
    fail_rank = severity_rank(linter.config.fail_on)
    if result.unreadable:
        return EXIT_ERROR
    if options.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if any(severity_rank(f.severity) >= fail_rank for f in result.findings) else EXIT_OK
