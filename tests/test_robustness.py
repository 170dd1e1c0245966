"""No input crashes gklint: random bytes, random text and damaged reports, for every loader
and the full rule set, always end as findings or as one GK000 — never as an exception, an
internal error message or a hang.

Runs the engine in-process (``Linter.lint_bytes``), as ``gklint check`` does for each file.
The number of examples per property is small by default so that CI stays quick; set
``GKLINT_ROBUSTNESS_EXAMPLES`` (e.g. 500) for a deeper search::

    GKLINT_ROBUSTNESS_EXAMPLES=500 .venv/bin/python -m pytest -q tests/test_robustness.py
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, clean_report, make_linter, registry
from gklint.check.engine import UNREADABLE

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

EXAMPLES = int(os.environ.get("GKLINT_ROBUSTNESS_EXAMPLES", "30"))
# Generous: a hang, not a slow example, is what this catches (timings are in benchmarks/).
SECONDS_PER_EXAMPLE = int(os.environ.get("GKLINT_ROBUSTNESS_SECONDS", "60"))
INTERNAL_ERROR = "内部错误"

ROBUST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    database=None,
    derandomize=os.environ.get("GKLINT_ROBUSTNESS_RANDOM") is None,
)


def suffixes() -> list[str]:
    """One file ending per registered loader (HTML and PDF once they are registered)."""
    found = []
    for loader, _ in registry().loaders:
        found.extend(loader.suffixes[:1])
        if ".md" in loader.suffixes:
            found.append(".md")
    return sorted(set(found))


SUFFIXES = suffixes()
TEXT_SUFFIXES = [suffix for suffix in SUFFIXES if suffix in (".txt", ".md", ".html")]
_LINTER = None


def linter():
    global _LINTER
    if _LINTER is None:
        _LINTER = make_linter()
    return _LINTER


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: int):
    def alarm(signum, frame):
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check_outcome(data: bytes, name: str):
    """Lint ``data`` as ``name`` and assert the outcome is well formed; return the result."""
    stderr = io.StringIO()
    with time_limit(SECONDS_PER_EXAMPLE), contextlib.redirect_stderr(stderr):
        result = linter().lint_bytes(data, name)
    printed = stderr.getvalue()
    assert INTERNAL_ERROR not in printed, printed
    assert "Traceback" not in printed, printed
    if result.unreadable:
        assert [finding.code for finding in result.findings] == [UNREADABLE]
        message = result.findings[0].message
        assert "Error:" not in message and "Exception" not in message, f"a loader bug surfaced as GK000: {message}"
    for finding in result.findings:
        assert finding.code.startswith("GK"), finding
        assert finding.location.line >= 1 and finding.location.column >= 1, finding
        assert (finding.location.end_line, finding.location.end_column) >= (finding.location.line, finding.location.column)
        if result.source is not None:
            assert 0 <= finding.span.start <= finding.span.end <= len(result.source.text), finding
            if finding.fix is not None:
                for edit in finding.fix.edits:
                    assert 0 <= edit.start <= edit.end <= len(result.source.text), (finding, edit)
    return result


def check_fix(data: bytes, name: str) -> None:
    """Planning and writing back the fixes of a damaged file does not crash either."""
    from gklint.fix.apply import fix_bytes

    stderr = io.StringIO()
    with time_limit(SECONDS_PER_EXAMPLE), contextlib.redirect_stderr(stderr):
        fix_bytes(linter(), data, name)
    assert INTERNAL_ERROR not in stderr.getvalue(), stderr.getvalue()


# ── strategies ─────────────────────────────────────────────────────────────────────────────
REPORT_TEXTS = [clean_report("2019"), clean_report("2021")]
CORPUS_FILES = [(name, data) for name, data in corpus.generate(12, seed=99)]
CONTROL = st.sampled_from(["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\u200b", "\ufeff", "\u2028",
                           "\ud7ff", "\uffff", "\r", "\t", "\u3000", "|", '"', "<", "&", "**", "#"])
ENCODINGS = ("utf-8", "gb18030", "utf-16", "utf-8-sig")


def _lines_mutation(draw, lines: list[str]) -> list[str]:
    if not lines:
        return lines
    kind = draw(st.sampled_from(
        ["delete-cell", "duplicate-row", "delete-heading", "truncate-table", "delete-line", "swap-lines",
         "control", "split-cell", "long-cell", "shuffle-cells", "merge-lines", "empty-cells"]))
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    if kind == "delete-cell" and "\t" in line:
        cells = line.split("\t")
        del cells[draw(st.integers(0, len(cells) - 1))]
        lines[index] = "\t".join(cells)
    elif kind == "duplicate-row":
        lines.insert(index, line)
    elif kind == "delete-heading":
        headings = [i for i, text in enumerate(lines) if text[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
        if headings:
            del lines[draw(st.sampled_from(headings))]
    elif kind == "truncate-table":
        rows = [i for i, text in enumerate(lines) if "\t" in text]
        if rows:
            cut = draw(st.sampled_from(rows))
            lines[cut:] = [text for text in lines[cut:] if "\t" not in text][: draw(st.integers(0, 5))]
    elif kind == "delete-line":
        del lines[index]
    elif kind == "swap-lines":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "control":
        position = draw(st.integers(0, len(line)))
        lines[index] = line[:position] + draw(CONTROL) * draw(st.integers(1, 5)) + line[position:]
    elif kind == "split-cell":
        position = draw(st.integers(0, len(line)))
        lines[index] = line[:position] + "\t" + line[position:]
    elif kind == "long-cell":
        lines[index] = line + "\t" + draw(st.sampled_from(["0", "一", "（", "—", "1,"])) * draw(st.integers(50, 3000))
    elif kind == "shuffle-cells" and "\t" in line:
        cells = line.split("\t")
        lines[index] = "\t".join(draw(st.permutations(cells)))
    elif kind == "merge-lines" and index + 1 < len(lines):
        lines[index:index + 2] = [line + lines[index + 1]]
    elif kind == "empty-cells":
        lines[index] = "\t" * draw(st.integers(1, 40))
    return lines


@st.composite
def damaged_reports(draw) -> str:
    text = draw(st.sampled_from(REPORT_TEXTS))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 8))):
        lines = _lines_mutation(draw, lines)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines)


@st.composite
def mixed_encoding(draw, text: str) -> bytes:
    """Parts of the text in different encodings: what concatenating files does."""
    cut = draw(st.integers(0, len(text)))
    first, second = draw(st.sampled_from(ENCODINGS)), draw(st.sampled_from(ENCODINGS))
    return text[:cut].encode(first, "replace") + text[cut:].encode(second, "replace")


@st.composite
def damaged_bytes(draw, data: bytes) -> bytes:
    """Bytes cut, flipped, deleted or repeated: a damaged download."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        kind = draw(st.sampled_from(["truncate", "flip", "delete", "repeat", "insert"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 256))] * draw(st.integers(1, 4))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
    return bytes(data)


# ── properties ─────────────────────────────────────────────────────────────────────────────
@ROBUST
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(data, suffix):
    check_outcome(data, f"random{suffix}")


@ROBUST
@given(text=st.text(max_size=2000), suffix=st.sampled_from(SUFFIXES), encoding=st.sampled_from(ENCODINGS))
def test_random_text(text, suffix, encoding):
    check_outcome(text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace"), f"random{suffix}")


@ROBUST
@given(text=damaged_reports(), suffix=st.sampled_from(TEXT_SUFFIXES), encoding=st.sampled_from(ENCODINGS))
def test_damaged_reports(text, suffix, encoding):
    data = text.encode(encoding, "replace")
    check_outcome(data, f"report{suffix}")
    if suffix != ".html":
        check_fix(data, f"report{suffix}")


@ROBUST
@given(data=st.data())
def test_mixed_encodings(data):
    text = data.draw(damaged_reports())
    check_outcome(data.draw(mixed_encoding(text)), "report.txt")


@ROBUST
@given(data=st.data(), index=st.integers(0, len(CORPUS_FILES) - 1))
def test_damaged_generated_files(data, index):
    """The benchmark's reports (text, Markdown, HTML) with damaged bytes."""
    name, content = CORPUS_FILES[index]
    check_outcome(data.draw(damaged_bytes(content)), name)


def _docx_bytes() -> bytes | None:
    try:
        import docx
    except ImportError:  # pragma: no cover
        return None
    document = docx.Document()
    lines = clean_report("2021").split("\n")
    table = None
    for line in lines:
        if "\t" in line:
            cells = line.split("\t")
            if table is None or len(table.columns) != len(cells):
                table = document.add_table(rows=0, cols=len(cells))
            row = table.add_row()
            for cell, text in zip(row.cells, cells):
                cell.text = text
        else:
            table = None
            if line.strip():
                document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


BINARY_SAMPLES = {}
if ".docx" in SUFFIXES:
    BINARY_SAMPLES[".docx"] = _docx_bytes()
if ".pdf" in SUFFIXES and (FIXTURES / "pdf" / "sample.pdf").exists():
    BINARY_SAMPLES[".pdf"] = (FIXTURES / "pdf" / "sample.pdf").read_bytes()
if ".html" in SUFFIXES and (FIXTURES / "html" / "qingshan-2020-word.html").exists():
    BINARY_SAMPLES[".html"] = (FIXTURES / "html" / "qingshan-2020-word.html").read_bytes()


@pytest.mark.parametrize("suffix", sorted(BINARY_SAMPLES))
def test_damaged_binary_documents(suffix):
    sample = BINARY_SAMPLES[suffix]
    if sample is None:
        pytest.skip("no sample")
    check_outcome(sample, f"sample{suffix}")  # the intact sample first

    @ROBUST
    @given(data=st.data())
    def damaged(data):
        check_outcome(data.draw(damaged_bytes(sample)), f"damaged{suffix}")

    damaged()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_and_tiny_inputs(suffix):
    for data in (b"", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\n", b" ", b"PK\x03\x04", b"%PDF-1.7\n", b"<", b"<html>"):
        check_outcome(data, f"tiny{suffix}")


def test_every_loader_is_exercised():
    """The properties above cover every registered loader (new ones included automatically)."""
    assert ".txt" in SUFFIXES and ".md" in SUFFIXES
    for loader, _ in registry().loaders:
        assert loader.suffixes[0] in SUFFIXES
