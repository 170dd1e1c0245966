"""``gklint check --annotate``: the annotated copy of each Word file of a run.

The copy (``NAME.gklint.docx``, beside the file or under ``--annotate-dir``) is made by
``gklint.report.annotate`` from the bytes that were linted and their findings, written
atomically (a hidden temporary file in the target folder, then one rename) and never over
the file linted. Where it went, or why it was not written, is a note of the file's result,
that the run prints ("gklint: 报告.docx: 批注副本已写入 报告.gklint.docx（7 条批注）").
Files that are not Word documents get no copy and no note.
"""

from __future__ import annotations

import os
import tempfile

from gklint.check.engine import Linter
from gklint.check.result import LintResult
from gklint.cli.output import same_file
from gklint.cli.texts import plural, say
from gklint.read.errors import LoadError


def annotate_file(linter: Linter, result: LintResult, path: str, folder: str | None, track_changes: bool) -> str | None:
    """Write the annotated copy of the Word file at ``path`` (linted as ``result``); the note
    saying where it went, or why it could not be made (None: not a Word file)."""
    from gklint.report.annotate import annotate_raw, annotated_name, is_word

    data = result.original_bytes
    if data is None:
        return None
    lang = linter.config.lang
    try:
        raw, _ = linter.load(path, data)
    except LoadError:
        return None  # (linted a moment ago: cannot happen but for a loader that changed its mind)
    if not is_word(raw):
        return None
    target = os.path.join(_folder_for(path, folder), annotated_name(path))
    if os.path.exists(target) and same_file(target, path):
        return say("not_annotated", reason=say("annotate_over_input", copy=target))
    edits: list[tuple[int, int, str]] = []
    tracked = 0
    if track_changes:  # (a legacy file too: its fixes go into the .docx copy, the file stays)
        from gklint.fix.plan import plan

        fix_plan = plan(result.findings)
        edits, tracked = [edit.as_tuple() for edit in fix_plan.edits], len(fix_plan.applied)
    try:
        annotated = annotate_raw(raw, result.findings, lang=lang, edits=edits, registry=linter.registry)
        os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
        _write_atomic(target, annotated)
    except LoadError as error:
        return say("not_annotated", reason=error.text(lang))
    except OSError as error:
        from gklint.system_errors import describe

        return say("not_annotated", reason=f"{target}: {describe(error, lang)}")
    except Exception as error:  # a document python-docx cannot take must not stop the run
        return say("not_annotated", reason=f"{type(error).__name__}: {error}")
    shown = _shown(target)
    count = len(result.findings)
    if edits:
        return say("annotated_tracked", copy=shown, count=count, comment_word=plural(count, "comment"),
                   revisions=tracked, fix_word=plural(tracked, "fix", "fixes"))
    return say("annotated", copy=shown, count=count, comment_word=plural(count, "comment"))


def _folder_for(path: str, folder: str | None) -> str:
    """Beside the file; with ``--annotate-dir``, in that folder, under the file's folder
    relative to the current one (``reports/a/x.docx`` → ``DIR/reports/a/``), so that files of
    one name in different folders keep a copy each; a file outside the current folder's
    tree goes to ``DIR`` itself."""
    if folder is None:
        return os.path.dirname(path)
    relative = _inside_current(os.path.dirname(os.path.abspath(path)))
    return os.path.join(folder, relative) if relative and relative != "." else folder


def _inside_current(path: str) -> str | None:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return None
    return None if relative.startswith("..") else relative


def _write_atomic(target: str, data: bytes) -> None:
    """Replace ``target`` (an earlier copy, if any) by ``data`` in one rename."""
    folder = os.path.dirname(os.path.abspath(target))
    descriptor, temporary = tempfile.mkstemp(prefix=".gklint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _shown(path: str) -> str:
    return _inside_current(path) or path
