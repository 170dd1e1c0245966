"""The engine and the command line end to end: GK000, exit codes, dump and rules."""

from __future__ import annotations

import json

from conftest import REPORTS, clean_report, lint_text, run_gklint

BAD_REPORT = clean_report("2021").replace("本年废止件数", "本年废止数")


def test_unreadable_files_are_gk000_and_the_others_are_still_linted(tmp_path):
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "c-broken.docx").write_bytes(b"this is not a zip file")
    (tmp_path / "d-report.txt").write_text(BAD_REPORT, encoding="utf-8")
    result = run_gklint("check", "--no-color", str(tmp_path))
    output = result.stdout.decode()
    assert result.returncode == 2
    lines = [line for line in output.splitlines() if ": GK" in line]
    assert [line.split(": ")[0].rsplit("/", 1)[-1] for line in lines if "GK000" in line] == [
        "a-empty.txt:1:1", "b-binary.txt:1:1", "c-broken.docx:1:1"]
    assert "文件为空" in output
    assert any("d-report.txt" in line and "GK202" in line for line in lines)


def test_a_missing_file_is_gk000(tmp_path):
    result = run_gklint("check", "--no-color", str(tmp_path / "nowhere.txt"))
    assert result.returncode == 2
    assert "GK000" in result.stdout.decode() and "无法读取文件" in result.stdout.decode()


def test_undecodable_text_says_what_was_tried():
    from conftest import make_linter

    result = make_linter().lint_bytes(b"\x81\x30" * 3 + b"\xff\xfe\xfd" * 50 + "一、总体情况".encode("utf-16-le"), "x.txt")
    assert [finding.code for finding in result.findings] == ["GK000"]


def test_exit_codes(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text(clean_report("2021"), encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD_REPORT, encoding="utf-8")
    assert run_gklint("check", str(clean)).returncode == 0
    assert run_gklint("check", str(bad)).returncode == 1
    assert run_gklint("check", "--exit-zero", str(bad)).returncode == 0
    assert run_gklint("check", "--fail-on", "error", "--select", "GK202", str(bad)).returncode == 0
    assert run_gklint(str(bad)).returncode == 1  # `gklint PATH` is `gklint check PATH`
    assert run_gklint("check", "--format", "nonsense", str(bad)).returncode == 2
    assert run_gklint("check").returncode == 2


def test_text_output_has_locations_source_line_caret_and_summary(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD_REPORT, encoding="utf-8")
    output = run_gklint("check", "--no-color", "--select", "GK202", str(bad)).stdout.decode().splitlines()
    assert output[0] == f"{bad}:22:13: GK202 警告 [*] 列标题「本年废止数」与规范文本不符，应为「本年废止件数」"
    assert output[1] == "  信息内容→本年制发件数→本年废止数→现行有效件数"
    assert output[2] == "  " + " " * 22 + "^" * 10  # CJK characters are two columns wide
    assert output[-1] == "共 1 个问题（1 个可自动修复），1 个文件"


def test_english_messages():
    result = lint_text(BAD_REPORT, select=["GK202"], lang="en")
    assert result.findings[0].message == "column header “本年废止数” should read “本年废止件数”"


def test_dump_shows_the_tree_with_spans():
    result = run_gklint("dump", str(REPORTS / "clean-2019.txt"), "--format", "json")
    assert result.returncode == 0
    tree = json.loads(result.stdout)
    assert (tree["agency"], tree["year"], tree["format"]) == ("白河市生态环境局", 2020, "2019")
    applications = tree["sections"][2]
    assert applications["key"] == "applications" and applications["heading"]["span"]["line"] == 40
    table = applications["body"][0]
    other = next(row for row in table["rows"] if row.get("key") == "other_handling")
    assert [value["text"] for value in other["values"]] == ["1", "0", "0", "0", "0", "0", "1"]
    assert other["values"][0]["column"] == "natural" and other["values"][0]["span"]["column"] >= 1


def test_rules_lists_every_rule_with_the_distribution_that_provides_it():
    import gklint

    result = run_gklint("rules", "--format", "json")
    rows = json.loads(result.stdout)
    by_code = {row["code"]: row for row in rows}
    for code in ("GK000", "GK101", "GK109", "GK201", "GK202"):
        assert (by_code[code]["plugin"], by_code[code]["plugin_version"]) == ("gklint", gklint.__version__)
    assert by_code["GK201"]["fixable"] and by_code["GK201"]["name"] == "row-label"
    text = run_gklint("rules").stdout.decode()
    assert any(line.startswith("GK201  row-label") and f" gklint {gklint.__version__} " in line
               for line in text.splitlines())
    assert "gklint.check.rules" not in text


def test_explain_prints_the_documentation():
    result = run_gklint("explain", "gk201")
    output = result.stdout.decode()
    assert result.returncode == 0
    for heading in ("## 检查什么", "## 为什么", "## 示例", "## 已知问题", "## 修复", "## 选项"):
        assert heading in output
    assert run_gklint("explain", "GK999").returncode == 2


def test_a_linted_report_leaves_no_reference_cycle_behind():
    """What linting a report builds (its tree, and what the checks work out over it, such as
    the ledger that explains several failing identities by one wrong cell) is freed by
    reference counting as soon as the result is dropped: nothing is left for the cycle
    collector. A cycle kept the rows of every report with failing identities alive until the
    collector ran, which, over 5,000 text reports, took 0.45–0.69 s of a run's 7–8 s."""
    import gc
    import sys
    from pathlib import Path

    from conftest import make_linter

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    linter = make_linter()
    reports = [*generate(40, seed=11, fmt="txt"), *generate(15, seed=12, fmt="md"), *generate(15, seed=13, fmt="html")]
    # (A first pass builds what a linter builds once: a format's matchers, its first time seen.)
    for name, data in reports:
        linter.lint_bytes(data, name)
    explained = 0
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for name, data in reports:
            result = linter.lint_bytes(data, name)
            explained += any("identities" in (finding.data or {}) for finding in result.findings)
            del result
        left = gc.collect()
    finally:
        if enabled:
            gc.enable()
    assert explained >= 3  # (reports whose failures one cell explains: the ledger was built)
    assert left == 0
