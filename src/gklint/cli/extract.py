"""``gklint extract PATH… --format csv|jsonl|xlsx [-o FILE]``: the tables of reports as data.

Files are found as ``gklint check`` finds them (the same suffixes, excludes and ``.gitignore``
files), read and parsed by the same engine, and every value cell of their tables becomes a
row (``gklint.extract.rows``), written as it comes (``gklint.extract.writers``): one report
at a time is in memory. A file that cannot be read or parsed gives its GK000 line on stderr,
as ``gklint check`` prints it, and the run goes on with the others; it then exits 2. A file
that is not an annual report is skipped with a note, as by ``gklint check`` (``--no-skip``
reads it anyway).
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from gklint.check.engine import Linter
from gklint.check.result import LintResult
from gklint.cli.discovery import DEFAULT_EXCLUDE, Excludes, discover
from gklint.cli.errors import EXIT_ERROR, EXIT_OK
from gklint.cli.runner import display_path
from gklint.cli.texts import plural, say
from gklint.extract.rows import value_rows
from gklint.extract.writers import WRITERS


def run_extract(linter: Linter, options, stream: TextIO) -> int:
    """Extract the tables of the files ``options.paths`` names to ``stream`` in
    ``options.format``; the exit code."""
    from gklint.cli.progress import progress_for

    config = linter.config
    progress = progress_for(options, "extract", config.lang)
    paths = progress.follow(discover(options.paths, linter.registry.suffixes, _excludes(linter, options)))
    writer = WRITERS[options.format](progress.guard(stream), config.lang)
    files = unreadable = skipped = 0
    with progress:
        for path in paths:
            files += 1
            shown = display_path(path)
            data = sys.stdin.buffer.read() if path == "-" else linter.read_path(path, shown)
            document = data if isinstance(data, LintResult) else linter.parse_bytes(data, shown)
            if isinstance(document, LintResult):
                unreadable += 1
                _print_unreadable(linter, document)
            elif config.skip_non_reports and not linter.is_report(document):
                skipped += 1
                print(say("note", path=shown, note=say("skipped")), file=sys.stderr)
            else:
                template = linter.templates.formats.get(document.template_id) if document.template_id else None
                for row in value_rows(document, template, shown):
                    writer.write(row)
            progress.advance()
    writer.close()
    if not files:
        suffixes = " ".join(f"*{suffix}" for suffix in linter.registry.suffixes)
        print(say("warning", message=say("no_files", suffixes=suffixes)), file=sys.stderr)
        return EXIT_ERROR if any(os.path.isdir(path) for path in options.paths) else EXIT_OK
    if skipped and skipped == files:
        print(say("warning", message=say("no_reports", count=skipped, file_word=plural(skipped, "file"))), file=sys.stderr)
    return EXIT_ERROR if unreadable else EXIT_OK


def _print_unreadable(linter: Linter, result: LintResult) -> None:
    """The GK000 line of a file that cannot be read, on stderr, as ``gklint check`` prints it."""
    from gklint.report.reporter import ReportOptions
    from gklint.report.reporters.text import TextReporter

    TextReporter(sys.stderr, ReportOptions(lang=linter.config.lang)).file(result)


def _excludes(linter: Linter, options) -> Excludes:
    config = linter.config
    patterns = [*(DEFAULT_EXCLUDE if config.exclude is None else config.exclude), *config.extend_exclude]
    # The -o file is never an input: a second run must not read the first run's data.
    never = (os.path.realpath(options.output),) if options.output else ()
    return Excludes(patterns, force=options.force_exclude, paths=never)
