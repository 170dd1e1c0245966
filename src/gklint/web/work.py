"""What a worker process does with one request: the same runs as ``gklint check``.

Every answer is made by the command line's own runner (``gklint.cli.runner.run_check``) on
the files of the request's private folder, with the worker's current folder set to it, so
that the JSON and SARIF are byte for byte what ``gklint check --format json NAME`` prints in
a folder holding the file, and the page is ``--format html``'s review. The fixed file is
``--fix``'s fix stage on the bytes (``runner.process`` in ``fix`` mode, as for stdin), the
annotated copy ``gklint.report.annotate.annotate_docx``. What the runner says on stderr
(notes naming files) is kept from the server's log.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import os
import tempfile
from gklint.check.engine import Linter
from gklint.cli.errors import EXIT_ERROR
from gklint.config import Config
from gklint.records import Frozen, Record
from gklint.web.errors import WebError


class Job(Frozen):
    """One request's work: ``folder`` holds the upload ``name`` (a report or a ``.zip``)."""

    kind: str  # "api" (the JSON only) or "page" (the review and the downloads)
    folder: str
    name: str
    lang: str
    max_files: int = 0
    max_unpacked: int = 0


class Download(Record):
    """A file the result page offers."""

    key: str  # what it is: "annotated", "fixed", "json", "sarif", "workbook"
    name: str
    media_type: str
    data: bytes
    count: int = 0  # fixes in a fixed file


class Answer(Record):
    """What a worker hands back for a job."""

    json: str = ""  # --format json
    page: str = ""  # --format html (kind "page")
    downloads: list[Download] | None = None
    notes: list[str] | None = None  # what could not be made (an annotated copy), for the page
    unreadable: str = ""  # a single file that could not be read: its GK000 message


class Checker:
    """A worker's linters (one per language, made when first needed) and its jobs."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.linters: dict[str, Linter] = {}

    def linter(self, lang: str) -> Linter:
        if lang not in self.linters:
            config = copy.copy(self.config)
            config.lang = lang
            config.skip_non_reports = True  # as the command line does (without --no-skip)
            self.linters[lang] = Linter(config)
        return self.linters[lang]

    def run(self, job: Job) -> Answer:
        """The answer to ``job``; every temporary file of the work (LibreOffice's too) goes in
        the request's folder, deleted by the server even when this process is killed."""
        scratch = os.path.join(job.folder, "scratch")
        os.mkdir(scratch)
        saved = tempfile.tempdir, os.environ.get("TMPDIR")
        tempfile.tempdir = os.environ["TMPDIR"] = scratch
        try:
            return self._run(job)
        finally:
            tempfile.tempdir = saved[0]
            if saved[1] is None:
                os.environ.pop("TMPDIR", None)
            else:
                os.environ["TMPDIR"] = saved[1]

    def _run(self, job: Job) -> Answer:
        linter = self.linter(job.lang)
        source = os.path.join(job.folder, "upload", job.name)
        inputs = os.path.join(job.folder, "in")
        os.mkdir(inputs)
        if job.name.lower().endswith(".zip"):
            from gklint.web.limits import WebLimits
            from gklint.web.unpack import unpack_zip

            limits = WebLimits(max_files=job.max_files, max_unpacked=job.max_unpacked)
            if not unpack_zip(source, inputs, linter.registry.suffixes, limits):
                raise WebError(400, "zip_no_reports", suffixes=" ".join(linter.registry.suffixes))
            return self._folder(linter, job, inputs)
        target = os.path.join(inputs, job.name)
        os.replace(source, target)
        return self._file(linter, job, inputs, job.name)

    # ── one report ──────────────────────────────────────────────────────────────────────
    def _file(self, linter: Linter, job: Job, folder: str, name: str) -> Answer:
        code, output = _run_check(linter, folder, [name], "json")
        answer = Answer(json=output)
        if code == EXIT_ERROR:
            import json

            found = [item for item in json.loads(output) if item.get("code") == "GK000"]
            answer.unreadable = found[0]["message"] if found else ""
        if job.kind != "page":
            return answer
        _, answer.page = _run_check(linter, folder, [name], "html")
        with open(os.path.join(folder, name), "rb") as handle:
            data = handle.read()
        stem, suffix = os.path.splitext(name)
        downloads = [Download("json", f"{stem}.gklint.json", "application/json", output.encode()),
                     Download("sarif", f"{stem}.gklint.sarif", "application/sarif+json",
                              _run_check(linter, folder, [name], "sarif")[1].encode())]
        notes: list[str] = []
        if not answer.unreadable:
            fixed = self._fixed(linter, name, data)
            if fixed is not None:
                downloads.insert(0, Download("fixed", f"{stem}.fixed{suffix}", "application/octet-stream", *fixed))
            annotated = self._annotated(linter, job.lang, name, data, notes)
            if annotated is not None:
                from gklint.report.annotate import annotated_name

                downloads.insert(0, Download("annotated", annotated_name(name),
                                             "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                             annotated))
        answer.downloads, answer.notes = downloads, notes
        return answer

    @staticmethod
    def _fixed(linter: Linter, name: str, data: bytes) -> tuple[bytes, int] | None:
        """``--fix``'s bytes for the file (in its own encoding) and the fixes made; None when
        nothing was fixed."""
        from gklint.cli.runner import Task, process

        result = process(linter, Task(name, name, "fix", data))
        if result.fixed_bytes is None or result.fixed_bytes == data:
            return None
        return result.fixed_bytes, result.fixed

    @staticmethod
    def _annotated(linter: Linter, lang: str, name: str, data: bytes, notes: list[str]) -> bytes | None:
        """The annotated copy of a Word file (None for other files, or with a note why not)."""
        from gklint.read.errors import LoadError
        from gklint.report.annotate import annotate_raw, is_word
        from gklint.web.texts import text

        try:
            raw, _ = linter.load(name, data)
        except LoadError:
            return None
        if not is_word(raw):
            return None
        findings = linter.lint_bytes(data, name).findings
        try:
            return annotate_raw(raw, findings, lang=lang, registry=linter.registry)
        except LoadError as error:
            notes.append(text("not_annotated", lang, reason=error.text(lang)))
        except Exception as error:  # a document python-docx cannot take: the rest of the answer stands
            notes.append(text("not_annotated", lang, reason=type(error).__name__))
        return None

    # ── a folder (a zip) ────────────────────────────────────────────────────────────────
    def _folder(self, linter: Linter, job: Job, folder: str) -> Answer:
        _, output = _run_check(linter, folder, ["."], "json")
        answer = Answer(json=output)
        if job.kind != "page":
            return answer
        _, answer.page = _run_check(linter, folder, ["."], "html")
        downloads = [Download("json", "gklint.json", "application/json", output.encode()),
                     Download("sarif", "gklint.sarif", "application/sarif+json",
                              _run_check(linter, folder, ["."], "sarif")[1].encode())]
        if "xlsx" in linter.registry.reporters:
            downloads.insert(0, Download("workbook", "gklint.xlsx",
                                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                         _run_check_bytes(linter, folder, ["."], "xlsx")))
        answer.downloads, answer.notes = downloads, []
        return answer


def _options(paths: list[str], output_format: str, output: str | None = None) -> argparse.Namespace:
    """The options ``gklint check --format FORMAT PATHS`` parses to (one process: ``-j 1``)."""
    return argparse.Namespace(
        paths=paths, fix=False, diff=False, track_changes=False, annotate=False, annotate_dir=None,
        format=output_format, output=output, statistics=False, exit_zero=False, stdin_filename=None, jobs=1,
        baseline=None, baseline_decisions=None, force_exclude=False, no_color=True, exclude=None,
        extend_exclude=None, no_progress=True,
        # nothing of an upload is kept: no result cache beside the server's configuration
        no_cache=True, cache_dir=None)


@contextlib.contextmanager
def _inside(folder: str):
    """Run with ``folder`` as the current one (paths are shown relative to it, as the command
    line shows them), and the runner's stderr kept."""
    previous = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        os.chdir(previous)


def _run_check(linter: Linter, folder: str, paths: list[str], output_format: str) -> tuple[int, str]:
    from gklint.cli.runner import run_check

    stream = io.StringIO()
    with _inside(folder):
        code = run_check(linter, _options(paths, output_format), stream, False)
    return code, stream.getvalue()


def _run_check_bytes(linter: Linter, folder: str, paths: list[str], output_format: str) -> bytes:
    """A binary format (the workbook), which the reporter writes to its stream's buffer."""
    from gklint.cli.runner import run_check

    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8")
    with _inside(folder):
        run_check(linter, _options(paths, output_format, "workbook.xlsx"), stream, False)
    stream.flush()
    return buffer.getvalue()
