"""The reporter interface: results arrive file by file, so that memory stays flat."""

from __future__ import annotations

from gklint.check.result import LintResult
from gklint.records import Record, fresh

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from typing import Any, Callable, ClassVar, TextIO


def _no_loader(path: str) -> None:
    return None


class ReportOptions(Record):
    color: bool = False
    lang: str = "zh"
    statistics: bool = False
    rules: dict = fresh(dict)  # code -> rule class, for metadata
    rule_plugins: dict = fresh(dict)  # code -> plugin name
    fixed: int = 0
    root: str = "."
    mode: str = "check"  # "check", "fix" or "diff"
    # The loader that reads a path (``Registry.loader_for``), for what it declares (how it
    # writes fixes); ``None`` when unknown.
    loader_for: Callable[[str], Any] = _no_loader


class Reporter:
    """Base class of reporters; ``name`` is the ``--format`` value.

    ``wants_outline``: the reporter shows the reports themselves, not only their findings.
    Each result then arrives with ``result.outline``, a ``gklint.check.outline.ReportOutline``
    (the report's sections, tables and key figures, with the place of each finding), made by
    the process that checked the file while its tree was at hand (``None`` for a file that
    could not be read or was skipped). Reporters that do not ask pay nothing for it.
    """

    name: ClassVar[str] = ""
    wants_outline: ClassVar[bool] = False
    # A reporter that writes bytes (a workbook) to ``stream.buffer``, not text: the command
    # accepts it only with ``-o FILE``, never on stdout (a terminal would show garbage).
    binary: ClassVar[bool] = False
    # Whether ``file`` reads a result's source beyond what ``cut_snippets`` put on its
    # findings: a result cache hit then needs no source (the file's bytes are not decoded).
    reads_source: ClassVar[bool] = True

    def __init__(self, stream: TextIO, options: ReportOptions) -> None:
        self.stream = stream
        self.options = options

    @classmethod
    def prepare(cls, result: LintResult) -> None:
        """With ``-j N``, called with each file's result in the worker that checked the file,
        before the result is pickled and sent to the run's process, where ``file`` gets it:
        work out now what ``file`` will read of the report's source, and leave out of
        ``result`` what ``file`` never reads (the source text is most of a result, and the
        run's process shares the CPUs with the workers). ``file`` must still take a result
        left whole: a one-process run, a run with ``--baseline`` (whose process reads the
        source for the fingerprints) and other callers hand it so. The base class leaves the
        result whole."""

    @classmethod
    def prepare_for(cls, options: ReportOptions) -> Callable[[LintResult], None]:
        """What a worker does to each result before sending it, in a run whose reporter is
        made with ``options``: ``prepare``, unless the reporter can do more of its work there
        (the text reporter writes each file's findings: ``LintResult.written``)."""
        return cls.prepare

    @classmethod
    def cut_snippets(cls, result: LintResult) -> None:
        """Put on each of ``result``'s findings what ``file`` shows of the source around it
        (``Finding.snippet``), the source left in place; called where the source is at hand
        (``prepare``, and before the result cache keeps a result, so that a later run's hit
        shows the snippets kept and needs no source). The base class shows none."""

    def file(self, result: LintResult) -> None:
        """Called once per linted file, in input order."""

    def finish(self) -> None:
        """Called once after the last file."""


def keep_rendered(result: LintResult) -> None:
    """Leave out of ``result``'s findings what only renders their messages again or serves
    programs — each finding's and related place's arguments, each finding's data — for a
    reporter that writes the messages as rendered (``Reporter.prepare``). (Their nested dicts
    were most of a result's objects: the results of 800 mixed reports unpickle in 97 M
    instructions with them, 58 M without, callgrind.)"""
    for finding in result.findings:
        finding.data = {}
        finding.args = {}
        for related in finding.related:
            related.args = {}


class LazyReporter:
    """A reporter class registered by its import path (see ``lazy_reporter``).

    ``name`` is known up front; calling it (``reporter_class(stream, options)``) or asking
    anything else imports the module and uses the real class. ``Registry.reporter_class``
    hands out the real class.
    """

    __slots__ = ("target", "name")

    def __init__(self, target: str, name: str) -> None:
        self.target, self.name = target, name

    def resolve(self) -> type[Reporter]:
        """The class ``target`` names, imported now."""
        import importlib  # (not at start-up: see gklint.cli.plan's reporter_class)

        module_name, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module_name), attribute)

    def __call__(self, *args, **kwargs) -> Reporter:
        return self.resolve()(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.resolve(), name)

    def __repr__(self) -> str:
        return f"<lazy reporter {self.target}>"


def lazy_reporter(target: str, *, name: str) -> LazyReporter:
    """A reporter to return from ``gklint_reporters`` whose module is imported only for ``--format name``.

    ``target`` is ``"package.module:ClassName"`` of a ``Reporter`` subclass whose ``name`` is
    ``name`` (a test of the built-ins compares them)::

        @hookimpl
        def gklint_reporters():
            return [lazy_reporter("my_plugin.junit:JunitReporter", name="junit")]
    """
    if ":" not in target:
        raise ValueError(f"lazy_reporter: {target!r} is not 'package.module:ClassName'")
    return LazyReporter(target, name)
