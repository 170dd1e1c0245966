"""Progress of long runs: files done, their rate and the time left, on a terminal.

A province's folder takes minutes; a reviewer at a terminal wants to see that the run moves
and when it will end. The progress line goes to **stderr**, and only when stderr is a
terminal, ``CI`` is not set (a CI log would fill with redrawn lines) and ``--no-progress`` is
not given: never to a pipe, never to stdout, where the report or the extracted data go. It
appears only after ``DELAY`` seconds, so that a run over a few files (pre-commit's) shows
nothing. The total is known once the files have been found: when the line is shown, the
search for files (names only, nothing read) runs to its end first.

Whatever else the run writes to the terminal — a finding on stdout, a note on stderr — clears
the line first, and the line is drawn again below it (``guard`` and the ``with`` block).

tqdm rather than rich: the line is all that is needed, and tqdm is one small, maintained,
dependency-free package that draws it on any stream it is handed — count, rate and time left
built in, a start-up delay, no console of its own taking over stdout. rich is a whole
terminal-rendering library (console, markup, live display: many more modules to import) for
one line. Either way it is imported only when the line is shown: a run in a pipe or in CI, and
``gklint check one.txt`` at a terminal before the delay matters, import nothing of it.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from typing import Iterable, Iterator, TextIO

# Seconds before the line first appears (tqdm's ``delay``): shorter runs show nothing.
DELAY = 0.3
# Seconds between two redraws, at most one per this interval (tqdm's ``mininterval``).
REDRAW = 0.2

_WORDS = {
    "check": (("检查", "个文件"), ("checking", " files")),
    "extract": (("提取", "个文件"), ("extracting", " files")),
}


def wanted(no_progress: bool, stream: TextIO | None = None) -> bool:
    """Whether to show progress: asked for (no ``--no-progress``), on a terminal, not in CI."""
    stream = sys.stderr if stream is None else stream
    if no_progress or os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def progress_for(options, command: str, lang: str):
    """The progress of a run of ``command`` (``check`` or ``extract``): ``Progress`` when it is
    shown (see ``wanted``), else ``NoProgress``."""
    if wanted(getattr(options, "no_progress", False)):
        return Progress(command, lang)
    return NoProgress()


class NoProgress:
    """No progress shown: every method leaves things as they are."""

    shown = False

    def follow(self, tasks: Iterable) -> Iterator:
        return iter(tasks)

    def guard(self, stream: TextIO) -> TextIO:
        return stream

    def advance(self) -> None:
        pass

    def __enter__(self) -> NoProgress:
        return self

    def __exit__(self, *exc) -> None:
        pass


class Progress:
    """A progress line on stderr (tqdm's), for a ``with`` block around the run. The line is
    made once the files are found (``follow``), and only for more than one file: tqdm is
    not even imported for a run over one."""

    shown = True

    def __init__(self, command: str, lang: str) -> None:
        self.description, self.unit = _WORDS[command][1 if lang == "en" else 0]
        self.stderr = sys.stderr
        self.bar = None
        self.cleared = False

    def follow(self, tasks: Iterable) -> Iterator:
        """``tasks``, found to the end first so that the line can show the total."""
        listed = list(tasks)
        if len(listed) > 1:
            from tqdm import tqdm

            # miniters=1: redraws are paced by time alone (tqdm's monitor thread, which adjusts
            # them otherwise, would redraw from another thread while a finding is written).
            self.bar = tqdm(total=len(listed), desc=self.description, unit=self.unit, file=self.stderr, delay=DELAY,
                            mininterval=REDRAW, miniters=1, leave=False, dynamic_ncols=True)
        return iter(listed)

    def guard(self, stream: TextIO) -> TextIO:
        """``stream`` (the run's stdout), made to clear the line before it writes when it is
        the terminal too."""
        try:
            terminal = stream.isatty()
        except (AttributeError, ValueError):
            terminal = False
        return _Clearing(stream, self) if terminal else stream

    def clear(self) -> None:
        bar = self.bar
        # (Before the delay the line has not appeared: there is nothing to clear.)
        if bar is not None and not self.cleared and bar.last_print_t >= bar.start_t + bar.delay:
            bar.clear()
            self.cleared = True

    def advance(self) -> None:
        """One more file done; the line drawn again if something cleared it."""
        if self.bar is None:
            return
        self.bar.update(1)
        if self.cleared:
            self.cleared = False
            self.bar.refresh()

    def __enter__(self) -> Progress:
        sys.stderr = _Clearing(self.stderr, self)
        return self

    def __exit__(self, *exc) -> None:
        sys.stderr = self.stderr
        if self.bar is not None:
            self.bar.close()


class _Clearing:
    """A text stream that clears the progress line before anything is written to it."""

    def __init__(self, stream: TextIO, progress: Progress) -> None:
        self._stream = stream
        self._progress = progress

    def write(self, text: str) -> int:
        if text:
            self._progress.clear()
        return self._stream.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
