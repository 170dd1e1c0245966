"""Trust in CI and at the terminal (issue 13), through the real command: outputs never touch
inputs, a typo never switches gklint off, folder searches skip what ruff skips, files that
are not reports are skipped aloud, one language per run, severity without colour, stdin
fixes, legacy Word files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPORTS, ROOT, run_gklint

CLEAN = (REPORTS / "clean-2021.txt").read_bytes()
TYPO = ("2.其他法律行政法规禁止公开".encode(), "2.其他法律法规禁止公开".encode())
BROKEN = CLEAN.replace(*TYPO)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def text(result) -> str:
    return result.stdout.decode("utf-8") + result.stderr.decode("utf-8")


# ── -o never touches inputs ───────────────────────────────────────────────────────────────
def test_output_that_is_the_input_is_refused_and_the_input_is_unchanged(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_bytes(BROKEN)
    result = run_gklint("check", "r.txt", "-o", "r.txt", cwd=tmp_path)
    assert result.returncode == 2, text(result)
    assert report.read_bytes() == BROKEN
    assert "r.txt" in result.stderr.decode() and "拒绝覆盖" in result.stderr.decode()
    # The same file by another name: through a symbolic link, and a hard link.
    (tmp_path / "link.txt").symlink_to(report)
    (tmp_path / "hard.txt").hardlink_to(report)
    for other in ("link.txt", "hard.txt", str(report)):
        assert run_gklint("check", "r.txt", "-o", other, cwd=tmp_path).returncode == 2
        assert report.read_bytes() == BROKEN
    assert sorted(path.name for path in tmp_path.iterdir()) == ["hard.txt", "link.txt", "r.txt"]


def test_output_file_in_the_searched_folder_is_never_an_input(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes(BROKEN)
    first = run_gklint("check", ".", "-o", "out.txt", "--no-color", cwd=tmp_path)
    second = run_gklint("check", ".", "-o", "out.txt", "--no-color", cwd=tmp_path)
    assert first.returncode == second.returncode == 1
    report = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "GK201" in report and "out.txt" not in report
    assert "out.txt" not in text(first) + text(second)
    # No temporary file left (the result cache's folder, .gklint_cache, is the project's).
    assert sorted(path.name for path in tmp_path.iterdir()) == [".gklint_cache", "out.txt", "r.txt"]


def test_a_folder_search_leaves_out_the_output_file_by_any_link_and_only_it(tmp_path: Path) -> None:
    """The ``-o`` file is left out of a folder search under its own name and through a symbolic
    link (its real path); a hard link (another name) and another file of the same name are
    linted. Files are looked up by inode only where the name or a link says they may be it."""
    from gklint.cli.discovery import Excludes, discover

    (tmp_path / "sub").mkdir()
    (tmp_path / "elsewhere").mkdir()
    output = tmp_path / "out.txt"
    output.write_bytes(BROKEN)
    (tmp_path / "r.txt").write_bytes(BROKEN)
    (tmp_path / "sub" / "out.txt").write_bytes(BROKEN)
    (tmp_path / "link.txt").symlink_to(output)
    (tmp_path / "sub" / "copy.txt").symlink_to(output)
    (tmp_path / "hard.txt").hardlink_to(output)
    (tmp_path / "elsewhere" / "far.txt").write_bytes(BROKEN)
    (tmp_path / "linked-folder").symlink_to(tmp_path / "elsewhere")  # never walked into
    excludes = Excludes(paths=[str(output.resolve())])
    found = [Path(path).relative_to(tmp_path).as_posix() for path in discover([str(tmp_path)], (".txt",), excludes)]
    assert found == ["hard.txt", "r.txt", "elsewhere/far.txt", "sub/out.txt"]
    everything = [Path(path).relative_to(tmp_path).as_posix() for path in discover([str(tmp_path)], (".txt",))]
    assert everything == ["hard.txt", "link.txt", "out.txt", "r.txt", "elsewhere/far.txt", "sub/copy.txt", "sub/out.txt"]


def test_output_is_replaced_only_at_the_end(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes(BROKEN)
    (tmp_path / "out.txt").write_text("previous\n", encoding="utf-8")
    assert run_gklint("check", "r.txt", "--format", "json", "-o", "out.txt", cwd=tmp_path).returncode == 1
    assert json.loads((tmp_path / "out.txt").read_text(encoding="utf-8"))[0]["code"] == "GK201"


# ── strict configuration ──────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(("arguments", "expected"), [
    (["--select", "GK9"], ["--select", "GK9"]),
    (["--select", "XYZ"], ["--select", "XYZ"]),
    (["--ignore", "GK5O1"], ["--ignore", "GK501"]),
    (["--extend-select", "GK7"], ["--extend-select", "GK7"]),
    (["--extend-ignore", "GK3O4"], ["--extend-ignore", "GK304"]),
])
def test_unknown_codes_on_the_command_line_exit_2(tmp_path: Path, arguments: list[str], expected: list[str]) -> None:
    (tmp_path / "r.txt").write_bytes(CLEAN)
    result = run_gklint("check", "r.txt", *arguments, cwd=tmp_path)
    assert result.returncode == 2, text(result)
    assert all(word in result.stderr.decode() for word in expected), text(result)


@pytest.mark.parametrize(("config", "expected"), [
    ('select = ["XYZ"]\n', ["select", "XYZ"]),
    ('select = ["GK9"]\n', ["select", "没有以 GK9 开头的规则"]),
    ('ignore = ["GK5O1"]\n', ["ignore", "GK501"]),
    ('extend-select = ["GK8"]\n', ["extend-select", "GK8"]),
    ('[severity]\nGK999 = "error"\n', ["severity", "GK999"]),
    ('[rules.GK999]\nallow = []\n', ["rules.GK999"]),
    ('[rules.GK5O3]\nallow = []\n', ["rules.GK5O3", "GK503"]),
    ('selcet = ["GK1"]\n', ["selcet", "select"]),
])
def test_unknown_codes_in_the_config_exit_2_naming_the_key(tmp_path: Path, config: str, expected: list[str]) -> None:
    (tmp_path / "r.txt").write_bytes(CLEAN)
    (tmp_path / "gklint.toml").write_text(config, encoding="utf-8")
    result = run_gklint("check", "r.txt", cwd=tmp_path)
    assert result.returncode == 2, text(result)
    assert all(word in result.stderr.decode() for word in expected), text(result)


@pytest.mark.parametrize(("config", "expected"), [
    ('[rules.GK503]\nallw = ["人人"]\n', ["[rules.GK503] allw", "'allow'"]),
    ('[rules.GK401]\nbare_answers = "无"\n', ["[rules.GK401] bare_answers", "list[str]"]),
])
def test_misspelt_or_mistyped_rule_options_exit_2(tmp_path: Path, config: str, expected: list[str]) -> None:
    (tmp_path / "r.txt").write_bytes(CLEAN)
    (tmp_path / "gklint.toml").write_text(config, encoding="utf-8")
    result = run_gklint("check", "r.txt", cwd=tmp_path)
    assert result.returncode == 2, text(result)
    assert all(word in result.stderr.decode() for word in expected), text(result)
    english = run_gklint("check", "r.txt", "--lang", "en", cwd=tmp_path)
    assert english.returncode == 2 and expected[0] in english.stderr.decode()


def test_english_run_words_config_errors_in_english(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes(CLEAN)
    result = run_gklint("--lang", "en", "check", "r.txt", "--select", "GK9", cwd=tmp_path)
    assert result.returncode == 2
    assert "no rule starts with GK9" in result.stderr.decode()
    assert not CJK.search(text(result)), text(result)


def test_extend_select_keeps_the_default_rules(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes(BROKEN)
    (tmp_path / "gklint.toml").write_text('extend-select = ["GK5"]\n', encoding="utf-8")
    result = run_gklint("check", "r.txt", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, text(result)
    assert "GK201" in {finding["code"] for finding in json.loads(result.stdout)}


def test_extend_ignore_adds_to_ignore(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes(BROKEN)
    (tmp_path / "gklint.toml").write_text('ignore = ["GK1"]\nextend-ignore = ["GK201"]\n', encoding="utf-8")
    result = run_gklint("check", "r.txt", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, text(result)
    assert json.loads(result.stdout) == []


# ── subcommands ───────────────────────────────────────────────────────────────────────────
def test_mistyped_command_suggests_the_closest(tmp_path: Path) -> None:
    result = run_gklint("rule", cwd=tmp_path)
    assert result.returncode == 2
    assert "rules" in result.stderr.decode() and "GK000" not in text(result)
    english = run_gklint("--lang", "en", "chek", "x", cwd=tmp_path)
    assert english.returncode == 2 and "did you mean 'gklint check'" in english.stderr.decode()


def test_a_missing_file_is_still_a_file(tmp_path: Path) -> None:
    result = run_gklint("missing.txt", cwd=tmp_path)
    assert result.returncode == 2 and "GK000" in result.stdout.decode() and "文件不存在" in result.stdout.decode()


# ── discovery ─────────────────────────────────────────────────────────────────────────────
def test_folder_search_skips_default_excludes_gitignored_and_excluded(tmp_path: Path) -> None:
    for folder in (".venv", "venv", "node_modules", "build", "dist", "lib/site-packages", ".hidden", "ignored", "drafts", "kept"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "r.txt").write_bytes(BROKEN)
    (tmp_path / "generated.txt").write_bytes(BROKEN)
    (tmp_path / ".gitignore").write_text("ignored/\ngenerated.txt\n", encoding="utf-8")
    (tmp_path / "gklint.toml").write_text('extend-exclude = ["drafts/"]\n', encoding="utf-8")
    result = run_gklint("check", ".", "--format", "json", cwd=tmp_path)
    paths = {finding["path"] for finding in json.loads(result.stdout)}
    assert paths == {"kept/r.txt"}, paths
    # --exclude replaces the default excludes; a named file is linted unless --force-exclude.
    result = run_gklint("check", ".", "--exclude", "kept,.*,ignored", "--format", "json", cwd=tmp_path)
    paths = {finding["path"] for finding in json.loads(result.stdout)}
    assert "kept/r.txt" not in paths and "build/r.txt" in paths and "node_modules/r.txt" in paths
    named = run_gklint("check", "build/r.txt", "--format", "json", cwd=tmp_path)
    assert {finding["path"] for finding in json.loads(named.stdout)} == {"build/r.txt"}
    forced = run_gklint("check", "build/r.txt", "--force-exclude", "--format", "json", cwd=tmp_path)
    assert forced.returncode == 0 and json.loads(forced.stdout) == []  # as pre-commit runs it: nothing to lint


def test_an_empty_run_says_so_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_gklint("check", "empty", cwd=tmp_path)
    assert result.returncode == 2
    assert "没有找到要检查的文件" in result.stderr.decode()


# ── files that are not reports ────────────────────────────────────────────────────────────
def test_files_that_are_not_reports_are_skipped_aloud(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# 政府信息公开工作年度报告检查工具\n\n用法说明。\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# 会议记录\n\n一、总体情况还行。\n", encoding="utf-8")
    (tmp_path / "r.txt").write_bytes(CLEAN)
    result = run_gklint("check", ".", "--no-color", cwd=tmp_path)
    assert result.returncode == 0, text(result)
    err = result.stderr.decode()
    assert "notes.md: 不是政府信息公开工作年度报告，已跳过" in err and "README.md: 不是" in err
    assert result.stdout.decode().endswith("共 0 个问题（0 个可自动修复），1 个文件；跳过 2 个非年度报告文件\n")
    english = run_gklint("check", ".", "--lang", "en", "--no-color", cwd=tmp_path)
    assert english.stdout.decode().endswith("0 findings (0 fixable) in 1 file; 2 skipped (not reports)\n")
    linted = run_gklint("check", "notes.md", "--no-skip", "--format", "json", cwd=tmp_path)
    assert linted.returncode == 1 and "GK101" in {finding["code"] for finding in json.loads(linted.stdout)}


def test_a_run_with_no_report_says_so_and_passes(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("明天开会。\n", encoding="utf-8")
    result = run_gklint("check", "notes.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert "没有找到政府信息公开工作年度报告" in result.stderr.decode()


def test_unreadable_and_binary_files_are_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_gklint("check", "binary.txt", "empty.txt", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2
    assert [finding["code"] for finding in json.loads(result.stdout)] == ["GK000", "GK000"]


def test_a_report_without_its_title_is_still_a_report(tmp_path: Path) -> None:
    lines = BROKEN.decode("utf-8").split("\n")
    (tmp_path / "r.txt").write_text("\n".join(lines[1:]), encoding="utf-8")
    result = run_gklint("check", "r.txt", "--format", "json", cwd=tmp_path)
    assert "GK201" in {finding["code"] for finding in json.loads(result.stdout)}, text(result)


# ── one language per run ──────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("arguments", [
    ["--lang", "en", "check", "--bogus", "x"],
    ["--lang", "en", "check", "missing.txt"],
    ["check", "--lang", "en", "missing.txt", "--fail-on", "never"],
    ["--lang", "en", "check", "--help"],
    ["--lang", "en", "--help"],
    ["--lang", "en", "check", "-j", "0", "r.txt"],
    ["--lang", "en", "check", "r.txt", "-o", "r.txt"],
])
def test_english_runs_print_no_chinese(tmp_path: Path, arguments: list[str]) -> None:
    (tmp_path / "r.txt").write_bytes(CLEAN)
    result = run_gklint(*arguments, cwd=tmp_path)
    output = text(result)
    assert output.strip()
    assert not CJK.search(output.replace("政府信息公开工作年度报告", "")), output


def _english_words(output: str) -> list[str]:
    """English words left once option names (--select, -o), the program's name, the
    arguments given and values in quotes are taken out."""
    output = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", output)
    output = re.sub(r"'[^']*'", " ", output)  # values, quoted: the user's, or the choices
    return [word for word in re.findall(r"[A-Za-z]{2,}", output) if word not in {"gklint", "check", "GK", "missing", "txt", "bogus"}]


@pytest.mark.parametrize("arguments", [
    ["check", "--bogus", "x"],
    ["check", "missing.txt"],
    ["check", "--fail-on", "never", "x"],
    ["check", "-j", "zero", "x"],
    ["check"],
])
def test_chinese_runs_print_no_english(tmp_path: Path, arguments: list[str]) -> None:
    result = run_gklint(*arguments, cwd=tmp_path)
    output = text(result)
    assert output.strip()
    assert _english_words(output) == [], output


def test_help_shows_shorthand_exit_codes_config_fail_on_default_and_environment(tmp_path: Path) -> None:
    for lang, words in (("zh", ["gklint 路径", "退出码", "gklint.toml", "默认 warning", "NO_COLOR", "GKLINT_CACHE_DIR"]),
                        ("en", ["gklint PATH", "Exit codes", "gklint.toml", "default: warning", "NO_COLOR", "GKLINT_NO_CACHE"])):
        for arguments in (["--help"], ["check", "--help"]):
            result = run_gklint("--lang", lang, *arguments, cwd=tmp_path)
            assert result.returncode == 0
            assert all(word in result.stdout.decode() for word in words), (lang, arguments, result.stdout.decode())


def test_config_language_governs_help(tmp_path: Path) -> None:
    (tmp_path / "gklint.toml").write_text('lang = "en"\n', encoding="utf-8")
    result = run_gklint("check", "--help", cwd=tmp_path)
    assert "Exit codes" in result.stdout.decode() and not CJK.search(result.stdout.decode().replace("政府信息公开工作年度报告", ""))


# ── severity without colour ──────────────────────────────────────────────────────────────
def test_text_lines_name_the_severity(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_bytes(BROKEN)
    chinese = run_gklint("check", "r.txt", "--no-color", cwd=tmp_path).stdout.decode()
    assert "r.txt:46:5: GK201 警告 [*] 行标签" in chinese
    english = run_gklint("check", "r.txt", "--lang", "en", "-o", "out.txt", cwd=tmp_path)
    assert "r.txt:46:5: GK201 warning [*] row label" in (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert english.returncode == 1


# ── stdin ─────────────────────────────────────────────────────────────────────────────────
def test_fix_on_stdin_prints_the_remaining_findings_to_stderr_in_the_chosen_format(tmp_path: Path) -> None:
    result = run_gklint("check", "--fix", "--format", "json", "--stdin-filename", "r.txt", "-", stdin=BROKEN, cwd=tmp_path)
    assert result.returncode == 0, text(result)
    assert result.stdout == CLEAN
    assert json.loads(result.stderr) == []
    # What cannot be fixed (a missing section) is reported on stderr, as JSON.
    unfixable = CLEAN.replace("六、其他需要报告的事项\n".encode(), b"")
    assert unfixable != CLEAN
    result = run_gklint("check", "--fix", "--format", "json", "-", stdin=unfixable.replace(*TYPO), cwd=tmp_path)
    assert result.returncode == 1, text(result)
    assert result.stdout == unfixable
    assert "GK101" in {finding["code"] for finding in json.loads(result.stderr)}


def test_diff_names_files_it_could_not_read(tmp_path: Path) -> None:
    result = run_gklint("check", "--diff", "missing.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing.txt" in result.stderr.decode() and "文件不存在" in result.stderr.decode()


def test_stdin_filename_with_files_and_no_dash_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_bytes(CLEAN)
    result = run_gklint("check", "--stdin-filename", "x.txt", "file.txt", stdin=BROKEN, cwd=tmp_path)
    assert result.returncode == 2
    assert "--stdin-filename" in result.stderr.decode()


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_statistics_with_a_format_without_statistics_is_an_error(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "r.txt").write_bytes(BROKEN)
    result = run_gklint("check", "r.txt", "--statistics", "--format", fmt, cwd=tmp_path)
    assert result.returncode == 2 and "--statistics" in result.stderr.decode()


# ── legacy Word ───────────────────────────────────────────────────────────────────────────
def test_legacy_word_files_get_a_gk000_that_says_how_to_convert_them(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (tmp_path / "report.doc").write_bytes(ole)
    (tmp_path / "report.wps").write_bytes(ole)
    # (without LibreOffice: with it, gklint reads them, see tests/loaders/test_legacy_word.py)
    no_libreoffice = {"GKLINT_SOFFICE": str(tmp_path / "no-soffice-here")}
    result = run_gklint("check", ".", "--format", "json", cwd=tmp_path, env=no_libreoffice)
    findings = json.loads(result.stdout)
    assert result.returncode == 2 and [finding["code"] for finding in findings] == ["GK000", "GK000"]
    assert all("旧版 Word/WPS" in finding["message"] and "另存为" in finding["message"] for finding in findings)
    english = run_gklint("check", "--lang", "en", "--format", "json", "-", stdin=ole, cwd=tmp_path, env=no_libreoffice)
    assert "soffice --headless --convert-to docx" in json.loads(english.stdout)[0]["message"]


# ── the read-only refusal, once ──────────────────────────────────────────────────────────
def test_read_only_refusal_says_it_once(tmp_path: Path) -> None:
    import os

    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pass  # root may write anything; gklint still refuses a file with no write bit
    report = tmp_path / "r.txt"
    report.write_bytes(BROKEN)
    report.chmod(0o444)
    result = run_gklint("check", "--fix", "r.txt", cwd=tmp_path)
    err = result.stderr.decode()
    assert "文件只读" in err and err.count("未写入") + err.count("未能写入") == 1, err
    assert report.read_bytes() == BROKEN


# ── the GitHub workflow installs from the repository it runs in ───────────────────────────
def test_example_workflow_installs_gklint_from_a_git_repository_not_an_index() -> None:
    workflow = (ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8")
    installs = [line.strip() for line in workflow.splitlines() if "pip install" in line and not line.lstrip().startswith("#")]
    assert installs and all(line.endswith('pip install "$GKLINT_SOURCE"') for line in installs)
    assert "GKLINT_SOURCE: git+${{ github.server_url }}/${{ github.repository }}@${{ github.sha }}" in workflow


def test_loader_notes_speak_the_run_s_language(tmp_path: Path) -> None:
    page = "<html><body><div>青山县2023年政府信息公开工作年度报告</div><p>一、总体情况</p><p>二、主动公开政府信息情况</p></body></html>"
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    english = run_gklint("check", "p.html", "--lang", "en", cwd=tmp_path).stderr.decode()
    chinese = run_gklint("check", "p.html", cwd=tmp_path).stderr.decode()
    assert "report region not found" in english and "未能确定" not in english
    assert "未能确定报告正文区域" in chinese and "region" not in chinese
