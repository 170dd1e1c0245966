"""Pathological inputs finish in bounded time, through the real command line.

Each input runs ``gklint check`` in a child process with a generous deadline (a hang, not a
slow run, is what fails here; real timings are in ``benchmarks/run.py``), must end with exit
code 0, 1 or 2 (2: the file is reported as GK000), and must not print an internal error.
Every regular expression in ``gklint`` is also run against long adversarial strings built from
its own characters: none may backtrack catastrophically.
"""

from __future__ import annotations

import importlib
import io
import os
import pkgutil
import re
import signal
import subprocess
import sys
import time
import zipfile

import pytest

import gklint
from conftest import ROOT, clean_report, registry

DEADLINE = int(os.environ.get("GKLINT_PATHOLOGICAL_SECONDS", "240"))
SUFFIXES = {suffix for loader, _ in registry().loaders for suffix in loader.suffixes}


def run_check(path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    start = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "gklint", "check", "--no-color", "-o", os.devnull, str(path)],
            capture_output=True, env=env, timeout=DEADLINE,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"gklint check {path.name} did not finish within {DEADLINE} s")
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode in (0, 1, 2), stderr
    assert "内部错误" not in stderr and "Traceback" not in stderr, stderr[-3000:]
    result.elapsed = time.monotonic() - start
    return result


def need(suffix: str) -> None:
    if suffix not in SUFFIXES:
        pytest.skip(f"no loader for {suffix} is registered")


# ── big text ───────────────────────────────────────────────────────────────────────────────
# 20 MB is about 100 s of CPU (linear, ~4.6 s/MB on the 2-core CI machine): marked slow, so that
# `pytest -m "not slow"` leaves it out while working; CI's plain `pytest` runs it.
@pytest.mark.parametrize("megabytes", [2, pytest.param(20, marks=pytest.mark.slow)])
def test_big_text_file(tmp_path, megabytes):
    report = clean_report("2021")
    path = tmp_path / "huge.txt"
    copies = megabytes * 1024 * 1024 // len(report.encode("utf-8")) + 1
    path.write_text(report * copies, encoding="utf-8")
    assert path.stat().st_size >= megabytes * 1024 * 1024
    run_check(path)


def test_two_hundred_thousand_lines(tmp_path):
    path = tmp_path / "lines.txt"
    lines = [clean_report("2019").split("\n")[0]]
    lines += [f"第{i}行：本机关依法公开政府信息{i % 97}条。" if i % 3 else f"行{i}\t{i}\t{i % 7}" for i in range(200_000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    run_check(path)


def test_table_with_ten_thousand_columns(tmp_path):
    report = clean_report("2021")
    wide = "\n".join("\t".join(["本年新收政府信息公开申请数量" if r == 0 else str(c % 10) for c in range(10_000)])
                     for r in range(20))
    path = tmp_path / "wide.txt"
    path.write_text(report.replace("四、政府信息公开行政复议", wide + "\n\n四、政府信息公开行政复议", 1), encoding="utf-8")
    run_check(path)


@pytest.mark.parametrize("filler", ["一", "0", " ", "1,", "（", "|", "—", "*", "#", "&amp;", "\u3000"])
def test_cell_with_a_megabyte_of_text(tmp_path, filler):
    report = clean_report("2021")
    cell = filler * (1024 * 1024 // len(filler.encode("utf-8")))
    text = report.replace("行政许可\t126", "行政许可\t1" + cell + "件", 1)
    text = text.replace("信息内容\t本年处理决定数量", "信息内容\t本年处理决定数量（单位" + cell, 1)
    path = tmp_path / "cell.txt"
    path.write_text(text, encoding="utf-8")
    run_check(path)


@pytest.mark.parametrize("line", [
    "|" + " |" * 200_000 + " x",                   # pipes: .*\| backtracking
    "|--" + " " * 500_000 + "x",                   # almost a Markdown separator row
    "|" + "-- |" * 100_000 + "x",
    "**" + "*" * 300_000 + "x",                    # almost bold
    "#" * 300_000 + " 一、总体情况",
    "（" * 300_000 + "一）总体情况",
    "一、" * 200_000,
    "2020" + " " * 500_000 + "x",                  # almost a year
    "1" + " " * 500_000 + "件",                    # almost a spaced number
    "\"" + "\t\"" * 200_000,                       # quoted cells that never close
])
def test_long_adversarial_lines(tmp_path, line):
    path = tmp_path / "line.md"
    path.write_text(clean_report("2019") + "\n" + line + "\n", encoding="utf-8")
    run_check(path)


# ── HTML ───────────────────────────────────────────────────────────────────────────────────
def test_deeply_nested_html(tmp_path):
    need(".html")
    depth = 100_000
    body = "<div><span>" * depth + "一、总体情况" + "</span></div>" * depth
    path = tmp_path / "nested.html"
    path.write_text(f"<html><body><h1>青山县2021年政府信息公开工作年度报告</h1>{body}</body></html>", encoding="utf-8")
    run_check(path)


def test_deeply_nested_tables(tmp_path):
    need(".html")
    depth = 5_000
    body = "<table><tr><td>" * depth + "予以公开" + "</td></tr></table>" * depth
    path = tmp_path / "tables.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    run_check(path)


def test_html_entity_bomb(tmp_path):
    """Billion laughs: internal DTD entities must not be expanded."""
    need(".html")
    entities = ['<!ENTITY lol0 "哈哈哈哈哈哈哈哈哈哈">']
    entities += [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    document = (
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n' + "\n".join(entities) + "\n]>\n"
        "<html><body><h1>青山县2021年政府信息公开工作年度报告</h1><p>&lol9;</p></body></html>"
    )
    path = tmp_path / "bomb.html"
    path.write_text(document, encoding="utf-8")
    run_check(path)


def test_many_character_references(tmp_path):
    need(".html")
    path = tmp_path / "refs.html"
    path.write_text("<html><body><p>" + "&#x4e00;&amp;&nbsp;&#20013;" * 250_000 + "</p></body></html>", encoding="utf-8")
    run_check(path)


def test_huge_html_table(tmp_path):
    need(".html")
    row = "<tr>" + "<td colspan=\"1000\" rowspan=\"1000\">0</td>" * 50 + "</tr>"
    path = tmp_path / "spans.html"
    path.write_text("<html><body><table>" + row * 400 + "</table></body></html>", encoding="utf-8")
    run_check(path)


# ── DOCX ───────────────────────────────────────────────────────────────────────────────────
def _zip_with(members: dict[str, bytes | tuple[int, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if isinstance(content, tuple):  # (size, chunk): a member too big to build in memory
                size, chunk = content
                with archive.open(name, "w", force_zip64=True) as handle:
                    for _ in range(size // len(chunk)):
                        handle.write(chunk)
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.wordprocessingml.document.main+xml"/></Types>')


def test_docx_zip_bomb(tmp_path):
    need(".docx")
    header = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b"<w:body>")
    data = _zip_with({
        "[Content_Types].xml": CONTENT_TYPES,
        "word/document.xml": (1024 * 1024 * 1024, header[:0] + b" " * (1024 * 1024)),  # 1 GiB of spaces
    })
    assert len(data) < 5 * 1024 * 1024
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    run_check(path)


def test_docx_with_many_members(tmp_path):
    need(".docx")
    members = {"[Content_Types].xml": CONTENT_TYPES}
    members.update({f"word/media/image{i}.bin": b"" for i in range(20_000)})
    path = tmp_path / "members.docx"
    path.write_bytes(_zip_with(members))
    run_check(path)


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04" + b"\x00" * 100,
                                  b"PK\x05\x06" + b"\x00" * 18, os.urandom(4096)], ids=range(5))
def test_docx_that_is_not_a_zip(tmp_path, data):
    need(".docx")
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    result = run_check(path)
    assert result.returncode == 2  # reported as GK000, unreadable


def test_docx_with_a_deeply_nested_document(tmp_path):
    need(".docx")
    depth = 50_000
    xml = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body>" + b"<w:tbl><w:tr><w:tc>" * depth + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
           + b"</w:tc></w:tr></w:tbl>" * depth + b"</w:body></w:document>")
    path = tmp_path / "deep.docx"
    path.write_bytes(_zip_with({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": xml}))
    run_check(path)


# ── every regular expression ───────────────────────────────────────────────────────────────
def _patterns():
    import regex

    types = (re.Pattern, type(regex.compile("")))
    found = {}
    for module_info in pkgutil.walk_packages(gklint.__path__, "gklint."):
        if module_info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(module_info.name)
        except Exception:  # pragma: no cover - a module being written
            continue
        for name, value in vars(module).items():
            values = value if isinstance(value, (tuple, list)) else (value,)
            for item in values:
                if isinstance(item, types):
                    found[f"{module_info.name}.{name}:{item.pattern[:40]}"] = item
    return found


PATTERNS = _patterns()


def _adversarial(pattern: str, size: int):
    """Long strings made of the pattern's own characters, ending in a character that fails."""
    letters = {char for char in pattern if not char.isascii() or char in " \t|-:*#.,()[]{}\"'/<>&;=%"}
    letters |= {" ", "\u3000", "1", "一", "年", "\t", "|", "-", "*", "（", "、"}
    tails = ("\x00", "x", "。")
    for letter in sorted(letters):
        for tail in tails:
            yield letter * size + tail
            yield "1" + letter * size + tail
            yield ("1" + letter) * (size // 2) + tail
            yield ("|" + letter) * (size // 2) + tail


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_no_regular_expression_backtracks_catastrophically(key):
    pattern = PATTERNS[key]
    size = 20_000

    def alarm(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(60)
    try:
        source = pattern.pattern
        is_bytes = isinstance(source, bytes)
        for text in _adversarial(source.decode("latin-1") if is_bytes else source, size):
            if is_bytes:
                text = text.encode("utf-8")
            start = time.perf_counter()
            pattern.search(text)
            pattern.match(text)
            elapsed = time.perf_counter() - start
            # Linear: milliseconds. Quadratic on 20,000 characters: seconds.
            assert elapsed < 1.5, f"{key} took {elapsed:.1f} s on {text[:20]!r}… ({len(text)} characters)"
    except TimeoutError:
        pytest.fail(f"{key} did not finish on adversarial input")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
