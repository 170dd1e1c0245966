"""Legacy Word files (``.doc``, ``.wps``) read through LibreOffice, headless.

The ``.doc`` is made by LibreOffice itself from the faulty DOCX of ``tests/test_word_review.py``
and must give the same findings (codes, messages, logical places). The failures are real too:
no LibreOffice, a file LibreOffice cannot open, a LibreOffice that hangs (a stand-in program
that never ends, stopped at the timeout) — each a GK000 that says what to do, and the input
never written.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_gklint, soffice
from test_word_review import comments, faulty_report, parse_model, render_docx, resolve, synthetic_text

pytestmark = pytest.mark.slow  # each conversion starts LibreOffice (2-3 s)


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory) -> Path:
    """A folder with ``report.docx`` and the ``report.doc`` LibreOffice makes of it."""
    program = soffice()
    folder = tmp_path_factory.mktemp("legacy")
    (folder / "report.docx").write_bytes(render_docx(parse_model(faulty_report())))
    done = subprocess.run([program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                           "--convert-to", "doc", "--outdir", str(folder), str(folder / "report.docx")],
                          capture_output=True, timeout=180)
    assert done.returncode == 0 and (folder / "report.doc").exists(), done.stderr
    return folder


def findings_of(folder: Path, name: str, *extra: str, env: dict | None = None) -> tuple[list[dict], subprocess.CompletedProcess]:
    result = run_gklint("check", "--format", "json", *extra, name, cwd=folder, env=env)
    return json.loads(result.stdout), result


def test_a_doc_gives_the_findings_of_its_docx(legacy_files: Path) -> None:
    doc, _ = findings_of(legacy_files, "report.doc")
    docx, _ = findings_of(legacy_files, "report.docx")
    assert len(doc) == 9
    assert [(f["code"], f["message"], f.get("logical_location")) for f in doc] == \
        [(f["code"], f["message"], f.get("logical_location")) for f in docx]
    assert "表格2 第9行 第3列" in {f.get("logical_location") for f in doc}


def test_a_wps_file_is_read_the_same_way(legacy_files: Path, tmp_path: Path) -> None:
    (tmp_path / "report.wps").write_bytes((legacy_files / "report.doc").read_bytes())
    wps, _ = findings_of(tmp_path, "report.wps")
    doc, _ = findings_of(legacy_files, "report.doc")
    assert [(f["code"], f["message"]) for f in wps] == [(f["code"], f["message"]) for f in doc]


def test_sarif_of_a_doc_keeps_logical_locations(legacy_files: Path) -> None:
    sarif = json.loads(run_gklint("check", "--format", "sarif", "report.doc", cwd=legacy_files).stdout)
    names = {location["logicalLocations"][0]["name"] for result in sarif["runs"][0]["results"]
             for location in result["locations"] if location.get("logicalLocations")}
    assert {"第6段", "表格2 第9行 第3列"} <= names


def test_annotating_a_doc_writes_a_docx_copy_and_leaves_the_doc(legacy_files: Path, tmp_path: Path) -> None:
    original = (legacy_files / "report.doc").read_bytes()
    (tmp_path / "report.doc").write_bytes(original)
    findings, result = findings_of(tmp_path, "report.doc", "--annotate", "--fix", "--track-changes")
    assert (tmp_path / "report.doc").read_bytes() == original, "read only, also with --fix"
    copy = (tmp_path / "report.doc.gklint.docx").read_bytes()
    assert copy.startswith(b"PK") and len(comments(copy)) == len(findings) == 9
    stderr = result.stderr.decode()
    assert "批注副本已写入 report.doc.gklint.docx（9 条批注，5 处修订）" in stderr
    assert "legacy-word 格式不支持自动修复" in stderr
    # the copy's revisions accept to the fixes of the DOCX the .doc was made from
    (tmp_path / "fixed.docx").write_bytes((legacy_files / "report.docx").read_bytes())
    run_gklint("check", "--fix", "fixed.docx", cwd=tmp_path)
    assert synthetic_text(resolve(copy, accept=True)) == synthetic_text((tmp_path / "fixed.docx").read_bytes())


def test_without_libreoffice_a_doc_is_a_gk000_saying_how_to_convert_it(legacy_files: Path) -> None:
    empty = legacy_files / "no-programs"
    empty.mkdir(exist_ok=True)
    # no soffice on PATH (gklint runs from this interpreter, named by its full path)
    findings, result = findings_of(legacy_files, "report.doc", "--annotate", env={"PATH": str(empty)})
    assert result.returncode == 2 and [f["code"] for f in findings] == ["GK000"]
    assert "需要 LibreOffice 才能读取，但没有找到 soffice" in findings[0]["message"]
    assert "另存为” .docx" in findings[0]["message"]
    assert not [path for path in legacy_files.iterdir() if path.name.endswith(".gklint.docx")]


def test_a_doc_libreoffice_cannot_open_is_a_gk000(legacy_files: Path, tmp_path: Path) -> None:
    damaged = (legacy_files / "report.doc").read_bytes()[:4096]  # the header and a little more
    (tmp_path / "damaged.doc").write_bytes(damaged)
    started = time.monotonic()
    findings, result = findings_of(tmp_path, "damaged.doc", "--annotate", env={"GKLINT_SOFFICE_TIMEOUT": "60"})
    assert time.monotonic() - started < 60
    assert [f["code"] for f in findings] == ["GK000"]
    assert findings[0]["message"].startswith("LibreOffice 无法打开旧版 Word/WPS 文档 damaged.doc")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".gklint_cache") == ["damaged.doc"] and (tmp_path / "damaged.doc").read_bytes() == damaged


def test_a_libreoffice_that_hangs_is_stopped_at_the_timeout(legacy_files: Path, tmp_path: Path) -> None:
    """A stand-in for soffice that records how it was started and never ends."""
    if os.name != "posix":
        pytest.skip("the stand-in program is a POSIX shell script")
    record = tmp_path / "arguments.txt"
    hanging = tmp_path / "soffice"
    hanging.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\nreadlink /proc/self/ns/net >> "{record}"\n'
                       f'echo "$HOME" >> "{record}"\nexec sleep 600\n')
    hanging.chmod(hanging.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "report.doc").write_bytes((legacy_files / "report.doc").read_bytes())
    started = time.monotonic()
    findings, result = findings_of(tmp_path, "report.doc", env={"GKLINT_SOFFICE": str(hanging), "GKLINT_SOFFICE_TIMEOUT": "2"})
    elapsed = time.monotonic() - started
    assert elapsed < 30, "stopped at the timeout, not after the stand-in's 600 s"
    assert [f["code"] for f in findings] == ["GK000"]
    assert "超过 2 秒未完成，已终止" in findings[0]["message"]
    arguments = record.read_text().splitlines()
    assert "--headless" in arguments and "--convert-to" in arguments
    profile = next(argument for argument in arguments if argument.startswith("-env:UserInstallation=file://"))
    network, home = arguments[-2], arguments[-1]
    assert "gklint-soffice-" in profile and "gklint-soffice-" in home, "its own temporary profile and home"
    from gklint.read.libreoffice import network_isolation

    if sys.platform.startswith("linux") and network_isolation():  # where the system allows it: no network
        assert network != os.readlink("/proc/self/ns/net"), "LibreOffice runs in a network namespace of its own"
    assert not os.path.exists(home), "the temporary folder is removed"
    if sys.platform.startswith("linux"):  # the stand-in's sleep was killed with it
        survivors = subprocess.run(["pgrep", "-f", "sleep 600"], capture_output=True, text=True).stdout.split()
        assert not [pid for pid in survivors if _is_child_of_test(pid, record)]


def _is_child_of_test(pid: str, record: Path) -> bool:
    try:
        return str(record.parent) in Path(f"/proc/{pid}/cwd").resolve().as_posix()
    except OSError:
        return False


def test_a_libreoffice_that_fails_is_named_with_its_exit_code(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("the stand-in program is a POSIX shell script")
    failing = tmp_path / "soffice"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(failing.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    findings, result = findings_of(tmp_path, "report.doc", env={"GKLINT_SOFFICE": str(failing)})
    assert result.returncode == 2 and [f["code"] for f in findings] == ["GK000"]
    assert findings[0]["message"] == f"LibreOffice（{failing}）运行失败（退出码 3），无法转换 report.doc"
