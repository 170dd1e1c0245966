"""The command as editors and CI use it: stdin with ``--stdin-filename``, exit codes,
``explain``, and the integration files (GitHub workflow example, docs)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import REPORTS, ROOT, run_gklint
from test_reporters import validate_sarif

CLEAN = (REPORTS / "clean-2021.txt").read_text(encoding="utf-8")
BROKEN = CLEAN.replace("2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开")
SELECT = "GK201,GK202"


# ── stdin (editors lint unsaved buffers) ─────────────────────────────────────────────────
def test_stdin_is_reported_under_the_given_name() -> None:
    result = run_gklint("check", "-", "--stdin-filename", "报告/草稿.txt", "--select", SELECT, "--no-color",
                        stdin=BROKEN.encode("utf-8"))
    assert result.returncode == 1
    out = result.stdout.decode("utf-8")
    assert out.startswith("报告/草稿.txt:46:5: GK201 警告 [*] 行标签「其他法律法规禁止公开」")
    assert out.endswith("共 1 个问题（1 个可自动修复），1 个文件\n")


def test_stdin_filename_alone_reads_stdin() -> None:
    result = run_gklint("--stdin-filename", "draft.txt", "--select", SELECT, "--format", "json",
                        stdin=BROKEN.encode("gb18030"))
    findings = json.loads(result.stdout)
    assert [(f["path"], f["code"], f["line"]) for f in findings] == [("draft.txt", "GK201", 46)]


def test_stdin_without_a_name_is_dash_and_clean_input_exits_0() -> None:
    result = run_gklint("check", "-", "--select", SELECT, "--format", "github", stdin=CLEAN.encode("utf-8"))
    assert result.returncode == 0 and result.stdout == b""
    result = run_gklint("check", "-", "--select", SELECT, "--format", "github", stdin=BROKEN.encode("utf-8"))
    assert result.stdout.decode("utf-8").startswith("::warning file=-,line=46,")


def test_stdin_name_chooses_the_loader() -> None:
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in CLEAN.splitlines() if "\t" not in line) + "</body></html>"
    result = run_gklint("check", "-", "--stdin-filename", "page.html", "--format", "json", "--select", "GK000",
                        stdin=page.encode("utf-8"))
    assert result.returncode == 0, result.stdout.decode()


def test_stdin_sarif_is_valid() -> None:
    result = run_gklint("check", "--stdin-filename", "draft.txt", "--select", SELECT, "--format", "sarif",
                        stdin=BROKEN.encode("utf-8"))
    log = validate_sarif(result.stdout)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "draft.txt"


def test_fix_on_stdin_writes_the_fixed_report_to_stdout_in_its_own_encoding() -> None:
    data = BROKEN.replace("\n", "\r\n").encode("gb18030")
    result = run_gklint("check", "--fix", "--stdin-filename", "draft.txt", "--select", SELECT, stdin=data)
    assert result.returncode == 0
    assert result.stdout == CLEAN.replace("\n", "\r\n").encode("gb18030")


def test_fix_on_stdin_with_an_output_file_reports_what_remains(tmp_path: Path) -> None:
    result = run_gklint("check", "--fix", "--stdin-filename", "draft.txt", "--select", SELECT, "--format", "json",
                        "-o", "report.json", stdin=BROKEN.encode("utf-8"), cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == CLEAN.encode("utf-8")
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8")) == []


def test_diff_on_stdin() -> None:
    result = run_gklint("check", "--diff", "--stdin-filename", "draft.txt", "--select", SELECT,
                        stdin=BROKEN.encode("utf-8"))
    assert result.returncode == 1
    assert result.stdout.decode("utf-8").startswith("--- a/draft.txt\n+++ b/draft.txt\n")


def test_fix_on_stdin_with_other_files_is_a_usage_error(tmp_path: Path) -> None:
    other = tmp_path / "r.txt"
    other.write_text(BROKEN, encoding="utf-8")
    result = run_gklint("check", "--fix", "-", str(other), stdin=BROKEN.encode("utf-8"))
    assert result.returncode == 2 and "标准输入" in result.stderr.decode()
    assert other.read_text(encoding="utf-8") == BROKEN


def test_unreadable_stdin_exits_2() -> None:
    result = run_gklint("check", "--stdin-filename", "draft.txt", "--format", "json", stdin=b"")
    assert result.returncode == 2
    assert json.loads(result.stdout)[0]["code"] == "GK000"


# ── exit codes and other commands ────────────────────────────────────────────────────────
def test_exit_zero_and_fail_on(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(BROKEN, encoding="utf-8")
    assert run_gklint("check", str(path), "--select", SELECT).returncode == 1
    assert run_gklint("check", str(path), "--select", SELECT, "--exit-zero").returncode == 0
    assert run_gklint("check", str(path), "--select", SELECT, "--fail-on", "error").returncode == 0


def test_explain_prints_the_documentation() -> None:
    result = run_gklint("explain", "gk201")
    assert result.returncode == 0
    text = result.stdout.decode("utf-8")
    assert text.startswith("GK201 row-label") and "## 修复" in text


def test_rules_lists_the_reporters_formats_indirectly_through_help() -> None:
    result = run_gklint("check", "--help")
    assert result.returncode == 0 and b"sarif" in result.stdout


@pytest.mark.parametrize("command", ["check", "rules", "explain", "dump", "extract", "server", "web", "clean"])
def test_each_command_parses_its_own_options_and_no_others(command, capsys) -> None:
    """A run builds the parser of its command alone (start-up): each command's help lists
    its options, and an option of another command is refused as unknown."""
    from gklint.cli.main import main

    assert main(["--lang", "en", command, "--help"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith(f"usage: gklint {command} [-h]") and "--lang" in shown
    assert ("--exit-zero" in shown) == (command == "check")
    positional = {"explain": ["GK101"], "dump": ["a.txt"], "extract": ["a.txt"]}.get(command, [])
    other = "--port" if command == "check" else "--exit-zero"  # (web's, check's)
    assert main(["--lang", "en", command, *positional, other]) == 2
    assert capsys.readouterr().err.endswith(f"gklint: error: unrecognized arguments: {other}\n")


# ── integration files ────────────────────────────────────────────────────────────────────
def test_example_github_workflow_is_valid_and_uploads_sarif() -> None:
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # PyYAML reads a bare `on` as True
    assert "pull_request" in triggers
    assert workflow["permissions"]["security-events"] == "write"
    for name, job in workflow["jobs"].items():
        assert job["runs-on"] and isinstance(job["steps"], list), name
        for step in job["steps"]:
            assert "uses" in step or "run" in step, step
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step.get("uses", "") for step in steps]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert any(use.startswith("actions/checkout@") for use in uses)
    assert any(use.startswith("github/codeql-action/upload-sarif@") for use in uses)
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "gklint.sarif" and upload.get("if") == "always()"
    assert "--format sarif" in runs and "-o gklint.sarif" in runs and "--format github" in runs


def test_integration_docs_cover_every_integration_in_both_languages() -> None:
    text = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
    for needle in ("SARIF Viewer", "upload-sarif", "--format github", ".pre-commit-config.yaml", "gklint-fix",
                   "--stdin-filename", "编辑器", "Editors", "持续集成"):
        assert needle in text, needle


def test_pre_commit_hooks_file_declares_both_hooks() -> None:
    yaml = pytest.importorskip("yaml")
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"gklint", "gklint-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["entry"].startswith("gklint")
        for name in ("a.txt", "b.md", "c.markdown", "d.html", "e.htm", "f.docx", "G.TXT"):
            import re
            assert re.search(hook["files"], name), (hook["id"], name)
        assert not re.search(hook["files"], "x.py")
    assert "--fix" in hooks["gklint-fix"]["entry"] and "--fix" not in hooks["gklint"]["entry"]


def test_paths_are_shown_relative_to_the_current_folder_or_as_given_outside_it(tmp_path: Path) -> None:
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    for folder in (here / "县" / "乡", elsewhere):
        folder.mkdir(parents=True)
        (folder / "报告.txt").write_text("这不是一份报告\n", encoding="utf-8")
    result = run_gklint("check", "--no-skip", "--format", "json", "--exit-zero", "-j", "1", ".", str(here / "县"), "./县/乡/报告.txt",
                        "../elsewhere", str(elsewhere), cwd=here)
    paths = [finding["path"] for finding in json.loads(result.stdout)]
    per_file = paths.count(str(elsewhere / "报告.txt"))
    assert per_file >= 1
    named = ["县/乡/报告.txt"] * 3 + ["../elsewhere/报告.txt", str(elsewhere / "报告.txt")]
    assert paths == [path for path in named for _ in range(per_file)]


def test_an_output_that_is_not_a_file_is_written_to_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/null`` (benchmarks, scripts) or a pipe: the report goes into it, and it stays
    what it was — a rename over it would have put a regular file in the place of the device."""
    import stat
    import threading

    pipe = tmp_path / "report-pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run_gklint("check", "--no-color", "--no-cache", "--format", "json", "-o", str(pipe),
                        str(REPORTS / "clean-2021.txt"), cwd=tmp_path)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert received == [b"[]\n"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode) and os.listdir(tmp_path) == ["report-pipe"]
