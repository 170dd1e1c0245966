"""``--fix`` and ``--diff`` on real bytes: only the fixed spans change, in every encoding.

Most tests run the real command on files; the property-based test and the overlap test call
the runner in-process (hundreds of cases would take minutes as subprocesses).
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPORTS, make_linter, run_gklint
from gklint.check.finding import Edit, Finding, Fix
from gklint.check.messages import Message
from gklint.fix.diff import unified_diff
from gklint.fix.plan import plan
from gklint.fix.write import FixError, write_atomic
from gklint.hookspecs import hookimpl
from gklint.read.loader import apply_text_edits
from gklint.check.rule import Rule
from gklint.read.source import Span
from test_reporters import text_to_docx, validate_sarif

CLEAN = (REPORTS / "clean-2021.txt").read_text(encoding="utf-8")
SELECT = "GK201,GK202"
TYPOS = (  # (good, bad): a column header and a row label with a character missing
    ("本年制发件数\t本年废止件数", "本年制发件\t本年废止件数"),
    ("2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开"),
)


def broken(text: str = CLEAN) -> str:
    for good, bad in TYPOS:
        assert text.count(good) == 1
        text = text.replace(good, bad)
    return text


def encode(text: str, encoding: str, newline: str = "\n") -> bytes:
    text = text.replace("\n", newline)
    bom = {"utf-8-sig": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    name = "utf-8" if encoding == "utf-8-sig" else encoding
    return bom.get(encoding, b"") + text.encode(name)


ENCODINGS = [  # (id, encoding, line ending)
    ("utf-8", "utf-8", "\n"),
    ("utf-8-bom-crlf", "utf-8-sig", "\r\n"),
    ("gb18030-crlf", "gb18030", "\r\n"),
    ("utf-16-le-bom", "utf-16-le", "\n"),
    ("utf-16-be-bom-crlf", "utf-16-be", "\r\n"),
]


def fix(path: Path, *args: str):
    return run_gklint("check", path.name, "--select", SELECT, "--no-color", "--fix", *args, cwd=path.parent)


# ── the fixed file differs only in the fixed spans ───────────────────────────────────────
@pytest.mark.parametrize("encoding,newline", [item[1:] for item in ENCODINGS], ids=[item[0] for item in ENCODINGS])
def test_fix_changes_only_the_fixed_spans_in_every_encoding(tmp_path: Path, encoding: str, newline: str) -> None:
    path = tmp_path / "report.txt"
    original = encode(broken(), encoding, newline)
    path.write_bytes(original)

    result = fix(path)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert result.stdout.decode().endswith("共 0 个问题（0 个可自动修复，已修复 2 处），1 个文件\n")
    # The fixes restore exactly the clean report's bytes: same encoding, BOM, line endings.
    assert path.read_bytes() == encode(CLEAN, encoding, newline)
    assert_only_spans_changed(original, path.read_bytes(), encoding, newline)
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]  # no temporary file left behind

    again = fix(path)  # idempotent
    assert again.returncode == 0 and path.read_bytes() == encode(CLEAN, encoding, newline)
    assert again.stdout.decode().endswith("共 0 个问题（0 个可自动修复，已修复 0 处），1 个文件\n")

    check = run_gklint("check", path.name, "--select", SELECT, "--format", "json", cwd=tmp_path)
    assert check.returncode == 0 and json.loads(check.stdout) == []


def assert_only_spans_changed(before: bytes, after: bytes, encoding: str, newline: str) -> None:
    """Cut both files at the two labels: every other piece is the same bytes, at its place."""
    spans = [("本年制发件", "本年制发件数"), ("其他法律法规禁止公开", "其他法律行政法规禁止公开")]
    text = broken().replace("\n", newline)
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    bom = len(encode("", encoding))
    assert before[:bom] == after[:bom]
    old_at, new_at, cursor = bom, bom, 0
    for bad, good in spans:
        start = text.index(bad, cursor)
        piece = text[cursor:start].encode(codec)
        assert before[old_at:old_at + len(piece)] == piece == after[new_at:new_at + len(piece)]
        old_at += len(piece) + len(bad.encode(codec))
        new_at += len(piece) + len(good.encode(codec))
        assert after[new_at - len(good.encode(codec)):new_at] == good.encode(codec)
        cursor = start + len(bad)
    tail = text[cursor:].encode(codec)
    assert before[old_at:] == tail == after[new_at:]


def test_a_label_fix_keeps_the_rows_own_numbering(tmp_path: Path) -> None:
    text = CLEAN.replace("2.其他法律行政法规禁止公开", "（2）其他法律法规禁止公开").replace(
        "4.保护第三方合法权益", "4、保护第三方合法权")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    assert fix(path).returncode == 0
    fixed = path.read_text(encoding="utf-8")
    assert "\t（2）其他法律行政法规禁止公开\t" in fixed and "\t4、保护第三方合法权益\t" in fixed
    assert fixed == text.replace("（2）其他法律法规禁止公开", "（2）其他法律行政法规禁止公开").replace(
        "4、保护第三方合法权\t", "4、保护第三方合法权益\t")


def test_fix_of_a_word_document_keeps_every_other_member(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "report.docx"
    original = text_to_docx(broken())
    path.write_bytes(original)
    result = fix(path)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert "已修复 2 处" in result.stdout.decode()
    with zipfile.ZipFile(path) as after, zipfile.ZipFile(__import__("io").BytesIO(original)) as before:
        assert after.namelist() == before.namelist()
        for name in before.namelist():
            if name != "word/document.xml":
                assert after.read(name) == before.read(name), name
        xml = after.read("word/document.xml").decode("utf-8")
    assert "其他法律行政法规禁止公开" in xml and "本年制发件数" in xml
    assert fix(path).stdout.decode().endswith("已修复 0 处），1 个文件\n")


def test_fix_of_an_html_page(tmp_path: Path) -> None:
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in line.split("\t")) + "</tr>\n" if "\t" in line else f"<p>{line}</p>\n"
        for line in broken().splitlines() if line.strip()
    )
    page = f'<html><head><meta charset="gb2312"></head><body>\n{rows}</body></html>\n'.replace("</p>\n<tr>", "</p>\n<table><tr>")
    page = page.replace("</tr>\n<p>", "</tr></table>\n<p>")
    path = tmp_path / "report.html"
    original = page.encode("gb18030")
    path.write_bytes(original)
    result = fix(path)
    # Both typos are found in the page (a paragraph's text and a table cell) and fixed in place.
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert "已修复 2 处" in result.stdout.decode(), result.stdout.decode()
    expected = page.replace("本年制发件<", "本年制发件数<").replace("其他法律法规", "其他法律行政法规").encode("gb18030")
    assert path.read_bytes() == expected


# ── --diff ───────────────────────────────────────────────────────────────────────────────
def test_diff_prints_the_fixes_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    original = encode(broken(), "gb18030", "\r\n")
    path.write_bytes(original)
    result = run_gklint("check", "report.txt", "--select", SELECT, "--diff", cwd=tmp_path)
    assert result.returncode == 1
    assert path.read_bytes() == original
    diff = result.stdout.decode("utf-8")
    assert diff.startswith("--- a/report.txt\n+++ b/report.txt\n")
    assert "-\t\t2.其他法律法规禁止公开" in diff and "+\t\t2.其他法律行政法规禁止公开" in diff
    assert "-信息内容\t本年制发件\t" in diff and "+信息内容\t本年制发件数\t" in diff
    assert sum(line.startswith("-") and not line.startswith("---") for line in diff.splitlines()) == 2
    assert "1 个文件有可自动修复的问题" in result.stderr.decode()

    patch = shutil.which("patch")
    if patch:  # the diff applies with patch -p1 (to a UTF-8 copy, since the diff is UTF-8 text)
        copy = tmp_path / "copy"
        copy.mkdir()
        (copy / "report.txt").write_bytes(broken().replace("\n", "\r\n").encode("utf-8"))
        subprocess.run([patch, "-p1", "--binary", "-s"], input=result.stdout, cwd=copy, check=True)
        assert (copy / "report.txt").read_bytes() == CLEAN.replace("\n", "\r\n").encode("utf-8")


def test_diff_of_a_clean_report_is_empty_and_exits_0(tmp_path: Path) -> None:
    result = run_gklint("check", str(REPORTS / "clean-2021.txt"), "--select", SELECT, "--diff")
    assert result.returncode == 0 and result.stdout == b""


def test_diff_marks_a_last_line_without_line_ending() -> None:
    diff = unified_diff("r.txt", "甲\n乙", "甲\n丙")
    assert diff.endswith("-乙\n\\ No newline at end of file\n+丙\n\\ No newline at end of file\n")
    assert unified_diff("/abs/r.txt", "a\n", "b\n").startswith("--- a/abs/r.txt\n+++ b/abs/r.txt\n")


def test_fix_and_diff_together_is_a_usage_error(tmp_path: Path) -> None:
    result = run_gklint("check", str(REPORTS / "clean-2021.txt"), "--fix", "--diff")
    assert result.returncode == 2


# ── --fix with the other formats ─────────────────────────────────────────────────────────
def test_fix_with_json_reports_what_remains(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(broken().replace("行政强制\t4", "行政强制\t四"), encoding="utf-8")
    result = run_gklint("check", "report.txt", "--fix", "--format", "json", "--select", "GK2,GK3", cwd=tmp_path)
    remaining = json.loads(result.stdout)
    assert not any(finding["code"] in ("GK201", "GK202") for finding in remaining)
    assert "已修复 2 处（1 个文件）" in result.stderr.decode()
    assert path.read_text(encoding="utf-8") == CLEAN.replace("行政强制\t4", "行政强制\t四")


def test_fix_with_sarif_is_valid_and_counts_the_fixes(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(broken(), encoding="utf-8")
    result = run_gklint("check", "report.txt", "--fix", "--format", "sarif", "--select", SELECT, cwd=tmp_path)
    assert result.returncode == 0
    log = validate_sarif(result.stdout)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["properties"]["fixed"] == 2


def test_fix_over_many_files_in_worker_processes(tmp_path: Path) -> None:
    for index in range(3):
        (tmp_path / f"r{index}.txt").write_bytes(encode(broken(), "gb18030", "\r\n"))
    result = run_gklint("check", ".", "--fix", "--select", SELECT, "-j", "2", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.decode().endswith("共 0 个问题（0 个可自动修复，已修复 6 处），3 个文件\n")
    for index in range(3):
        assert (tmp_path / f"r{index}.txt").read_bytes() == encode(CLEAN, "gb18030", "\r\n")


# ── overlapping edits ────────────────────────────────────────────────────────────────────
def finding(code: str, start: int, end: int, text: str = "x") -> Finding:
    return Finding(code, code.lower(), "warning", "m", Span(start, end), fix=Fix((Edit(start, end, text),)))


def test_plan_skips_overlapping_edits_and_keeps_the_earliest() -> None:
    fix_plan = plan([finding("GK2", 5, 9), finding("GK1", 0, 6), finding("GK3", 9, 12), finding("GK4", 13, 13)])
    assert [f.code for f in fix_plan.applied] == ["GK1", "GK3", "GK4"]
    assert [f.code for f in fix_plan.skipped] == ["GK2"]
    assert [edit.start for edit in fix_plan.edits] == [0, 9, 13]
    # an insertion touching a replaced range could go before or after it: a conflict
    touching = plan([finding("GK1", 9, 12), finding("GK2", 12, 12, "a")])
    assert [f.code for f in touching.skipped] == ["GK2"]
    two_insertions = plan([finding("GK1", 3, 3, "a"), finding("GK2", 3, 3, "b")])
    assert len(two_insertions.applied) == 1 and len(two_insertions.skipped) == 1


class _ReplaceText(Rule):
    """Test rule: replace ``old`` by ``new`` wherever it occurs."""

    old = new = ""
    fixable = True
    needs_format = False
    messages = {"replace": Message(zh="「{old}」应为「{new}」", en="“{old}” should read “{new}”")}

    def check(self, document, context):
        text = document.source.text
        start = text.find(self.old)
        while start >= 0:
            edit = Edit(start, start + len(self.old), self.new)
            yield self.finding(context, Span(start, start + len(self.old)), "replace", fix=Fix((edit,)),
                               old=self.old, new=self.new)
            start = text.find(self.old, start + 1)


class _LawRule(_ReplaceText):
    code, name, old, new = "XT901", "law", "法律法规", "法律行政法规"


class _BanRule(_ReplaceText):
    code, name, old, new = "XT902", "ban", "法规禁止公开", "法规不得公开"


class _OverlapPlugin:
    @staticmethod
    @hookimpl
    def gklint_rules():
        return [_LawRule, _BanRule]


def overlap_linter():
    from gklint.config import Config
    from gklint.check.engine import Linter
    from gklint.registry import build_registry

    registry = build_registry(load_entry_points=False, extra_plugins=(_OverlapPlugin,))
    config = Config()
    config.select = ["XT9"]
    return Linter(config, registry=registry)


def test_overlapping_fixes_are_skipped_reported_and_taken_by_a_later_pass(tmp_path: Path, monkeypatch) -> None:
    from gklint.cli import runner
    from gklint.fix import apply as fixing

    linter = overlap_linter()
    source = broken().encode("utf-8")
    outcome = fixing.fix_bytes(linter, source, "report.txt")
    text = outcome.data.decode("utf-8")
    # pass 1 takes the law fix and skips the overlapping ban fix; pass 2 takes the ban fix
    assert "其他法律行政法规不得公开" in text and outcome.applied == 2 and outcome.skipped == 0
    assert text == broken().replace("其他法律法规禁止公开", "其他法律行政法规不得公开")

    monkeypatch.setattr(fixing, "MAX_PASSES", 1)
    path = tmp_path / "report.txt"
    path.write_bytes(source)
    result = runner.process(linter, runner.Task(str(path), "report.txt", "fix"))
    assert result.fixed == 1
    assert "1 处修复与其他修复重叠，已跳过" in result.notes
    assert path.read_text(encoding="utf-8") == broken().replace("其他法律法规禁止公开", "其他法律行政法规禁止公开")


# ── atomic writing ───────────────────────────────────────────────────────────────────────
def test_write_atomic_refuses_a_file_changed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"changed")
    with pytest.raises(FixError, match="被修改"):
        write_atomic(str(path), b"new", b"original")
    assert path.read_bytes() == b"changed"


def test_write_atomic_leaves_the_original_when_the_rename_fails(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"original")

    def failing_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(FixError, match="写入失败"):
        write_atomic(str(path), b"new", b"original")
    assert path.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_write_atomic_keeps_permissions_and_symbolic_links(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_bytes(b"original")
    os.chmod(target, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(str(link), b"new", b"original")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert (target.stat().st_mode & 0o777) == 0o640


def test_fix_never_writes_a_file_it_cannot_write_back_exactly(tmp_path: Path) -> None:
    from gklint.cli import runner
    from gklint.fix import apply as fixing

    linter = make_linter(select=["GK201"])
    data = broken().encode("utf-8")
    raw, loader = linter.load("report.txt", data)

    class Lossy(type(loader)):
        def write(self, raw, edits):
            return super().write(raw, edits) + (b"!" if edits else b"")

    original_load = linter.load
    linter.load = lambda path, data: (original_load(path, data)[0], Lossy())
    outcome = fixing.fix_bytes(linter, data, "report.txt")
    assert outcome.data == data and outcome.applied == 0
    assert "校验失败" in outcome.error


# ── property: bytes outside the edits never change ───────────────────────────────────────
LABELS = [line.split("\t")[2] for line in CLEAN.splitlines() if line.startswith("\t\t") and line.split("\t")[2][:1].isdigit()]
PROPERTY_ENCODINGS = [("utf-8", "\n"), ("gb18030", "\r\n"), ("utf-16-le", "\n"), ("utf-8-sig", "\r\n")]
_PROPERTY_LINTER = None


def property_linter():
    global _PROPERTY_LINTER
    if _PROPERTY_LINTER is None:
        _PROPERTY_LINTER = make_linter(select=["GK201", "GK202"])
    return _PROPERTY_LINTER


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    label=st.sampled_from(LABELS),
    operation=st.sampled_from(["delete", "replace", "double"]),
    position=st.integers(min_value=0, max_value=40),
    character=st.sampled_from("的了和与及其之公开信息报告"),
    encoding=st.sampled_from(PROPERTY_ENCODINGS),
)
def test_fixing_a_mutated_report_changes_no_byte_outside_the_edits(label, operation, position, character, encoding) -> None:
    from gklint.cli import runner
    from gklint.fix import apply as fixing

    numbering = len(label) - len(label.lstrip("0123456789."))
    index = numbering + position % (len(label) - numbering)
    mutated_label = {
        "delete": label[:index] + label[index + 1:],
        "replace": label[:index] + character + label[index + 1:],
        "double": label[:index] + label[index] + label[index:],
    }[operation]
    text = CLEAN.replace(f"\t{label}\t", f"\t{mutated_label}\t", 1)
    name, newline = encoding
    data = encode(text, name, newline)
    linter = property_linter()

    first = linter.lint_bytes(data, "report.txt")
    fix_plan = plan(first.findings)
    outcome = fixing.fix_bytes(linter, data, "report.txt")
    if not fix_plan.edits:
        assert outcome.data == data
        return
    assert outcome.error is None and outcome.applied == len(fix_plan.applied)  # one pass, no cascade
    source_text = first.source.text
    codec = "utf-8" if name == "utf-8-sig" else name
    bom = len(data) - len(source_text.encode(codec))
    assert data[bom:] == source_text.encode(codec)  # the file is its text, encoded
    # The new file is the old one with the edits' text spliced in: every gap between edits
    # (and the BOM, and the head and tail) is the same bytes, shifted.
    assert outcome.data == data[:bom] + apply_text_edits(source_text, [e.as_tuple() for e in fix_plan.edits]).encode(codec)
    old_at = new_at = bom
    cursor = 0
    for edit in fix_plan.edits:
        gap = len(source_text[cursor:edit.start].encode(codec))
        assert outcome.data[new_at:new_at + gap] == data[old_at:old_at + gap]
        old_at += gap + len(source_text[edit.start:edit.end].encode(codec))
        new_at += gap + len(edit.new_text.encode(codec))
        cursor = edit.end
    assert outcome.data[new_at:] == data[old_at:]
    # and every edit lies on the mutated label's line
    line_start = source_text.index(f"\t{mutated_label}\t")
    for edit in fix_plan.edits:
        assert source_text.rfind("\n", 0, edit.start) == source_text.rfind("\n", 0, line_start)
