"""Progress on long runs: on a terminal (a pseudo-terminal here, as a user's shell gives),
``gklint check`` and ``gklint extract`` draw a line with the files done, the total, the rate
and the time left on stderr; in a pipe, with ``CI`` set, or with ``--no-progress`` nothing of
it appears, and stdout (the report, the data) is the same bytes either way.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from conftest import ROOT, run_gklint

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

# Enough reports that a run outlasts the progress line's 0.3 s delay on a fast machine (120 no
# longer did once a report took about 2 ms: the run ended before the line was drawn).
COUNT = 1000
# What tqdm draws: the count of the total, and the rate, in the run's language.
PROGRESS_ZH = re.compile(rf"检查: +\d+%\|.*\| (\d+)/{COUNT} \[\d\d:\d\d<\d\d:\d\d, +[\d.]+个文件/s\]")
PROGRESS_EN = re.compile(rf"extracting: +\d+%\|.*\| (\d+)/{COUNT} \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ files/s\]")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("progress")
    corpus.write(root / "reports", COUNT, seed=5)
    return root


def run_on_terminal(folder: Path, *args: str, env: dict | None = None, stdout_on_terminal: bool = False,
                    ) -> tuple[int, bytes, bytes]:
    """Run gklint with stderr (and, when asked, stdout) on a pseudo-terminal of 100×24;
    (exit code, what the terminal received, stdout)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    full_env = {key: value for key, value in os.environ.items() if key != "CI"}
    full_env.update(PYTHONIOENCODING="utf-8", **(env or {}))
    stdout_path = folder / "stdout.bin"
    with open(stdout_path, "wb") as stdout:
        process = subprocess.Popen([sys.executable, "-m", "gklint", *args], cwd=folder, env=full_env,
                                   stdout=slave if stdout_on_terminal else stdout, stderr=slave, stdin=subprocess.DEVNULL)
        os.close(slave)
        received = b""
        while True:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal's other side is closed: the process ended
                    break
                if not chunk:
                    break
                received += chunk
            elif process.poll() is not None:
                break
        code = process.wait(timeout=300)
    os.close(master)
    return code, received, stdout_path.read_bytes()


def drawn(received: bytes, pattern: re.Pattern) -> list[int]:
    """The counts of files done that the progress line showed, in order."""
    return [int(match.group(1)) for match in pattern.finditer(received.decode("utf-8", "replace"))]


def test_check_shows_progress_on_a_terminal_and_nothing_in_a_pipe(folder: Path) -> None:
    code, received, stdout = run_on_terminal(folder, "check", "--no-cache", "reports", "--format", "json")
    counts = drawn(received, PROGRESS_ZH)
    assert counts, received[-2000:]
    assert counts == sorted(counts) and counts[-1] <= COUNT
    assert received.endswith(b"\r"), "the line is cleared at the end"
    piped = run_gklint("check", "reports", "--format", "json", cwd=folder)
    assert piped.returncode == code == 1
    assert stdout == piped.stdout, "stdout is the same with and without the progress line"
    assert piped.stderr == b""


@pytest.mark.parametrize("env,args", [({"CI": "true"}, ()), ({}, ("--no-progress",))], ids=["CI", "no-progress"])
def test_no_progress_in_ci_or_when_turned_off(folder: Path, env: dict, args: tuple) -> None:
    code, received, stdout = run_on_terminal(folder, "check", "--no-cache", "reports", "--format", "json", *args, env=env)
    assert code == 1 and received == b""
    assert stdout.startswith(b"[\n")


def test_extract_shows_progress_in_english(folder: Path) -> None:
    code, received, stdout = run_on_terminal(folder, "extract", "reports", "--lang", "en")
    assert code == 0
    assert drawn(received, PROGRESS_EN), received[-2000:]
    assert stdout == run_gklint("extract", "reports", cwd=folder).stdout


def test_xlsx_run_shows_progress(folder: Path) -> None:
    code, received, stdout = run_on_terminal(folder, "check", "--no-cache", "reports", "--format", "xlsx", "-o", "review.xlsx")
    assert code == 1 and stdout == b"" and (folder / "review.xlsx").stat().st_size > 0
    assert drawn(received, PROGRESS_ZH)


def test_findings_on_the_same_terminal_are_not_mixed_with_the_line(folder: Path) -> None:
    """Text findings on a terminal: the line is cleared before each is written, so every
    finding's line reads whole."""
    code, received, _ = run_on_terminal(folder, "check", "--no-cache", "reports", "--no-color", stdout_on_terminal=True)
    assert code == 1
    text = received.decode("utf-8", "replace")
    assert PROGRESS_ZH.search(text)
    lines = [line for line in re.split(r"\r\n|\n", text) if re.search(r": GK\d{3} ", line)]
    piped = run_gklint("check", "reports", "--no-color", cwd=folder).stdout.decode("utf-8")
    expected = [line for line in piped.splitlines() if re.search(r": GK\d{3} ", line)]
    # (A finding's line may follow a cleared progress line: "\r<spaces>\r" before it.)
    assert [line.rsplit("\r", 1)[-1] for line in lines] == expected


def test_a_single_file_imports_no_progress_library(tmp_path: Path) -> None:
    """One file at a terminal: no line, and tqdm is not imported (start-up stays cheap)."""
    report = tmp_path / "one.txt"
    report.write_text(corpus.base("2021")[0], encoding="utf-8")
    script = ("import sys; from gklint.cli.main import main; code = main(['check', 'one.txt']); "
              "print('tqdm' in sys.modules, file=sys.stderr); sys.exit(code)")
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=slave,
                               env={key: value for key, value in os.environ.items() if key != "CI"})
    os.close(slave)
    received = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        received += chunk
    process.wait(timeout=120)
    os.close(master)
    assert received.strip() == b"False"
