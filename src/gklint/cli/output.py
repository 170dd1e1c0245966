"""``-o FILE``: the report goes to a temporary file beside FILE and replaces it at the end of
the run in one rename, so that FILE never holds half a report, and a run never writes over a
file it lints."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of an ``-o`` run's start)
if TYPE_CHECKING:
    from collections.abc import Sequence


def same_file(first: str, second: str) -> bool:
    """Whether two paths name one file (through links, or as hard links of one file)."""
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def linted_file(output: str, paths: Sequence[str]) -> str | None:
    """The path among ``paths`` (files named on the command line) that ``output`` is."""
    for path in paths:
        if path != "-" and not os.path.isdir(path) and same_file(output, path):
            return path
    return None


class AtomicOutput:
    """A text stream whose content replaces ``path`` on ``commit`` (nothing on ``discard``).

    The temporary file is hidden (``.gklint-…``), so that a search of the folder it is in
    does not lint it. A ``path`` that is not a file — a device such as ``/dev/null``, a pipe —
    is written to directly: a rename would put a file in its place.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.temporary: str | None = None
        if _is_special(path):
            self.stream = open(path, "w", encoding="utf-8", newline="\n")
            return
        import tempfile

        folder = os.path.dirname(os.path.abspath(path))
        descriptor, self.temporary = tempfile.mkstemp(prefix=".gklint-", suffix=".tmp", dir=folder)
        self.stream = open(descriptor, "w", encoding="utf-8", newline="\n")

    def commit(self) -> None:
        self.stream.close()
        if self.temporary is None:
            return
        # mkstemp's file is private (0600); a report gets the usual permissions of a new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.temporary, 0o666 & ~umask)
        os.replace(self.temporary, os.path.realpath(self.path) if os.path.islink(self.path) else self.path)

    def discard(self) -> None:
        self.stream.close()
        if self.temporary is None:
            return
        try:
            os.unlink(self.temporary)
        except OSError:
            pass


def _is_special(path: str) -> bool:
    """Whether ``path`` is there and is neither a file nor a folder (a device, a pipe)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)
